/**
 * `bootstrapInThread`, the server's first start in a worker thread, does to a database file what
 * `bootstrap` does on the main thread: the same sheets, rows and publications; the same issues,
 * with nothing imported, when a sheet is wrong; and an error that ends the thread reaches the
 * caller with its code.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/issues/issue.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { bootstrapInThread } from '../../src/storage/bootstrap-thread.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { listSnapshots } from '../../src/storage/snapshot-repository.js';
import { QUESTIONNAIRE_DIR, SCORES_DIR, sheetRows, temporaryDirPerTest } from './helpers.js';

const newDir = temporaryDirPerTest('bootstrap-thread-');

/** What was published, without the times. */
function publications(db: Db) {
  return listSnapshots(db).map(({ edition, revision, note, countries, partial }) => ({
    edition,
    revision,
    note,
    countries,
    partial,
  }));
}

function withDatabase<T>(path: string, read: (db: Db) => T): T {
  const db = openDatabase(path);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe('the first start in a worker thread', () => {
  it('imports and publishes what bootstrap on the main thread does', async () => {
    const dir = newDir();
    const options = { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: SCORES_DIR };
    const inThread = await bootstrapInThread(join(dir, 'thread.sqlite'), options);
    const onMain = withDatabase(join(dir, 'main.sqlite'), (db) => bootstrap(db, options));

    expect(inThread).toEqual(onMain);
    expect(inThread.firstStart).toBe(true);
    expect(inThread.imported).toBeGreaterThan(0);
    expect(inThread.published).toEqual(['2019', '2024']);
    const [thread, main] = ['thread', 'main'].map((name) =>
      withDatabase(join(dir, `${name}.sqlite`), (db) => ({
        rows: sheetRows(db),
        published: publications(db),
      })),
    );
    expect(thread).toEqual(main);
    expect(thread!.published.length).toBe(2);
  });

  it('rejects with the issues of a wrong sheet, as bootstrap throws them, and imports nothing', async () => {
    const dir = newDir();
    const scoresDir = join(dir, 'scores');
    cpSync(SCORES_DIR, scoresDir, { recursive: true });
    const sheet = join(scoresDir, '2024', 'DE.yaml');
    writeFileSync(sheet, readFileSync(sheet, 'utf8').replace('country: DE', 'country: XX'));
    const options = { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir };

    const thrown = await bootstrapInThread(join(dir, 'thread.sqlite'), options).catch((e) => e);
    expect(thrown).toBeInstanceOf(InputError);
    let onMain: unknown;
    withDatabase(join(dir, 'main.sqlite'), (db) => {
      try {
        bootstrap(db, options);
      } catch (error) {
        onMain = error;
      }
    });
    expect(onMain).toBeInstanceOf(InputError);
    expect((thrown as InputError).issues).toEqual((onMain as InputError).issues);
    expect((thrown as InputError).issues[0]).toMatchObject({ file: sheet });
    withDatabase(join(dir, 'thread.sqlite'), (db) => {
      expect(sheetRows(db).sheets).toEqual([]);
      expect(publications(db)).toEqual([]);
    });
  });

  it('passes on an error that ends the thread, with its code', async () => {
    const dir = newDir();
    const notAFile = join(dir, 'a-folder.sqlite');
    mkdirSync(notAFile);
    const thrown = await bootstrapInThread(notAFile, {
      questionnaireDir: QUESTIONNAIRE_DIR,
      scoresDir: SCORES_DIR,
    }).catch((e) => e);
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(InputError);
    expect((thrown as { code?: string }).code).toBe('SQLITE_CANTOPEN');
  });
});
