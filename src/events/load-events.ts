/**
 * Reads and validates legal-event files: YAML (strict UTF-8, duplicate keys refused), then the
 * JSON Schema (`event-schema.ts`), then the semantic checks (`check-events.ts`). Problems are
 * issues with file, line and column; an event comes out only when the whole file is valid.
 */
import type { ErrorObject } from 'ajv';
import { ajvIssues, type CustomDescription } from '../issues/ajv-issues.js';
import { hasErrors, type Issue } from '../issues/issue.js';
import { validatorFor } from '../source/ajv.js';
import { isYamlSource, readYamlFile } from '../source/read-file.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import { checkEvent, type EventsContext } from './check-events.js';
import {
  legalEventSchema,
  legalEventsFileSchema,
  type RawLegalEvent,
  type RawLegalEventsFile,
} from './event-schema.js';
import type { EventStatus, LegalEvent } from './types.js';

/** An event as read, with the status its file gives (command-line imports only). */
export interface EventInput {
  event: LegalEvent;
  status: EventStatus | null;
}

export interface LoadedEvents {
  /** Empty unless every event of every file is valid. */
  events: EventInput[];
  issues: Issue[];
}

/** Loads every file named; ids must be unique across all of them. */
export function loadEventFiles(files: readonly string[], context: EventsContext): LoadedEvents {
  const firstSeen = new Map<string, string>();
  const events: EventInput[] = [];
  const issues: Issue[] = [];
  for (const file of files) {
    const source = readYamlFile(file);
    const loaded = isYamlSource(source)
      ? validateEventsSource(source, context, firstSeen)
      : { events: [], issues: source.issues };
    events.push(...loaded.events);
    issues.push(...loaded.issues);
  }
  return { events: hasErrors(issues) ? [] : events, issues };
}

/** Stage 1 and 2 of a parsed events file. */
export function validateEventsSource(
  source: YamlSource,
  context: EventsContext,
  firstSeen: Map<string, string>,
): LoadedEvents {
  if (hasErrors(source.issues)) return { events: [], issues: source.issues };
  const validate = validatorFor(legalEventsFileSchema);
  if (!validate(source.value))
    return { events: [], issues: [...source.issues, ...schemaIssues(validate.errors, source)] };
  const raw = source.value as RawLegalEventsFile;
  const issues = [...source.issues];
  raw.events.forEach((event, i) =>
    issues.push(...checkEvent(event, ['events', i], source, context, firstSeen)),
  );
  if (hasErrors(issues)) return { events: [], issues };
  return { events: raw.events.map(eventInputOf), issues };
}

/**
 * Validates one event given as a plain value (a workspace form turned into the YAML shape):
 * the same schema and checks as a file. Issue paths start at the event's own fields.
 */
export function validateEventValue(
  value: unknown,
  source: YamlSource,
  context: EventsContext,
): { event: LegalEvent | null; issues: Issue[] } {
  const validate = validatorFor(legalEventSchema);
  if (!validate(value)) return { event: null, issues: schemaIssues(validate.errors, source) };
  const raw = value as RawLegalEvent;
  const issues = checkEvent(raw, [], source, context, new Map());
  return { event: hasErrors(issues) ? null : eventInputOf(raw).event, issues };
}

/**
 * ajv's errors as issues. The `if` of a kind-specific rule adds nothing to its `required`
 * error; identifier patterns are said in words.
 */
function schemaIssues(errors: ErrorObject[] | null | undefined, source: YamlSource): Issue[] {
  return ajvIssues(
    (errors ?? []).filter((e) => e.keyword !== 'if'),
    source,
    describeEventError,
  );
}

function describeEventError(error: ErrorObject, path: DocPath): CustomDescription | null {
  if (error.keyword !== 'pattern') return null;
  const field = path[path.length - 1];
  if (field === 'ecli')
    return {
      code: 'invalid-ecli',
      message:
        'ecli must be written ECLI:{country}:{court}:{year}:{number}, e.g. ECLI:DE:BVERFG:2021:RS20210101.1BVR000121 (capital letters; court up to 7 letters or digits; a four-digit year)',
    };
  if (field === 'eli')
    return {
      code: 'invalid-eli',
      message: 'eli must be an absolute URI, e.g. http://data.europa.eu/eli/dir/2003/86/oj',
    };
  if (field === 'url') return { code: 'invalid-format', message: 'url must start with https://' };
  if (path[path.length - 2] === 'countries')
    return {
      code: 'invalid-format',
      message: 'countries: each must be an ISO 3166-1 alpha-2 code in capitals, e.g. DE',
    };
  return null;
}

/** The YAML shape (snake_case, optional fields left out) as the engine's event. */
function eventInputOf(raw: RawLegalEvent): EventInput {
  return {
    event: {
      id: raw.id,
      kind: raw.kind,
      title: raw.title,
      date: raw.date,
      inForceDate: raw.in_force_date ?? null,
      court: raw.court ?? null,
      ecli: raw.ecli ?? null,
      eli: raw.eli ?? null,
      outcome: raw.outcome ?? null,
      summary: raw.summary,
      url: raw.url ?? null,
      countries: [...raw.countries],
      questions: [...raw.questions],
      edition: raw.edition,
      illustrative: raw.illustrative ?? false,
    },
    status: raw.status ?? null,
  };
}

/** The engine's event in the YAML shape: what `export-events` writes and forms start from. */
export function rawEventOf(event: LegalEvent, status?: EventStatus): RawLegalEvent {
  const raw: Record<string, unknown> = {
    id: event.id,
    kind: event.kind,
    title: event.title,
    date: event.date,
    in_force_date: event.inForceDate,
    court: event.court,
    ecli: event.ecli,
    eli: event.eli,
    outcome: event.outcome,
    summary: event.summary,
    url: event.url,
    countries: event.countries,
    questions: event.questions,
    edition: event.edition,
    illustrative: event.illustrative || null,
    status: status ?? null,
  };
  return Object.fromEntries(
    Object.entries(raw).filter(([, value]) => value !== null),
  ) as RawLegalEvent;
}
