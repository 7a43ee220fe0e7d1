/**
 * Creating many new sheets at once, for bulk imports. Written row by row, each answer, source and
 * history row is a call from JavaScript into SQLite, and a thousand sheets hold the write lock —
 * which the server's saves wait for — for most of a second. So the rows are first staged in
 * staging tables that take no lock on the database, and then copied into the real tables by a
 * few INSERT … SELECT statements inside the import's write transaction: the lock is held for the
 * copy only. The result is the same as creating each with `applySave`, row ids included.
 *
 * Staging tables live in a schema of the importing connection: its TEMP schema for the sheets
 * the main thread stages, and a file per worker thread (`openStagingFile`), which the worker
 * fills through a connection of its own while it checks sheets and the import attaches to copy
 * from. A worker's sheets thus never cross to the main thread: measured on 1,000 real-size
 * sheets, sending them (packed, sheet-transfer.ts) and keeping them cost the import 0.3–0.4 s.
 *
 * The answer history of a new sheet (a row for every answer, which holds no copy of the entry:
 * sheet-repository.ts, `answerHistory`) is not staged: the copy writes it from the answers just
 * copied.
 */
import Database from 'better-sqlite3';
import type { AnswerEntry, Coder, SheetStatus } from '../answers/types.js';
import { prepared, type Db } from './database.js';
import type { SheetData } from './sheet-repository.js';

/** A new sheet to stage: its key is not stored (yet); `n` is its place among the import's files. */
export interface NewSheet {
  n: number;
  sheet: SheetData;
  coderKey: string;
  user: string;
  reason: string;
}

/** Staged sheets `first` … `last` (by `n`, all of them staged) in the staging tables of `schema`. */
export interface StagedRun {
  schema: string;
  first: number;
  last: number;
}

const STAGING_TABLES = (schema: string) => `
  CREATE TABLE IF NOT EXISTS ${schema}.staged_sheets (
    n INTEGER PRIMARY KEY, country TEXT NOT NULL, edition_id TEXT NOT NULL,
    coder_key TEXT NOT NULL, status TEXT NOT NULL, illustrative INTEGER NOT NULL,
    questionnaire_id TEXT NOT NULL, questionnaire_version TEXT NOT NULL,
    updated_by TEXT NOT NULL, reason TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS ${schema}.staged_coders (
    n INTEGER NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, email TEXT,
    PRIMARY KEY (n, position)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS ${schema}.staged_answers (
    n INTEGER NOT NULL, position INTEGER NOT NULL, question_id TEXT NOT NULL, answer TEXT NOT NULL,
    comment TEXT, in_force_since TEXT, confidence TEXT,
    PRIMARY KEY (n, position)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS ${schema}.staged_sources (
    n INTEGER NOT NULL, seq INTEGER NOT NULL, question_id TEXT NOT NULL, position INTEGER NOT NULL,
    title TEXT NOT NULL, article TEXT, url TEXT, date TEXT,
    PRIMARY KEY (n, seq)) WITHOUT ROWID`;

const STAGED = ['staged_sheets', 'staged_coders', 'staged_answers', 'staged_sources'] as const;
type Staged = (typeof STAGED)[number];

/** The values of a row of each staging table. */
const COLUMNS: Record<Staged, number> = {
  staged_sheets: 10,
  staged_coders: 4,
  staged_answers: 7,
  staged_sources: 8,
};

/**
 * A staging file for a worker thread: a database of its own, no journal and no syncing (it is
 * thrown away after the import, and a crash loses nothing that is not in the files read).
 */
export function openStagingFile(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  createStagingTables(db, 'main');
  return db;
}

/** Creates the staging tables in `schema` of `db` (`temp`: the connection's own) if need be. */
export function createStagingTables(db: Db, schema: string): void {
  db.exec(STAGING_TABLES(schema));
}

/**
 * Stages `sheets` in the staging tables of `schema` (`temp`: the connection's own; `main` in a
 * staging file), after whatever is staged there, in one transaction. Writes no table of the
 * database: no lock.
 */
export function stageNewSheets(db: Db, sheets: readonly NewSheet[], schema = 'temp'): void {
  createStagingTables(db, schema);
  db.transaction(() => stageRows(db, sheets, schema))();
}

/** Runs `work` (which stages with `stageRows`) in one transaction of `db`. */
export function inStagingTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work)();
}

