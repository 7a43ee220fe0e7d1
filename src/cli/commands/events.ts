/**
 * Legal events on the command line: import-events (validated, all or none), export-events (YAML
 * that import-events reads back unchanged) and validate-events (the checks of an import, nothing
 * stored). Results on stdout, problems on stderr, one per line as FILE:LINE:COL.
 */
import { writeOutputFile } from '../../source/write-file.js';
import { parseArgs } from 'node:util';
import { eventsContext } from '../../events/events-context.js';
import { importLegalEventFiles } from '../../events/import-events.js';
import { loadEventFiles } from '../../events/load-events.js';
import { eventsToYaml } from '../../events/write-events.js';
import { hasErrors, InputError, issueAt, NOWHERE } from '../../issues/issue.js';
import { getEdition } from '../../storage/edition-repository.js';
import { listLegalEvents } from '../../storage/legal-event-repository.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliIo } from '../io.js';
import {
  cliActor,
  countOf,
  counted,
  DB_NOTE,
  editionArg,
  printIssues,
  withDatabase,
} from '../shared.js';
import { SCHEMA_FILES, writtenSchemaFile } from './schema.js';

const eventCount = (n: number) => counted(n, 'legal event');

export const importEventsUsage = `usage: policy-index import-events [--reason TEXT] FILE …

Imports legal events (court decisions, legislation) from YAML files into the database, in one
transaction: every event or none. Each file is checked against the JSON Schema
(questionnaire/schema/${SCHEMA_FILES.events}) and against the database: countries, editions, the
questions of each edition's questionnaire, the date against the edition's reference date, the
ECLI's country, unique ids. An event with an id already stored is updated (its edition cannot
change); every change is recorded in the event's history. The status is the file's (default:
the stored one, or draft); a new or changed event marked published is stored as approved, and
becomes public when its edition is published. ${DB_NOTE}`;

export function importEventsCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { reason: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('name at least one events file');
  return withDatabase((db) => {
    const result = importLegalEventFiles(db, positionals, {
      user: cliActor(),
      reason: values.reason,
    });
    printIssues(io, result.issues);
    if (hasErrors(result.issues)) {
      io.err(`import refused (${countOf(result.issues, 'error')}): nothing was stored`);
      return EXIT_INVALID;
    }
    io.out(`imported ${eventCount(result.imported)} (${result.changed} new or changed)`);
    return EXIT_OK;
  });
}

export const exportEventsUsage = `usage: policy-index export-events [--edition EDITION] [--out FILE]

Writes the legal events of the database (of one edition with --edition), with their status, as
YAML on stdout or to FILE. import-events reads it back without changing anything. ${DB_NOTE}`;

export function exportEventsCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { edition: { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length > 0)
    throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  const edition = values.edition === undefined ? undefined : editionArg(values.edition);
  return withDatabase((db) => {
    if (edition !== undefined && !getEdition(db, edition))
      throw new InputError([issueAt(NOWHERE, 'unknown-edition', `no edition "${edition}"`)]);
    const events = listLegalEvents(db, { edition });
    const text = eventsToYaml(events, {
      schemaPath: writtenSchemaFile('events'),
      header: [
        `Legal events${edition ? ` of edition ${edition}` : ''}, exported from the database.`,
        ...(events.some((e) => e.event.illustrative)
          ? ['Events marked illustrative: true are sample data, not real legal events.']
          : []),
      ],
    });
    if (values.out !== undefined) {
      writeOutputFile(values.out, text);
      io.out(`wrote ${eventCount(events.length)} to ${values.out}`);
    } else io.out(text.trimEnd());
    return EXIT_OK;
  });
}

export const validateEventsUsage = `usage: policy-index validate-events FILE …

Checks legal-event files as import-events would (schema, countries, editions, questions, dates,
ECLI country, unique ids) against the database, and stores nothing. ${DB_NOTE}`;

export function validateEventsCommand(args: string[], io: CliIo): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new UsageError('name at least one events file');
  return withDatabase((db) => {
    const loaded = loadEventFiles(positionals, eventsContext(db));
    printIssues(io, loaded.issues);
    if (hasErrors(loaded.issues)) {
      io.err(`invalid (${countOf(loaded.issues, 'error')})`);
      return EXIT_INVALID;
    }
    io.out(`${eventCount(loaded.events.length)} valid (${countOf(loaded.issues, 'warning')})`);
    return EXIT_OK;
  });
}
