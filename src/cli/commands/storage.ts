/**
 * Commands on the working database (`POLICY_INDEX_DB`, default data/policy-index.sqlite):
 * db init|migrate|verify, questionnaire load|list, import-sheets, export-sheets, publish, backup, history.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { isCalendarDate } from '../../answers/dates.js';
import { hasErrors, InputError, issueAt, NOWHERE } from '../../issues/issue.js';
import { findQuestion } from '../../questionnaire/question-names.js';
import {
  backupDatabase,
  databasePath,
  integrityCheck,
  migrate,
  openDatabase,
  schemaVersion,
} from '../../storage/database.js';
import { exportSheets } from '../../storage/export-sheets.js';
import {
  filesToImport,
  importSheetFiles,
  importSheetFilesInThreads,
  type ImportOptions,
  type ImportResult,
} from '../../storage/import-sheets.js';
import { threadsFor } from '../../bulk/thread-count.js';
import { missingInWords, STATUS_WORDS } from '../../storage/publication-plan.js';
import { getEdition, listEditions } from '../../storage/edition-repository.js';
import { bootstrap, loadQuestionnaireInto } from '../../storage/bootstrap.js';
import {
  listQuestionnaireVersions,
  storedQuestionnaire,
} from '../../storage/questionnaire-repository.js';
import { answerHistory, getSheet, OFFICIAL_CODER } from '../../storage/sheet-repository.js';
import {
  getSnapshot,
  listSnapshots,
  publishEdition,
  verifySnapshot,
  type PublishResult,
} from '../../storage/snapshot-repository.js';
import { publishedLegalEvents } from '../../storage/legal-event-repository.js';
import { mayDoIndexAction, OPERATOR } from '../../workspace/workflow.js';
import { answerChanges } from '../../answers/answer-changes.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliIo } from '../io.js';
import {
  cliActor,
  countOf,
  counted,
  DB_NOTE,
  DEFAULT_QUESTIONNAIRE_DIR,
  editionArg,
  printIssues,
  withDatabase,
} from '../shared.js';
import { writtenSchemaFile } from './schema.js';
import { THREADS_NOTE, threadsOption } from './threads-option.js';
import { lowerPriority } from '../priority.js';

export const dbUsage = `usage: policy-index db init [--empty] [--questionnaire DIR] | db migrate | db verify

init:    creates the database and loads every shipped questionnaire (DIR, default
         ${DEFAULT_QUESTIONNAIRE_DIR}, and each folder below it with an index.yaml) with its
         countries; without --empty also the sample sheets of scores/, published. Refused when
         the database holds a questionnaire or an edition already.
migrate: creates the database if needed and applies the pending schema migrations.
verify:  recomputes every published snapshot from its frozen answers and checks that every
         published score is reproduced; checks the file's integrity. ${DB_NOTE}`;

export function dbCommand(args: string[], io: CliIo): number {
  const [action, ...rest] = args;
  if (action === 'init') return dbInit(rest, io);
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  if (action === 'migrate') {
    const db = openDatabase(databasePath(), { migrate: false });
    try {
      const applied = migrate(db);
      io.out(
        applied.length === 0
          ? `${databasePath()}: schema is current (version ${schemaVersion(db)})`
          : applied
              .map((m) => `${databasePath()}: applied migration ${m.version} (${m.name})`)
              .join('\n'),
      );
    } finally {
      db.close();
    }
    return EXIT_OK;
  }
  if (action === 'verify') {
    return withDatabase((db) => {
      const integrity = integrityCheck(db);
      const report = [`integrity_check: ${integrity}`];
      let failures = integrity === 'ok' ? 0 : 1;
      for (const summary of listSnapshots(db)) {
        const snapshot = getSnapshot(db, summary.edition, summary.revision)!;
        const differences = verifySnapshot(db, snapshot);
        report.push(
          `edition ${summary.edition} revision ${summary.revision}: ${differences.length === 0 ? 'every score reproduced' : `${differences.length} differences: ${differences.slice(0, 5).join('; ')}`}`,
        );
        if (differences.length > 0) failures++;
      }
      // A failed check is a problem report (stderr); a passed one is the result (stdout).
      for (const line of report) io[failures === 0 ? 'out' : 'err'](line);
      return failures === 0 ? EXIT_OK : EXIT_INVALID;
    });
  }
  throw new UsageError(
    action ? `unknown action "${action}"` : 'give an action: init, migrate or verify',
  );
}

/** The sample sheets a first start loads (as `serve` and `rankings` do by default). */
const DEFAULT_SCORES_DIR = 'scores';

