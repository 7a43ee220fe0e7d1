/** The database commands of `policy-index`, against a temporary POLICY_INDEX_DB. */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { makeDirectories } from '../../src/source/write-file.js';
import { cli, cliAsync, setEnv, temporaryWorkingDatabase } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = temporaryWorkingDatabase('storage-cli-', {
    file: join('db', 'index.sqlite'),
    env: { POLICY_INDEX_USER: 'tester' },
  }));
});
afterAll(() => cleanup());

describe('policy-index database commands', () => {
  it('db migrate creates the database and applies the migrations once', () => {
    const first = cli('db', 'migrate');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/applied migration 1 \(initial schema\)/);
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    expect(cli('db', 'migrate').out).toMatch(`schema is current (version ${latest})`);
    expect(cli('db', 'explode').code).toBe(2);
  });

  it('start loads and publishes the sample data on first start, and reuses the database after', () => {
    const first = cli('rankings');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/new database; imported 16 sheets from scores, published 2019, 2024/);
    expect(first.out).toMatch(/ILLUSTRATIVE DATA/);
    expect(first.out).toMatch(/Edition 2024 .* published revision 1/);
    expect(first.out).toMatch(/vs 2019/);
    const second = cli('rankings');
    expect(second.out).toMatch(/reusing the database/);
  });

  it('import-sheets refuses an impossible reference date or priority before reading anything', () => {
    const badDate = cli('import-sheets', '--reference-date', '2025-02-30', 'scores');
    expect(badDate.code).toBe(2);
    expect(badDate.err).toMatch(/--reference-date must be a real date/);
    const badNice = cli('import-sheets', '--nice', '20', 'scores');
    expect(badNice.code).toBe(2);
    expect(badNice.err).toMatch(/--nice must be a whole number from 0 to 19/);
  });

  it('import-sheets refuses a folder without sheets, storing nothing', () => {
    const empty = join(dir, 'no-sheets');
    mkdirSync(join(empty, '2030'), { recursive: true });
    const { code, err } = cli('import-sheets', 'scores/2024', empty);
    expect(code).toBe(1);
    expect(err).toContain(`${empty}: error[no-sheet-files]: this folder holds no answer sheet`);
    expect(err).toMatch(/import refused \(1 error\): nothing was stored/);
  });

  it('history prints every change of an answer', () => {
    const { code, out } = cli('history', 'DE', '2024', 'atn-renunciation');
    expect(code).toBe(0);
    expect(out).toMatch(/^revision 1 .* system {2}\(initial load of scores\/\)/m);
    expect(out).toMatch(/^ {2}answer: \(none\) → none$/m);
    expect(out.match(/^ {2}source added: /gm)).toHaveLength(2);
    expect(cli('history', 'DE', '2024', 'no-such-question').code).toBe(1);
  });

  it('export-sheets then import-sheets changes nothing', () => {
    const out = join(dir, 'export');
    expect(cli('export-sheets', out).out).toMatch(/wrote 16 sheets/);
    expect(readdirSync(join(out, '2024'))).toHaveLength(8);
    expect(readFileSync(join(out, '2024', 'DE.yaml'), 'utf8')).toMatch(/ILLUSTRATIVE SAMPLE DATA/);
    const again = cli('import-sheets', out);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/imported 16 sheets \(0 new or changed\)/);
  });

  it('import-sheets refuses an invalid batch and stores nothing', () => {
    const bad = join(dir, 'bad');
    const ok = join(bad, '2030');
    mkdirSync(ok, { recursive: true });
    const sheet = (country: string, answer: string) =>
      `questionnaire: { id: migrant-policy-index, version: 1.1.0 }\ncountry: ${country}\nedition: "2030"\nstatus: draft\nanswers:\n  fr-partners: { answer: ${answer} }\n`;
    writeFileSync(join(ok, 'AT.yaml'), sheet('AT', 'both'));
    writeFileSync(join(ok, 'DE.yaml'), sheet('DE', 'everyone'));
    const result = cli('import-sheets', bad);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${join(ok, 'DE.yaml')}:6:26: error[unknown-option]`);
    expect(result.err).toMatch(/import refused \(1 error\): nothing was stored/);
    const db = openDatabase(process.env.POLICY_INDEX_DB!);
    expect(db.prepare("SELECT COUNT(*) AS n FROM editions WHERE id = '2030'").get()).toEqual({
      n: 0,
    });
    db.close();
  });

  it('publish needs a note for a correction, then publishes revision 2', () => {
    const refused = cli('publish', '2024');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^error\[correction-note-required\]: edition 2024 was published before/m,
    );
    const same = cli('publish', '2024', '--note', 'Republished after review.');
    expect(same.code).toBe(1);
    expect(same.err).toMatch(
      /^error\[nothing-changed\]: edition 2024 revision 1 already holds exactly these answers/m,
    );
    // A real correction: Germany's comment on one answer, approved.
    const db = openDatabase(process.env.POLICY_INDEX_DB!);
    const germany = getSheet(db, { country: 'DE', edition: '2024' })!;
    const answers = new Map(germany.sheet.answers);
    answers.set('fr-partners', { ...answers.get('fr-partners')!, comment: 'Corrected.' });
    saveSheet(db, {
      sheet: { ...germany.sheet, status: 'approved', answers },
      baseRevision: germany.revision,
      user: 'tester',
    });
    db.close();
    const done = cli('publish', '2024', '--note', 'Corrected a comment.');
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/published edition 2024 revision 2: 8 countries/);
    expect(cli('publish', '1999', '--note', 'x').err).toMatch(/error\[unknown-edition\]/);
  });

  it('db verify reproduces every published score from the frozen answers', () => {
    const { code, out } = cli('db', 'verify');
    expect(code).toBe(0);
    expect(out).toMatch(/integrity_check: ok/);
    expect(out).toMatch(/edition 2024 revision 2: every score reproduced/);
  });

  it('backup writes a consistent copy (online backup API)', async () => {
    const target = join(dir, 'backup.sqlite');
    const made = await cliAsync('backup', target);
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/backed up .* pages/);
    const copy = openDatabase(target, { migrate: false });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT COUNT(*) AS n FROM snapshots').get()).toEqual({ n: 3 });
    copy.close();
    // Refuses to overwrite.
    expect((await cliAsync('backup', target)).code).toBe(2);
    expect(existsSync(target)).toBe(true);
  });

  it('a backup file that cannot be created is named in the error, not the working database', async () => {
    // A folder nobody can create files in, root included.
    const target = '/proc/self/backup.sqlite';
    const failed = await cliAsync('backup', target);
    expect(failed.code).not.toBe(0);
    expect(failed.err).toContain(target);
    expect(failed.err).not.toContain(process.env.POLICY_INDEX_DB!);
  });
});

describe('policy-index user add', () => {
  it('creates an account with a generated password, or the one given, and refuses duplicates', () => {
    const generated = cli('user', 'add', 'first-admin@example.org', '--role', 'admin');
    expect(generated.code).toBe(0);
    expect(generated.out).toMatch(/^created admin first-admin@example\.org; password: \S{20}$/);
    const restore = setEnv({ POLICY_INDEX_PASSWORD: 'a long enough password' });
    try {
      expect(
        cli('user', 'add', 'expert@example.org', '--role', 'expert', '--name', 'E. Xpert').out,
      ).toBe('created expert expert@example.org');
      expect(cli('user', 'add', 'expert@example.org', '--role', 'expert').err).toMatch(
        /error\[user-exists\]/,
      );
    } finally {
      restore();
    }
    expect(cli('user', 'add', 'x@example.org', '--role', 'king').code).toBe(2);
    expect(cli('user', 'add', 'not-an-email', '--role', 'expert').code).toBe(2);
  });
});

describe('an output that cannot be written', () => {
  // A device that is always full: the failure comes from writing, which names no file by itself.
  it.skipIf(!existsSync('/dev/full'))('is named in the error (methodology --out /dev/full)', () => {
    const { code, err } = cli('methodology', '--out', '/dev/full');
    expect(code).not.toBe(0);
    expect(err).toContain('cannot write /dev/full');
    expect(err).not.toContain('(unknown)');
  });

  // Node 20's recursive mkdir never returns under /proc: every command that makes its output
  // folder went on without end. Run as a process with a time limit, so that a hang fails here.
  const bin = join(process.cwd(), 'dist', 'cli', 'main.js');
  it.runIf(existsSync('/proc/self') && existsSync(bin))(
    'a folder that cannot be made under /proc is an error, not a hang',
    () => {
      for (const args of [
        ['schema', '--out', '/proc/no-such/schema'],
        ['export-sheets', '/proc/no-such/sheets'],
        ['export-site', '/proc/no-such/site'],
      ]) {
        const run = spawnSync(process.execPath, [bin, ...args], {
          encoding: 'utf8',
          timeout: 30_000,
        });
        expect(run.status, args.join(' ')).toBe(1);
        expect(run.stderr, args.join(' ')).toContain('cannot create the folder /proc/no-such');
      }
    },
  );
});

describe('makeDirectories', () => {
  it('makes the missing folders, leaves an existing one, and refuses a file in the way', () => {
    const nested = join(dir, 'made', 'a', 'b');
    makeDirectories(nested);
    makeDirectories(nested);
    expect(statSync(nested).isDirectory()).toBe(true);
    writeFileSync(join(dir, 'made', 'file'), '');
    expect(() => makeDirectories(join(dir, 'made', 'file'))).toThrow(/EEXIST/);
    expect(() => makeDirectories(join(dir, 'made', 'file', 'below'))).toThrow(/ENOTDIR/);
  });
});
