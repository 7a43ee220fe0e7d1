/**
 * JSON Schemas of the questionnaire files as written by people (stage 1 of validation), and the
 * TypeScript types derived from them, so that schema and types cannot drift apart.
 *
 * The schemas say what shape each file has; everything that needs the whole questionnaire
 * (unique ids, resolving references, expressions, bands, evidence rules) is checked in
 * `build-questionnaire.ts`.
 */
import type { FromSchema } from 'json-schema-to-ts';

export const ID_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';

const label = {
  description: 'Plain text, or a map of language code to text.',
  type: ['string', 'object'],
  minLength: 1,
  propertyNames: { pattern: '^[a-z]{2,3}(-[A-Z]{2})?$' },
  additionalProperties: { type: 'string', minLength: 1 },
} as const;

const id = {
  description: 'Stable identifier: kebab-case, unique in the questionnaire.',
  type: 'string',
  pattern: ID_PATTERN,
} as const;

const aggregation = {
  description: 'How the children of this node are combined.',
  type: 'string',
  enum: ['mean', 'geometric', 'min'],
} as const;

/**
 * One row of a table rule (`aggregation: table`): `when` (item id → option id or list of them)
 * with `points`, or, as the last row only, `otherwise` (points for every combination not listed).
 * Which of the two a row is, and what its names refer to, is checked in `table-rule.ts`.
 */
const tableRow = {
  type: 'object',
  additionalProperties: false,
  properties: {
    when: {
      description:
        'Conditions, all of which must hold: an item of this composite → one of its option ids, or a list of them. An item not named matches any answer.',
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: {
        type: ['string', 'array'],
        minLength: 1,
        minItems: 1,
        items: { type: 'string', minLength: 1 },
      },
    },
    points: { type: 'number', description: 'Points, 0–100, when the conditions hold.' },
    otherwise: {
      type: 'number',
      description: 'Last row only: points, 0–100, for every combination of answers no row lists.',
    },
  },
} as const;

const table = {
  description:
    'With aggregation: table: rows tried in order; the first whose conditions all hold gives the points.',
  type: 'array',
  minItems: 1,
  items: tableRow,
} as const;

const option = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'score'],
  properties: {
    id,
    label,
    score: { type: 'number', description: 'Points for this answer, 0–100.' },
    guidance: label,
  },
} as const;

const evidence = {
  description:
    'What evidence answers must carry. Inherited down the tree (index → strand → dimension → indicator → item); the nearest declaration wins, field by field.',
  type: 'object',
  additionalProperties: false,
  properties: {
    sources_required: {
      type: 'boolean',
      description:
        'Every answer other than not_applicable, no_data or not_assessed cites at least one legal source (checked on submission).',
    },
    max_source_age_years: {
      type: ['number', 'null'],
      description:
        "A source dated more than this many years before the edition's reference date is flagged (a warning). A positive whole number; null for no limit.",
    },
  },
} as const;

/**
 * The licence of the data published with this questionnaire (scores, answers, downloads),
 * declared once and repeated on the downloads page, in `datapackage.json` and in every file.
 */
const dataLicence = {
  description:
    'Licence of the published data (scores, answers, downloads): shown on the downloads page and in every file.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'url'],
  properties: {
    id: {
      description: 'SPDX licence identifier, e.g. "CC-BY-4.0" or "CC0-1.0".',
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9.+-]*$',
    },
    title: { description: 'The licence in words.', type: 'string', minLength: 1 },
    url: {
      description: 'Where the licence text can be read: an http(s) address.',
      type: 'string',
      pattern: '^https?://[^\\s]+$',
    },
  },
} as const;

const nodeProperties = {
  id,
  code: {
    description: 'External code, e.g. the MIPEX question number "24a".',
    type: 'string',
    minLength: 1,
  },
  label,
  guidance: label,
  rationale: label,
  weight: {
    type: 'number',
    description: 'Relative weight among siblings (default 1), greater than 0, at most 1,000,000.',
  },
  aggregation,
  evidence,
} as const;

const questionProperties = {
  options: { type: 'array', items: option },
  option_set: { type: 'string', description: 'Name of a list in `option_sets` of the index file.' },
  not_applicable: {
    type: 'boolean',
    description: 'Whether an expert may answer "not applicable" although the question applies.',
  },
  applies_if: {
    type: 'string',
    minLength: 1,
    description: 'Skip logic: the question is asked only when this expression is true.',
  },
  sources_guidance: label,
  ref: { ...id, description: 'Cross-cutting strands only: id of a node of another strand.' },
} as const;

const item = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { ...nodeProperties, ...questionProperties },
} as const;