function dbInit(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: {
      empty: { type: 'boolean' },
      questionnaire: { type: 'string', default: DEFAULT_QUESTIONNAIRE_DIR },
    },
  });
  return withDatabase((db) => {
    if (listQuestionnaireVersions(db).length > 0 || listEditions(db).length > 0)
      throw new InputError([
        issueAt(
          NOWHERE,
          'database-not-empty',
          `${databasePath()} holds questionnaires or editions already: "db init" creates a new database (set POLICY_INDEX_DB to a new file); load another questionnaire with "policy-index questionnaire load DIR"`,
        ),
      ]);
    const started = bootstrap(db, {
      questionnaireDir: values.questionnaire!,
      scoresDir: values.empty ? null : DEFAULT_SCORES_DIR,
    });
    const loaded = listQuestionnaireVersions(db).map((v) => `${v.questionnaire_id} ${v.version}`);
    io.out(
      `created ${databasePath()}: questionnaires ${loaded.join(', ')}${
        values.empty
          ? '; no editions (empty)'
          : `; imported ${started.imported} sample sheets, published ${started.published.join(', ')}`
      }`,
    );
    return EXIT_OK;
  });
}

export const questionnaireUsage = `usage: policy-index questionnaire load DIR … | questionnaire list

load: loads the questionnaire of each DIR into the database with its countries (the first
      questionnaire brings its whole list, groups and aliases; later ones add countries not
      stored yet). A questionnaire whose files are stored already changes nothing;
      changed files become a new version, for editions opened from then on. Sheets declare the
      questionnaire they are coded with (questionnaire: { id, version }); import-sheets refuses a
      new edition's sheet whose questionnaire is not loaded.
list: the questionnaire versions the database holds. ${DB_NOTE}`;

export function questionnaireCommand(args: string[], io: CliIo): number {
  const [action, ...dirs] = args;
  if (action === 'list') {
    if (dirs.length > 0) throw new UsageError(`unexpected arguments: ${dirs.join(' ')}`);
    return withDatabase((db) => {
      for (const v of listQuestionnaireVersions(db))
        io.out(
          `${v.questionnaire_id} ${v.version}  loaded ${v.loaded_at}  hash ${v.hash.slice(0, 19)}`,
        );
      return EXIT_OK;
    });
  }
  if (action !== 'load')
    throw new UsageError(action ? `unknown action "${action}"` : 'give an action: load or list');
  if (dirs.length === 0) throw new UsageError('name at least one questionnaire folder');
  return withDatabase((db) => {
    for (const dir of dirs) {
      // The first questionnaire of a database brings its whole country list (groups, aliases).
      const first = listQuestionnaireVersions(db).length === 0;
      const loaded = loadQuestionnaireInto(db, dir, { mainCountries: first });
      io.out(
        `${dir}: ${loaded.questionnaire.id} ${loaded.questionnaire.version} ${loaded.created ? 'loaded' : 'already loaded (unchanged)'}`,
      );
    }
    return EXIT_OK;
  });
}

/** How many steps lower in CPU priority a bulk import runs by default. */
const DEFAULT_IMPORT_NICENESS = 10;

export const importSheetsUsage = `usage: policy-index import-sheets [--reference-date YYYY-MM-DD] [--reason TEXT] [--nice N] [--threads N] DIR|FILE …

Imports answer sheets into the database in one transaction: every sheet or none. Problems are
reported like "validate" does. Editions that do not exist yet are created with the questionnaire
their sheets declare (questionnaire: { id, version }; it must be loaded: "questionnaire load")
and the reference date given (default: 1 January of the edition's year).
Changed answers are recorded in the history. A bulk import is a batch job: it runs N steps lower
in CPU priority (--nice, default ${DEFAULT_IMPORT_NICENESS}; 0 keeps the priority), so that a
server on the same machine keeps answering while the sheets are validated. ${THREADS_NOTE}
${DB_NOTE}`;

export function importSheetsCommand(args: string[], io: CliIo): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'reference-date': { type: 'string' },
      reason: { type: 'string' },
      nice: { type: 'string', default: String(DEFAULT_IMPORT_NICENESS) },
      threads: { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError('name at least one folder or file');
  const date = values['reference-date'];
  if (date !== undefined && !isCalendarDate(date))
    throw new UsageError('--reference-date must be a real date written YYYY-MM-DD');
  if (!/^(1?\d)$/.test(values.nice!) || Number(values.nice) > 19)
    throw new UsageError('--nice must be a whole number from 0 to 19');
  const requestedThreads = threadsOption(values.threads);
  lowerPriority(Number(values.nice));
  const options: ImportOptions = {
    user: cliActor(),
    reason: values.reason,
    referenceDate: date,
  };
  const found = filesToImport(positionals);
  if ('refused' in found) return reportImport(io, found.refused);
  const { files } = found;
  const threads = threadsFor(files.length, requestedThreads);
  if (threads === 1)
    return withDatabase((db) => reportImport(io, importSheetFiles(db, files, options)));
  // Worker threads inherit the process's priority: the whole import stays a batch job.
  const db = openDatabase(databasePath());
  return importSheetFilesInThreads(db, files, { ...options, threads })
    .then((result) => reportImport(io, result))
    .finally(() => db.close());
}

