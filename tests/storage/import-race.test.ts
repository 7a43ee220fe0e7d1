/**
 * An import works out what its sheets change before it takes the write lock, and someone else may
 * write in between. A sheet it found new that was created meanwhile is worked out again inside
 * the lock and saved as a change of what was saved (the others are created as they would have
 * been); a stored sheet saved by someone else between the plan and the write is worked out again
 * against what they saved, not refused as a conflict and not overwritten from a stale diff; an
 * edition created meanwhile stores nothing and says so.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/issues/issue.js';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import { sheetFilesOf } from '../../src/answers/gather-sheets.js';
import { checkSheetFile } from '../../src/bulk/sheet-check.js';
import { packCheck } from '../../src/bulk/sheet-transfer.js';
import { validationCheck } from '../../src/bulk/validate-sheet-files.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import type { Db } from '../../src/storage/database.js';
import { createEdition, listEditions } from '../../src/storage/edition-repository.js';
import { ImportBatch } from '../../src/storage/import-batch.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';
import { questionnaireVersionOf } from '../../src/storage/questionnaire-repository.js';
import {
  answerHistory,
  getSheet,
  saveSheet,
  sheetRevision,
} from '../../src/storage/sheet-repository.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { emptyDatabase, QUESTIONNAIRE_DIR, temporaryDirPerTest } from './helpers.js';

const temporaryDir = temporaryDirPerTest();

function withEdition(edition: string, questionnaire: { id: string; version: string }): Db {
  const db = emptyDatabase();
  const version = questionnaireVersionOf(db, questionnaire.id, questionnaire.version)!;
  createEdition(db, edition, `${edition}-01-01`, version.id);
  return db;
}

/** `count` real-size sheets of one new edition written in a new folder, each checked. */
function checkedSheets(prefix: string, count: number) {
  const dir = temporaryDir(prefix);
  const [edition] = writeRealSizeSheets(ROOT_DIR, dir, count);
  const files = sheetFilesOf([dir]);
  const { questionnaire } = loadQuestionnaire(QUESTIONNAIRE_DIR);
  const check = validationCheck(QUESTIONNAIRE_DIR, questionnaire!, null, null).here;
  return { dir, edition, files, loaded: files.map((file) => checkSheetFile(file, check)) };
}

describe('an import whose new sheet is created meanwhile', () => {
  it('saves the one created meanwhile as a change, and creates the others as they would have been', () => {
    const { dir, edition, files, loaded } = checkedSheets('import-race-', 3);
    const declared = loaded[0]!.sheet!.questionnaire;

    // What the import stores when nobody else writes.
    const alone = withEdition(edition!, declared);
    expect(importSheetFiles(alone, [dir], { user: 'import' }).imported).toBe(3);

    const db = withEdition(edition!, declared);
    const editions = new Map(listEditions(db).map((e) => [e.id, e.questionnaire_version_id]));
    const batch = new ImportBatch(db, editions, { user: 'import' });
    files.forEach((file, i) => batch.accept(file, packCheck(loaded[i]!)));
    batch.prepare(); // all three found new

    const meanwhile = loaded[1]!.sheet!;
    const key = { country: meanwhile.country, edition: meanwhile.edition };
    const question = [...meanwhile.answers.keys()][0]!;
    const answers = new Map(meanwhile.answers);
    answers.set(question, { ...answers.get(question)!, comment: 'saved meanwhile' });
    saveSheet(db, { sheet: { ...meanwhile, answers }, baseRevision: null, user: 'someone' });

    const result = batch.finish();
    expect(result).toMatchObject({ issues: [], imported: 3, changed: 3 });
    for (const { sheet } of loaded) {
      const at = { country: sheet!.country, edition: sheet!.edition };
      expect(getSheet(db, at)!.sheet).toEqual(getSheet(alone, at)!.sheet);
      const history = (where: Db) =>
        [...sheet!.answers.keys()].flatMap((q) =>
          answerHistory(where, at, q).map((h) => [q, h.revision, h.changedBy]),
        );
      if (sheet!.country === key.country) {
        expect(sheetRevision(db, at)).toBe(2);
        expect(answerHistory(db, at, question).map((h) => [h.revision, h.changedBy])).toEqual([
          [1, 'someone'],
          [2, 'import'],
        ]);
      } else {
        expect(sheetRevision(db, at)).toBe(1);
        expect(history(db)).toEqual(history(alone));
        expect(history(db)).toHaveLength(sheet!.answers.size);
      }
    }
  });
});

describe('an import whose new edition is created meanwhile', () => {
  it('stores nothing and says so (edition-conflict), instead of failing on the edition it cannot create', () => {
    const { dir, edition, files, loaded } = checkedSheets('import-edition-race-', 2);
    const db = emptyDatabase();
    const batch = new ImportBatch(db, new Map(), { user: 'import' });
    files.forEach((file, i) => batch.accept(file, packCheck(loaded[i]!)));
    batch.prepare();

    // Another import creates the edition before this one takes the write lock.
    const declared = loaded[0]!.sheet!.questionnaire;
    const version = questionnaireVersionOf(db, declared.id, declared.version)!;
    createEdition(db, edition!, `${edition}-06-01`, version.id);

    let thrown: unknown;
    try {
      batch.finish();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConflictError);
    expect((thrown as ConflictError).issues.map((i) => i.code)).toEqual(['edition-conflict']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sheets').get()).toEqual({ n: 0 });
    expect(db.inTransaction).toBe(false);
    // Run again, the import adds its sheets to the edition that now exists.
    expect(importSheetFiles(db, [dir], { user: 'import' }).imported).toBe(2);
  });
});

describe('an import whose stored sheet is saved meanwhile', () => {
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
