/**
 * An import works out what each sheet changes before it takes the write lock. A sheet saved by
 * someone else between that and the write is worked out again against what they saved, not
 * refused as a conflict and not overwritten from a stale diff.
 */
import { describe, expect, it } from 'vitest';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';
import {
  answerHistory,
  getSheet,
  saveSheet,
  sheetRevision,
} from '../../src/storage/sheet-repository.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { emptyDatabase, temporaryDirPerTest } from './helpers.js';

const temporaryDir = temporaryDirPerTest();

describe('an import', () => {
  it('works a sheet out again when someone saved it after the plan, and keeps their change in the history', () => {
    const dir = temporaryDir('import-plan-');
    const db = emptyDatabase();
    const editions = writeRealSizeSheets(ROOT_DIR, dir, 2);
    const keys = ['AT', 'AU'].map((country) => ({ country, edition: editions[0]! }));
    expect(importSheetFiles(db, [dir], { user: 'first' }).imported).toBe(2);
    expect(keys.map((k) => sheetRevision(db, k))).toEqual([1, 1]);
    const question = [...getSheet(db, keys[1]!)!.sheet.answers.keys()][0]!;

    // While the import writes (its plans were made against revision 1 of both sheets; files are
    // imported in name order, AT first), someone saves AU.
    const result = importSheetFiles(db, [dir], {
      user: 'second',
      onProgress: (done) => {
        if (done !== 1) return;
        const stored = getSheet(db, keys[1]!)!;
        const answers = new Map(stored.sheet.answers);
        answers.set(question, { ...answers.get(question)!, comment: 'saved meanwhile' });
        saveSheet(db, {
          sheet: { ...stored.sheet, answers },
          baseRevision: 1,
          user: 'someone',
        });
      },
    });

    expect(result.issues).toEqual([]);
    const changedMeanwhile = keys[1]!;
    expect(keys.map((k) => sheetRevision(db, k))).toEqual([1, 3]);
    expect(getSheet(db, changedMeanwhile)!.sheet.answers.get(question)!.comment).not.toBe(
      'saved meanwhile',
    );
    expect(
      answerHistory(db, changedMeanwhile, question).map((h) => [h.revision, h.changedBy]),
    ).toEqual([
      [1, 'first'],
      [2, 'someone'],
      [3, 'second'],
    ]);
  });
});