function reportImport(io: CliIo, result: ImportResult): number {
  printIssues(io, result.issues);
  if (hasErrors(result.issues)) {
    io.err(`import refused (${countOf(result.issues, 'error')}): nothing was stored`);
    return EXIT_INVALID;
  }
  io.out(
    `imported ${result.imported} ${result.imported === 1 ? 'sheet' : 'sheets'} (${result.changed} new or changed)${
      result.createdEditions.length > 0
        ? `; new editions: ${result.createdEditions.join(', ')}`
        : ''
    }`,
  );
  const { asCoded } = result;
  if (asCoded.sheets > 0)
    io.err(
      `note: ${counted(asCoded.sheets, 'sheet')} approved as coded (as_coded: true) kept ${counted(asCoded.deviations, 'deviation')} from the skip logic as warnings; "publish" records them with the edition`,
    );
  return EXIT_OK;
}

export const exportSheetsUsage = `usage: policy-index export-sheets DIR

Writes every sheet of the database as YAML: DIR/{edition}/{country}.yaml (other coders'
sheets as {country}.{coder}.yaml). Importing them again changes nothing. ${DB_NOTE}`;

export function exportSheetsCommand(args: string[], io: CliIo): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new UsageError('name one output folder');
  return withDatabase((db) => {
    const written = exportSheets(db, positionals[0]!, { schemaFile: writtenSchemaFile('sheet') });
    io.out(`wrote ${written.length} sheets to ${positionals[0]}`);
    return EXIT_OK;
  });
}

export const publishUsage = `usage: policy-index publish EDITION [--note TEXT] [--partial | --complete-because TEXT] [--withdraw COUNTRY …]

Publishes the approved sheets of EDITION and their scores as an immutable snapshot. The first
publication is revision 1; every later one is a correction and needs --note saying what changed
and why. Earlier revisions stay readable.

A correction keeps every country of the current revision: a country whose sheet was re-opened
since is published again with its published answers, unless --withdraw COUNTRY (repeatable)
leaves it out.

An edition lacking countries it is expected to have (countries with a sheet or an assignment in
it, in its current revision, or in the edition published before it) is published only with
--partial (shown as partial on the site, never its default edition) or --complete-because TEXT
(why it is complete enough); otherwise nothing is published, the missing countries are listed and
the exit code is 1. The same rules as the workspace's publish page. ${DB_NOTE}`;

export function publishCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      note: { type: 'string' },
      partial: { type: 'boolean' },
      'complete-because': { type: 'string' },
      withdraw: { type: 'string', multiple: true },
    },
  });
  if (positionals.length !== 1) throw new UsageError('name one edition');
  if (values.partial && values['complete-because'] !== undefined)
    throw new UsageError('give --partial or --complete-because, not both');
  if (values['complete-because'] !== undefined && values['complete-because'].trim() === '')
    throw new UsageError('--complete-because needs a reason');
  const withdraw = (values.withdraw ?? []).map((c) => c.trim().toUpperCase());
  const edition = editionArg(positionals[0]!);
  // The person at the command line acts as the workflow's operator.
  if (!mayDoIndexAction(OPERATOR, 'publish')) throw new UsageError('publishing is not allowed');
  return withDatabase((db) => {
    let published: PublishResult;
    try {
      published = publishEdition(db, edition, {
        note: values.note ?? null,
        user: cliActor(),
        acceptPartial: values.partial ?? false,
        completeBecause: values['complete-because'] ?? null,
        withdraw,
      });
    } catch (error) {
      if (!(error instanceof InputError) || error.issues[0]?.code !== 'edition-incomplete')
        throw error;
      printIssues(io, error.issues);
      io.err('nothing published: add --partial, or --complete-because "why it is complete enough"');
      return EXIT_INVALID;
    }
    const { snapshot, carried, missing } = published;
    const events = publishedLegalEvents(db, { edition: snapshot.edition }).length;
    io.out(
      `published edition ${snapshot.edition} revision ${snapshot.revision}${snapshot.partial ? ' (partial)' : ''}: ${snapshot.sheets.length} countries, ${counted(events, 'legal event')}`,
    );
    if (carried.length > 0)
      io.err(
        `kept with their answers of revision ${carried[0]!.fromRevision} (sheet re-opened): ${carried.map((c) => `${c.country} (${STATUS_WORDS[c.status]})`).join(', ')}`,
      );
    if (missing.length > 0) io.err(`missing: ${missingInWords(missing)}`);
    return EXIT_OK;
  });
}

