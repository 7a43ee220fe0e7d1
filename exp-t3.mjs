import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { openDatabase } from './dist/storage/database.js';
import { bootstrap } from './dist/storage/bootstrap.js';
import { importSheetFilesInThreads } from './dist/storage/import-sheets.js';
const root = process.cwd();
const res = { 2: [], 3: [] };
for (let r = 0; r < 5; r++) for (const threads of [2, 3]) {
  const file = `/tmp/bv/t${threads}.sqlite`;
  for (const x of ['', '-wal', '-shm']) rmSync(file + x, { force: true });
  const db = openDatabase(file);
  bootstrap(db, { questionnaireDir: join(root, 'questionnaire'), scoresDir: null });
  const t0 = performance.now();
  await importSheetFilesInThreads(db, ['/tmp/bv/sheets'], { user: 'x', threads });
  res[threads].push(Math.round(performance.now() - t0));
  db.close();
}
console.log(res);