/**
 * The rows of `stageNewSheets`, for a caller that has made the tables and holds a transaction
 * (`inStagingTransaction`):
 * a thread that stages each sheet as soon as it is checked, so that the sheet's objects are
 * garbage at once (kept until the end of a chunk of 16, they made a worker's collections of young
 * objects copy them: 0.2–0.3 s more collecting for 500 sheets).
 *
 * The rows go in many to a statement (`insertRows`): a call from JavaScript per row (about 200
 * a real-size sheet) took 0.6 s of the main thread for 1,000 sheets, as long as validating a
 * third of them.
 */
export function stageRows(db: Db, sheets: readonly NewSheet[], schema: string): void {
  // Each table's values one after the other, row after row (`COLUMNS` to a row): arrays of rows,
  // cut into statements and flattened, took a third of the staging time.
  const values: Record<Staged, unknown[]> = {
    staged_sheets: [],
    staged_coders: [],
    staged_answers: [],
    staged_sources: [],
  };
  const { staged_sheets, staged_coders, staged_answers, staged_sources } = values;
  for (const { n, sheet, coderKey, user, reason } of sheets) {
    staged_sheets.push(
      n,
      sheet.country,
      sheet.edition,
      coderKey,
      sheet.status,
      sheet.illustrative ? 1 : 0,
      sheet.questionnaire.id,
      sheet.questionnaire.version,
      user,
      reason,
    );
    sheet.coders.forEach((c, i) => staged_coders.push(n, i, c.name, c.email));
    let position = 0;
    let seq = 0;
    for (const [questionId, entry] of sheet.answers) {
      staged_answers.push(
        n,
        position++,
        questionId,
        entry.answer,
        entry.comment,
        entry.inForceSince,
        entry.confidence,
      );
      entry.sources.forEach((s, i) =>
        staged_sources.push(n, seq++, questionId, i, s.title, s.article, s.url, s.date),
      );
    }
  }
  for (const table of STAGED) insertRows(db, `${schema}.${table}`, COLUMNS[table], values[table]);
}

/** Rows inserted by one statement (at most); 64 rows of 10 values are far below SQLite's limit. */
const ROWS_PER_INSERT = 64;

/** Inserts the rows whose `values` follow one another into `table`, many to a statement. */
function insertRows(db: Db, table: string, width: number, values: readonly unknown[]): void {
  const row = `(${Array(width).fill('?').join(', ')})`;
  const insert = (count: number) =>
    prepared(db, `INSERT INTO ${table} VALUES ${Array(count).fill(row).join(', ')}`);
  const step = ROWS_PER_INSERT * width;
  for (let at = 0; at < values.length; at += step) {
    const some = values.slice(at, at + step);
    insert(some.length / width).run(some);
  }
}

/** Whether one of the staged sheets of `runs` exists by now (created by someone else meanwhile). */
export function stagedSheetsTaken(db: Db, runs: readonly StagedRun[]): boolean {
  return runs.some(
    ({ schema, first, last }) =>
      prepared(
        db,
        `SELECT 1 FROM ${schema}.staged_sheets st JOIN sheets s
           ON s.country = st.country AND s.edition_id = st.edition_id AND s.coder_key = st.coder_key
         WHERE st.n BETWEEN ? AND ? LIMIT 1`,
      ).get(first, last) !== undefined,
  );
}

/**
 * Creates the staged sheets of `runs` at revision 1, in the order of the runs, `at` being their
 * time of change; the caller holds the write transaction and has made sure none of them exists
 * (`stagedSheetsTaken`). Each gets the id SQLite would give it (one past the largest), and the
 * rows under it follow in the order saving the sheets one by one writes them.
 */
export function writeStagedSheets(db: Db, runs: readonly StagedRun[], at: string): void {
  for (const { schema, first, last } of runs) {
    // The id of staged sheet `n` is `offset + n`: known before the sheets are inserted, so the
    // rows under them are copied without a JOIN per row.
    const { offset } = prepared(
      db,
      `SELECT COALESCE((SELECT MAX(id) FROM sheets), 0) + 1 - ? AS offset`,
    ).get(first) as { offset: number };
    const { answered } = prepared(
      db,
      `SELECT COALESCE((SELECT MAX(rowid) FROM answers), 0) AS answered`,
    ).get() as { answered: number };
    const range = { offset, at, first, last, answered };
    for (const copy of COPIES) prepared(db, copy(schema)).run(range);
  }
}

