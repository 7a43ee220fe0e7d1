/**
 * Importing on several threads stores exactly what one thread stores, and stays all or nothing:
 * one bad sheet in the middle of a batch and nothing at all is stored, though the sheets before
 * it were already planned and staged while the later ones were being checked.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import { sheetFilesOf } from '../../src/answers/gather-sheets.js';
import type { Db } from '../../src/storage/database.js';
import { listEditions } from '../../src/storage/edition-repository.js';
import { importSheetFiles, importSheetFilesInThreads } from '../../src/storage/import-sheets.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { emptyDatabase, sheetRows, temporaryDirPerTest } from '../storage/helpers.js';

const temporaryDir = temporaryDirPerTest();

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('bulk import', () => {
  it('stores on several threads what one thread stores', async () => {
    const dir = temporaryDir('bulk-import-');
    const editions = writeRealSizeSheets(ROOT_DIR, dir, 10);
    const one = emptyDatabase();
    const two = emptyDatabase();
    const first = importSheetFiles(one, [dir], { user: 'test' });
    const second = await importSheetFilesInThreads(two, [dir], { user: 'test', threads: 2 });
    expect(second).toEqual(first);
    expect(second).toMatchObject({ imported: 10, changed: 10, createdEditions: editions });
    for (const file of sheetFilesOf([dir])) {
      const key = { country: file.slice(-7, -5), edition: editions[0]! };
      expect(getSheet(two, key)!.sheet).toEqual(getSheet(one, key)!.sheet);
    }
    expect(count(two, 'answer_history')).toBe(count(one, 'answer_history'));
  });

  it('stores the rows one thread stores, ids included, when workers stage sheets and others exist', async () => {
    const dir = temporaryDir('bulk-import-');
    writeRealSizeSheets(ROOT_DIR, dir, 90);
    const files = sheetFilesOf([dir]);
    // Three of the sheets exist already, with another comment: the workers send those whole, to
    // be worked out on the main thread, and stage the others; the copy starts while the workers
    // still check the last files.
    const before = temporaryDir('bulk-before-');
    const existing = [3, 40, 77].map((i) => {
      const copy = join(before, relative(dir, files[i]!));
      mkdirSync(dirname(copy), { recursive: true });
      writeFileSync(
        copy,
        readFileSync(files[i]!, 'utf8').replace(/^( +)\(illustrative\)$/m, '$1(before)'),
      );
      return copy;
    });
    const withExisting = () => {
      const db = emptyDatabase();
      expect(importSheetFiles(db, existing, { user: 'before' }).imported).toBe(3);
      return db;
    };
    const one = withExisting();
    const result = importSheetFiles(one, [dir], { user: 'test', reason: 'bulk' });
    expect(result).toMatchObject({ imported: 90, changed: 90 });
    // The staging files go in a folder of the system's temporary folder, removed at the end.
    const tmp = temporaryDir('bulk-tmp-');
    const systemTmp = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      for (const threads of [2, 3]) {
        const db = withExisting();
        const threaded = await importSheetFilesInThreads(db, [dir], {
          user: 'test',
          reason: 'bulk',
          threads,
        });
        expect(threaded).toEqual(result);
        expect(sheetRows(db)).toEqual(sheetRows(one));
        // Again on the same connection: every sheet exists now, and nothing changes.
        const again = await importSheetFilesInThreads(db, [dir], { user: 'test', threads });
        expect(again).toMatchObject({ issues: [], imported: 90, changed: 0 });
        expect(sheetRows(db)).toEqual(sheetRows(one));
        expect(readdirSync(tmp).filter((f) => f.startsWith('policy-index-'))).toEqual([]);
      }
    } finally {
      if (systemTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = systemTmp;
    }
  });

  it('stores nothing when a sheet in the middle has an error', async () => {
    const dir = temporaryDir('bulk-import-');
    writeRealSizeSheets(ROOT_DIR, dir, 10);
    const files = sheetFilesOf([dir]);
    const sixth = readFileSync(files[5]!, 'utf8');
    writeFileSync(files[5]!, sixth.replace(/answer: (\w+)/, 'answer: no-such-option'));
    const db = emptyDatabase();
    const editionsBefore = listEditions(db);

    const result = await importSheetFilesInThreads(db, [dir], { user: 'test', threads: 2 });
    expect(result.issues.map((issue) => [issue.code, issue.file])).toEqual([
      ['unknown-option', files[5]],
    ]);
    expect(result).toMatchObject({ imported: 0, changed: 0, createdEditions: [] });
    expect(listEditions(db)).toEqual(editionsBefore);
    expect(count(db, 'sheets')).toBe(0);
    expect(count(db, 'sheet_answers')).toBe(0);
    expect(count(db, 'answer_history')).toBe(0);
    expect(db.inTransaction).toBe(false);
  });

  it('stores nothing when sheets late in a large batch have errors, and reports what one thread reports', async () => {
    const dir = temporaryDir('bulk-import-');
    writeRealSizeSheets(ROOT_DIR, dir, 120);
    const files = sheetFilesOf([dir]);
    // Many chunks (8 files each): the workers take and answer most of them while the main
    // thread works out the sheets before; the errors are in the middle and in the last chunk,
    // after the import has started writing.
    for (const at of [61, 117]) {
      const text = readFileSync(files[at]!, 'utf8');
      writeFileSync(files[at]!, text.replace(/answer: (\w+)/, 'answer: no-such-option'));
    }
    const one = importSheetFiles(emptyDatabase(), [dir], { user: 'test' });
    expect(one.issues.map((issue) => [issue.code, issue.file])).toEqual([
      ['unknown-option', files[61]],
      ['unknown-option', files[117]],
    ]);
    for (const threads of [2, 3]) {
      const db = emptyDatabase();
      const result = await importSheetFilesInThreads(db, [dir], { user: 'test', threads });
      expect(result).toEqual(one);
      expect(count(db, 'sheets')).toBe(0);
      expect(count(db, 'answer_history')).toBe(0);
      expect(db.inTransaction).toBe(false);
    }
  });

  it('refuses a second sheet for the same key as validate does, on one thread or several', async () => {
    const dir = temporaryDir('bulk-import-');
    writeRealSizeSheets(ROOT_DIR, dir, 4);
    const [first] = sheetFilesOf([dir]);
    const again = join(dir, 'again', basename(dirname(first!)));
    mkdirSync(again, { recursive: true });
    copyFileSync(first!, join(again, basename(first!)));
    const files = sheetFilesOf([dir]);
    const duplicate = files.find((file) => file.startsWith(again))!;
    const expected = {
      code: 'duplicate-sheet',
      file: duplicate,
      line: 1,
      column: 1,
      message: expect.stringMatching(/^a second sheet for [A-Z]{2} \S+ \(first: /),
    };
    const one = emptyDatabase();
    expect(importSheetFiles(one, [dir], { user: 'test' }).issues).toEqual([
      expect.objectContaining(expected),
    ]);
    expect(count(one, 'sheets')).toBe(0);
    const two = emptyDatabase();
    const threaded = await importSheetFilesInThreads(two, [dir], { user: 'test', threads: 2 });
    expect(threaded.issues).toEqual([expect.objectContaining(expected)]);
    expect(count(two, 'sheets')).toBe(0);
  });
});
