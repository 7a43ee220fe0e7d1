/**
 * The JSON Schema of a crosswalk file (stage 1 of its checks). What the file means — that the
 * questions and options exist, that every target question is listed once, that every
 * combination of source answers is covered — is checked in `load-crosswalk.ts` (stage 2).
 */
const name = { type: 'string', minLength: 1 } as const;

const answerOrNull = { anyOf: [name, { type: 'null' }] } as const;

const ruleRow = {
  type: 'object',
  additionalProperties: false,
  properties: {
    when: {
      type: 'object',
      minProperties: 1,
      additionalProperties: { anyOf: [name, { type: 'array', minItems: 1, items: name }] },
    },
    answer: answerOrNull,
    otherwise: answerOrNull,
  },
} as const;

const entry = {
  type: 'object',
  additionalProperties: false,
  properties: {
    to: name,
    from: { anyOf: [name, { type: 'array', minItems: 2, items: name }] },
    options: { type: 'object', additionalProperties: answerOrNull },
    rule: { type: 'array', minItems: 1, items: ruleRow },
    'no-counterpart': { type: 'array', minItems: 1, items: name },
    reason: name,
  },
} as const;

export const crosswalkFileSchema = {
  $id: 'https://policy-index.example/schema/crosswalk.schema.json',
  title: 'Crosswalk between two questionnaires',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'from', 'to', 'questions'],
  properties: {
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
    title: name,
    from: {
      type: 'object',
      additionalProperties: false,
      required: ['id'],
      properties: { id: name, versions: { type: 'array', minItems: 1, items: name } },
    },
    to: {
      type: 'object',
      additionalProperties: false,
      required: ['id'],
      properties: { id: name, version: name },
    },
    strands: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'to'],
        properties: { from: name, to: name },
      },
    },
    questions: { type: 'array', minItems: 1, items: entry },
  },
} as const;