const indicator = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    ...nodeProperties,
    ...questionProperties,
    aggregation: {
      ...aggregation,
      description: `${aggregation.description} "table": points looked up from the items' answers (see table).`,
      enum: [...aggregation.enum, 'table'],
    },
    table,
    facet: {
      ...id,
      description:
        "Id of a facet declared in the strand's `facets`: the kind of fact this indicator records (its items inherit it). Indicators only.",
    },
    items: { type: 'array', minItems: 1, items: item },
  },
} as const;

const dimension = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'indicators'],
  properties: {
    ...nodeProperties,
    indicators: { type: 'array', minItems: 1, items: indicator },
  },
} as const;

/** A kind of fact a strand records (`facets`), named by indicators' `facet`. */
const facet = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label'],
  properties: {
    id: { ...id, description: "Kebab-case, unique among the strand's facets." },
    label,
    guidance: label,
  },
} as const;

/**
 * A second (third…) reading of the strand's facts: each dimension's and the strand's own rule
 * and weights applied to the indicators with one of `facets` only.
 */
const reading = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'facets'],
  properties: {
    id: {
      ...id,
      description: "Kebab-case, unique among the strand's readings, not the id of a node.",
    },
    label,
    guidance: { ...label, description: 'What the reading means, for the methodology page.' },
    facets: {
      description: "Ids of the strand's facets whose indicators this reading combines.",
      type: 'array',
      minItems: 1,
      items: { type: 'string', pattern: ID_PATTERN },
    },
    direction: {
      description:
        '`as-scored` (default): the aggregated score; `inverted`: 100 − the aggregated score (a higher number means more of what the reading names).',
      type: 'string',
      enum: ['as-scored', 'inverted'],
    },
  },
} as const;

export const strandFileSchema = {
  $id: 'https://policy-index.invalid/schema/questionnaire-strand.json',
  title: 'Policy index questionnaire: one strand',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'dimensions'],
  properties: {
    $schema: { type: 'string' },
    ...nodeProperties,
    cross_cutting: {
      type: 'boolean',
      description:
        'A strand built from references to other strands (and, if it needs them, questions of its own, which count only in it); reported on its own.',
    },
    count_in_overall: {
      type: 'boolean',
      description:
        'Whether the strand counts in the overall score (default: not if cross-cutting).',
    },
    facets: {
      description: 'The kinds of fact this strand records, named by its indicators (`facet`).',
      type: 'array',
      minItems: 1,
      items: facet,
    },
    readings: {
      description:
        "Further readings of the strand's facts, reported beside its scores and never changing them.",
      type: 'array',
      minItems: 1,
      items: reading,
    },
    dimensions: { type: 'array', minItems: 1, items: dimension },
  },
} as const;

const band = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'min', 'max'],
  properties: {
    id,
    label,
    min: { type: 'integer' },
    max: { type: 'integer' },
    colour: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
  },
} as const;

export const indexFileSchema = {
  $id: 'https://policy-index.invalid/schema/questionnaire-index.json',
  title: 'Policy index questionnaire: index file',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'version', 'strands'],
  properties: {
    $schema: { type: 'string' },
    id,
    title: label,
    description: label,
    version: {
      description: 'Version of the questionnaire, e.g. "2.1.0".',
      type: 'string',
      pattern: '^[0-9]+(\\.[0-9]+){0,2}(-[0-9A-Za-z.-]+)?$',
    },
    languages: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Z]{2})?$' },
    },
    illustrative: {
      type: 'boolean',
      description: 'Marks a questionnaire as a demonstration, not a real instrument.',
    },
    display: {
      type: 'object',
      additionalProperties: false,
      properties: { decimals: { type: 'integer', minimum: 0, maximum: 4 } },
    },
    bands: { type: 'array', minItems: 1, items: band },
    evidence,
    data_licence: dataLicence,
    option_sets: {
      type: 'object',
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: { type: 'array', items: option },
    },
    strands: {
      description: 'Strand files, relative to the index file, in reporting order.',
      type: 'array',
      minItems: 1,
      items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*\\.ya?ml$' },
    },
  },
} as const;

export type RawLabel = FromSchema<typeof label>;
export type RawEvidence = FromSchema<typeof evidence>;
export type RawDataLicence = FromSchema<typeof dataLicence>;
export type RawOption = FromSchema<typeof option>;
export type RawItem = FromSchema<typeof item>;
export type RawTableRow = FromSchema<typeof tableRow>;
export type RawIndicator = FromSchema<typeof indicator>;
export type RawDimension = FromSchema<typeof dimension>;
export type RawFacet = FromSchema<typeof facet>;
export type RawReading = FromSchema<typeof reading>;
export type RawStrandFile = FromSchema<typeof strandFileSchema>;
export type RawIndexFile = FromSchema<typeof indexFileSchema>;
