/**
 * An online backup finishes while another connection keeps committing: SQLite restarts a backup
 * whenever another connection writes between two of its steps, so a page-by-page backup of a
 * database the server writes to all the time would never end.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase, openDatabase } from '../../src/storage/database.js';
import { temporaryDirPerTest } from './helpers.js';

const temporaryDir = temporaryDirPerTest();

describe('backupDatabase', () => {
  it('completes a consistent copy while another connection commits between its steps', async () => {
    const dir = temporaryDir('backup-');
    const source = openDatabase(join(dir, 'source.sqlite'), { migrate: false });
    source.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const insert = source.prepare('INSERT INTO t (v) VALUES (?)');
    // About 9 MB, 560 pages of 16 KiB: a backup of 100 pages a step would need 6 steps.
    source.transaction(() => {
      for (let i = 0; i < 10_000; i++) insert.run('x'.repeat(900));
    })();
    const writer = openDatabase(join(dir, 'source.sqlite'), { migrate: false });
    const write = writer.prepare("INSERT INTO t (v) VALUES ('w')");
    let commits = 0;
    const timer = setInterval(() => {
      write.run();
      commits++;
    }, 0);
    try {
      const { totalPages } = await backupDatabase(source, join(dir, 'copy.sqlite'));
      expect(totalPages).toBeGreaterThan(500);
    } finally {
      clearInterval(timer);
      writer.close();
      source.close();
    }
    expect(commits).toBeGreaterThan(0);
    const copy = new Database(join(dir, 'copy.sqlite'), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(
      (copy.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n,
    ).toBeGreaterThanOrEqual(10_000);
    copy.close();
  }, 20_000);
});
