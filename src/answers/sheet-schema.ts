/**
 * The JSON Schema of answer sheets for one questionnaire, generated from it: every question is a
 * property of `answers` whose `answer` must be one of that question's option ids (or a reason for
 * a missing answer). Published by `policy-index schema` so an editor can complete and check a
 * sheet while it is typed; used by the loader for stage 1 of sheet validation.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { labelText, type Questionnaire } from '../questionnaire/types.js';
import { EDITION_ID_PATTERN } from './edition-id.js';
import { CONFIDENCE_LEVELS, SHEET_STATUSES } from './types.js';
import { allowedAnswers } from './vocabulary.js';

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/**
 * The limits of an answer's entry, the same in a sheet file (this schema) and in the workspace's
 * strand form (workspace/strand-form.ts): what one path stores, the other shows and saves back
 * whole. Lengths count characters (code points), as JSON Schema's `maxLength` does.
 */
export const ENTRY_LIMITS = {
  /** Legal sources of one answer. */
  sources: 10,
  /** Characters of the comment. */
  comment: 5000,
  /** Characters of a source's title, article or address. */
  sourceText: 2000,
} as const;

const source = {
  type: 'object',
  additionalProperties: false,
  required: ['title'],
  properties: {
    title: {
      type: 'string',
      minLength: 1,
      maxLength: ENTRY_LIMITS.sourceText,
      description: 'Title of the law, regulation or decision.',
    },
    article: {
      type: 'string',
      maxLength: ENTRY_LIMITS.sourceText,
      description: 'Article, section or paragraph.',
    },
    url: {
      type: 'string',
      pattern: '^https?://',
      maxLength: ENTRY_LIMITS.sourceText,
      description: 'Where the text can be read.',
    },
    date: {
      type: 'string',
      pattern: DATE_PATTERN,
      description: 'Date of the text or version, YYYY-MM-DD.',
    },
  },
} as const;

const answerEntry = {
  type: 'object',
  additionalProperties: false,
  required: ['answer'],
  properties: {
    answer: { type: 'string' },
    sources: { type: 'array', maxItems: ENTRY_LIMITS.sources, items: source },
    comment: { type: 'string', maxLength: ENTRY_LIMITS.comment },
    in_force_since: { type: 'string', pattern: DATE_PATTERN },
    confidence: { type: 'string', enum: CONFIDENCE_LEVELS },
  },
} as const;

const sheetShape = {
  type: 'object',
  additionalProperties: false,
  required: ['questionnaire', 'country', 'edition', 'status', 'answers'],
  properties: {
    $schema: { type: 'string' },
    questionnaire: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'version'],
      properties: { id: { type: 'string' }, version: { type: 'string' } },
    },
    country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code.' },
    edition: { type: 'string', pattern: EDITION_ID_PATTERN },
    status: { type: 'string', enum: SHEET_STATUSES },
    illustrative: {
      type: 'boolean',
      description: 'true for sample data that is not a real assessment.',
    },
    as_coded: {
      type: 'boolean',
      description:
        'true: approved as coded elsewhere (approve --as-coded); its deviations from the skip logic are kept and are warnings. Only on an approved or published sheet; export-sheets writes it.',
    },
    coders: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1 }, email: { type: 'string' } },
      },
    },
    answers: { type: 'object', additionalProperties: answerEntry },
  },
} as const;

export type RawSheet = FromSchema<typeof sheetShape>;
export type RawAnswerEntry = FromSchema<typeof answerEntry>;

export function answerSheetSchema(questionnaire: Questionnaire): Record<string, unknown> {
  const answerProperties: Record<string, unknown> = {};
  for (const question of questionnaire.questions) {
    const options = question.options.map(
      (option) => `${option.id} (${option.score}): ${labelText(option.label)}`,
    );
    answerProperties[question.id] = {
      ...answerEntry,
      title: `${question.code ? `${question.code} ` : ''}${labelText(question.label)}`,
      description: [labelText(question.guidance), `Options: ${options.join('; ')}`]
        .filter(Boolean)
        .join('\n'),
      properties: {
        ...answerEntry.properties,
        answer: {
          type: 'string',
          enum: allowedAnswers(question),
        },
      },
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://policy-index.invalid/schema/${questionnaire.id}/${questionnaire.version}/answer-sheet.json`,
    title: `Answer sheet for ${labelText(questionnaire.title)} ${questionnaire.version}`,
    ...sheetShape,
    properties: {
      ...sheetShape.properties,
      questionnaire: {
        ...sheetShape.properties.questionnaire,
        properties: { id: { const: questionnaire.id }, version: { const: questionnaire.version } },
      },
      answers: {
        type: 'object',
        additionalProperties: false,
        properties: answerProperties,
      },
    },
  };
}
