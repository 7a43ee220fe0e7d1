/**
 * Child process of the crash test: imports every sheet of a folder into a database in one
 * transaction. With a third argument N it announces "MIDWAY" after writing N sheets and then
 * waits, so that the test can kill it with SIGKILL in the middle of the transaction.
 */
import { writeSync } from 'node:fs';
import { openDatabase } from '../../src/storage/database.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';

const [dbPath, dir, pauseAt] = process.argv.slice(2);
const db = openDatabase(dbPath!);
const result = importSheetFiles(db, [dir!], {
  user: 'crash-test',
  onProgress: (done) => {
    if (pauseAt !== undefined && done === Number(pauseAt)) {
      writeSync(1, 'MIDWAY\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
  },
});
writeSync(
  1,
  `DONE ${result.imported} ${result.issues.filter((issue) => issue.severity === 'error').length}\n`,
);
db.close();
