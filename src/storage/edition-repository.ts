import { now, type Db } from './database.js';
import { yearReferenceDate } from '../answers/dates.js';

export interface EditionRow {
  id: string;
  reference_date: string;
  questionnaire_version_id: number;
  created_at: string;
}

export function getEdition(db: Db, id: string): EditionRow | null {
  return (
    (db
      .prepare(
        'SELECT id, reference_date, questionnaire_version_id, created_at FROM editions WHERE id = ?',
      )
      .get(id) as EditionRow | undefined) ?? null
  );
}

export function listEditions(db: Db): EditionRow[] {
  return db
    .prepare(
      'SELECT id, reference_date, questionnaire_version_id, created_at FROM editions ORDER BY reference_date, id',
    )
    .all() as EditionRow[];
}

/** Creates an edition (the law in force on `referenceDate`, coded with a questionnaire version). */
export function createEdition(
  db: Db,
  id: string,
  referenceDate: string,
  questionnaireVersionId: number,
): EditionRow {
  db.prepare(
    'INSERT INTO editions (id, reference_date, questionnaire_version_id, created_at) VALUES (?, ?, ?, ?)',
  ).run(id, referenceDate, questionnaireVersionId, now());
  return getEdition(db, id)!;
}

/** The default reference date of an edition named after a year: the 1st of January of that year. */
export function defaultReferenceDate(editionId: string): string | null {
  return yearReferenceDate(editionId);
}

/**
 * Whether scores of two editions may be compared as a trend: only when both are coded with the
 * same questionnaire (instrument), in versions with the same scoring (tree, weights, rules, option
 * scores). Re-wording is fine; two instruments never compare, whatever their scoring.
 */
export function editionsComparable(db: Db, a: string, b: string): boolean {
  const row = db
    .prepare(
      `SELECT COUNT(DISTINCT q.scoring_hash) AS kinds, COUNT(DISTINCT q.questionnaire_id) AS instruments
       FROM editions e
       JOIN questionnaire_versions q ON q.id = e.questionnaire_version_id WHERE e.id IN (?, ?)`,
    )
    .get(a, b) as { kinds: number; instruments: number };
  return row.kinds === 1 && row.instruments === 1;
}
