/**
 * A database this program creates has 16 KiB pages (database.ts says why); one created before
 * with SQLite's 4 KiB pages keeps them and opens, migrates and takes writes as before.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../src/storage/database.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import { temporaryDirPerTest } from './helpers.js';

const temporaryDir = temporaryDirPerTest();
const pageSize = (db: Database.Database) => db.pragma('page_size', { simple: true });
const latest = Math.max(...MIGRATIONS.map((m) => m.version));

describe('page size', () => {
  it('is 16 KiB for a new database', () => {
    const db = openDatabase(join(temporaryDir('page-size-'), 'new.sqlite'));
    try {
      expect(pageSize(db)).toBe(16384);
      expect(schemaVersion(db)).toBe(latest);
    } finally {
      db.close();
    }
  });

  it('stays 4 KiB for a database created with 4 KiB pages, which is migrated and written as usual', () => {
    const file = join(temporaryDir('page-size-'), 'old.sqlite');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE kept (v TEXT)');
    old.prepare("INSERT INTO kept VALUES ('before')").run();
    expect(pageSize(old)).toBe(4096);
    old.close();

    const db = openDatabase(file);
    try {
      expect(pageSize(db)).toBe(4096);
      expect(schemaVersion(db)).toBe(latest);
      db.prepare("INSERT INTO kept VALUES ('after')").run();
      expect(db.prepare('SELECT v FROM kept ORDER BY rowid').pluck().all()).toEqual([
        'before',
        'after',
      ]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
