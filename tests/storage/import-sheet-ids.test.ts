/**
 * The copy of staged sheets gives each sheet the id SQLite would have given it (one past the
 * largest) and puts the rows under it without looking the sheet up again: the database holds
 * exactly what saving each sheet on its own leaves, row ids included, whether the import creates
 * every sheet, stages them in several parts, or meets sheets that exist already.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSheetFiles, validateSheetSource } from '../../src/answers/load-sheet.js';
import type { AnswerSheet } from '../../src/answers/types.js';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import type { Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';
import {
  openStagingFile,
  stagedSheetsTaken,
  stageNewSheets,
  writeStagedSheets,
} from '../../src/storage/new-sheets-repository.js';
import {
  latestQuestionnaireVersion,
  storedQuestionnaire,
} from '../../src/storage/questionnaire-repository.js';
import { answerHistory, OFFICIAL_CODER, saveSheet } from '../../src/storage/sheet-repository.js';
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

describe('the copy of staged sheets', () => {
  it('gives the ids and rows that saving each sheet gives, staged in several parts and places', () => {
    const files = sheetFiles(7);
    const bulk = emptyDatabase();
    const sheets = sheetsOf(bulk, files);
    withEditions(bulk, sheets);
    // A sheet saved before, so that the new ids do not start at 1.
    saveSheet(bulk, { sheet: sheets[0]!, baseRevision: null, user: 'importer', reason: 'bulk' });
    const fresh = sheets.slice(1).map((sheet, n) => ({
      n,
      sheet,
      coderKey: OFFICIAL_CODER,
      user: 'importer',
      reason: 'bulk',
    }));
    // Sheets 0–1 and 4–5 staged by this connection, 2–3 in a worker's staging file.
    stageNewSheets(bulk, fresh.slice(0, 2));
    const file = join(temporaryDir(), 'staged_1.sqlite');
    const worker = openStagingFile(file);
    stageNewSheets(worker, fresh.slice(2, 4), 'main');
    worker.close();
    stageNewSheets(bulk, fresh.slice(4));
    bulk.prepare('ATTACH DATABASE ? AS staged_1').run(file);
    const runs = [
      { schema: 'temp', first: 0, last: 1 },
      { schema: 'staged_1', first: 2, last: 3 },
      { schema: 'temp', first: 4, last: 5 },
    ];
    expect(stagedSheetsTaken(bulk, runs)).toBe(false);
    bulk.transaction(() => writeStagedSheets(bulk, runs, 'now')).immediate();
    bulk.exec('DETACH DATABASE staged_1');

    const single = savedOneByOne(sheets.slice(1), sheets.slice(0, 1));
    expect(sheetRows(bulk)).toEqual(sheetRows(single));
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
    stageNewSheets(bulk, [
      { n: 0, sheet: changed, coderKey: OFFICIAL_CODER, user: 'importer', reason: 'bulk' },
    ]);
    bulk
      .transaction(() => writeStagedSheets(bulk, [{ schema: 'temp', first: 0, last: 0 }], 'now'))
      .immediate();
    const key = { country: changed.country, edition: changed.edition };
    for (const [id, entry] of answers)
      expect(answerHistory(bulk, key, id)).toEqual([
        expect.objectContaining({ revision: 1, changedBy: 'importer', before: null, after: entry }),
      ]);
  });
});
