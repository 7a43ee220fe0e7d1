/**
 * For an import on several threads, a worker stages each new sheet it checks in a staging file of
 * its own and sends back only what accepting the sheet needs; a sheet whose key is stored is sent
 * whole. Told to stop (the import starts copying), it closes its file and sends every sheet whole.
 * The import's write transaction takes the database's write lock but leaves the staging files
 * free for the workers to write meanwhile.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sheetFilesOf } from '../../src/answers/gather-sheets.js';
import type { LoadedSheet } from '../../src/answers/load-sheet.js';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import { stageSheetFilesInThreads } from '../../src/bulk/check-in-threads.js';
import { checkSheetFile } from '../../src/bulk/sheet-check.js';
import {
  sheetKeyText,
  stagingFile,
  stagingSchema,
  stagingStop,
  stopStaging,
  threadStaging,
  type StagedCheck,
} from '../../src/bulk/sheet-staging.js';
import { validationCheck } from '../../src/bulk/validate-sheet-files.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { openDatabase } from '../../src/storage/database.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { listEditions } from '../../src/storage/edition-repository.js';
import { ImportBatch } from '../../src/storage/import-batch.js';
import { openStagingFile, stageNewSheets } from '../../src/storage/new-sheets-repository.js';
import { OFFICIAL_CODER } from '../../src/storage/sheet-repository.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { QUESTIONNAIRE_DIR, sheetRows, temporaryDirPerTest } from '../storage/helpers.js';

const temporaryDir = temporaryDirPerTest('worker-staging-');

function sheetsDir(count: number): { files: string[]; dir: string } {
  const dir = temporaryDir();
  writeRealSizeSheets(ROOT_DIR, join(dir, 'sheets'), count);
  return { files: sheetFilesOf([join(dir, 'sheets')]), dir };
}

/** Checks `files` in one worker only, staging as an import does. */
async function inOneWorker(files: string[], dir: string, existing: string[], stopAtOnce: boolean) {
  const { questionnaire } = loadQuestionnaire(QUESTIONNAIRE_DIR);
  const check = validationCheck(QUESTIONNAIRE_DIR, questionnaire!, null, null);
  const file = stagingFile(dir, stagingSchema(1));
  openStagingFile(file).close();
  const stop = stagingStop();
  if (stopAtOnce) stopStaging(stop);
  const results: (LoadedSheet | StagedCheck)[] = [];
  const closed: number[] = [];
  const setup = { dir, existing, user: 'importer', reason: null, stop };
  // The main thread checks nothing here: its staging is never opened.
  const here = threadStaging(
    setup,
    'temp',
    () => {
      throw new Error('the main thread staged a sheet');
    },
    () => {},
  );
  await stageSheetFilesInThreads(
    files,
    check,
    { setup, here },
    {
      // One worker and no checking on the main thread.
      threads: 1,
      mainThread: false,
      onResults: (_, some) => results.push(...some),
      onStagingClosed: (worker) => closed.push(worker),
    },
  );
  const staged = new Database(file, { readonly: true });
  const rows = staged.prepare('SELECT n, country, reason FROM staged_sheets ORDER BY n').all();
  staged.close();
  return { results, closed, rows, check };
}

describe('a worker of an import', () => {
  it('stages the new sheets in its file and sends those whose key is stored whole', async () => {
    const { files, dir } = sheetsDir(12);
    const { check, ...first } = await inOneWorker(files, dir, [], false);
    const stored = checkSheetFile(files[4]!, check.here).sheet!;
    const existing = [sheetKeyText(stored.country, stored.edition, OFFICIAL_CODER)];
    const { results, closed, rows } = await inOneWorker(files, temporaryDir(), existing, false);

    expect(first.rows).toHaveLength(12);
    // Closed at the end of the run, which may end before the worker says so.
    expect([[], [1]]).toContainEqual(closed);
    expect(results[4]).toEqual(checkSheetFile(files[4]!, check.here));
    results.forEach((result, n) => {
      if (n === 4) return;
      const sheet = checkSheetFile(files[n]!, check.here).sheet!;
      expect(result).toEqual({
        sheet: null,
        staged: {
          file: files[n],
          country: sheet.country,
          edition: sheet.edition,
          questionnaire: sheet.questionnaire,
          asCoded: false,
          n,
          schema: 'staged_1',
        },
        issues: [],
      });
    });
    expect(rows).toEqual(
      results.flatMap((r, n) =>
        'staged' in r ? [{ n, country: r.staged.country, reason: `import of ${files[n]}` }] : [],
      ),
    );
  });

  it('stages nothing once told to stop, and says it has closed its file', async () => {
    const { files, dir } = sheetsDir(6);
    const { results, closed, rows, check } = await inOneWorker(files, dir, [], true);
    expect(closed).toEqual([1]);
    expect(rows).toEqual([]);
    expect(results).toEqual(files.map((file) => checkSheetFile(file, check.here)));
  });
});

describe('the write transaction of an import', () => {
  it('holds the write lock, leaves the staging files to the workers, and stores what they staged', () => {
    const { files, dir } = sheetsDir(4);
    const path = join(dir, 'db.sqlite');
    const db = openDatabase(path);
    bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: null });
    const { questionnaire } = loadQuestionnaire(QUESTIONNAIRE_DIR);
    const { here } = validationCheck(QUESTIONNAIRE_DIR, questionnaire!, null, null);
    const loaded = files.map((file) => checkSheetFile(file, here));
    const file = stagingFile(dir, stagingSchema(1));
    openStagingFile(file).close();
    const editions = new Map(listEditions(db).map((e) => [e.id, e.questionnaire_version_id]));
    const batch = new ImportBatch(
      db,
      editions,
      { user: 'importer' },
      new Map([['staged_1', file]]),
    );
    batch.accept(files[0]!, loaded[0]!);
    batch.prepare();
    batch.startWriting();

    // Another connection cannot write the database now…
    const other = new Database(path, { timeout: 0 });
    expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/locked/);
    other.close();
    // …but a worker can still stage sheets 1–3 in its file.
    const worker = openStagingFile(file);
    const fresh = [1, 2, 3].map((n) => ({
      n,
      sheet: loaded[n]!.sheet!,
      coderKey: OFFICIAL_CODER,
      user: 'importer',
      reason: `import of ${files[n]}`,
    }));
    stageNewSheets(worker, fresh, 'main');
    worker.close();
    for (const n of [1, 2, 3]) {
      const { country, edition, questionnaire: declared, file: from } = loaded[n]!.sheet!;
      const staged = { file: from, country, edition, questionnaire: declared, asCoded: false };
      batch.accept(files[n]!, {
        sheet: null,
        staged: { ...staged, n, schema: 'staged_1' },
        issues: [],
      });
    }
    batch.stagingClosed('staged_1');
    expect(batch.finish()).toMatchObject({ issues: [], imported: 4, changed: 4 });

    const alone = openDatabase(join(dir, 'alone.sqlite'));
    bootstrap(alone, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: null });
    const one = new ImportBatch(alone, editions, { user: 'importer' });
    files.forEach((f, i) => one.accept(f, loaded[i]!));
    one.finish();
    expect(sheetRows(db)).toEqual(sheetRows(alone));
    db.close();
    alone.close();
  });
});
