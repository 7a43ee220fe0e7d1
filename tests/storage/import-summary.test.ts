/**
 * What an import says it did, and what it reads: a sheet whose coders or status changed is a
 * changed sheet (it gets a new revision), and a file named through two of the paths given is one
 * file, not a second sheet of its own country and edition.
 */
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import { sheetFilesOf } from '../../src/answers/gather-sheets.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { cli } from '../helpers/cli.js';
import { emptyDatabase, temporaryDirPerTest } from './helpers.js';

const temporaryDir = temporaryDirPerTest();

describe('the count of changed sheets', () => {
  it('counts a sheet whose coders or status alone changed, and not one that did not change', () => {
    const dir = temporaryDir('import-summary-');
    writeRealSizeSheets(ROOT_DIR, dir, 1);
    const [file] = sheetFilesOf([dir]);
    const db = emptyDatabase();
    expect(importSheetFiles(db, [dir], { user: 'import' })).toMatchObject({ changed: 1 });
    expect(importSheetFiles(db, [dir], { user: 'import' })).toMatchObject({ changed: 0 });
    const text = readFileSync(file!, 'utf8');
    const key = { country: 'AT', edition: '1990' };
    const before = getSheet(db, key)!;
    expect(before.sheet.status).not.toBe('draft');
    writeFileSync(file!, text.replace(/^status: \w+$/m, 'status: draft'));
    expect(importSheetFiles(db, [dir], { user: 'import' })).toMatchObject({ changed: 1 });
    expect(getSheet(db, key)!.revision).toBe(before.revision + 1);
  });
});

describe('a file reached through two of the paths given', () => {
  it('is read once: no duplicate-sheet of itself', () => {
    const dir = temporaryDir('import-twice-');
    writeRealSizeSheets(ROOT_DIR, dir, 2);
    const files = sheetFilesOf([dir]);
    const link = join(temporaryDir('import-twice-link-'), 'sheets');
    symlinkSync(dir, link);
    expect(sheetFilesOf([dir, files[0]!, link])).toEqual(files);
    const { code, err } = cli('validate', dir, files[0]!);
    expect(err).not.toContain('duplicate-sheet');
    expect(code).toBe(0);
  });
});
