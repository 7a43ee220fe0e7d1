/**
 * Writes from the server that never hold the event loop while another process holds the write
 * lock. SQLite's own busy wait (`busy_timeout`) sleeps inside the native call, which in Node
 * freezes every request of the process; so the server's connection does not wait at all (see
 * `stopWaitingForLocks`), and every server write goes through `whenWritable`, which waits on a
 * timer between attempts instead.
 */
import type { Db } from './database.js';

/** How long a server write keeps trying before it gives up with `DatabaseBusyError`. */
const DEFAULT_WRITE_DEADLINE_MS = 10_000;
/** First wait after a refused attempt; doubles after each one, up to `MAX_RETRY_DELAY_MS`. */
const FIRST_RETRY_DELAY_MS = 2;
/**
 * The longest wait between two attempts: short enough that a writer gets in soon after a lock is
 * released, long enough that a few waiting requests cost nothing (an attempt takes microseconds).
 */
const MAX_RETRY_DELAY_MS = 50;
/** What a refused client is told to wait before trying again (the `Retry-After` header). */
export const RETRY_AFTER_SECONDS = 2;

export interface WriteRetryOptions {
  /** Give up this long after the first attempt (default: `writeDeadlineMs()`). */
  deadlineMs?: number;
}

/**
 * How long a server write waits for a lock: `POLICY_INDEX_WRITE_DEADLINE_MS` (a whole number of
 * milliseconds, 0 to 600000), or 10 s. A value that is not one is refused with its name, rather
 * than silently replaced.
 */
export function writeDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.POLICY_INDEX_WRITE_DEADLINE_MS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_WRITE_DEADLINE_MS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value > 600_000)
    throw new RangeError(
      `POLICY_INDEX_WRITE_DEADLINE_MS must be a whole number of milliseconds from 0 to 600000, not "${raw}"`,
    );
  return value;
}

/**
 * The database stayed locked by another connection (a command-line import, a backup, another
 * server) until the write's deadline. Nothing was stored. The web answers it with 503, code
 * `database-busy` and `Retry-After`.
 */
export class DatabaseBusyError extends Error {
  readonly code = 'database-busy';
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;

  constructor(
    readonly attempts: number,
    readonly waitedMs: number,
  ) {
    super(
      `the database is busy with another change (waited ${(waitedMs / 1000).toFixed(1)} s); nothing was saved, try again in a moment`,
    );
    this.name = 'DatabaseBusyError';
  }
}

/**
 * Whether `error` is SQLite refusing because another connection holds a lock (`SQLITE_BUSY`,
 * `SQLITE_LOCKED` and their extended codes). Such a statement changed nothing and may be retried.
 */
export function isLockError(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'SqliteError') return false;
  const code = (error as Error & { code?: unknown }).code;
  return (
    typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
  );
}

/**
 * Runs `write` as one IMMEDIATE transaction as soon as the database is free, without blocking
 * the event loop while it is not.
 *
 * `await whenWritable(db, () => saveSheet(db, request), { deadlineMs: 10_000 })`
 *
 * - `write` is synchronous (better-sqlite3 is; it refuses a callback returning a promise, as a
 *   transaction cannot span an await) and is run inside `BEGIN IMMEDIATE … COMMIT`, which takes
 *   the write lock before `write` reads anything: if the lock is held elsewhere the attempt
 *   fails at once, before any work. Transactions inside `write` (`saveSheet`'s own)
 *   become savepoints of this one, so several writes in one callback are all-or-nothing.
 * - A refused attempt (`SQLITE_BUSY`/`SQLITE_LOCKED`, see `isLockError`) stored nothing; the
 *   helper waits on a timer — 2 ms, then doubling up to 50 ms, each wait randomised between half
 *   and all of it so that waiting writers do not retry in step — and runs `write` again. `write`
 *   therefore must not have side effects outside the database that cannot be repeated.
 * - Past `deadlineMs` (default 10 s, or `POLICY_INDEX_WRITE_DEADLINE_MS`) it throws
 *   `DatabaseBusyError`; every other error of `write` (a conflict, a constraint) is thrown
 *   unchanged, without retrying.
 *
 * The connection should not wait for locks itself (`stopWaitingForLocks`), or each attempt
 * would block the event loop for the connection's busy timeout. Must not be called inside a
 * transaction: the retries would run outside it.
 */
export async function whenWritable<T>(
  db: Db,
  write: () => T,
  options: WriteRetryOptions = {},
): Promise<T> {
  if (db.inTransaction)
    throw new Error('whenWritable was called inside a transaction: call the write directly');
  const deadlineMs = options.deadlineMs ?? writeDeadlineMs();
  const transaction = db.transaction(write);
  const start = Date.now();
  let delay = FIRST_RETRY_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return transaction.immediate();
    } catch (error) {
      if (!isLockError(error)) throw error;
      const waited = Date.now() - start;
      if (waited >= deadlineMs) throw new DatabaseBusyError(attempt, waited);
      const wait = Math.min(delay * (0.5 + Math.random() / 2), deadlineMs - waited);
      await sleep(wait);
      delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
    }
  }
}

/**
 * Runs a write that may be skipped — housekeeping on a read path, such as deleting an expired
 * session while looking it up — at once if the database is free, and not at all if it is
 * locked: a reader never waits for a writer. Returns whether it ran.
 */
export function writeIfFree(db: Db, write: () => void): boolean {
  try {
    db.transaction(write).immediate();
    return true;
  } catch (error) {
    if (isLockError(error)) return false;
    throw error;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
