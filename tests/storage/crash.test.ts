/**
 * Crash safety: a process importing 1,000 sheets in one transaction is killed with SIGKILL in the
 * middle; the database must be intact and hold none of that batch (or, had the commit landed,
 * all of it) — never part.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { openDatabase } from '../../src/storage/database.js';
import { QUESTIONNAIRE_DIR, temporaryDir } from './helpers.js';

const CHILD = join(import.meta.dirname, 'crash-child.ts');
const COUNTRIES = [
  'AT',
  'AU',
  'BE',
  'BG',
  'CA',
  'CH',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GB',
  'GR',
  'HR',
  'HU',
  'IE',
  'IS',
  'IT',
  'JP',
  'KR',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'NO',
  'NZ',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'TR',
  'US',
];

let workDir: string;
let cleanup: () => void;
let sheetsDir: string;

beforeAll(() => {
  ({ dir: workDir, cleanup } = temporaryDir('crash-'));
  sheetsDir = join(workDir, 'sheets');
  let written = 0;
  for (let year = 2000; written < 1000; year++) {
    mkdirSync(join(sheetsDir, String(year)), { recursive: true });
    for (const country of COUNTRIES) {
      if (written === 1000) break;
      writeFileSync(
        join(sheetsDir, String(year), `${country}.yaml`),
        [
          'questionnaire: { id: migrant-policy-index, version: 1.1.0 }',
          `country: ${country}`,
          `edition: "${year}"`,
          'status: draft',
          'answers:',
          '  fr-residence-period:',
          '    answer: up-to-one-year',
          `    sources: [{ title: "Act ${written}", article: "§ 1", date: "2020-01-01" }]`,
          '  fr-partners: { answer: both, comment: "crash test" }',
          '',
        ].join('\n'),
      );
      written++;
    }
  }
});

afterAll(() => cleanup());

function freshDatabase(name: string): string {
  const path = join(workDir, name);
  const db = openDatabase(path);
  bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: null });
  db.close();
  return path;
}

function runChild(dbPath: string, pauseAt?: number) {
  const args = [
    '--import',
    'tsx',
    CHILD,
    dbPath,
    sheetsDir,
    ...(pauseAt === undefined ? [] : [String(pauseAt)]),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const output = () => ({ stdout, stderr });
  return { child, exited, output };
}

function inspect(path: string) {
  const db = openDatabase(path, { migrate: false });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      sheets: (db.prepare('SELECT COUNT(*) AS n FROM sheets').get() as { n: number }).n,
      answers: (
        db
          .prepare('SELECT COALESCE(SUM(json_array_length(answers)), 0) AS n FROM sheet_answers')
          .get() as {
          n: number;
        }
      ).n,
      editions: (db.prepare('SELECT COUNT(*) AS n FROM editions').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

describe('crash safety of imports', () => {
  it('without interruption, the child imports all 1,000 sheets', async () => {
    const path = freshDatabase('complete.sqlite');
    const { exited, output } = runChild(path);
    const { code } = await exited;
    expect(output().stderr).toBe('');
    expect(code).toBe(0);
    expect(output().stdout).toContain('DONE 1000 0');
    expect(inspect(path)).toEqual({ integrity: 'ok', sheets: 1000, answers: 2000, editions: 27 });
  }, 120_000);

  it('killed with SIGKILL half-way, it leaves an intact database without any of the batch', async () => {
    const path = freshDatabase('killed.sqlite');
    const { child, exited, output } = runChild(path, 500);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`child never reached the middle: ${output().stderr}`)),
        100_000,
      );
      child.stdout.on('data', () => {
        if (output().stdout.includes('MIDWAY')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGKILL');
    const { signal } = await exited;
    expect(signal).toBe('SIGKILL');
    expect(output().stdout).not.toContain('DONE');
    const state = inspect(path);
    expect(state.integrity).toBe('ok');
    expect([0, 1000]).toContain(state.sheets);
    expect(state).toEqual({ integrity: 'ok', sheets: 0, answers: 0, editions: 0 });
  }, 120_000);
});
