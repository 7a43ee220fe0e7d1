/**
 * A restart of the server (`bootstrap` on a database already made) with unchanged files writes
 * nothing — no questionnaire version, no rewrite of the country list — so it never waits for
 * another process's write lock; a changed countries.yaml is still brought into the database.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { storedCountries } from '../../src/storage/country-repository.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { QUESTIONNAIRE_DIR, temporaryDirPerTest } from './helpers.js';

const newDir = temporaryDirPerTest('bootstrap-restart-');
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A database file made by a first start (no sheets), and a copy of the questionnaire. */
function started(): { path: string; questionnaireDir: string } {
  const dir = newDir();
  const questionnaireDir = join(dir, 'questionnaire');
  cpSync(QUESTIONNAIRE_DIR, questionnaireDir, { recursive: true });
  const path = join(dir, 'index.sqlite');
  const db = openDatabase(path);
  bootstrap(db, { questionnaireDir, scoresDir: null });
  db.close();
  return { path, questionnaireDir };
}

/** Starts again on a new connection; returns the rows it changed. */
function restart(path: string, questionnaireDir: string): { db: Db; changes: number } {
  const db = openDatabase(path);
  open.push(db);
  const before = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  bootstrap(db, { questionnaireDir, scoresDir: null });
  const after = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return { db, changes: after - before };
}

describe('a restart', () => {
  it('writes nothing when the questionnaire and countries are unchanged', () => {
    const { path, questionnaireDir } = started();
    expect(restart(path, questionnaireDir).changes).toBe(0);
  });

  it('stores a changed country list', () => {
    const { path, questionnaireDir } = started();
    const file = join(questionnaireDir, 'countries.yaml');
    const text = readFileSync(file, 'utf8');
    const renamed = text.replace(/name: Austria\b/, 'name: Republic of Austria');
    expect(renamed).not.toBe(text);
    writeFileSync(file, renamed);
    const { db, changes } = restart(path, questionnaireDir);
    expect(changes).toBeGreaterThan(0);
    expect(storedCountries(db).countries.find((c) => c.code === 'AT')?.name).toBe(
      'Republic of Austria',
    );
    expect(restart(path, questionnaireDir).changes).toBe(0);
  });
});
