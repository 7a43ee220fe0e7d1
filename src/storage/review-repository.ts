import { now, type Db } from './database.js';

export interface ReviewComment {
  id: number;
  questionId: string | null;
  author: string;
  role: string;
  body: string;
  createdAt: string;
}

export function addComment(
  db: Db,
  sheetId: number,
  authorId: number,
  questionId: string | null,
  body: string,
): void {
  db.prepare(
    'INSERT INTO review_comments (sheet_id, question_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(sheetId, questionId, authorId, body, now());
}

export function commentsOf(db: Db, sheetId: number): ReviewComment[] {
  return db
    .prepare(
      `SELECT c.id, c.question_id AS questionId, u.name AS author, u.role, c.body, c.created_at AS createdAt
       FROM review_comments c JOIN users u ON u.id = c.author_id WHERE c.sheet_id = ? ORDER BY c.id`,
    )
    .all(sheetId) as ReviewComment[];
}

/**
 * An answer copied from an earlier edition that nobody has confirmed yet: the edition it came
 * from and that edition's reference date (sources older than it deserve a second look).
 */
export interface CarriedAnswer {
  from: string;
  referenceDate: string | null;
}

/** The sheet's unconfirmed carried answers, by question. */
export function carriedAnswers(db: Db, sheetId: number): Map<string, CarriedAnswer> {
  const rows = db
    .prepare(
      `SELECT c.question_id, c.from_edition, e.reference_date FROM carried_forward c
       LEFT JOIN editions e ON e.id = c.from_edition WHERE c.sheet_id = ?`,
    )
    .all(sheetId) as { question_id: string; from_edition: string; reference_date: string | null }[];
  return new Map(
    rows.map((r) => [r.question_id, { from: r.from_edition, referenceDate: r.reference_date }]),
  );
}

/** The sheet's unconfirmed carried answers: question → edition it was carried from. */
export function carriedForward(db: Db, sheetId: number): Map<string, string> {
  return new Map([...carriedAnswers(db, sheetId)].map(([id, c]) => [id, c.from]));
}

export function markCarried(
  db: Db,
  sheetId: number,
  questionIds: readonly string[],
  fromEdition: string,
): void {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO carried_forward (sheet_id, question_id, from_edition) VALUES (?, ?, ?)',
  );
  for (const id of questionIds) insert.run(sheetId, id, fromEdition);
}

/** Marks carried answers as confirmed (or changed on purpose): they count as answered again. */
export function confirmCarried(db: Db, sheetId: number, questionIds: readonly string[]): void {
  const remove = db.prepare('DELETE FROM carried_forward WHERE sheet_id = ? AND question_id = ?');
  for (const id of questionIds) remove.run(sheetId, id);
}
