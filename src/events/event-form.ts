/**
 * The workspace's event form: its fields, the posted form turned into the YAML shape of an event
 * (so the form is checked by exactly the schema and checks of a file), and the problems found
 * turned back into messages per field, so a refused form comes back with what was typed and
 * says which field is wrong.
 */
import { formText } from '../http/params.js';
import { issueAt, type Issue } from '../issues/issue.js';
import type { YamlSource } from '../source/yaml-source.js';
import { rawEventOf } from './load-events.js';
import type { LegalEvent } from './types.js';

export interface EventFormField {
  name: string;
  label: string;
  type: 'text' | 'date' | 'url' | 'textarea' | 'select';
  hint?: string;
  options?: readonly { value: string; label: string }[];
}

export const EVENT_FORM_FIELDS: readonly EventFormField[] = [
  {
    name: 'id',
    label: 'Id',
    type: 'text',
    hint: 'kebab-case, unique, e.g. de-2021-family-reunification-act; it cannot change later',
  },
  {
    name: 'kind',
    label: 'Kind',
    type: 'select',
    options: [
      { value: 'court-decision', label: 'Court decision' },
      { value: 'legislation', label: 'Legislation' },
    ],
  },
  { name: 'edition', label: 'Edition', type: 'select' },
  { name: 'title', label: 'Case name or title of the act', type: 'text' },
  { name: 'date', label: 'Date of the decision or adoption', type: 'date' },
  { name: 'in_force_date', label: 'In force since (legislation)', type: 'date' },
  { name: 'court', label: 'Court (court decisions)', type: 'text' },
  {
    name: 'ecli',
    label: 'ECLI (court decisions, where one exists)',
    type: 'text',
    hint: 'ECLI:{country}:{court}:{year}:{number}',
  },
  {
    name: 'outcome',
    label: 'Outcome (court decisions)',
    type: 'select',
    options: [
      { value: '', label: '–' },
      { value: 'struck-down', label: 'struck down' },
      { value: 'upheld', label: 'upheld' },
      { value: 'interpreted', label: 'interpreted' },
      { value: 'pending', label: 'pending' },
    ],
  },
  {
    name: 'eli',
    label: 'ELI (legislation, where one exists)',
    type: 'url',
    hint: 'an absolute URI, e.g. http://data.europa.eu/eli/dir/2003/86/oj',
  },
  { name: 'summary', label: "Summary, in the project's words", type: 'textarea' },
  { name: 'url', label: 'Link to the text (https://…)', type: 'url' },
  {
    name: 'countries',
    label: 'Countries',
    type: 'text',
    hint: 'ISO codes separated by commas, e.g. DE, AT',
  },
  {
    name: 'questions',
    label: 'Questions',
    type: 'text',
    hint: 'question ids separated by commas, e.g. fr-residence-period',
  },
];

const LIST_FIELDS = new Set(['countries', 'questions']);
const FIELD_NAMES = new Set(EVENT_FORM_FIELDS.map((f) => f.name));

export type EventFormValues = Record<string, string>;

/** What was typed, field by field (missing fields empty). */
export function formValues(body: Record<string, unknown>): EventFormValues {
  return Object.fromEntries(EVENT_FORM_FIELDS.map((f) => [f.name, formText(body, f.name)]));
}

/** A stored event as form values, to edit it. */
export function valuesOfEvent(event: LegalEvent): EventFormValues {
  const raw = rawEventOf(event) as Record<string, unknown>;
  return Object.fromEntries(
    EVENT_FORM_FIELDS.map((f) => {
      const value = raw[f.name];
      return [
        f.name,
        Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : '',
      ];
    }),
  );
}

/**
 * The form as an event in the YAML shape: empty fields left out, lists split at commas or
 * spaces (country codes in capitals). `illustrative` is kept from the stored event.
 */
export function rawOfForm(values: EventFormValues, illustrative: boolean): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const field of EVENT_FORM_FIELDS) {
    const value = values[field.name] ?? '';
    if (value === '') continue;
    raw[field.name] = LIST_FIELDS.has(field.name)
      ? value
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map((item) => (field.name === 'countries' ? item.toUpperCase() : item))
      : value;
  }
  if (!('countries' in raw)) raw.countries = [];
  if (!('questions' in raw)) raw.questions = [];
  if (illustrative) raw.illustrative = true;
  return raw;
}

/** A source for checking a form: issues name the field (path), there are no lines. */
export function formSource(value: unknown): YamlSource {
  return {
    file: 'form',
    value,
    issues: [],
    locate: () => ({ line: 0, column: 0 }),
    issue(code, path, message, severity = 'error') {
      return issueAt({ file: 'form', path }, code, message, severity);
    },
  };
}

/** Messages per form field (`form` for problems that belong to no one field). */
export function fieldErrors(issues: readonly Issue[]): Map<string, string[]> {
  const errors = new Map<string, string[]>();
  for (const issue of issues) {
    if (issue.severity !== 'error') continue;
    const first = issue.path[0];
    const field =
      typeof first === 'string' && FIELD_NAMES.has(first)
        ? first
        : issue.code === 'missing-field'
          ? missingFieldOf(issue.message)
          : 'form';
    errors.set(field, [...(errors.get(field) ?? []), issue.message]);
  }
  return errors;
}

/** The field a `missing-field` message names (`required field "court" is missing`). */
function missingFieldOf(message: string): string {
  const name = /"([a-z_]+)"/.exec(message)?.[1] ?? '';
  return FIELD_NAMES.has(name) ? name : 'form';
}
