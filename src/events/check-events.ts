/**
 * Stage 2 of legal-event validation, after the JSON Schema: what the schema cannot know. Every
 * problem is an issue positioned in the source, with a stable code:
 *
 * - `unknown-edition`: the edition does not exist (events are published with an edition).
 * - `unknown-country`: a country code that is not in the country list.
 * - `unknown-question`: a question id that is not in the edition's questionnaire.
 * - `invalid-date`: a date of the right shape that does not exist (2025-02-30).
 * - `event-after-reference-date`: the decision or adoption date is after the edition's reference
 *   date; the edition codes the law of that day, so a later event belongs to a later edition.
 * - `ecli-country-mismatch`: the ECLI's country is none of the event's countries. Decided: the
 *   courts of the European Union (`EU`) and the European Court of Human Rights (`CE`) decide for
 *   several countries, so those two are accepted with any countries; codes other datasets use
 *   (UK, EL) are read through the country aliases.
 * - `field-not-for-kind`: court, ECLI and outcome belong to court decisions; ELI and in-force
 *   date to legislation.
 * - `duplicate-id`: an id used twice (at the second, naming the first).
 * - `in-force-before-date` (warning): legislation in force before it was adopted.
 */
import { isCalendarDate } from '../answers/dates.js';
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import type { RawLegalEvent } from './event-schema.js';

/** What the checks compare events with: the country list and the editions as stored. */
export interface EventsContext {
  countries: ReadonlySet<string>;
  /** Codes other sources use for a country (UK → GB, EL → GR). */
  aliases: ReadonlyMap<string, string>;
  editions: ReadonlyMap<string, EditionFacts>;
}

export interface EditionFacts {
  referenceDate: string;
  /** The questions of the edition's questionnaire, with the strand of each. */
  questions: ReadonlyMap<string, string | null>;
}

/** ECLI country codes of courts that decide for several countries (see the module comment). */
const SUPRANATIONAL_ECLI = new Set(['EU', 'CE']);

const DECISION_ONLY = ['court', 'ecli', 'outcome'] as const;
const LEGISLATION_ONLY = ['eli', 'in_force_date'] as const;

/**
 * Checks one event at `path` of `source`. `firstSeen` maps ids to where they were first seen
 * (across every file of an import); it is updated.
 */
export function checkEvent(
  raw: RawLegalEvent,
  path: DocPath,
  source: YamlSource,
  context: EventsContext,
  firstSeen: Map<string, string>,
): Issue[] {
  const issues: Issue[] = [];
  const at = (field: string | number, ...rest: (string | number)[]) => [...path, field, ...rest];
  const where = `${source.file}:${source.locate(at('id')).line}`;
  const first = firstSeen.get(raw.id);
  if (first !== undefined)
    issues.push(
      source.issue(
        'duplicate-id',
        at('id'),
        `event id "${raw.id}" is used twice (first used at ${first})`,
      ),
    );
  else firstSeen.set(raw.id, where);

  raw.countries.forEach((code, i) => {
    if (!context.countries.has(code))
      issues.push(
        source.issue(
          'unknown-country',
          at('countries', i),
          `"${code}" is not a country of the country list (questionnaire/countries.yaml)`,
        ),
      );
  });

  const edition = context.editions.get(raw.edition);
  if (!edition)
    issues.push(
      source.issue(
        'unknown-edition',
        at('edition'),
        `no edition "${raw.edition}"${
          context.editions.size > 0 ? ` (editions: ${[...context.editions.keys()].join(', ')})` : ''
        }`,
      ),
    );
  else
    raw.questions.forEach((id, i) => {
      if (!edition.questions.has(id))
        issues.push(
          source.issue(
            'unknown-question',
            at('questions', i),
            `"${id}" is not a question of the questionnaire of edition ${raw.edition}`,
          ),
        );
    });

  for (const field of ['date', 'in_force_date'] as const) {
    const value = raw[field];
    if (value !== undefined && !isCalendarDate(value))
      issues.push(source.issue('invalid-date', at(field), `${field}: ${value} is not a real date`));
  }
  if (edition && isCalendarDate(raw.date) && raw.date > edition.referenceDate)
    issues.push(
      source.issue(
        'event-after-reference-date',
        at('date'),
        `date ${raw.date} is after the reference date of edition ${raw.edition} (${edition.referenceDate}): the edition codes the law of that day, so the event belongs to a later edition`,
      ),
    );
  if (
    raw.in_force_date !== undefined &&
    isCalendarDate(raw.in_force_date) &&
    raw.in_force_date < raw.date
  )
    issues.push(
      source.issue(
        'in-force-before-date',
        at('in_force_date'),
        `in force since ${raw.in_force_date}, before it was adopted (${raw.date}): check both dates`,
        'warning',
      ),
    );

  const foreign = raw.kind === 'legislation' ? DECISION_ONLY : LEGISLATION_ONLY;
  for (const field of foreign)
    if (raw[field] !== undefined)
      issues.push(
        source.issue(
          'field-not-for-kind',
          at(field),
          `${field} is not a field of ${raw.kind === 'legislation' ? 'legislation' : 'a court decision'}`,
          'error',
          'key',
        ),
      );

  if (raw.ecli !== undefined) {
    const ecliCountry = raw.ecli.split(':')[1] ?? '';
    const country = context.aliases.get(ecliCountry) ?? ecliCountry;
    if (!SUPRANATIONAL_ECLI.has(ecliCountry) && !raw.countries.includes(country))
      issues.push(
        source.issue(
          'ecli-country-mismatch',
          at('ecli'),
          `the ECLI names country ${ecliCountry}, which is not among the event's countries (${raw.countries.join(', ')}); only EU and CE (European courts) may decide for other countries`,
        ),
      );
  }
  return issues;
}
