import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

export const QUESTIONNAIRE_DIR = join(ROOT_DIR, 'questionnaire');
export const SCORES_DIR = join(ROOT_DIR, 'scores');

/** A fresh database in memory, migrated, with the questionnaire and countries loaded. */
export function emptyDatabase(): Db {
  const db = openDatabase(':memory:');
  bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: null });
  return db;
}

/** A fresh database in memory after a first start: sample sheets imported and published. */
export function sampleDatabase(): Db {
  const db = openDatabase(':memory:');
  bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: SCORES_DIR });
  return db;
}

/** A temporary folder, removed by the returned cleanup. */
export function temporaryDir(prefix = 'policy-index-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