export const backupUsage = `usage: policy-index backup FILE

Copies the database to FILE with SQLite's online backup, safe while the server runs. ${DB_NOTE}`;

export async function backupCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new UsageError('name one backup file');
  const target = positionals[0]!;
  if (existsSync(target)) throw new UsageError(`${target} exists; choose a new file`);
  requireFolder(dirname(target));
  const db = openDatabase(databasePath());
  try {
    const { totalPages } = await backupDatabase(db, target).catch((error: unknown) => {
      throw backupFailure(error, target);
    });
    io.out(`backed up ${databasePath()} to ${target} (${totalPages} pages)`);
  } finally {
    db.close();
  }
  return EXIT_OK;
}

/**
 * SQLite's failure to create or write the backup file, as the system error it is about that file
 * (the working database opened fine): reported with the file's path, not the database's.
 */
function backupFailure(error: unknown, target: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^SQLITE_(CANTOPEN|READONLY|PERM|IOERR|FULL)/.test(code))
    return error;
  const system = code.startsWith('SQLITE_FULL') ? 'ENOSPC' : 'EACCES';
  const what = system === 'ENOSPC' ? 'no space left on device' : 'cannot write the backup file';
  return Object.assign(new Error(`${system}: ${what}, open '${target}'`), {
    code: system,
    syscall: 'open',
    path: target,
  });
}

/**
 * Fails with the system's own error (ENOENT, ENOTDIR) when `dir` is not an existing folder:
 * better-sqlite3 reports a missing backup folder as a plain TypeError, which would look like a bug.
 */
function requireFolder(dir: string): void {
  if (!statSync(dir).isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, open '${dir}'`), {
      code: 'ENOTDIR',
      syscall: 'open',
      path: dir,
    });
  }
}

export const historyUsage = `usage: policy-index history COUNTRY EDITION QUESTION [--coder KEY]

Prints every change of one answer — revision, when, who, why — and what changed, one line each:
the answer, a legal source added, removed, or with another date or address, the comment, "in
force since", the confidence. QUESTION is a question id (fr-partners) or its code (25). --coder
KEY: the sheet of one coder instead of the official one. ${DB_NOTE}`;

export function historyCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { coder: { type: 'string', default: OFFICIAL_CODER } },
  });
  if (positionals.length !== 3) throw new UsageError('give COUNTRY EDITION QUESTION');
  const [countryArg, editionText, name] = positionals as [string, string, string];
  const edition = editionArg(editionText);
  const country = countryArg.toUpperCase();
  return withDatabase((db) => {
    const row = getEdition(db, edition);
    if (!row)
      throw new InputError([issueAt(NOWHERE, 'unknown-edition', `no edition "${edition}"`)]);
    const questionnaire = storedQuestionnaire(db, row.questionnaire_version_id);
    const question = findQuestion(questionnaire, name);
    if (!question)
      throw new InputError([
        issueAt(
          NOWHERE,
          'unknown-question',
          `"${name}" is neither the id nor the code of a question of ${questionnaire.id} ${questionnaire.version}`,
        ),
      ]);
    const key = { country, edition, coderKey: values.coder };
    if (!getSheet(db, key))
      throw new InputError([
        issueAt(
          NOWHERE,
          'no-sheet',
          `${country} has no ${values.coder === OFFICIAL_CODER ? 'official sheet' : `sheet by coder "${values.coder}"`} in edition ${edition}`,
        ),
      ]);
    const changes = answerHistory(db, key, question.id)
      .map((entry) => ({ entry, lines: answerChanges(entry.before, entry.after) }))
      .filter(({ lines }) => lines.length > 0);
    const named = `${question.id}${question.code ? ` (${question.code})` : ''}`;
    if (changes.length === 0) {
      io.out(`${country} ${edition} ${named}: no change recorded`);
      return EXIT_OK;
    }
    io.out(`${country} ${edition} ${named}: ${counted(changes.length, 'change')}`);
    for (const { entry, lines } of changes) {
      io.out(
        `revision ${entry.revision}  ${entry.changedAt}  ${entry.changedBy}${entry.reason ? `  (${entry.reason})` : ''}`,
      );
      for (const line of lines) io.out(`  ${line}`);
    }
    return EXIT_OK;
  });
}
