/**
 * Users, sessions, password resets and assignments. SQL with bound parameters only. Accounts are
 * never deleted (the history names who changed what): they are disabled.
 */
import { createHash, randomBytes } from 'node:crypto';
import { now, type Db } from './database.js';
import { writeIfFree } from './write-retry.js';
import { hashPasswordSync } from './passwords.js';

export const ROLES = ['admin', 'coordinator', 'expert', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/** A user as managed on the accounts page: also when it was disabled (null: active). */
export interface Account extends User {
  disabledAt: string | null;
}

const ACCOUNT_COLUMNS = 'id, email, name, role, disabled_at AS disabledAt';

export type Task = 'expert' | 'reviewer';
export const TASKS: readonly Task[] = ['expert', 'reviewer'];

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
/** How long a password reset link works. */
export const RESET_HOURS = 24;

/**
 * Creates an account. Request handlers pass `passwordHash`, made with the asynchronous
 * `hashPassword` (null: no password yet, the account cannot sign in until a reset link sets one);
 * the command line and test setup may pass `password`, hashed here synchronously.
 */
export function createUser(
  db: Db,
  input: { email: string; name: string; role: Role } & (
    { password: string } | { passwordHash: string | null }
  ),
): User {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  const hash = 'passwordHash' in input ? input.passwordHash : hashPasswordSync(input.password);
  const result = db
    .prepare(
      'INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(email, name, input.role, hash, now());
  return { id: Number(result.lastInsertRowid), email, name, role: input.role };
}

/** An active account by email, with its password hash (for signing in). */
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

/** Any account by email, disabled ones included (an email can have only one account). */
export function accountByEmail(db: Db, email: string): Account | null {
  const row = db
    .prepare(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE email = ?`)
    .get(email.trim().toLowerCase()) as Account | undefined;
  return row ?? null;
}

export function accountById(db: Db, id: number): Account | null {
  const row = db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = ?`).get(id) as
    Account | undefined;
  return row ?? null;
}

/** Every account, disabled ones included, by email. */
export function listAccounts(db: Db): Account[] {
  return db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM users ORDER BY email`).all() as Account[];
}

/** The users' names by email, for showing who made a change (the history records emails). */
export function namesByEmail(db: Db, emails: readonly string[]): Map<string, string> {
  const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (unique.length === 0) return new Map();
  const rows = db
    .prepare(`SELECT email, name FROM users WHERE email IN (${unique.map(() => '?').join(', ')})`)
    .all(...unique) as { email: string; name: string }[];
  return new Map(rows.map((r) => [r.email.toLowerCase(), r.name]));
}

/** Disables (ending every session) or re-enables an account. */
export function setDisabled(db: Db, userId: number, disabled: boolean): void {
  db.transaction(() => {
    db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(
      disabled ? now() : null,
      userId,
    );
    if (disabled) endSessionsOf(db, userId);
  })();
}

/**
 * Sets a new password hash and ends the user's sessions, except the one given (the session of a
 * user changing their own password stays; every other browser must sign in again).
 */
export function setPassword(
  db: Db,
  userId: number,
  passwordHash: string,
  keepSession: string | null = null,
): void {
  db.transaction(() => {
    db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
    endSessionsOf(db, userId, keepSession);
  })();
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
    // Housekeeping on a read path: skipped while another process holds the write lock (the
    // session is expired either way), so that reading never waits for a writer.
    writeIfFree(db, () => endSession(db, token));
    return null;
  }
  return { user: { id: row.id, email: row.email, name: row.name, role: row.role }, csrf: row.csrf };
}

export function endSession(db: Db, token: string): void {
  db.prepare('DELETE FROM sessions WHERE id = ?').run(tokenHash(token));
}

/** Ends every session of a user, except the one whose cookie token is `except`. */
function endSessionsOf(db: Db, userId: number, except: string | null = null): void {
  db.prepare('DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?').run(
    userId,
    except === null ? null : tokenHash(except),
  );
}

/**
 * A one-time password reset link for a user: a random token (returned once, for the page that
 * shows the link) of which only the hash is stored, valid RESET_HOURS. Earlier unused links of
 * the same user stop working.
 */
export function createPasswordReset(
  db: Db,
  input: { userId: number; createdBy: number },
): { token: string; expiresAt: Date } {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + RESET_HOURS * 3600_000);
  db.transaction(() => {
    db.prepare('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL').run(
      now(),
      input.userId,
    );
    db.prepare(
      'INSERT INTO password_resets (id, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ).run(tokenHash(token), input.userId, input.createdBy, now(), expiresAt.toISOString());
  })();
  return { token, expiresAt };
}

export type ResetLink =
  { state: 'valid'; user: User } | { state: 'unknown' | 'used' | 'expired' | 'disabled' };

/** What a reset token is: usable (for whom), or why not. */
export function passwordReset(db: Db, token: string): ResetLink {
  const row = db
    .prepare(
      `SELECT r.used_at AS usedAt, r.expires_at AS expiresAt, u.disabled_at AS disabledAt,
              u.id, u.email, u.name, u.role
       FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.id = ?`,
    )
    .get(tokenHash(token)) as
    (User & { usedAt: string | null; expiresAt: string; disabledAt: string | null }) | undefined;
  if (!row) return { state: 'unknown' };
  if (row.usedAt !== null) return { state: 'used' };
  if (row.expiresAt <= now()) return { state: 'expired' };
  if (row.disabledAt !== null) return { state: 'disabled' };
  return { state: 'valid', user: { id: row.id, email: row.email, name: row.name, role: row.role } };
}

/**
 * Uses a reset token: sets the password and ends the user's sessions, in one transaction that
 * succeeds only while the token is unused, unexpired and its account enabled (two submissions at
 * once: one wins). Returns whether it did.
 */
export function usePasswordReset(db: Db, token: string, passwordHash: string): boolean {
  return db.transaction(() => {
    const used = db
      .prepare(
        `UPDATE password_resets SET used_at = @now
         WHERE id = @id AND used_at IS NULL AND expires_at > @now
           AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL)
         RETURNING user_id AS userId`,
      )
      .get({ now: now(), id: tokenHash(token) }) as { userId: number } | undefined;
    if (!used) return false;
    setPassword(db, used.userId, passwordHash);
    return true;
  })();
}

export interface AssignmentInput {
  userId: number;
  country: string;
  edition: string;
  strand: string | null;
  task: Task;
}

/** Adds an assignment; an identical one (same user, sheet, strand and task) is kept as is. */
export function createAssignment(db: Db, input: AssignmentInput): void {
  db.transaction(() => {
    if (assignmentExists(db, input)) return;
    db.prepare(
      'INSERT INTO assignments (user_id, country, edition_id, strand_id, task, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(input.userId, input.country, input.edition, input.strand, input.task, now());
  })();
}

/**
 * Whether the same assignment exists (other than `exceptId`). Checked here rather than by the
 * UNIQUE constraint, which treats two assignments of all strands (strand NULL) as different.
 */
export function assignmentExists(db: Db, input: AssignmentInput, exceptId?: number): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM assignments WHERE user_id = ? AND country = ? AND edition_id = ?
         AND strand_id IS ? AND task = ? AND id IS NOT ?`,
      )
      .get(
        input.userId,
        input.country,
        input.edition,
        input.strand,
        input.task,
        exceptId ?? null,
      ) !== undefined
  );
}

