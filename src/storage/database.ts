/**
 * The one database module: opens the SQLite file with the settings every caller needs and applies
 * the migrations. SQL itself lives in the `*-repository.ts` modules, always with bound parameters.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

/** Where the working database lives: `POLICY_INDEX_DB`, or a git-ignored file under data/. */
export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.POLICY_INDEX_DB && env.POLICY_INDEX_DB.trim() !== ''
    ? env.POLICY_INDEX_DB
    : join('data', 'policy-index.sqlite');
}

/**
 * Opens (creating if needed) and migrates the database: WAL journal (readers never block the
 * writer), foreign keys enforced, a busy timeout instead of immediate "database is locked".
 */
export function openDatabase(path: string, options: { migrate?: boolean } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  if (options.migrate !== false) migrate(db);
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

export const now = (): string => new Date().toISOString();
