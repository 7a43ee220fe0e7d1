/**
 * Answer sheets in the database. Every save names the revision it was based on; a save based on
 * a stale revision is refused with a `SheetConflictError` that says who changed what since, and
 * stores nothing. Every change of an answer is appended to `answer_history` with who, when, why,
 * before and after — except the entry of a new answer, which is not copied, and the creation of
 * a sheet, one row for all its answers (see `answerHistory`).
 *
 * A sheet's answers are stored as one JSON text (`sheet_answers`, answers/answers-json.ts): a
 * sheet is read whole and written whole.
 */
import { answersFromJson, answersToJson } from '../answers/answers-json.js';
import type { AnswerEntry, AnswerSheet, Coder, SheetStatus } from '../answers/types.js';
import { OFFICIAL_CODER } from '../answers/sheet-file-name.js';
import { ConflictError, issueAt, NOWHERE } from '../issues/issue.js';
import { now, prepared, type Db } from './database.js';

export { OFFICIAL_CODER };

export type SheetData = Omit<AnswerSheet, 'file'>;

export interface StoredSheet {
  id: number;
  coderKey: string;
  revision: number;
  updatedAt: string;
  updatedBy: string;
  sheet: AnswerSheet;
}

export interface SheetKey {
  country: string;
  edition: string;
  coderKey?: string;
}

export interface SaveRequest {
  sheet: SheetData;
  coderKey?: string;
  /** The revision the change was based on; `null` when creating a sheet that should not exist. */
  baseRevision: number | null;
  user: string;
  reason?: string;
}

export interface SaveResult {
  sheetId: number;
  revision: number;
  /** Ids of the questions whose answer changed. */
  changed: string[];
  created: boolean;
}

export interface HistoryEntry {
  revision: number;
  changedAt: string;
  changedBy: string;
  reason: string | null;
  before: AnswerEntry | null;
  after: AnswerEntry | null;
}

/**
 * A save based on a revision that is no longer the current one. Nothing was stored. Its issue
 * (`sheet-conflict`) says who changed what since; the message adds that nothing was saved.
 */
export class SheetConflictError extends ConflictError {
  constructor(
    readonly key: Required<SheetKey>,
    readonly baseRevision: number | null,
    readonly currentRevision: number,
    readonly updatedBy: string,
    readonly updatedAt: string,
    /** Questions changed since the base revision, with who changed them last. */
    readonly changedSince: { questionId: string; changedBy: string; changedAt: string }[],
  ) {
    const what = `${key.country} ${key.edition} was changed by ${updatedBy} at ${updatedAt} (revision ${currentRevision}; your changes were based on ${
      baseRevision === null ? 'no revision' : `revision ${baseRevision}`
    })${changedSince.length > 0 ? `: ${changedSince.map((c) => c.questionId).join(', ')}` : ''}`;
    super([issueAt(NOWHERE, 'sheet-conflict', what)], `${what}. Nothing was saved.`);
    this.name = 'SheetConflictError';
  }
}

interface SheetRow {
  id: number;
  country: string;
  edition_id: string;
  coder_key: string;
  status: SheetStatus;
  illustrative: number;
  revision: number;
  updated_at: string;
  updated_by: string;
}

const SHEET_COLUMNS =
  'id, country, edition_id, coder_key, status, illustrative, revision, updated_at, updated_by';

function sheetRow(db: Db, key: SheetKey): SheetRow | undefined {
  return prepared(
    db,
    `SELECT ${SHEET_COLUMNS} FROM sheets WHERE country = ? AND edition_id = ? AND coder_key = ?`,
  ).get(key.country, key.edition, key.coderKey ?? OFFICIAL_CODER) as SheetRow | undefined;
}

/** The current revision of a sheet, or `null` when it does not exist (without reading it). */
export function sheetRevision(db: Db, key: SheetKey): number | null {
  return sheetRow(db, key)?.revision ?? null;
}

export function getSheet(db: Db, key: SheetKey): StoredSheet | null {
  const row = sheetRow(db, key);
  return row ? hydrate(db, row) : null;
}

/** Sheets of an edition (or of all editions), official ones only unless `allCoders`. */
export function listSheets(
  db: Db,
  options: { edition?: string; allCoders?: boolean } = {},
): StoredSheet[] {
  const rows = db
    .prepare(
      `SELECT ${SHEET_COLUMNS} FROM sheets
       WHERE (@edition IS NULL OR edition_id = @edition) AND (@all = 1 OR coder_key = @official)
       ORDER BY edition_id, country, coder_key`,
    )
    .all({
      edition: options.edition ?? null,
      all: options.allCoders ? 1 : 0,
      official: OFFICIAL_CODER,
    }) as SheetRow[];
  return rows.map((row) => hydrate(db, row));
}

