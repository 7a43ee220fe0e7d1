/** Users, sessions, login throttling and assignments. SQL with bound parameters only. */
import { createHash, randomBytes } from 'node:crypto';
import { now, type Db } from '../storage/database.js';
import { hashPassword } from './passwords.js';

export const ROLES = ['admin', 'coordinator', 'expert', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
}

export interface Assignment {
  id: number;
  userId: number;
  email: string;
  country: string;
  edition: string;
  strand: string | null;
  task: 'expert' | 'reviewer';
}

export const SESSION_HOURS = 12;
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MINUTES = 15;

export function createUser(
  db: Db,
  input: { email: string; name: string; role: Role; password: string },
): User {
  const result = db
    .prepare(
      'INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(
      input.email.trim().toLowerCase(),
      input.name.trim(),
      input.role,
      hashPassword(input.password),
      now(),
    );
  return {
    id: Number(result.lastInsertRowid),
    email: input.email.trim().toLowerCase(),
    name: input.name.trim(),
    role: input.role,
  };
}

export function userByEmail(
  db: Db,
  email: string,
): (User & { passwordHash: string | null }) | null {
  const row = db
    .prepare(
      'SELECT id, email, name, role, password_hash AS passwordHash FROM users WHERE email = ? AND disabled_at IS NULL',
    )
    .get(email.trim().toLowerCase()) as (User & { passwordHash: string | null }) | undefined;
  return row ?? null;
}

export function listUsers(db: Db): User[] {
  return db
    .prepare('SELECT id, email, name, role FROM users WHERE disabled_at IS NULL ORDER BY email')
    .all() as User[];
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a session: a fresh random token (for the cookie) and CSRF token. */
export function createSession(
  db: Db,
  userId: number,
): { token: string; csrf: string; expiresAt: Date } {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  db.prepare(
    'INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  ).run(tokenHash(token), userId, csrf, now(), expiresAt.toISOString());
  return { token, csrf, expiresAt };
}

export function sessionUser(db: Db, token: string): { user: User; csrf: string } | null {
  const row = db
    .prepare(
      `SELECT u.id, u.email, u.name, u.role, s.csrf_token AS csrf, s.expires_at AS expiresAt
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND u.disabled_at IS NULL`,
    )
    .get(tokenHash(token)) as (User & { csrf: string; expiresAt: string }) | undefined;
  if (!row) return null;
  if (row.expiresAt <= new Date().toISOString()) {
    endSession(db, token);
    return null;
  }
  return { user: { id: row.id, email: row.email, name: row.name, role: row.role }, csrf: row.csrf };
}

export function endSession(db: Db, token: string): void {
  db.prepare('DELETE FROM sessions WHERE id = ?').run(tokenHash(token));
}

/** Whether `key` (email and address) has failed too often lately; refuses further tries if so. */
export function loginThrottled(db: Db, key: string): boolean {
  const since = new Date(Date.now() - FAILURE_WINDOW_MINUTES * 60_000).toISOString();
  const row = db
    .prepare('SELECT COUNT(*) AS n FROM login_failures WHERE key = ? AND at > ?')
    .get(key, since) as { n: number };
  return row.n >= MAX_FAILURES;
}

export function recordLoginFailure(db: Db, key: string): void {
  db.prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)').run(key, now());
}

export function clearLoginFailures(db: Db, key: string): void {
  db.prepare('DELETE FROM login_failures WHERE key = ?').run(key);
}

export function createAssignment(
  db: Db,
  input: {
    userId: number;
    country: string;
    edition: string;
    strand: string | null;
    task: 'expert' | 'reviewer';
  },
): void {
  db.prepare(
    'INSERT OR IGNORE INTO assignments (user_id, country, edition_id, strand_id, task, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(input.userId, input.country, input.edition, input.strand, input.task, now());
}

export function assignmentsOf(db: Db, userId: number): Assignment[] {
  return db
    .prepare(
      `SELECT a.id, a.user_id AS userId, u.email, a.country, a.edition_id AS edition, a.strand_id AS strand, a.task
       FROM assignments a JOIN users u ON u.id = a.user_id WHERE a.user_id = ? ORDER BY a.edition_id, a.country`,
    )
    .all(userId) as Assignment[];
}

export function allAssignments(db: Db): Assignment[] {
  return db
    .prepare(
      `SELECT a.id, a.user_id AS userId, u.email, a.country, a.edition_id AS edition, a.strand_id AS strand, a.task
       FROM assignments a JOIN users u ON u.id = a.user_id ORDER BY a.edition_id, a.country, u.email`,
    )
    .all() as Assignment[];
}
