/**
 * A command-line import copies its WAL into the database file itself, waiting for readers of
 * other connections that still use an older snapshot, so that the server's next small commit
 * does not inherit the checkpoint of the whole import on its event loop.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { openDatabase } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';
import { latestQuestionnaireVersion } from '../../src/storage/questionnaire-repository.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { QUESTIONNAIRE_DIR, temporaryDirPerTest } from './helpers.js';

const temporaryDir = temporaryDirPerTest();

/**
 * Another process reading: a read transaction on its own connection (a worker thread, so that it
 * runs while this thread is busy importing), ended 100 ms after `release` is set.
 */
function reader(file: string, release: Int32Array): Promise<Worker> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.module);
     const db = new Database(workerData.file);
     db.exec('BEGIN');
     db.prepare('SELECT COUNT(*) FROM sheets').get();
     parentPort.postMessage('reading');
     const poll = setInterval(() => {
       if (Atomics.load(workerData.release, 0) === 0) return;
       clearInterval(poll);
       setTimeout(() => { db.exec('COMMIT'); db.close(); }, 100);
     }, 5);`,
    {
      eval: true,
      workerData: { file, release, module: join(ROOT_DIR, 'node_modules', 'better-sqlite3') },
    },
  );
  return new Promise((resolve) => worker.once('message', () => resolve(worker)));
}

describe('after an import', () => {
  it('the imported data is in the database file, not only in the WAL, once a reader from before has finished', async () => {
    const dir = temporaryDir('checkpoint-');
    const file = join(dir, 'db.sqlite');
    const db = openDatabase(file);
    bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: null });
    db.pragma('wal_checkpoint(TRUNCATE)');
    // A change in the WAL, so that the reader's snapshot ends inside the WAL, as the server's do.
    createEdition(db, '1980', '1980-01-01', latestQuestionnaireVersion(db)!.id);
    writeRealSizeSheets(ROOT_DIR, join(dir, 'sheets'), 40);
    const before = statSync(file).size;

    // The reader's snapshot is older than the import's commit and outlives it by 100 ms.
    const release = new Int32Array(new SharedArrayBuffer(4));
    const reading = await reader(file, release);
    const result = importSheetFiles(db, [join(dir, 'sheets')], {
      user: 'test',
      onProgress: (done, total) => {
        if (done === total) Atomics.store(release, 0, 1);
      },
    });
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.imported).toBe(40);
    expect(statSync(file).size - before).toBeGreaterThan(1_000_000);
    await reading.terminate();
    db.close();
  });
});