function hydrate(db: Db, row: SheetRow): StoredSheet {
  const coders = storedCoders(db, row.id);
  const questionnaire = prepared(
    db,
    `SELECT q.questionnaire_id AS id, q.version FROM editions e JOIN questionnaire_versions q ON q.id = e.questionnaire_version_id WHERE e.id = ?`,
  ).get(row.edition_id) as { id: string; version: string };
  return {
    id: row.id,
    coderKey: row.coder_key,
    revision: row.revision,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    sheet: {
      file: `database:${row.edition_id}/${row.country}${row.coder_key === OFFICIAL_CODER ? '' : `.${row.coder_key}`}`,
      questionnaire,
      country: row.country,
      edition: row.edition_id,
      status: row.status,
      illustrative: row.illustrative === 1,
      coders,
      answers: storedAnswers(db, row.id),
    },
  };
}

/** The stored answers of sheet `sheetId`, in its order. */
function storedAnswers(db: Db, sheetId: number): Map<string, AnswerEntry> {
  const row = prepared(db, 'SELECT answers FROM sheet_answers WHERE sheet_id = ?').get(sheetId) as
    { answers: string } | undefined;
  return row ? answersFromJson(row.answers) : new Map();
}

function storedCoders(db: Db, sheetId: number): Coder[] {
  return prepared(
    db,
    'SELECT name, email FROM sheet_coders WHERE sheet_id = ? ORDER BY position',
  ).all(sheetId) as Coder[];
}

/**
 * Saves a sheet: creates it, or applies the differences to the stored one if `baseRevision` is
 * still current. Runs in one IMMEDIATE transaction (it takes the write lock first, so two savers
 * are serialised and the second sees the first's revision). Unchanged content is not a change:
 * the revision stays and no history is written.
 */
export function saveSheet(db: Db, request: SaveRequest): SaveResult {
  return db.transaction(() => saveSheetInTransaction(db, request)).immediate();
}

/** Saves several sheets in one IMMEDIATE transaction: all of them, or none (a conflict throws). */
export function saveSheets(db: Db, requests: readonly SaveRequest[]): SaveResult[] {
  return db
    .transaction(() => requests.map((request) => saveSheetInTransaction(db, request)))
    .immediate();
}

/** The body of `saveSheet`, for callers that already hold a transaction (bulk imports). */
export function saveSheetInTransaction(db: Db, request: SaveRequest): SaveResult {
  return applySave(db, planSave(db, request));
}

/**
 * A save worked out against the sheet as stored at one revision: which answers change, and the
 * history rows already serialised. Working it out only reads, so a bulk import does it for every
 * sheet before it takes the write lock, and holds the lock only to write (`applySave`).
 */
export interface SavePlan {
  request: SaveRequest;
  key: Required<SheetKey>;
  /** The stored sheet the plan was made against; `null`: the sheet did not exist. */
  basedOn: { id: number; revision: number } | null;
  /** Ids of the questions whose answer changes. */
  changed: string[];
  /** Whether anything is to be written (answers, status, illustrative flag or coders). */
  changes: boolean;
  /**
   * One row per changed answer of a stored sheet (none for a new sheet: its creation is one row,
   * `writeNewSheet`). `after` is null when the answer is removed, and for a new answer (`before`
   * null too).
   */
  history: { questionId: string; before: string | null; after: string | null }[];
}

/**
 * Works out a save without writing: refuses with `SheetConflictError` when `baseRevision` is not
 * the stored revision. Only reads; call it inside a (read) transaction so that what it reads is
 * one snapshot.
 */
export function planSave(db: Db, request: SaveRequest): SavePlan {
  const { sheet } = request;
  const key = {
    country: sheet.country,
    edition: sheet.edition,
    coderKey: request.coderKey ?? OFFICIAL_CODER,
  };
  const existing = sheetRow(db, key);
  if (!existing && request.baseRevision !== null && request.baseRevision !== 0)
    throw new SheetConflictError(key, request.baseRevision, 0, 'nobody', now(), []);
  if (existing && request.baseRevision !== existing.revision)
    throw conflict(db, key, request.baseRevision, existing);
  const before = existing ? hydrate(db, existing).sheet.answers : new Map<string, AnswerEntry>();
  const changed = changedQuestions(before, sheet.answers);
  const metaChanged =
    !existing ||
    existing.status !== sheet.status ||
    (existing.illustrative === 1) !== sheet.illustrative ||
    !sameCoders(storedCoders(db, existing.id), sheet.coders);
  const json = (entry: AnswerEntry | undefined) => (entry ? JSON.stringify(entry) : null);
  return {
    request,
    key,
    basedOn: existing ? { id: existing.id, revision: existing.revision } : null,
    changed,
    changes: changed.length > 0 || metaChanged,
    // A new answer's entry is not copied into its history row (see `answerHistory`).
    history: (existing ? changed : []).map((questionId) => {
      const was = before.get(questionId);
      return {
        questionId,
        before: json(was),
        after: was ? json(sheet.answers.get(questionId)) : null,
      };
    }),
  };
}