/**
 * Copies the rows of one run (`@first` … `@last`); `@offset + n` is the id of staged sheet `n`,
 * `@answered` the largest rowid of `answers` before the run's answers are copied.
 */
const COPIES = [
  (schema: string) =>
    `INSERT INTO sheets (id, country, edition_id, coder_key, status, illustrative, revision, updated_at, updated_by)
     SELECT @offset + n, country, edition_id, coder_key, status, illustrative, 1, @at, updated_by
     FROM ${schema}.staged_sheets WHERE n BETWEEN @first AND @last ORDER BY n`,
  (schema: string) =>
    `INSERT INTO sheet_coders (sheet_id, position, name, email)
     SELECT @offset + n, position, name, email
     FROM ${schema}.staged_coders WHERE n BETWEEN @first AND @last ORDER BY n, position`,
  (schema: string) =>
    `INSERT INTO answers (sheet_id, question_id, position, answer, comment, in_force_since, confidence)
     SELECT @offset + n, question_id, position, answer, comment, in_force_since, confidence
     FROM ${schema}.staged_answers WHERE n BETWEEN @first AND @last ORDER BY n, position`,
  (schema: string) =>
    `INSERT INTO answer_sources (sheet_id, question_id, position, title, article, url, date)
     SELECT @offset + n, question_id, position, title, article, url, date
     FROM ${schema}.staged_sources WHERE n BETWEEN @first AND @last ORDER BY n, seq`,
  // A new answer's history row: who, when and why; its entry is not copied (`answerHistory`).
  (schema: string) =>
    `INSERT INTO answer_history (sheet_id, question_id, revision, changed_at, changed_by, reason, before, after)
     SELECT a.sheet_id, a.question_id, 1, @at, st.updated_by, st.reason, NULL, NULL
     FROM answers a JOIN ${schema}.staged_sheets st ON st.n = a.sheet_id - @offset
     WHERE a.rowid > @answered ORDER BY a.rowid`,
];

/** Staged sheet `n` of `schema` as it was staged, to be saved on its own after all. */
export function stagedSheet(db: Db, schema: string, n: number): NewSheet {
  const row = prepared(db, `SELECT * FROM ${schema}.staged_sheets WHERE n = ?`).get(n) as
    StagedSheetRow | undefined;
  if (!row) throw new Error(`no staged sheet ${n} in ${schema}`);
  const coders = prepared(
    db,
    `SELECT name, email FROM ${schema}.staged_coders WHERE n = ? ORDER BY position`,
  ).all(n) as Coder[];
  const answers = new Map<string, AnswerEntry>();
  const answerRows = prepared(
    db,
    `SELECT question_id, answer, comment, in_force_since, confidence
     FROM ${schema}.staged_answers WHERE n = ? ORDER BY position`,
  ).all(n) as StagedAnswerRow[];
  for (const a of answerRows)
    answers.set(a.question_id, {
      answer: a.answer,
      sources: [],
      comment: a.comment,
      inForceSince: a.in_force_since,
      confidence: a.confidence as AnswerEntry['confidence'],
    });
  const sources = prepared(
    db,
    `SELECT question_id, title, article, url, date FROM ${schema}.staged_sources WHERE n = ? ORDER BY seq`,
  ).all(n) as ({ question_id: string } & AnswerEntry['sources'][number])[];
  for (const { question_id, ...source } of sources) answers.get(question_id)!.sources.push(source);
  const sheet: SheetData = {
    questionnaire: { id: row.questionnaire_id, version: row.questionnaire_version },
    country: row.country,
    edition: row.edition_id,
    status: row.status as SheetStatus,
    illustrative: row.illustrative === 1,
    coders,
    answers,
  };
  return { n, sheet, coderKey: row.coder_key, user: row.updated_by, reason: row.reason };
}

interface StagedSheetRow {
  country: string;
  edition_id: string;
  coder_key: string;
  status: string;
  illustrative: number;
  questionnaire_id: string;
  questionnaire_version: string;
  updated_by: string;
  reason: string;
}

interface StagedAnswerRow {
  question_id: string;
  answer: string;
  comment: string | null;
  in_force_since: string | null;
  confidence: string | null;
}

/** Empties the TEMP staging tables (their rows would otherwise stay until the connection closes). */
export function clearStagedSheets(db: Db): void {
  db.exec(STAGING_TABLES('temp'));
  for (const table of STAGED) db.exec(`DELETE FROM temp.${table}`);
}
