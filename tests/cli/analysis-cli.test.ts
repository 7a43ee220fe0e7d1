/** changes, robustness, agreement and reconcile on a temporary working database. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, temporaryWorkingDatabase } from '../helpers/cli.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(
  () => ({ dir, cleanup } = temporaryWorkingDatabase('analysis-cli-', { firstStart: true })),
);
afterAll(() => cleanup());

describe('policy-index changes', () => {
  it('lists the changed answers with the points they moved, adding up to the change', () => {
    const { code, out } = cli('changes', 'FR', '2019', '2024', '--format', 'json');
    expect(code).toBe(0);
    const view = JSON.parse(out);
    // France introduced a pre-entry test (28a) with its follow-ups; the language-tests strand's own
    // questions record the rest of the sample's 2024 changes: the pre-entry level, that test's
    // design and consequence, a test and a higher level for permanent residence with its
    // design, and a higher level for naturalisation. They move no point of the overall score.
    expect(view.rows.map((r: { code: string }) => r.code)).toEqual([
      '28a',
      '28c',
      '28d',
      '28e',
      '28f',
      ...['lt-fr-1', 'lt-fr-2', 'lt-fr-3', 'lt-fr-4'],
      ...['lt-pr-1', 'lt-pr-3', 'lt-pr-8', 'lt-pr-9'],
      'lt-nat-2',
    ]);
    for (const row of view.rows.filter((r: { code: string }) => r.code.startsWith('lt-')))
      expect(row.pointsOverall, row.code).toBe(0);
    const overall = view.totals.find((t: { node: string }) => t.node === 'overall').change;
    expect(
      view.rows.reduce((s: number, r: { pointsOverall: number }) => s + r.pointsOverall, 0),
    ).toBeCloseTo(overall, 9);
    const table = cli('changes', 'FR', '2019', '2024');
    expect(table.out).toMatch(/14 changed answers/);
    expect(table.out).toMatch(/28a {3}Language measure before entry/);
  });

  it('refuses unknown editions and countries', () => {
    expect(cli('changes', 'FR', '1999', '2024').code).toBe(1);
    expect(cli('changes', 'JP', '2019', '2024').err).toMatch(/error\[unknown-country\]/);
    expect(cli('changes', 'FR').code).toBe(2);
    // The same edition twice is no comparison: refused, not printed as "nothing changed".
    const same = cli('changes', 'FR', '2024', '2024');
    expect(same.code).toBe(2);
    expect(same.out).toBe('');
    expect(same.err).toMatch(/FROM and TO are both "2024"/);
  });
});

describe('policy-index robustness', () => {
  it('prints rank intervals, identical for the same seed', () => {
    const a = cli(
      'robustness',
      '--edition',
      '2024',
      '--draws',
      '500',
      '--seed',
      '3',
      '--format',
      'json',
    );
    expect(a.code).toBe(0);
    const b = cli(
      'robustness',
      '--edition',
      '2024',
      '--draws',
      '500',
      '--seed',
      '3',
      '--format',
      'json',
    );
    expect(JSON.parse(b.out).countries).toEqual(JSON.parse(a.out).countries);
    const table = cli('robustness', '--edition', '2024', '--draws', '200', '--leave-one-out');
    expect(table.out).toMatch(/Edition 2024: 200 draws, seed 1/);
    // Title, column header, 8 countries; then a blank line and the Sobol indices (12 choices).
    const lines = table.out.split('\n');
    expect(lines.slice(0, 11).at(-1)).toBe('');
    expect(lines[11]).toMatch(/^Sobol indices of the mean absolute rank shift/);
    expect(lines).toHaveLength(10 + 3 + 12);
  });

  it('checks its settings', () => {
    expect(cli('robustness', '--edition', '2024', '--draws', 'many').code).toBe(2);
    expect(cli('robustness', '--draws', '10').code).toBe(2);
    expect(cli('robustness', '--edition', '1999').code).toBe(1);
  });
});

describe('several coders: agreement and reconciliation', () => {
  beforeAll(() => {
    const sheets = join(dir, 'coders', '2024');
    mkdirSync(sheets, { recursive: true });
    const base = readFileSync(join(ROOT_DIR, 'scores', '2024', 'AT.yaml'), 'utf8').replace(
      'status: published',
      'status: submitted',
    );
    // Each coder's file names its coder (the file name and the sheet must agree).
    const coder = (name: string) => base.replace('Sample Coder (illustrative)', name);
    writeFileSync(join(sheets, 'AT.alice.yaml'), coder('Alice Example'));
    writeFileSync(
      join(sheets, 'AT.bob.yaml'),
      coder('B. Example\n    email: bob@example.org')
        .replace(/( {2}fr-accommodation:\n {4}answer: )stricter/, '$1general-standards')
        .replace(/( {2}fr-residence-period:\n {4}answer: )\S+/, '$1up-to-one-year'),
    );
    const imported = cli('import-sheets', join(dir, 'coders'));
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/imported 2 sheets/);
  });

  it('reports Krippendorff alpha and the disagreements', () => {
    const { code, out } = cli('agreement', 'AT', '2024');
    expect(code).toBe(0);
    expect(out).toMatch(/coders alice, bob/);
    expect(out).toMatch(/Krippendorff's alpha \(ordinal\), overall: 0\.\d{3}/);
    expect(out).toMatch(/2 disagreements/);
    expect(out).toMatch(/30 {4}fr-accommodation: alice=stricter, bob=general-standards/);
  });

  it('reconcile refuses unresolved disagreements, then builds the official sheet', () => {
    const refused = cli('reconcile', 'AT', '2024');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/unresolved-disagreement/);
    expect(refused.err).toContain('fr-accommodation');
    // Whose answer to take for each of the two disagreements.
    const choices = ['--take', 'fr-accommodation=bob', '--take', 'fr-residence-period=alice'];
    const done = cli('reconcile', 'AT', '2024', ...choices, '--status', 'approved');
    // Only publishing makes a sheet published, and only a review approves it.
    expect(done.code).toBe(2);
    expect(done.err).toMatch(/--status must be in_review or draft/);
    const reconciled = cli('reconcile', 'AT', '2024', ...choices);
    expect(reconciled.code).toBe(0);
    expect(reconciled.out).toMatch(/official sheet AT 2024: revision \d+, 1 answer changed/);
    const history = cli('history', 'AT', '2024', 'fr-accommodation');
    expect(history.out).toMatch(/\(reconciled from alice, bob\)/);
    expect(history.out).toMatch(/^ {2}answer: stricter → general-standards$/m);
  });
});
