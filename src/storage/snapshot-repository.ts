/**
 * Published editions. A publication freezes the official sheets of an edition and their scores
 * into an immutable snapshot (the database refuses updates and deletes); a correction publishes a
 * new revision, which must carry a note, and the earlier revisions stay readable.
 */
import { answerMap, type AnswerEntry } from '../answers/types.js';
import { fileIssue, InputError } from '../issues/issue.js';
import { DEFAULT_METHOD, type Method } from '../scoring/method.js';
import { nodeScores, scoreSheet, type NodeScore } from '../scoring/score-sheet.js';
import { now, type Db } from './database.js';
import { getEdition } from './edition-repository.js';
import { questionnaireVersionRow, storedQuestionnaire } from './questionnaire-repository.js';
import { sheetScores } from './score-cache-repository.js';
import { listSheets, markPublished, type StoredSheet } from './sheet-repository.js';

export interface SnapshotSheet {
  country: string;
  edition: string;
  sheetRevision: number;
  illustrative: boolean;
  coders: { name: string; email: string | null }[];
  answers: Record<string, AnswerEntry>;
}

export interface SnapshotScores {
  questionnaire: { id: string; version: string; hash: string; scoring_hash: string };
  method: string;
  computed_at: string;
  results: { country: string; edition: string; nodes: Record<string, NodeScore> }[];
}

export interface Snapshot {
  id: number;
  edition: string;
  revision: number;
  publishedAt: string;
  publishedBy: string;
  note: string | null;
  questionnaireVersionId: number;
  methodId: string;
  sheets: SnapshotSheet[];
  scores: SnapshotScores;
}

/** Sheet statuses that may be published. */
const PUBLISHABLE = new Set(['approved', 'published']);

export interface PublishResult {
  snapshot: Snapshot;
  /** Official sheets of the edition left out because they are not approved yet. */
  excluded: { country: string; status: string }[];
}

function problem(code: string, message: string): InputError {
  return new InputError([fileIssue(null, code, message)]);
}

