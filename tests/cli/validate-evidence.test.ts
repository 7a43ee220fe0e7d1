/**
 * `policy-index validate` holds submitted sheets to the questionnaire's evidence rules, refuses
 * dates that do not exist in any sheet, and checks dates against `--reference-date` when given.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { fixturePath, ROOT_DIR } from '../helpers/fixtures.js';

const QUESTIONNAIRE = fixturePath('questionnaires', 'evidence');
const VALID = readFileSync(fixturePath('evidence-errors', '_valid.yaml'), 'utf8');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'validate-evidence-'));
  mkdirSync(join(dir, '2025'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function sheetFile(text: string, name = 'AT.yaml'): string {
  const file = join(dir, '2025', name);
  writeFileSync(file, text);
  return file;
}

/**
 * `policy-index validate FILE` against the evidence questionnaire, with `--reference-date` when
 * given.
 */
function validate(file: string, referenceDate?: string) {
  const date = referenceDate === undefined ? [] : ['--reference-date', referenceDate];
  return cli('validate', '--questionnaire', QUESTIONNAIRE, ...date, file);
}

describe('policy-index validate: evidence and dates', () => {
  it('accepts a submitted sheet that meets the rules', () => {
    const file = sheetFile(VALID);
    const { code, out } = validate(file, '2025-01-01');
    expect(out).toContain('1 valid sheet; 0 errors, 0 warnings');
    expect(code).toBe(0);
  });

  it('refuses a submitted answer without a source, naming the line', () => {
    const file = sheetFile(
      VALID.replace(
        'r1: { answer: open, sources: [{ title: Act, date: "2020-01-01" }], in_force_since: "2019-01-01" }',
        'r1: { answer: open, in_force_since: "2019-01-01" }',
      ),
    );
    const { code, err } = validate(file);
    expect(err).toMatch(
      new RegExp(
        `${escape(file)}:8:3: error\\[source-required\\]: "r1" \\(1\\) cites no legal source`,
      ),
    );
    expect(code).toBe(1);
  });

  it('checks "in force since" against --reference-date, and only when it is given', () => {
    const file = sheetFile(
      VALID.replace('in_force_since: "2019-01-01"', 'in_force_since: "2025-06-01"'),
    );
    const without = validate(file);
    expect(without.code).toBe(0);
    const withDate = validate(file, '2025-01-01');
    expect(withDate.err).toMatch(
      new RegExp(
        `${escape(file)}:8:86: error\\[in-force-after-reference-date\\]: "r1" \\(1\\): in force since 2025-06-01, after the edition's reference date 2025-01-01`,
      ),
    );
    expect(withDate.code).toBe(1);
  });

  it('warns about a source older than the question allows, without failing', () => {
    const file = sheetFile(VALID.replace('date: "2024-06-01"', 'date: "2022-12-31"'));
    const { code, out, err } = validate(file, '2025-01-01');
    expect(err).toMatch(
      new RegExp(`${escape(file)}:9:53: warning\\[source-outdated\\]: "r2" \\(2\\)`),
    );
    expect(out).toContain('1 valid sheet; 0 errors, 1 warning');
    expect(code).toBe(0);
  });

  it('refuses a date that does not exist, even in a draft', () => {
    const file = sheetFile(
      VALID.replace('status: submitted', 'status: draft').replace(
        'date: "1949-05-23"',
        'date: "1949-02-29"',
      ),
    );
    const { code, err } = validate(file);
    expect(err).toMatch(
      new RegExp(
        `${escape(file)}:10:64: error\\[invalid-date\\]: "r3" \\(3\\): the date "1949-02-29" of source 1 \\("Constitution"\\) is not a real calendar date`,
      ),
    );
    expect(code).toBe(1);
  });

  it('refuses a --reference-date that is not a calendar date as wrong usage', () => {
    const file = sheetFile(VALID);
    const { code, err } = validate(file, '2025-02-30');
    expect(code).toBe(2);
    expect(err).toContain('--reference-date must be a calendar date written YYYY-MM-DD');
  });

  it("the project's questionnaire requires a source for the sample sheets' answers", () => {
    const sample = readFileSync(join(ROOT_DIR, 'scores', '2024', 'DE.yaml'), 'utf8').split('\n');
    // Drop the sources of the first answer (fr-residence-period).
    const start = sample.findIndex((line) => line === '    sources:');
    let end = start + 1;
    while (sample[end]!.startsWith('      ')) end++;
    const edited = [...sample.slice(0, start), ...sample.slice(end)];
    mkdirSync(join(dir, '2024'));
    const file = join(dir, '2024', 'DE.yaml');
    writeFileSync(file, edited.join('\n'));
    const key = edited.indexOf('  fr-residence-period:') + 1;
    const { code, err } = cli('validate', '--questionnaire', join(ROOT_DIR, 'questionnaire'), file);
    expect(err).toContain(
      `${file}:${key}:3: error[source-required]: "fr-residence-period" (21) cites no legal source`,
    );
    expect(code).toBe(1);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