/** Whether two lists name the same coders, in the same order (a missing e-mail is none). */
export function sameCoders(a: readonly Coder[], b: readonly Coder[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (coder, i) => coder.name === b[i]!.name && (coder.email ?? null) === (b[i]!.email ?? null),
    )
  );
}

/**
 * Writes a planned save; the caller holds the write transaction. Refuses with
 * `SheetConflictError` if the sheet is no longer at the revision the plan was made against
 * (plan again then). A new sheet starts at revision 1; a changed one goes up by one; an
 * unchanged one keeps its revision and gets no history.
 */
export function applySave(db: Db, plan: SavePlan): SaveResult {
  const { request, key, basedOn } = plan;
  const { sheet, user } = request;
  const current = sheetRow(db, key);
  if ((current?.revision ?? null) !== (basedOn?.revision ?? null) || current?.id !== basedOn?.id) {
    if (current) throw conflict(db, key, basedOn?.revision ?? null, current);
    throw new SheetConflictError(key, basedOn?.revision ?? null, 0, 'nobody', now(), []);
  }
  if (current && !plan.changes)
    return { sheetId: current.id, revision: current.revision, changed: [], created: false };

  const at = now();
  if (!current) {
    const sheetId = writeNewSheet(db, {
      key,
      sheet: { ...sheet, answers: answersToJson(sheet.answers) },
      user,
      reason: request.reason ?? null,
      at,
    });
    return { sheetId, revision: 1, changed: plan.changed, created: true };
  }
  const sheetId = current.id;
  const revision = current.revision + 1;
  prepared(
    db,
    'UPDATE sheets SET status = ?, illustrative = ?, revision = ?, updated_at = ?, updated_by = ? WHERE id = ?',
  ).run(sheet.status, sheet.illustrative ? 1 : 0, revision, at, user, sheetId);
  prepared(db, 'DELETE FROM sheet_coders WHERE sheet_id = ?').run(sheetId);
  insertCoders(db, sheetId, sheet.coders);
  // The answers in the sheet's order, whatever changed; written even if the row were missing
  // (every sheet has one), never silently dropped.
  prepared(
    db,
    `INSERT INTO sheet_answers (sheet_id, answers) VALUES (?, ?)
     ON CONFLICT (sheet_id) DO UPDATE SET answers = excluded.answers`,
  ).run(sheetId, answersToJson(sheet.answers));
  const insertHistory = prepared(
    db,
    `INSERT INTO answer_history (sheet_id, question_id, revision, changed_at, changed_by, reason, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const h of plan.history)
    insertHistory.run(
      sheetId,
      h.questionId,
      revision,
      at,
      user,
      request.reason ?? null,
      h.before,
      h.after,
    );
  return { sheetId, revision, changed: plan.changed, created: false };
}

/**
 * A sheet to create, its answers as their stored JSON text (answers/answers-json.ts) or the UTF-8
 * bytes of that text (as a worker thread packs them: bulk/sheet-transfer.ts).
 */
export interface NewSheetRecord {
  key: Required<SheetKey>;
  sheet: Pick<AnswerSheet, 'status' | 'illustrative' | 'coders'> & {
    answers: string | Uint8Array;
  };
  user: string;
  reason: string | null;
  at: string;
}

/**
 * Creates a sheet that does not exist, at revision 1; the caller holds the write transaction and
 * has made sure of that (`sheetRevision`). Its history is one row for all its answers
 * (`question_id` NULL, see `answerHistory`). Returns its id. A bulk import writes each new sheet
 * this way, with the text a worker thread made (bulk/sheet-transfer.ts).
 */
export function writeNewSheet(db: Db, record: NewSheetRecord): number {
  const { key, sheet, user, reason, at } = record;
  const result = prepared(
    db,
    `INSERT INTO sheets (country, edition_id, coder_key, status, illustrative, revision, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
  ).run(key.country, key.edition, key.coderKey, sheet.status, sheet.illustrative ? 1 : 0, at, user);
  const sheetId = Number(result.lastInsertRowid);
  insertCoders(db, sheetId, sheet.coders);
  // Bytes are bound as a BLOB: CAST reads them as the text they are (the database is UTF-8).
  prepared(db, 'INSERT INTO sheet_answers (sheet_id, answers) VALUES (?, CAST(? AS TEXT))').run(
    sheetId,
    sheet.answers,
  );
  prepared(
    db,
    `INSERT INTO answer_history (sheet_id, question_id, revision, changed_at, changed_by, reason, before, after)
     VALUES (?, NULL, 1, ?, ?, ?, NULL, NULL)`,
  ).run(sheetId, at, user, reason);
  return sheetId;
}

function insertCoders(db: Db, sheetId: number, coders: readonly Coder[]): void {
  const insert = prepared(
    db,
    'INSERT INTO sheet_coders (sheet_id, position, name, email) VALUES (?, ?, ?, ?)',
  );
  coders.forEach((coder, i) => insert.run(sheetId, i, coder.name, coder.email));
}

function conflict(
  db: Db,
  key: Required<SheetKey>,
  baseRevision: number | null,
  row: SheetRow,
): SheetConflictError {
  const changes = db
    .prepare(
      `SELECT question_id AS questionId, changed_by AS changedBy, changed_at AS changedAt FROM answer_history
       WHERE sheet_id = ? AND revision > ? ORDER BY id`,
    )
    .all(row.id, baseRevision ?? 0) as {
    questionId: string | null;
    changedBy: string;
    changedAt: string;
  }[];
  const latest = new Map<string, { questionId: string; changedBy: string; changedAt: string }>();
  for (const c of changes) {
    // The creation of the sheet (one row, no question): every answer it was created with, taken
    // as those stored now; a later change of one of them comes after and replaces it.
    const questions = c.questionId === null ? storedAnswers(db, row.id).keys() : [c.questionId];
    for (const questionId of questions) latest.set(questionId, { ...c, questionId });
  }
  return new SheetConflictError(key, baseRevision, row.revision, row.updated_by, row.updated_at, [
    ...latest.values(),
  ]);
}

/**
 * The questions whose entry differs between two answer maps (added, removed or changed): what a
 * save records in the answer history, and what the workspace treats as changed by an upload.
 */
export function changedQuestions(
  before: ReadonlyMap<string, AnswerEntry>,
  after: ReadonlyMap<string, AnswerEntry>,
): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter(
    (id) => !sameEntry(before.get(id), after.get(id)),
  );
}

