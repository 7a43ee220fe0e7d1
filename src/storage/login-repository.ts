/**
 * Failed sign-ins and known browsers (device cookies), for the throttle in `login-throttle.ts`.
 * SQL with bound parameters only. Failures older than the window are deleted as new ones are
 * recorded, so the table stays as small as the limits allow.
 */
import { createHash, randomBytes } from 'node:crypto';
import { now, type Db } from './database.js';
import { LOGIN_LIMITS, type FailureCounts } from './login-limits.js';

/** How long a browser stays known after signing in. */
const DEVICE_DAYS = 90;

export interface Attempt {
  email: string;
  address: string;
  /** The hash of the device cookie sent, when it is valid for the account tried. */
  device: string | null;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const windowStart = () => new Date(Date.now() - LOGIN_LIMITS.windowMinutes * 60_000).toISOString();

/** The failures within the window that the throttle weighs for this attempt. */
export function failureCounts(db: Db, attempt: Attempt): FailureCounts {
  const since = windowStart();
  const row = db
    .prepare(
      `SELECT COUNT(*) AS overall,
              COALESCE(SUM(email = @email), 0) AS account,
              COALESCE(SUM(address = @address), 0) AS address,
              COALESCE(SUM(email = @email AND address = @address), 0) AS pair
       FROM login_failures WHERE at > @since AND device IS NULL`,
    )
    .get({ email: attempt.email, address: attempt.address, since }) as Omit<
    FailureCounts,
    'device'
  >;
  const device =
    attempt.device === null
      ? null
      : (
          db
            .prepare('SELECT COUNT(*) AS n FROM login_failures WHERE device = ? AND at > ?')
            .get(attempt.device, since) as { n: number }
        ).n;
  return { ...row, device };
}

export function recordLoginFailure(db: Db, attempt: Attempt): void {
  db.transaction(() => {
    db.prepare('DELETE FROM login_failures WHERE at <= ?').run(windowStart());
    db.prepare('INSERT INTO login_failures (email, address, device, at) VALUES (?, ?, ?, ?)').run(
      attempt.email,
      attempt.address,
      attempt.device,
      now(),
    );
  })();
}

/**
 * After a successful sign-in: the user's own recent mistakes from this address (or browser) are
 * forgotten. Failures counted against the account or the address as a whole stay until they age
 * out, so that one successful sign-in does not hand a guesser a fresh allowance.
 */
export function clearLoginFailures(db: Db, attempt: Attempt): void {
  db.prepare('DELETE FROM login_failures WHERE email = ? AND address = ?').run(
    attempt.email,
    attempt.address,
  );
  if (attempt.device !== null)
    db.prepare('DELETE FROM login_failures WHERE device = ?').run(attempt.device);
}

/**
 * The hash of a device cookie if it is a known browser of `userId` and not expired; otherwise
 * null (also for an unknown account, so the answer says nothing about which accounts exist).
 */
export function knownDevice(
  db: Db,
  token: string | undefined,
  userId: number | null,
): string | null {
  if (!token || userId === null) return null;
  const id = sha256(token);
  const row = db
    .prepare('SELECT 1 FROM login_devices WHERE id = ? AND user_id = ? AND expires_at > ?')
    .get(id, userId, now());
  return row ? id : null;
}

/** Marks a browser as one the user signs in from; returns the cookie token. */
export function rememberDevice(db: Db, userId: number): { token: string; expiresAt: Date } {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + DEVICE_DAYS * 86_400_000);
  db.transaction(() => {
    db.prepare('DELETE FROM login_devices WHERE expires_at <= ?').run(now());
    db.prepare(
      'INSERT INTO login_devices (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ).run(sha256(token), userId, now(), expiresAt.toISOString());
  })();
  return { token, expiresAt };
}
