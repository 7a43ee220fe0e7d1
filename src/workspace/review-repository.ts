import { now, type Db } from '../storage/database.js';

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

export function carriedForward(db: Db, sheetId: number): Map<string, string> {
  const rows = db
    .prepare('SELECT question_id, from_edition FROM carried_forward WHERE sheet_id = ?')
    .all(sheetId) as {
    question_id: string;
    from_edition: string;
  }[];
  return new Map(rows.map((r) => [r.question_id, r.from_edition]));
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

export function confirmCarried(db: Db, sheetId: number, questionIds: readonly string[]): void {
  const remove = db.prepare('DELETE FROM carried_forward WHERE sheet_id = ? AND question_id = ?');
  for (const id of questionIds) remove.run(sheetId, id);
}
