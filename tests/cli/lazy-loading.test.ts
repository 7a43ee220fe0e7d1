/**
 * The program loads what a command needs and nothing else: `policy-index --help` answers from the
 * command table without loading mathjs, express, SQLite, ajv or yaml (each costs tens to hundreds
 * of milliseconds of start); a command loads its own module only; a questionnaire unchanged since
 * the last run comes from the cache, without mathjs or ajv. The real program runs in a
 * child process with a preload that records every module it loads.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath, ROOT_DIR } from '../helpers/fixtures.js';
import { temporaryDirPerTest } from '../storage/helpers.js';

const MAIN = join(ROOT_DIR, 'src', 'cli', 'main.ts');
const RECORDER = join(ROOT_DIR, 'tests', 'helpers', 'record-modules.mjs');
const HEAVY = ['mathjs', 'express', 'better-sqlite3', 'ajv', 'yaml', 'ejs', 'helmet', 'multer'];

const newDir = temporaryDirPerTest('lazy-loading-');

/** Runs the program; returns its exit code, output and the packages and sources it loaded. */
function runRecorded(...args: string[]) {
  return runRecordedWith({ POLICY_INDEX_CACHE: 'off' }, ...args);
}

function runRecordedWith(env: Record<string, string>, ...args: string[]) {
  const record = join(newDir(), 'modules.txt');
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', RECORDER, MAIN, ...args],
    {
      cwd: ROOT_DIR,
      encoding: 'utf8',
      env: { ...process.env, ...env, RECORD_MODULES_TO: record },
    },
  );
  const loaded = readFileSync(record, 'utf8').split('\n');
  const packages = new Set(
    loaded.flatMap((line) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)?.[1] ?? []),
  );
  const sources = new Set(loaded.flatMap((line) => /\/src\/(.+)\.ts$/.exec(line)?.[1] ?? []));
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, packages, sources };
}

describe('what the program loads', () => {
  it('answers --help without loading any command or heavy library', () => {
    const run = runRecorded('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: policy-index <command>/);
    for (const name of HEAVY) expect(run.packages, name).not.toContain(name);
    expect([...run.sources].filter((source) => source.startsWith('cli/commands/'))).toEqual([]);
  });

  it('answers --version from package.json without loading any command or heavy library', () => {
    const run = runRecorded('--version');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^policy-index \d+\.\d+\.\d+\n$/);
    for (const name of HEAVY) expect(run.packages, name).not.toContain(name);
    expect([...run.sources].filter((source) => source.startsWith('cli/commands/'))).toEqual([]);
  });

  it('answers an unknown command without loading any command', () => {
    const run = runRecorded('nonsense');
    expect(run.status).toBe(2);
    for (const name of HEAVY) expect(run.packages, name).not.toContain(name);
  });

  it('loads only the module of the command that runs', () => {
    const run = runRecorded('schema', '--help');
    expect(run.status).toBe(0);
    expect(run.sources).toContain('cli/commands/schema');
    for (const other of ['serve', 'storage', 'analysis', 'export-site', 'validate', 'user'])
      expect(run.sources, other).not.toContain(`cli/commands/${other}`);
    for (const name of ['express', 'ejs', 'helmet', 'mathjs'])
      expect(run.packages, name).not.toContain(name);
  });

  it('validates a questionnaire unchanged since the last run without mathjs or ajv', () => {
    const cache = { POLICY_INDEX_CACHE: join(newDir(), 'cache') };
    const tiny = fixturePath('questionnaires', 'tiny');
    const first = runRecordedWith(cache, 'validate', '--questionnaire', tiny);
    expect(first.status).toBe(0);
    expect(first.packages).toContain('mathjs'); // the skip logic was compiled
    const again = runRecordedWith(cache, 'validate', '--questionnaire', tiny);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    for (const name of ['mathjs', 'ajv']) expect(again.packages, name).not.toContain(name);
  });
});