const ASSIGNMENT_SELECT = `SELECT a.id, a.user_id AS userId, u.email, a.country, a.edition_id AS edition,
  a.strand_id AS strand, a.task FROM assignments a JOIN users u ON u.id = a.user_id`;

export function assignmentById(db: Db, id: number): Assignment | null {
  return (
    (db.prepare(`${ASSIGNMENT_SELECT} WHERE a.id = ?`).get(id) as Assignment | undefined) ?? null
  );
}

/** Changes the strand and task of an assignment. */
export function updateAssignment(
  db: Db,
  id: number,
  change: { strand: string | null; task: Task },
): void {
  db.prepare('UPDATE assignments SET strand_id = ?, task = ? WHERE id = ?').run(
    change.strand,
    change.task,
    id,
  );
}

export function removeAssignment(db: Db, id: number): void {
  db.prepare('DELETE FROM assignments WHERE id = ?').run(id);
}

export function assignmentsOf(db: Db, userId: number): Assignment[] {
  return db
    .prepare(`${ASSIGNMENT_SELECT} WHERE a.user_id = ? ORDER BY a.edition_id, a.country`)
    .all(userId) as Assignment[];
}

export function allAssignments(db: Db): Assignment[] {
  return db
    .prepare(`${ASSIGNMENT_SELECT} ORDER BY a.edition_id, a.country, u.email`)
    .all() as Assignment[];
}
