/**
 * Answer sheets in the database. Every save names the revision it was based on; a save based on
 * a stale revision is refused with a `SheetConflictError` that says who changed what since, and
 * stores nothing. Every change of an answer is appended to `answer_history` with who, when, why,
 * before and after — except the entry of a new answer, which is not copied (see
 * `answerHistory`).
 */
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

interface AnswerRow {
  question_id: string;
  answer: string;
  comment: string | null;
  in_force_since: string | null;
  confidence: AnswerEntry['confidence'];
}

interface SourceRow {
  question_id: string;
  title: string;
  article: string | null;
  url: string | null;
  date: string | null;
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
  const answers = prepared(
    db,
    'SELECT question_id, answer, comment, in_force_since, confidence FROM answers WHERE sheet_id = ? ORDER BY position',
  ).all(row.id) as AnswerRow[];
  const sources = prepared(
    db,
    'SELECT question_id, title, article, url, date FROM answer_sources WHERE sheet_id = ? ORDER BY question_id, position',
  ).all(row.id) as SourceRow[];
  const coders = storedCoders(db, row.id);
  const questionnaire = prepared(
    db,
    `SELECT q.questionnaire_id AS id, q.version FROM editions e JOIN questionnaire_versions q ON q.id = e.questionnaire_version_id WHERE e.id = ?`,
  ).get(row.edition_id) as { id: string; version: string };
  const sourcesOf = new Map<string, AnswerEntry['sources']>();
  for (const s of sources) {
    const list = sourcesOf.get(s.question_id) ?? [];
    list.push({ title: s.title, article: s.article, url: s.url, date: s.date });
    sourcesOf.set(s.question_id, list);
  }
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
      answers: new Map(
        answers.map((a) => [a.question_id, entryOf(a, sourcesOf.get(a.question_id) ?? [])]),
      ),
    },
  };
}

/** An answer's entry from its row and its sources, keys in the order `JSON.stringify` keeps. */
function entryOf(a: Omit<AnswerRow, 'question_id'>, sources: AnswerEntry['sources']): AnswerEntry {
  return {
    answer: a.answer,
    sources,
    comment: a.comment,
    inForceSince: a.in_force_since,
    confidence: a.confidence,
  };
}

/** The stored entry of one answer of sheet `sheetId`, or null when it has none. */
function storedEntry(db: Db, sheetId: number, questionId: string): AnswerEntry | null {
  const answer = prepared(
    db,
    'SELECT answer, comment, in_force_since, confidence FROM answers WHERE sheet_id = ? AND question_id = ?',
  ).get(sheetId, questionId) as Omit<AnswerRow, 'question_id'> | undefined;
  if (!answer) return null;
  const sources = prepared(
    db,
    'SELECT title, article, url, date FROM answer_sources WHERE sheet_id = ? AND question_id = ? ORDER BY position',
  ).all(sheetId, questionId) as AnswerEntry['sources'];
  return entryOf(answer, sources);
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
  /** `after` is null when the answer is removed, and for a new answer (`before` null too). */
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
    history: changed.map((questionId) => {
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
  let sheetId: number;
  let revision: number;
  if (!current) {
    const result = prepared(
      db,
      `INSERT INTO sheets (country, edition_id, coder_key, status, illustrative, revision, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
    ).run(
      key.country,
      key.edition,
      key.coderKey,
      sheet.status,
      sheet.illustrative ? 1 : 0,
      at,
      user,
    );
    sheetId = Number(result.lastInsertRowid);
    revision = 1;
  } else {
    sheetId = current.id;
    revision = current.revision + 1;
    prepared(
      db,
      'UPDATE sheets SET status = ?, illustrative = ?, revision = ?, updated_at = ?, updated_by = ? WHERE id = ?',
    ).run(sheet.status, sheet.illustrative ? 1 : 0, revision, at, user, sheetId);
    prepared(db, 'DELETE FROM sheet_coders WHERE sheet_id = ?').run(sheetId);
  }
  insertCoders(db, sheetId, sheet.coders);

  const order = new Map([...sheet.answers.keys()].map((id, i) => [id, i]));
  const deleteAnswer = prepared(db, 'DELETE FROM answers WHERE sheet_id = ? AND question_id = ?');
  for (const questionId of plan.changed) {
    if (current) deleteAnswer.run(sheetId, questionId);
    const after = sheet.answers.get(questionId);
    if (after) insertAnswer(db, sheetId, questionId, order.get(questionId)!, after);
  }
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
  if (current) keepOrder(db, sheetId, order);
  return { sheetId, revision, changed: plan.changed, created: !current };
}

/**
 * Keeps the stored order of unchanged answers in step with the sheet's order (changed answers
 * were just written at their position).
 */
function keepOrder(db: Db, sheetId: number, order: ReadonlyMap<string, number>): void {
  const reorder = prepared(
    db,
    'UPDATE answers SET position = ? WHERE sheet_id = ? AND question_id = ?',
  );
  const positions = prepared(
    db,
    'SELECT question_id AS questionId, position FROM answers WHERE sheet_id = ?',
  ).all(sheetId) as { questionId: string; position: number }[];
  for (const { questionId, position } of positions) {
    const wanted = order.get(questionId);
    if (wanted !== undefined && wanted !== position) reorder.run(wanted, sheetId, questionId);
  }
}

function insertCoders(db: Db, sheetId: number, coders: readonly Coder[]): void {
  const insert = prepared(
    db,
    'INSERT INTO sheet_coders (sheet_id, position, name, email) VALUES (?, ?, ?, ?)',
  );
  coders.forEach((coder, i) => insert.run(sheetId, i, coder.name, coder.email));
}

function insertAnswer(
  db: Db,
  sheetId: number,
  questionId: string,
  position: number,
  entry: AnswerEntry,
): void {
  prepared(
    db,
    'INSERT INTO answers (sheet_id, question_id, position, answer, comment, in_force_since, confidence) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    sheetId,
    questionId,
    position,
    entry.answer,
    entry.comment,
    entry.inForceSince,
    entry.confidence,
  );
  const insertSource = prepared(
    db,
    'INSERT INTO answer_sources (sheet_id, question_id, position, title, article, url, date) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  entry.sources.forEach((s, i) =>
    insertSource.run(sheetId, questionId, i, s.title, s.article, s.url, s.date),
  );
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
    questionId: string;
    changedBy: string;
    changedAt: string;
  }[];
  const latest = new Map(changes.map((c) => [c.questionId, c]));
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
 */
export function answerHistory(db: Db, key: SheetKey, questionId: string): HistoryEntry[] {
  const row = sheetRow(db, key);
  if (!row) return [];
  const rows = db
    .prepare(
      `SELECT revision, changed_at, changed_by, reason, before, after FROM answer_history
       WHERE sheet_id = ? AND question_id = ? ORDER BY id`,
    )
    .all(row.id, questionId) as {
    revision: number;
    changed_at: string;
    changed_by: string;
    reason: string | null;
    before: string | null;
    after: string | null;
  }[];
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
    change.after = history[i + 1]?.before ?? storedEntry(db, row.id, questionId);
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
