/**
 * Reviewers' decisions on a sheet (approved, changes requested), append-only. A decision changes
 * only the status, and a status change writes no answer history, so without this record nobody
 * could tell later who approved what a published number rests on, or why changes were asked for.
 */
import { now, type Db } from './database.js';

export const DECISIONS = ['approved', 'changes-requested'] as const;
export type ReviewDecision = (typeof DECISIONS)[number];

export interface DecisionRecord {
  id: number;
  /** The sheet revision the reviewer saw and decided on. */
  sheetRevision: number;
  decision: ReviewDecision;
  userName: string;
  userEmail: string;
  reason: string | null;
  decidedAt: string;
}

export function recordDecision(
  db: Db,
  input: {
    sheetId: number;
    sheetRevision: number;
    decision: ReviewDecision;
    userId: number;
    reason: string | null;
  },
): void {
  db.prepare(
    `INSERT INTO review_decisions (sheet_id, sheet_revision, decision, user_id, reason, decided_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    input.sheetId,
    input.sheetRevision,
    input.decision,
    input.userId,
    input.reason === '' ? null : input.reason,
    now(),
  );
}

/** The decisions on a sheet, oldest first. */
export function decisionsOf(db: Db, sheetId: number): DecisionRecord[] {
  return db
    .prepare(
      `SELECT d.id, d.sheet_revision AS sheetRevision, d.decision, u.name AS userName,
              u.email AS userEmail, d.reason, d.decided_at AS decidedAt
       FROM review_decisions d JOIN users u ON u.id = d.user_id
       WHERE d.sheet_id = ? ORDER BY d.id`,
    )
    .all(sheetId) as DecisionRecord[];
}
