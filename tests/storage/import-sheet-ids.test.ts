/**
 * The copy of staged sheets gives each sheet the id SQLite would have given it (one past the
 * largest) and puts the rows under it without looking the sheet up again: the database holds
 * exactly what saving each sheet on its own leaves, row ids included, whether the import creates
 * every sheet, stages them in several parts, or meets sheets that exist already.
 */
import { describe, expect, it } from 'vitest';
import { findSheetFiles, validateSheetSource } from '../../src/answers/load-sheet.js';
import type { AnswerSheet } from '../../src/answers/types.js';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import type { Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';
import { stageNewSheets, writeStagedSheets } from '../../src/storage/new-sheets-repository.js';
import {
  latestQuestionnaireVersion,
  storedQuestionnaire,
} from '../../src/storage/questionnaire-repository.js';
import { planSave, saveSheet } from '../../src/storage/sheet-repository.js';
import { readYamlFile } from '../../src/source/read-file.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { emptyDatabase, temporaryDirPerTest } from './helpers.js';

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

/** Every row stored about sheets, ids included, times left out (they differ from run to run). */
function rows(db: Db) {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    sheets: all(
      `SELECT id, country, edition_id, coder_key, status, illustrative, revision, updated_by FROM sheets ORDER BY id`,
    ),
    coders: all(`SELECT rowid, * FROM sheet_coders ORDER BY rowid`),
    answers: all(`SELECT rowid, * FROM answers ORDER BY rowid`),
    sources: all(`SELECT rowid, * FROM answer_sources ORDER BY rowid`),
    history: all(
      `SELECT id, sheet_id, question_id, revision, changed_by, reason, before, after FROM answer_history ORDER BY id`,
    ),
  };
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
  it('gives the ids and rows that saving each sheet gives, staged in several parts', () => {
    const files = sheetFiles(7);
    const bulk = emptyDatabase();
    const sheets = sheetsOf(bulk, files);
    withEditions(bulk, sheets);
    // A sheet saved before, so that the new ids do not start at 1.
    saveSheet(bulk, { sheet: sheets[0]!, baseRevision: null, user: 'importer', reason: 'bulk' });
    const plans = sheets
      .slice(1)
      .map((sheet) =>
        planSave(bulk, { sheet, baseRevision: null, user: 'importer', reason: 'bulk' }),
      );
    stageNewSheets(bulk, plans.slice(0, 2));
    stageNewSheets(bulk, plans.slice(2), 2);
    expect(bulk.transaction(() => writeStagedSheets(bulk, 'now')).immediate()).toBe(true);

    const single = savedOneByOne(sheets.slice(1), sheets.slice(0, 1));
    expect(rows(bulk)).toEqual(rows(single));
    expect(rows(bulk).sheets).toHaveLength(7);
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
    expect(rows(bulk)).toEqual(rows(single));
  });
});
