/**
 * Reviewers' decisions on a sheet (approved, changes requested), append-only. A decision changes
 * only the status, and a status change writes no answer history, so without this record nobody
 * could tell later who approved what a published number rests on, or why changes were asked for.
 * A decision is taken by a workspace account, or at the command line (`policy-index approve`)
 * by the operator, who has no account and is recorded by name.
 */
import { now, type Db } from './database.js';
import { saveSheetInTransaction, type SaveRequest } from './sheet-repository.js';

export const DECISIONS = ['approved', 'changes-requested'] as const;
export type ReviewDecision = (typeof DECISIONS)[number];

export interface DecisionRecord {
  id: number;
  /** The sheet revision the reviewer saw and decided on. */
  sheetRevision: number;
  decision: ReviewDecision;
  /** The account's name, or the operator's name for a decision taken at the command line. */
  userName: string;
  /** The account's email, or `command line` for a decision taken there. */
  userEmail: string;
  reason: string | null;
  decidedAt: string;
}

/** Who decides: a workspace account, or the operator at the command line, by name. */
export type Decider = { userId: number } | { operator: string };

/** What the review history says instead of an email for a decision taken at the command line. */
export const COMMAND_LINE = 'command line';

export function recordDecision(
  db: Db,
  input: {
    sheetId: number;
    sheetRevision: number;
    decision: ReviewDecision;
    reason: string | null;
  } & Decider,
): void {
  db.prepare(
    `INSERT INTO review_decisions (sheet_id, sheet_revision, decision, user_id, operator, reason, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    input.sheetId,
    input.sheetRevision,
    input.decision,
    'userId' in input ? input.userId : null,
    'operator' in input ? input.operator : null,
    input.reason === '' ? null : input.reason,
    now(),
  );
}

/** The decisions on a sheet, oldest first. */
export function decisionsOf(db: Db, sheetId: number): DecisionRecord[] {
  return db
    .prepare(
      `SELECT d.id, d.sheet_revision AS sheetRevision, d.decision,
              COALESCE(u.name, d.operator) AS userName, COALESCE(u.email, ?) AS userEmail,
              d.reason, d.decided_at AS decidedAt
       FROM review_decisions d LEFT JOIN users u ON u.id = d.user_id
       WHERE d.sheet_id = ? ORDER BY d.id`,
    )
    .all(COMMAND_LINE, sheetId) as DecisionRecord[];
}

/**
 * Saves the sheets a review decision changes and records the decision on each, all in one
 * transaction: the decision is on the revision each request is based on.
 */
export function saveWithDecisions(
  db: Db,
  requests: readonly (SaveRequest & { sheetId: number })[],
  decision: { decision: ReviewDecision; reason: string | null } & Decider,
): void {
  db.transaction(() => {
    for (const { sheetId, ...request } of requests) {
      recordDecision(db, { ...decision, sheetId, sheetRevision: request.baseRevision! });
      saveSheetInTransaction(db, request);
    }
  }).immediate();
}
