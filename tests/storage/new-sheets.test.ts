/**
 * Bulk creation of new sheets (staged, then copied inside the write transaction) stores exactly
 * what saving each sheet on its own stores, takes no lock while staging, and sees when a sheet
 * was created by someone else in between (the import then saves each on its own).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findSheetFiles, validateSheetSource } from '../../src/answers/load-sheet.js';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { openDatabase, stopWaitingForLocks, type Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';
import {
  clearStagedSheets,
  stagedSheetsTaken,
  stageNewSheets,
} from '../../src/storage/new-sheets-repository.js';
import {
  latestQuestionnaireVersion,
  storedQuestionnaire,
} from '../../src/storage/questionnaire-repository.js';
import { listSheets, OFFICIAL_CODER, saveSheet } from '../../src/storage/sheet-repository.js';
import { readYamlFile } from '../../src/source/read-file.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { emptyDatabase, QUESTIONNAIRE_DIR, temporaryDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function sheetsIn(db: Db, dir: string) {
  const questionnaire = storedQuestionnaire(db, latestQuestionnaireVersion(db)!.id);
  return findSheetFiles(dir).map((file) => {
    const loaded = validateSheetSource(readYamlFile(file) as never, { questionnaire });
    return loaded.sheet!;
  });
}

/** Everything stored about the sheets, without row ids and times. */
function contents(db: Db) {
  const rows = (sql: string) => db.prepare(sql).all();
  return {
    sheets: listSheets(db, { allCoders: true }).map((s) => ({ ...s, id: 0, updatedAt: '' })),
    history: rows(
      `SELECT s.country, s.edition_id, h.question_id, h.revision, h.changed_by, h.reason, h.before, h.after
       FROM answer_history h JOIN sheets s ON s.id = h.sheet_id ORDER BY s.country, s.edition_id, h.id`,
    ),
    sources: rows(
      `SELECT s.country, s.edition_id, o.question_id, o.position, o.title, o.article, o.url, o.date
       FROM answer_sources o JOIN sheets s ON s.id = o.sheet_id ORDER BY 1, 2, 3, 4`,
    ),
  };
}

describe('bulk creation of sheets', () => {
  it('stores exactly what saving each sheet on its own stores', () => {
    const { dir, cleanup } = temporaryDir('new-sheets-');
    cleanups.push(cleanup);
    writeRealSizeSheets(ROOT_DIR, dir, 45);

    const bulk = emptyDatabase();
    expect(importSheetFiles(bulk, [dir], { user: 'importer', reason: 'bulk' })).toMatchObject({
      imported: 45,
      changed: 45,
    });

    const single = emptyDatabase();
    const sheets = sheetsIn(single, dir);
    for (const edition of new Set(sheets.map((s) => s.edition)))
      createEdition(single, edition, `${edition}-01-01`, latestQuestionnaireVersion(single)!.id);
    for (const sheet of sheets)
      saveSheet(single, { sheet, baseRevision: null, user: 'importer', reason: 'bulk' });

    expect(contents(bulk)).toEqual(contents(single));
  });

  it('takes no lock while staging, and sees a staged sheet created meanwhile', () => {
    const { dir, cleanup } = temporaryDir('new-sheets-');
    cleanups.push(cleanup);
    const file = join(dir, 'db.sqlite');
    const db = stopWaitingForLocks(openDatabase(file));
    bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: null });
    writeRealSizeSheets(ROOT_DIR, join(dir, 'sheets'), 3);
    const sheets = sheetsIn(db, join(dir, 'sheets'));
    createEdition(db, sheets[0]!.edition, '1990-01-01', latestQuestionnaireVersion(db)!.id);
    const fresh = sheets.map((sheet, n) => ({
      n,
      sheet,
      coderKey: OFFICIAL_CODER,
      user: 'a',
      reason: 'bulk',
    }));

    // Another process holds the write lock: staging still works (it fails at once otherwise).
    const other = openDatabase(file);
    other.exec('BEGIN IMMEDIATE');
    stageNewSheets(db, fresh);
    other.exec('ROLLBACK');
    other.close();

    const runs = [{ schema: 'temp', first: 0, last: 2 }];
    expect(stagedSheetsTaken(db, runs)).toBe(false);
    saveSheet(db, { sheet: sheets[1]!, baseRevision: null, user: 'someone' });
    expect(stagedSheetsTaken(db, runs)).toBe(true);
    expect(stagedSheetsTaken(db, [{ schema: 'temp', first: 2, last: 2 }])).toBe(false);
    expect(listSheets(db).map((s) => [s.sheet.country, s.updatedBy])).toEqual([
      [sheets[1]!.country, 'someone'],
    ]);
    clearStagedSheets(db);
    db.close();
  });
});
