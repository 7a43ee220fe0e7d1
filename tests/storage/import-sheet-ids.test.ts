/**
 * An import writes a new sheet as a worker thread packed it (its answers' stored JSON text as
 * UTF-8 bytes, bulk/sheet-transfer.ts) without reading it again: the database holds exactly what
 * saving each sheet on its own leaves, row ids included, whether the import creates every sheet,
 * on one thread or several, or meets sheets that exist already.
 */
import { describe, expect, it } from 'vitest';
import { findSheetFiles, validateSheetSource } from '../../src/answers/load-sheet.js';
import type { AnswerSheet } from '../../src/answers/types.js';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import type { Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { importSheetFiles, importSheetFilesInThreads } from '../../src/storage/import-sheets.js';
import { packSheet } from '../../src/bulk/sheet-transfer.js';
import {
  latestQuestionnaireVersion,
  storedQuestionnaire,
} from '../../src/storage/questionnaire-repository.js';
import {
  answerHistory,
  getSheet,
  OFFICIAL_CODER,
  saveSheet,
  writeNewSheet,
} from '../../src/storage/sheet-repository.js';
import { readYamlFile } from '../../src/source/read-file.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { emptyDatabase, sheetRows, temporaryDirPerTest } from './helpers.js';

const temporaryDir = temporaryDirPerTest('import-ids-');

function sheetFiles(count: number): string[] {
  const dir = temporaryDir();
  writeRealSizeSheets(ROOT_DIR, dir, count);
  return findSheetFiles(dir);
}

function sheetsOf(db: Db, files: readonly string[]): AnswerSheet[] {
  const questionnaire = storedQuestionnaire(db, latestQuestionnaireVersion(db)!.id);
  return files.map(
    (file) => validateSheetSource(readYamlFile(file) as never, { questionnaire }).sheet!,
  );
}

function withEditions(db: Db, sheets: readonly AnswerSheet[]): void {
  const version = latestQuestionnaireVersion(db)!.id;
  for (const edition of new Set(sheets.map((s) => s.edition)))
    createEdition(db, edition, `${edition}-01-01`, version);
}

/** A database where `sheets` were saved one by one, in order, after `before`. */
function savedOneByOne(sheets: readonly AnswerSheet[], before: readonly AnswerSheet[] = []): Db {
  const db = emptyDatabase();
  withEditions(db, sheets);
  for (const sheet of [...before, ...sheets])
    saveSheet(db, { sheet, baseRevision: null, user: 'importer', reason: 'bulk' });
  return db;
}

describe('the sheets an import creates', () => {
  it('get the ids and rows that saving each sheet gives, on one thread or several', async () => {
    const files = sheetFiles(7);
    const bulk = emptyDatabase();
    const sheets = sheetsOf(bulk, files);
    withEditions(bulk, sheets);
    const threaded = emptyDatabase();
    withEditions(threaded, sheets);
    // A sheet saved before, so that the new ids do not start at 1.
    for (const db of [bulk, threaded])
      saveSheet(db, { sheet: sheets[0]!, baseRevision: null, user: 'importer', reason: 'bulk' });
    const options = { user: 'importer', reason: 'bulk' };
    expect(importSheetFiles(bulk, files.slice(1), options)).toMatchObject({ imported: 6 });
    expect(
      await importSheetFilesInThreads(threaded, files.slice(1), { ...options, threads: 2 }),
    ).toMatchObject({ imported: 6 });

    const single = savedOneByOne(sheets.slice(1), sheets.slice(0, 1));
    expect(sheetRows(bulk)).toEqual(sheetRows(single));
    expect(sheetRows(threaded)).toEqual(sheetRows(single));
    expect(sheetRows(bulk).sheets).toHaveLength(7);
  });

  it('stores the same when an import meets sheets that exist and creates the others', () => {
    const files = sheetFiles(6);
    const bulk = emptyDatabase();
    const sheets = sheetsOf(bulk, files);
    withEditions(bulk, sheets);
    // Two of the sheets exist already, unchanged: the import saves those one by one (no change)
    // and stages the four others.
    for (const sheet of [sheets[4]!, sheets[1]!])
      saveSheet(bulk, { sheet, baseRevision: null, user: 'importer', reason: 'bulk' });
    expect(importSheetFiles(bulk, files, { user: 'importer', reason: 'bulk' })).toMatchObject({
      imported: 6,
      changed: 4,
    });

    const others = sheets.filter((_, i) => i !== 4 && i !== 1);
    const single = savedOneByOne(others, [sheets[4]!, sheets[1]!]);
    expect(sheetRows(bulk)).toEqual(sheetRows(single));
  });

  it('gives every new answer its entry in the history, whatever the characters', () => {
    const bulk = emptyDatabase();
    const [sheet] = sheetsOf(bulk, sheetFiles(1));
    withEditions(bulk, [sheet!]);
    const tricky = 'say "yes" \\ or\tnot:\n é § — 漢字 😀 </script> \u2028 \u007f {"a": [1]}';
    const answers = new Map(
      [...sheet!.answers].map(([id, entry], i) => [
        id,
        i === 0
          ? {
              ...entry,
              comment: tricky,
              sources: [{ title: tricky, article: null, url: null, date: null }],
            }
          : { ...entry, sources: [] },
      ]),
    );
    const changed = { ...sheet!, answers };
    // Written from the bytes a worker sends, as an import writes it.
    const packed = packSheet(changed);
    bulk.transaction(() =>
      writeNewSheet(bulk, {
        key: { country: changed.country, edition: changed.edition, coderKey: OFFICIAL_CODER },
        sheet: packed,
        user: 'importer',
        reason: 'bulk',
        at: 'now',
      }),
    )();
    const key = { country: changed.country, edition: changed.edition };
    for (const [id, entry] of answers)
      expect(answerHistory(bulk, key, id)).toEqual([
        expect.objectContaining({ revision: 1, changedBy: 'importer', before: null, after: entry }),
      ]);
    expect(getSheet(bulk, key)!.sheet.answers).toEqual(answers);
  });
});
