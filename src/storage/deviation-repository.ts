/**
 * Deviations from the skip logic that were published as coded: data coded elsewhere (MIPEX's own
 * workbooks, say) sometimes answers a follow-up question the skip logic would not ask, or leaves
 * out one it would. Approved as coded (`approve --as-coded`, or a coordinator's approval of an
 * imported sheet), such answers are published unchanged, and each deviation is recorded with the
 * snapshot: which country, which question, what the skip logic says. Never fixed, never hidden.
 */
import { skipLogicDeviations, type DeviationCode } from '../answers/check-sheet.js';
import type { AnswerEntry } from '../answers/types.js';
import type { Questionnaire } from '../questionnaire/types.js';
import type { Db } from './database.js';

export interface Deviation {
  country: string;
  questionId: string;
  kind: DeviationCode;
  /** The answer as published (null: none). */
  answer: string | null;
  /** The question's skip logic as written in the questionnaire (null: asked always). */
  condition: string | null;
}

/** The deviations of sheets' answers from the questionnaire's skip logic, country by country. */
export function deviationsOf(
  questionnaire: Questionnaire,
  sheets: readonly { country: string; answers: Readonly<Record<string, AnswerEntry>> }[],
): Deviation[] {
  return sheets.flatMap((sheet) =>
    skipLogicDeviations(questionnaire, { answers: new Map(Object.entries(sheet.answers)) }).map(
      (deviation) => ({
        country: sheet.country,
        questionId: deviation.question.id,
        kind: deviation.code,
        answer: sheet.answers[deviation.question.id]?.answer ?? null,
        condition: deviation.question.appliesIf?.source ?? null,
      }),
    ),
  );
}

/** Records the deviations published with a snapshot (inside the publishing transaction). */
export function recordDeviations(
  db: Db,
  snapshotId: number,
  deviations: readonly Deviation[],
): void {
  const insert = db.prepare(
    `INSERT INTO snapshot_deviations (snapshot_id, country, question_id, kind, answer, condition)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (const d of deviations)
    insert.run(snapshotId, d.country, d.questionId, d.kind, d.answer, d.condition);
}

/** The deviations published with a snapshot, by country then question order of recording. */
export function snapshotDeviations(db: Db, snapshotId: number): Deviation[] {
  return (
    db
      .prepare(
        `SELECT country, question_id, kind, answer, condition FROM snapshot_deviations
         WHERE snapshot_id = ? ORDER BY country, rowid`,
      )
      .all(snapshotId) as {
      country: string;
      question_id: string;
      kind: DeviationCode;
      answer: string | null;
      condition: string | null;
    }[]
  ).map((row) => ({
    country: row.country,
    questionId: row.question_id,
    kind: row.kind,
    answer: row.answer,
    condition: row.condition,
  }));
}