function sameEntry(a: AnswerEntry | undefined, b: AnswerEntry | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(entry: AnswerEntry) {
  return {
    answer: entry.answer,
    sources: entry.sources.map((s) => [s.title, s.article, s.url, s.date]),
    comment: entry.comment,
    inForceSince: entry.inForceSince,
    confidence: entry.confidence,
  };
}

/**
 * Every change of one answer, oldest first, each with the entry before and after it.
 *
 * The row of a new answer holds no copy of the entry it created (`before` and `after` both null,
 * see `planSave`): that entry is the one the answer kept until its next change — the `before` of
 * that change's row — or, changed no more since, the stored answer. Copied, the entries of an
 * import of 1,000 real-size sheets were half the database's bytes (41 of 80 MB) and a third of
 * the time the import held the write lock. Rows written before this rule keep their copy.
 *
 * The creation of a sheet is one row for all its answers, without a question (`writeNewSheet`):
 * it is this answer's first change when the answer was there from the start — its next change
 * found it there (`before` not null), or, changed no more since, it is stored. Sheets created
 * before this rule keep a row per answer.
 */
export function answerHistory(db: Db, key: SheetKey, questionId: string): HistoryEntry[] {
  const row = sheetRow(db, key);
  if (!row) return [];
  const rows = db
    .prepare(
      `SELECT question_id, revision, changed_at, changed_by, reason, before, after FROM answer_history
       WHERE sheet_id = ? AND (question_id = ? OR question_id IS NULL) ORDER BY id`,
    )
    .all(row.id, questionId) as {
    question_id: string | null;
    revision: number;
    changed_at: string;
    changed_by: string;
    reason: string | null;
    before: string | null;
    after: string | null;
  }[];
  const stored = storedAnswers(db, row.id).get(questionId) ?? null;
  const created = rows[0]?.question_id === null ? rows.shift() : undefined;
  if (created && (rows.length > 0 ? rows[0]!.before !== null : stored !== null))
    rows.unshift(created);
  const parse = (json: string | null) => (json === null ? null : (JSON.parse(json) as AnswerEntry));
  const history: HistoryEntry[] = rows.map((r) => ({
    revision: r.revision,
    changedAt: r.changed_at,
    changedBy: r.changed_by,
    reason: r.reason,
    before: parse(r.before),
    after: parse(r.after),
  }));
  history.forEach((change, i) => {
    if (change.before !== null || change.after !== null) return;
    change.after = history[i + 1]?.before ?? stored;
  });
  return history;
}

/** Marks sheets as published (inside the publishing transaction). */
export function markPublished(db: Db, sheetIds: readonly number[], user: string): void {
  const update = db.prepare(
    "UPDATE sheets SET status = 'published', revision = revision + 1, updated_at = ?, updated_by = ? WHERE id = ? AND status <> 'published'",
  );
  const at = now();
  for (const id of sheetIds) update.run(at, user, id);
}
