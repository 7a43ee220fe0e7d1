/**
 * The one database module: opens the SQLite file with the settings every caller needs and applies
 * the migrations. SQL itself lives in the `*-repository.ts` modules, always with bound parameters.
 */
import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.js';
import { makeDirectories } from '../source/write-file.js';

export type Db = Database.Database;

/** Where the working database lives: `POLICY_INDEX_DB`, or a git-ignored file under data/. */
export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.POLICY_INDEX_DB && env.POLICY_INDEX_DB.trim() !== ''
    ? env.POLICY_INDEX_DB
    : join('data', 'policy-index.sqlite');
}

/**
 * How long a command-line process waits for another connection's write lock before "database is
 * locked". Waiting blocks the process, which is harmless for a command that does one thing; the
 * server must not wait this way (`stopWaitingForLocks`).
 */
const COMMAND_BUSY_TIMEOUT_MS = 30_000;

/**
 * The size the WAL file is cut back to once a checkpoint has copied it into the database, so a
 * big import does not leave a WAL file of its own size behind for good.
 */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * The page size of a database this program creates. The stored rows are texts of a few hundred
 * bytes (answers, legal sources, the history's JSON), written in bulk by imports: with 16 KiB
 * pages instead of SQLite's 4 KiB, an import of 1,000 real-size sheets held the write lock for
 * 0.34–0.41 s instead of 0.53–0.56 s and its checkpoint took 0.17–0.22 s instead of 0.23–0.29 s
 * (the database file is 4 % smaller too). A database created before keeps its page size: in WAL
 * mode SQLite cannot change it.
 */
const PAGE_SIZE_BYTES = 16 * 1024;

/**
 * Opens (creating if needed) and migrates the database: WAL journal (readers never wait for the
 * writer, the writer never waits for readers), foreign keys enforced, and a busy timeout so a
 * command waits for the server's short write transactions instead of failing at once. A new
 * database gets pages of `PAGE_SIZE_BYTES`.
 */
export function openDatabase(
  path: string,
  options: { migrate?: boolean; busyTimeoutMs?: number } = {},
): Db {
  if (path !== ':memory:') makeDirectories(dirname(path));
  const db = new Database(path);
  // Takes effect only on a database with nothing written yet (before WAL mode writes its header).
  db.pragma(`page_size = ${PAGE_SIZE_BYTES}`);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? COMMAND_BUSY_TIMEOUT_MS)}`);
  db.pragma('synchronous = NORMAL');
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  if (options.migrate !== false) migrate(db);
  return db;
}

/**
 * Makes a connection fail at once with SQLITE_BUSY when another connection holds the write lock,
 * instead of sleeping inside SQLite for the busy timeout. For the server: a sleep there would
 * freeze its one event loop and every request with it. Its writes wait through `whenWritable`
 * (write-retry.ts) instead, on a timer. Reads are unaffected: in WAL mode they never wait for a
 * writer.
 */
export function stopWaitingForLocks(db: Db): Db {
  db.pragma('busy_timeout = 0');
  return db;
}

/** Applies every migration not yet applied, each in its own transaction. Returns those applied. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Migration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (row) => row.version,
    ),
  );
  const done: Migration[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    })();
    done.push(migration);
  }
  return done;
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/**
 * Copies the WAL into the database file now, in the process that made a bulk write, so that the
 * server's next small commit does not inherit the checkpoint of a whole import (SQLite runs the
 * automatic checkpoint in whichever connection commits past 1,000 WAL pages — inside a server
 * request, on its event loop). A reader of another connection that still uses a snapshot from
 * before the write keeps those frames from being copied; this waits for such readers (they are
 * short) for up to `waitMs`, blocking this process only. Returns whether every frame present
 * when it started reached the database file (also when another connection finished the job).
 */
export function checkpointNow(db: Db, waitMs = 2000): boolean {
  const deadline = Date.now() + waitMs;
  let target: number | null = null;
  for (;;) {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as WalCheckpoint[];
    if (!result || result.log < 0) return true; // not in WAL mode (an in-memory database)
    target ??= result.log;
    // A WAL shorter than before was restarted, which SQLite does only once all of it was copied.
    if (result.checkpointed >= target || result.log < target) return true;
    if (Date.now() >= deadline) return false;
    Atomics.wait(PAUSE, 0, 0, 10);
  }
}

interface WalCheckpoint {
  busy: number;
  log: number;
  checkpointed: number;
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Online backup of `db` to a new file, in one step: SQLite's backup restarts from the first page
 * whenever another connection writes between two steps, so the usual page-by-page copy of a
 * database the server keeps writing to may never end (measured: 73 s for 60 MB with a commit
 * every 20 ms, against 0.7 s in one step). One step reads one consistent snapshot; in WAL mode
 * that blocks neither the server's readers nor its writers.
 */
export async function backupDatabase(db: Db, target: string): Promise<{ totalPages: number }> {
  const { totalPages } = await db.backup(target, { progress: () => ALL_PAGES });
  return { totalPages };
}

const ALL_PAGES = 0x7fffffff;

export const now = (): string => new Date().toISOString();

/**
 * Runs `work` in one IMMEDIATE write transaction: the write lock is taken at the start, so no
 * other writer slips in between what `work` reads and what it writes, and either all of it is
 * stored or, when it throws, nothing.
 */
export function inWriteTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}

/** SQLite's check of the database file: "ok", or the first problem it found. */
export function integrityCheck(db: Db): string {
  return String(db.pragma('integrity_check', { simple: true }));
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * The prepared statement for `sql` on `db`, compiled once per connection and reused: compiling
 * costs more than running a small statement, and a bulk import runs the same few hundred
 * thousand times inside its write transaction.
 */
export function prepared(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
