/**
 * The JSON Schema of a legal-events YAML file (stage 1 of its validation; `check-events.ts` is
 * stage 2). Published by `policy-index schema` as `legal-events.schema.json`, so an editor
 * completes and checks a file while it is typed.
 *
 *   events:
 *     - id: de-2021-family-reunification-act
 *       kind: legislation            # or court-decision
 *       edition: "2024"
 *       …
 *
 * Identifiers: ECLI `ECLI:{country}:{court}:{year}:{number}` (country two capital letters, court
 * 1–7 capitals or digits, a four-digit year, a number of 1–25 capitals, digits or dots); an ELI
 * is an absolute URI. Court decisions need `court` and `outcome`, legislation `in_force_date`.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { EDITION_ID_PATTERN } from '../answers/edition-id.js';
import { ID_PATTERN } from '../questionnaire/raw-schema.js';
import { COURT_OUTCOMES, EVENT_STATUSES, LEGAL_EVENT_KINDS } from './types.js';

const ECLI_PATTERN = '^ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:[0-9]{4}:[A-Z0-9.]{1,25}$';
/** An absolute URI: a scheme, `://`, and no white space. */
const ABSOLUTE_URI_PATTERN = '^[A-Za-z][A-Za-z0-9+.-]*://[^\\s/?#]+[^\\s]*$';
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

const text = (description: string, maxLength = 500) =>
  ({ type: 'string', minLength: 1, maxLength, description }) as const;

export const legalEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'title', 'date', 'summary', 'countries', 'questions', 'edition'],
  properties: {
    id: {
      type: 'string',
      pattern: ID_PATTERN,
      maxLength: 100,
      description: 'Stable kebab-case id, unique in the installation.',
    },
    kind: { type: 'string', enum: LEGAL_EVENT_KINDS },
    title: text('Case name or title of the act.'),
    date: {
      type: 'string',
      pattern: DATE_PATTERN,
      description: 'Decision date or adoption date, YYYY-MM-DD.',
    },
    in_force_date: {
      type: 'string',
      pattern: DATE_PATTERN,
      description: 'Legislation: when it entered into force, YYYY-MM-DD.',
    },
    court: text("Court decisions: the court's name.", 200),
    ecli: {
      type: 'string',
      pattern: ECLI_PATTERN,
      description: 'European Case Law Identifier, ECLI:{country}:{court}:{year}:{number}.',
    },
    eli: {
      type: 'string',
      pattern: ABSOLUTE_URI_PATTERN,
      maxLength: 500,
      description: 'European Legislation Identifier: an absolute URI.',
    },
    outcome: { type: 'string', enum: COURT_OUTCOMES },
    summary: text("Short summary, in the project's words.", 2000),
    url: {
      type: 'string',
      pattern: '^https?://\\S+$',
      maxLength: 500,
      description: 'Where the text can be read.',
    },
    countries: {
      type: 'array',
      minItems: 1,
      maxItems: 60,
      uniqueItems: true,
      items: { type: 'string', pattern: '^[A-Z]{2}$' },
      description: 'ISO 3166-1 alpha-2 codes of the countries concerned.',
    },
    questions: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      items: { type: 'string', pattern: ID_PATTERN },
      description: 'Ids of the questions whose rules the event concerns.',
    },
    edition: {
      type: 'string',
      pattern: EDITION_ID_PATTERN,
      description: 'The edition it is published with.',
    },
    illustrative: {
      type: 'boolean',
      description: 'true for sample data that is not a real legal event.',
    },
    status: {
      type: 'string',
      enum: EVENT_STATUSES,
      description:
        'Workflow status (command-line imports only; default draft). A changed event marked published is stored as approved: it becomes public at the next publication.',
    },
  },
  allOf: [
    {
      if: { properties: { kind: { const: 'court-decision' } }, required: ['kind'] },
      then: { required: ['court', 'outcome'], properties: { court: true, outcome: true } },
    },
    {
      if: { properties: { kind: { const: 'legislation' } }, required: ['kind'] },
      then: { required: ['in_force_date'], properties: { in_force_date: true } },
    },
  ],
} as const;

export const legalEventsFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['events'],
  properties: {
    $schema: { type: 'string' },
    events: { type: 'array', items: legalEventSchema },
  },
} as const;

export type RawLegalEvent = FromSchema<typeof legalEventSchema>;
export type RawLegalEventsFile = FromSchema<typeof legalEventsFileSchema>;

/** The schema as published (`questionnaire/schema/legal-events.schema.json`). */
export function legalEventsSchemaDocument(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Legal events: court decisions and legislation linked to questions',
    ...legalEventsFileSchema,
  };
}