export function publishEdition(
  db: Db,
  editionId: string,
  options: { note?: string | null; user: string; method?: Method },
): PublishResult {
  const method = options.method ?? DEFAULT_METHOD;
  return db
    .transaction((): PublishResult => {
      const edition = getEdition(db, editionId);
      if (!edition) throw problem('unknown-edition', `no edition "${editionId}"`);
      const all = listSheets(db, { edition: editionId });
      const included = all.filter((s) => PUBLISHABLE.has(s.sheet.status));
      if (included.length === 0) {
        throw problem(
          'nothing-to-publish',
          `edition ${editionId} has no approved sheet to publish`,
        );
      }
      const previous = latestSnapshotRevision(db, editionId);
      const note = options.note?.trim() || null;
      if (previous > 0 && note === null) {
        throw problem(
          'correction-note-required',
          `edition ${editionId} was published before (revision ${previous}): a correction needs a note saying what changed and why`,
        );
      }
      const questionnaire = storedQuestionnaire(db, edition.questionnaire_version_id);
      const version = questionnaireVersionRow(db, edition.questionnaire_version_id)!;
      const scores: SnapshotScores = {
        questionnaire: {
          id: questionnaire.id,
          version: questionnaire.version,
          hash: questionnaire.hash,
          scoring_hash: version.scoring_hash,
        },
        method: method.id,
        computed_at: now(),
        results: included.map((s) => ({
          country: s.sheet.country,
          edition: editionId,
          nodes: sheetScores(db, s, questionnaire, method).nodes,
        })),
      };
      markPublished(
        db,
        included.map((s) => s.id),
        options.user,
      );
      const sheets = included.map((s) => snapshotSheet(s));
      const result = db
        .prepare(
          `INSERT INTO snapshots (edition_id, revision, published_at, published_by, note, questionnaire_version_id, method_id, sheets, scores)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          editionId,
          previous + 1,
          scores.computed_at,
          options.user,
          note,
          edition.questionnaire_version_id,
          method.id,
          JSON.stringify(sheets),
          JSON.stringify(scores),
        );
      return {
        snapshot: getSnapshotById(db, Number(result.lastInsertRowid))!,
        excluded: all
          .filter((s) => !PUBLISHABLE.has(s.sheet.status))
          .map((s) => ({ country: s.sheet.country, status: s.sheet.status })),
      };
    })
    .immediate();
}

function snapshotSheet(stored: StoredSheet): SnapshotSheet {
  return {
    country: stored.sheet.country,
    edition: stored.sheet.edition,
    sheetRevision: stored.revision,
    illustrative: stored.sheet.illustrative,
    coders: stored.sheet.coders,
    answers: Object.fromEntries(stored.sheet.answers),
  };
}

function latestSnapshotRevision(db: Db, editionId: string): number {
  const row = db
    .prepare('SELECT MAX(revision) AS revision FROM snapshots WHERE edition_id = ?')
    .get(editionId) as {
    revision: number | null;
  };
  return row.revision ?? 0;
}

interface SnapshotRow {
  id: number;
  edition_id: string;
  revision: number;
  published_at: string;
  published_by: string;
  note: string | null;
  questionnaire_version_id: number;
  method_id: string;
  sheets: string;
  scores: string;
}

function toSnapshot(row: SnapshotRow): Snapshot {
  return {
    id: row.id,
    edition: row.edition_id,
    revision: row.revision,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    note: row.note,
    questionnaireVersionId: row.questionnaire_version_id,
    methodId: row.method_id,
    sheets: JSON.parse(row.sheets) as SnapshotSheet[],
    scores: JSON.parse(row.scores) as SnapshotScores,
  };
}

function getSnapshotById(db: Db, id: number): Snapshot | null {
  const row = db.prepare('SELECT * FROM snapshots WHERE id = ?').get(id) as SnapshotRow | undefined;
  return row ? toSnapshot(row) : null;
}

/** A published revision of an edition (the latest when `revision` is omitted). */
export function getSnapshot(db: Db, editionId: string, revision?: number): Snapshot | null {
  const row = (
    revision === undefined
      ? db
          .prepare('SELECT * FROM snapshots WHERE edition_id = ? ORDER BY revision DESC LIMIT 1')
          .get(editionId)
      : db
          .prepare('SELECT * FROM snapshots WHERE edition_id = ? AND revision = ?')
          .get(editionId, revision)
  ) as SnapshotRow | undefined;
  return row ? toSnapshot(row) : null;
}

export interface SnapshotSummary {
  id: number;
  edition: string;
  revision: number;
  publishedAt: string;
  publishedBy: string;
  note: string | null;
  countries: number;
}

export function listSnapshots(db: Db): SnapshotSummary[] {
  return db
    .prepare(
      `SELECT id, edition_id AS edition, revision, published_at AS publishedAt, published_by AS publishedBy, note,
                json_array_length(sheets) AS countries
         FROM snapshots ORDER BY edition_id, revision`,
    )
    .all() as SnapshotSummary[];
}

/**
 * Recomputes the scores of a snapshot from its frozen sheets and compares them with what was
 * published: every published number must be reproducible from the answers. Returns the nodes
 * whose recomputed score differs.
 */
export function verifySnapshot(
  db: Db,
  snapshot: Snapshot,
  method: Method = DEFAULT_METHOD,
): string[] {
  const questionnaire = storedQuestionnaire(db, snapshot.questionnaireVersionId);
  const differences: string[] = [];
  for (const sheet of snapshot.sheets) {
    const recomputed = nodeScores(
      scoreSheet(
        questionnaire,
        answerMap({ answers: new Map(Object.entries(sheet.answers)) }),
        method,
      ),
    );
    const published = snapshot.scores.results.find((r) => r.country === sheet.country)?.nodes ?? {};
    for (const [id, node] of Object.entries(recomputed)) {
      if (published[id]?.score !== node.score)
        differences.push(`${sheet.country} ${snapshot.edition} ${id}`);
    }
  }
  return differences;
}
