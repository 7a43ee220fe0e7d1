/**
 * One command-line voice (issue 16, item 4): results on stdout and problems on stderr for every
 * command, `--version`, numbers as numbers in JSON, question ids and codes accepted alike,
 * `reconcile` keeping the evidence of the answers it takes and never publishing, and `history`
 * saying what changed. On a temporary working database loaded with the sample data.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerEntry } from '../../src/answers/types.js';
import { openDatabase } from '../../src/storage/database.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { cli, temporaryWorkingDatabase } from '../helpers/cli.js';
import { fixturePath, ROOT_DIR } from '../helpers/fixtures.js';

const TINY = fixturePath('questionnaires', 'tiny');
const TINY_SHEETS = fixturePath('sheets', 'tiny');
const VERSION = (
  JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = temporaryWorkingDatabase('one-voice-', { firstStart: true }));
  importCoders();
});
afterAll(() => cleanup());

/** Two coders of Austria 2024 who disagree on fr-accommodation (30) and fr-residence-period (21). */
function importCoders(): void {
  const sheets = join(dir, 'coders', '2024');
  mkdirSync(sheets, { recursive: true });
  const base = readFileSync(join(ROOT_DIR, 'scores', '2024', 'AT.yaml'), 'utf8').replace(
    'status: published',
    'status: submitted',
  );
  const coder = (name: string) => base.replace('Sample Coder (illustrative)', name);
  writeFileSync(
    join(sheets, 'AT.alice.yaml'),
    coder('Alice Example').replace(
      /( {2}fr-residence-period:\n(?: {4}.*\n)*? {4}in_force_since: .*\n)/,
      '$1    confidence: medium\n',
    ),
  );
  writeFileSync(
    join(sheets, 'AT.bob.yaml'),
    coder('B. Example\n    email: bob@example.org')
      .replace(
        /( {2}fr-accommodation:\n {4}answer: )stricter\n {4}sources:\n/,
        '$1general-standards\n    sources:\n      - title: Housing Decree (illustrative reference)\n        date: "2023-05-01"\n',
      )
      .replace(/( {2}fr-residence-period:\n {4}answer: )\S+/, '$1up-to-one-year'),
  );
  expect(cli('import-sheets', join(dir, 'coders')).code).toBe(0);
}

