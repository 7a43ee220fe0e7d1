/**
 * An import's write transaction runs with a small page cache and writes its WAL back to the disk
 * early (bulk-write.ts). The early write-back opens and closes the WAL file beside SQLite: that
 * must never release the write lock, and the connection gets its own page cache back afterwards.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { startBulkWrite, type BulkWrite } from '../../src/storage/bulk-write.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { ImportBatch } from '../../src/storage/import-batch.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';
import { createEdition, listEditions } from '../../src/storage/edition-repository.js';
import { latestQuestionnaireVersion } from '../../src/storage/questionnaire-repository.js';
import { sheetFilesOf } from '../../src/answers/gather-sheets.js';
import { checkSheetFile } from '../../src/bulk/sheet-check.js';
import { packCheck } from '../../src/bulk/sheet-transfer.js';
import { validationCheck } from '../../src/bulk/validate-sheet-files.js';
import { ConflictError } from '../../src/issues/issue.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { QUESTIONNAIRE_DIR, temporaryDirPerTest } from './helpers.js';

const temporaryDir = temporaryDirPerTest();
const open: Db[] = [];
afterEach(() => open.splice(0).forEach((db) => db.open && db.close()));

function connect(file: string, busyTimeoutMs?: number): Db {
  const db = openDatabase(file, { busyTimeoutMs });
  open.push(db);
  return db;
}

const cacheSize = (db: Db) => Number(db.pragma('cache_size', { simple: true }));

async function writeBacksDone(bulk: BulkWrite): Promise<void> {
  for (let waited = 0; bulk.writeBacks().pending > 0; waited += 5) {
    if (waited > 5000) throw new Error('the write-back never finished');
    await sleep(5);
  }
}

describe('a bulk write transaction', () => {
  it('keeps the write lock while its WAL is written back early, and after that file is closed', async () => {
    const file = join(temporaryDir('bulk-'), 'db.sqlite');
    const db = connect(file);
    const other = connect(file, 0);
    db.exec('CREATE TABLE bulk (data BLOB NOT NULL)');
    const defaultCache = cacheSize(db);

    const bulk = startBulkWrite(db);
    expect(cacheSize(db)).toBe(-2048);
    db.exec('BEGIN IMMEDIATE');
    const insert = db.prepare('INSERT INTO bulk (data) VALUES (?)');
    const chunk = new Uint8Array(512 * 1024).fill(7);
    for (let i = 0; i < 12; i++) {
      insert.run(chunk);
      bulk.wrote(chunk.byteLength);
    }
    expect(bulk.writeBacks().started).toBe(3); // every 2 MiB of 6 MiB
    await writeBacksDone(bulk);
    bulk.end();
    expect(cacheSize(db)).toBe(defaultCache);

    // Still this transaction's: another connection can neither write nor see its rows.
    expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/locked|busy/i);
    expect(other.prepare('SELECT COUNT(*) AS n FROM bulk').get()).toEqual({ n: 0 });
    db.exec('COMMIT');
    expect(other.prepare('SELECT COUNT(*) AS n FROM bulk').get()).toEqual({ n: 12 });
    other.exec('BEGIN IMMEDIATE');
    other.exec('ROLLBACK');
  });

  it('writes nothing back for a database in memory', () => {
    const db = openDatabase(':memory:');
    open.push(db);
    const bulk = startBulkWrite(db);
    bulk.wrote(10 * 1024 * 1024);
    expect(bulk.writeBacks()).toEqual({ started: 0, pending: 0 });
    bulk.end();
    expect(cacheSize(db)).toBe(-16000);
  });

  it('an import gives the connection its page cache back, whether it stored the sheets or nothing', () => {
    const dir = temporaryDir('bulk-import-');
    const db = connect(join(dir, 'db.sqlite'));
    bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: null });
    const defaultCache = cacheSize(db);
    writeRealSizeSheets(ROOT_DIR, join(dir, 'sheets'), 120); // about 3 MB
    expect(importSheetFiles(db, [join(dir, 'sheets')], { user: 'test' }).imported).toBe(120);
    expect(cacheSize(db)).toBe(defaultCache);

    // Stopped while writing: the edition it creates was created by someone else meanwhile.
    writeRealSizeSheets(ROOT_DIR, join(dir, 'later'), 3, 1980);
    const later = sheetFilesOf([join(dir, 'later')]);
    const { questionnaire } = loadQuestionnaire(QUESTIONNAIRE_DIR);
    const check = validationCheck(QUESTIONNAIRE_DIR, questionnaire!, null, null).here;
    const editions = new Map(listEditions(db).map((e) => [e.id, e.questionnaire_version_id]));
    const batch = new ImportBatch(db, editions, { user: 'test' });
    later.forEach((file) => batch.accept(file, packCheck(checkSheetFile(file, check))));
    createEdition(db, '1980', '1980-01-01', latestQuestionnaireVersion(db)!.id);
    expect(() => batch.finish()).toThrow(ConflictError);
    expect(cacheSize(db)).toBe(defaultCache);
    expect(db.inTransaction).toBe(false);
  });
});
