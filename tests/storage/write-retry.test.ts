/**
 * `whenWritable`: a write that meets another connection's lock waits on a timer — the event loop
 * keeps running — and goes through once the lock is released, or gives up with
 * `DatabaseBusyError` at its deadline having stored nothing.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, stopWaitingForLocks, type Db } from '../../src/storage/database.js';
import {
  DatabaseBusyError,
  isLockError,
  whenWritable,
  writeDeadlineMs,
  writeIfFree,
} from '../../src/storage/write-retry.js';
import { temporaryDir } from './helpers.js';

let cleanup: () => void;
let server: Db;
let other: Db;

beforeEach(() => {
  const work = temporaryDir('write-retry-');
  cleanup = work.cleanup;
  const file = join(work.dir, 'locks.sqlite');
  server = stopWaitingForLocks(openDatabase(file));
  server.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
  other = openDatabase(file);
});

afterEach(() => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  server.close();
  cleanup();
});

const notes = (db: Db) =>
  (db.prepare('SELECT text FROM notes ORDER BY id').all() as { text: string }[]).map((r) => r.text);
const insert = (db: Db, text: string) =>
  db.prepare('INSERT INTO notes (text) VALUES (?)').run(text).lastInsertRowid;
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('whenWritable', () => {
  it('waits for a lock held by another connection without holding the event loop, then writes', async () => {
    other.exec('BEGIN IMMEDIATE');
    insert(other, 'from the import');
    const events: string[] = [];
    const write = whenWritable(server, () => insert(server, 'from the server')).then((id) => {
      events.push('write done');
      return id;
    });
    // The event loop is free: timers run, and reads are answered, while the write waits.
    for (let i = 0; i < 20; i++) await tick();
    events.push('timer ran');
    expect(notes(server)).toEqual([]);
    other.exec('COMMIT');
    events.push('lock released');
    await write;
    expect(events).toEqual(['timer ran', 'lock released', 'write done']);
    expect(notes(server)).toEqual(['from the import', 'from the server']);
  });

  it('gives up with DatabaseBusyError at its deadline, having stored nothing', async () => {
    other.exec('BEGIN IMMEDIATE');
    const error = await whenWritable(server, () => insert(server, 'never'), {
      deadlineMs: 60,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseBusyError);
    expect((error as DatabaseBusyError).code).toBe('database-busy');
    expect((error as DatabaseBusyError).attempts).toBeGreaterThan(1);
    other.exec('ROLLBACK');
    expect(notes(server)).toEqual([]);
  });

  it('runs the callback as one transaction: several writes are stored together or not at all', async () => {
    await whenWritable(server, () => {
      insert(server, 'a');
      insert(server, 'b');
    });
    const error = await whenWritable(server, () => {
      insert(server, 'c');
      insert(server, 'a'); // violates UNIQUE
    }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/UNIQUE/);
    expect(notes(server)).toEqual(['a', 'b']);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const error = await whenWritable(server, () => {
      calls++;
      throw new RangeError('not a lock problem');
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect(calls).toBe(1);
  });

  it('refuses to run inside a transaction, where its retries would escape it', async () => {
    server.exec('BEGIN');
    await expect(whenWritable(server, () => insert(server, 'x'))).rejects.toThrow(
      /inside a transaction/,
    );
    server.exec('ROLLBACK');
  });
});

describe('writeIfFree', () => {
  it('skips a write at once while another connection holds the lock, and writes when free', () => {
    other.exec('BEGIN IMMEDIATE');
    expect(writeIfFree(server, () => void insert(server, 'housekeeping'))).toBe(false);
    other.exec('COMMIT');
    expect(writeIfFree(server, () => void insert(server, 'housekeeping'))).toBe(true);
    expect(notes(server)).toEqual(['housekeeping']);
  });
});

describe('the server connection', () => {
  it('fails at once with a lock error instead of sleeping in SQLite', () => {
    other.exec('BEGIN IMMEDIATE');
    let caught: unknown;
    try {
      insert(server, 'x');
    } catch (error) {
      caught = error;
    }
    expect(isLockError(caught)).toBe(true);
  });
});

describe('the write deadline', () => {
  it('is 10 s unless POLICY_INDEX_WRITE_DEADLINE_MS says otherwise; a wrong value is refused by name', () => {
    expect(writeDeadlineMs({})).toBe(10_000);
    expect(writeDeadlineMs({ POLICY_INDEX_WRITE_DEADLINE_MS: '250' })).toBe(250);
    for (const wrong of ['-1', '1.5', 'soon', '600001'])
      expect(() => writeDeadlineMs({ POLICY_INDEX_WRITE_DEADLINE_MS: wrong })).toThrow(
        /POLICY_INDEX_WRITE_DEADLINE_MS/,
      );
  });
});