function withDb<T>(work: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase(process.env.POLICY_INDEX_DB!);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

function officialEntry(country: string, edition: string, question: string): AnswerEntry {
  return withDb((db) => getSheet(db, { country, edition })!.sheet.answers.get(question)!);
}

describe('--version', () => {
  it('prints the version of package.json on stdout and exits 0', () => {
    for (const flag of ['--version', '-V']) {
      const { code, out, err } = cli(flag);
      expect(code).toBe(0);
      expect(out).toBe(`policy-index ${VERSION}`);
      expect(err).toBe('');
    }
  });
});

describe('stdout carries the result, stderr the problems', () => {
  it('a command that fails prints nothing on stdout, and says why on stderr', () => {
    const csvDir = join(dir, 'csv-out');
    const failures: string[][] = [
      ['validate', '--questionnaire', TINY, '/nonexistent/sheet.yaml'],
      ['validate', '--questionnaire', join(dir, 'no-questionnaire')],
      ['score', '--questionnaire', TINY, '--answers', '/nonexistent/sheets'],
      ['report', '--questionnaire', TINY, '--answers', '/nonexistent/sheets'],
      ['import-scores', '--questionnaire', TINY, '--out', csvDir, '/nonexistent/scores.csv'],
      ['import-sheets', '/nonexistent/sheets'],
      ['validate-events', '/nonexistent/events.yaml'],
      ['export-events', '--edition', '1999'],
      ['history', 'DE', '2024', 'no-such-question'],
      ['history', 'DE', '1999', 'fr-partners'],
      ['history', 'JP', '2024', 'fr-partners'],
      ['agreement', 'DE', '2024'],
      ['reconcile', 'AT', '2024'],
      ['changes', 'FR', '1999', '2024'],
      ['robustness', '--edition', '1999'],
      ['publish', '2019', '--note', 'Nothing changed.'],
      ['db', 'explode'],
      ['score', '--format', 'xml'],
    ];
    for (const args of failures) {
      const { code, out, err } = cli(...args);
      const command = args.join(' ');
      expect(code, command).not.toBe(0);
      expect(out, command).toBe('');
      expect(err, command).not.toBe('');
      expect(err, command).not.toMatch(/\n\s+at /);
    }
  });

  it('warnings go to stderr; stdout holds only the verdict', () => {
    const { code, out, err } = cli('validate', '--questionnaire', TINY, TINY_SHEETS);
    expect(code).toBe(0);
    expect(err).toMatch(/warning\[missing-answer\]/);
    expect(out).toMatch(/^3 valid sheets; 0 errors, \d+ warnings$/);
  });

  it('what was written is reported on stdout', () => {
    const file = join(dir, 'events.yaml');
    const { code, out, err } = cli('export-events', '--out', file);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^wrote \\d+ legal events to ${file}$`));
    expect(err).toBe('');
  });

  it('a missing file is reported as the file, with its code and no made-up position', () => {
    const { err } = cli('validate', '--questionnaire', TINY, '/nonexistent/sheet.yaml');
    expect(err).toMatch(/^\/nonexistent\/sheet\.yaml: error\[file-not-found\]: \S/m);
    expect(err).not.toMatch(/:0:0/);
  });
});

/** Every string in a JSON document that is a number written as text, with where it is. */
function numbersAsText(value: unknown, path = '$'): string[] {
  // Identifiers that happen to be digits: a question code (25), an edition (2024).
  const IDS = new Set(['code', 'edition', 'from', 'to', 'id', 'version']);
  if (typeof value === 'string')
    return /^[+\-−]?\d+(\.\d+)?%?$/.test(value.trim()) && !IDS.has(path.split('.').at(-1)!)
      ? [`${path} = "${value}"`]
      : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => numbersAsText(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => numbersAsText(item, `${path}.${key}`));
  return [];
}

describe('JSON: numbers are numbers', () => {
  it('changes --format json: scores and points as numbers that add up', () => {
    const { code, out } = cli('changes', 'FR', '2019', '2024', '--format', 'json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(numbersAsText(json)).toEqual([]);
    for (const total of json.totals) {
      expect(typeof total.before).toBe('number');
      expect(total.change).toBeCloseTo(total.after - total.before, 9);
    }
    const overall = json.totals.find((t: { node: string }) => t.node === 'overall');
    const points = json.rows.reduce(
      (s: number, r: { pointsOverall: number }) => s + r.pointsOverall,
      0,
    );
    expect(points).toBeCloseTo(overall.change, 9);
  });

  it('robustness --format json: scores and intervals as numbers', () => {
    const { code, out } = cli(
      'robustness',
      '--edition',
      '2024',
      '--draws',
      '100',
      '--sensitivity-samples',
      '16',
      '--by-country',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(numbersAsText(json)).toEqual([]);
    for (const country of json.countries) {
      expect(typeof country.score).toBe('number');
      expect(country.scoreLow).toBeLessThanOrEqual(country.scoreHigh);
    }
    expect(json.sensitivity.indices.length).toBeGreaterThan(0);
  });

  it('score --format json', () => {
    const { code, out } = cli('score', '--questionnaire', TINY, '--answers', TINY_SHEETS);
    expect(code).toBe(0);
    expect(numbersAsText(JSON.parse(out))).toEqual([]);
  });
});

describe('questions by id or by code', () => {
  it('history accepts the code agreement prints as well as the id', () => {
    const byId = cli('history', 'DE', '2024', 'atn-renunciation');
    const byCode = cli('history', 'DE', '2024', '115a');
    expect(byId.code).toBe(0);
    expect(byCode).toEqual(byId);
    expect(byId.out).toMatch(/^DE 2024 atn-renunciation \(115a\): 1 change$/m);
  });

  it('an unknown question is named as given, with its code', () => {
    const { code, err } = cli('history', 'DE', '2024', '999z');
    expect(code).toBe(1);
    expect(err).toMatch(/^error\[unknown-question\]: "999z" is neither the id nor the code/m);
  });
});

describe('reconcile', () => {
  it('never marks a sheet approved or published: only review and publish do', () => {
    const before = withDb((db) => getSheet(db, { country: 'AT', edition: '2024' })!);
    for (const status of ['published', 'approved']) {
      const { code, out, err } = cli('reconcile', 'AT', '2024', '--status', status);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(/--status must be in_review or draft: only publishing/);
    }
    const after = withDb((db) => getSheet(db, { country: 'AT', edition: '2024' })!);
    expect(after.revision).toBe(before.revision);
    expect(after.sheet.status).toBe(before.sheet.status);
  });

  it('takes choices by question code, and keeps the evidence of every answer it takes', () => {
    // What agreement prints: the codes of the disagreements.
    expect(cli('agreement', 'AT', '2024').out).toMatch(/^ {2}21 {4}fr-residence-period: /m);
    const done = cli('reconcile', 'AT', '2024', '--take', '21=alice', '--take', '30=answer:none');
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/^official sheet AT 2024: revision \d+, 2 answers changed$/);

    // A coder chosen: that coder's entry as it is — sources, comment, confidence.
    const residence = officialEntry('AT', '2024', 'fr-residence-period');
    expect(residence.confidence).toBe('medium');
    expect(residence.comment).toMatch(/annual quota/);
    expect(residence.sources.map((s) => s.article)).toEqual(['§ 20(4)']);

    // An answer neither coder gave: the sources both coders cited, each once.
    const accommodation = officialEntry('AT', '2024', 'fr-accommodation');
    expect(accommodation.answer).toBe('none');
    const titles = accommodation.sources.map((s) => s.title);
    expect(titles).toContain('Housing Decree (illustrative reference)');
    expect(titles).toContain('Settlement and Residence Act (illustrative reference)');
    expect(new Set(titles.map((t, i) => `${t} ${accommodation.sources[i]!.date}`)).size).toBe(
      titles.length,
    );
  });

  it('an explicit answer a coder gave keeps that coder’s sources', () => {
    const done = cli(
      'reconcile',
      'AT',
      '2024',
      '--take',
      'fr-residence-period=alice',
      '--take',
      'fr-accommodation=answer:general-standards',
    );
    expect(done.code).toBe(0);
    const accommodation = officialEntry('AT', '2024', 'fr-accommodation');
    expect(accommodation.answer).toBe('general-standards');
    expect(accommodation.sources.map((s) => s.title)).toContain(
      'Housing Decree (illustrative reference)',
    );
  });
});

describe('history', () => {
  it('says what changed when only a source date changed, and records nothing for a save without change', () => {
    const question = 'fr-partners';
    const count = () => cli('history', 'DE', '2024', question).out.match(/^revision /gm)!.length;
    const before = count();
    withDb((db) => {
      const de = getSheet(db, { country: 'DE', edition: '2024' })!;
      const saved = saveSheet(db, { sheet: de.sheet, baseRevision: de.revision, user: 'tester' });
      expect(saved.changed).toEqual([]);
      const answers = new Map(de.sheet.answers);
      const entry = answers.get(question)!;
      answers.set(question, {
        ...entry,
        sources: entry.sources.map((s, i) => (i === 0 ? { ...s, date: '2025-01-15' } : s)),
      });
      saveSheet(db, {
        sheet: { ...de.sheet, answers },
        baseRevision: saved.revision,
        user: 'tester',
        reason: 'source re-checked',
      });
    });
    const { code, out } = cli('history', 'DE', '2024', question);
    expect(code).toBe(0);
    expect(count()).toBe(before + 1);
    const last = out.split('\n').slice(-2);
    expect(last[0]).toMatch(/^revision \d+ {2}\S+ {2}tester {2}\(source re-checked\)$/);
    expect(last[1]).toBe(
      '  source "Residence Act (illustrative reference)" § 26(4): date 2024-06-28 → 2025-01-15',
    );
    expect(out).not.toMatch(/before:|after:/);
  });
});
