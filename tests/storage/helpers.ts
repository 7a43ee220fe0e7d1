import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import type { AnswerEntry } from '../../src/answers/types.js';

export const QUESTIONNAIRE_DIR = join(ROOT_DIR, 'questionnaire');
export const SCORES_DIR = join(ROOT_DIR, 'scores');

/** An answer's entry: `answer`, no sources and nothing else unless `extra` says so. */
export const answerEntry = (answer: string, extra: Partial<AnswerEntry> = {}): AnswerEntry => ({
  answer,
  sources: [],
  comment: null,
  inForceSince: null,
  confidence: null,
  ...extra,
});

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

/** Every row stored about sheets, ids included, times left out (they differ from run to run). */
export function sheetRows(db: Db) {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    sheets: all(
      `SELECT id, country, edition_id, coder_key, status, illustrative, revision, updated_by FROM sheets ORDER BY id`,
    ),
    coders: all(`SELECT rowid, * FROM sheet_coders ORDER BY rowid`),
    answers: all(`SELECT sheet_id, answers FROM sheet_answers ORDER BY sheet_id`),
    history: all(
      `SELECT id, sheet_id, question_id, revision, changed_by, reason, before, after FROM answer_history ORDER BY id`,
    ),
  };
}

/** A temporary folder, removed by the returned cleanup. */
export function temporaryDir(prefix = 'policy-index-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For the tests of the calling file: a function that makes a temporary folder, removed after the
 * test that made it.
 */
export function temporaryDirPerTest(defaultPrefix = 'policy-index-'): (prefix?: string) => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return (prefix = defaultPrefix) => {
    const { dir, cleanup } = temporaryDir(prefix);
    cleanups.push(cleanup);
    return dir;
  };
}
