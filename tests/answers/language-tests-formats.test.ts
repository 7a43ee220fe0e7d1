/**
 * The formats cover the language-tests strand's own questions (questionnaire 1.1.0): the
 * answer-sheet JSON Schema (generated from the questionnaire, so it is generic: every question
 * with its options) accepts them and refuses an option they do not have, and import-scores
 * carries them by their own codes (lt-fr-…, lt-pr-…, lt-nat-…).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli } from '../helpers/cli.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

const QUESTIONNAIRE = join(ROOT_DIR, 'questionnaire');
const schema = JSON.parse(
  readFileSync(join(QUESTIONNAIRE, 'schema', 'answer-sheet.schema.json'), 'utf8'),
);
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('the answer-sheet JSON Schema in questionnaire/schema', () => {
  it('accepts a sample sheet answering the new questions', () => {
    const sheet = parse(readFileSync(join(ROOT_DIR, 'scores', '2024', 'FR.yaml'), 'utf8'));
    expect(sheet.questionnaire.version).toBe('1.1.0');
    expect(sheet.answers['lt-nat-level'].answer).toBe('b2-or-above');
    expect(validate(sheet), JSON.stringify(validate.errors)).toBe(true);
  });

  it('lists the options of a new question and refuses one it does not have', () => {
    const level = schema.properties.answers.properties['lt-pr-level'].properties.answer;
    expect(level.enum).toEqual([
      'none',
      'a1-or-below',
      'a2',
      'b1',
      'b2-or-above',
      'no-fixed-standard',
      'not_applicable',
      'no_data',
      'not_assessed',
    ]);
    const sheet = parse(readFileSync(join(ROOT_DIR, 'scores', '2024', 'FR.yaml'), 'utf8'));
    sheet.answers['lt-pr-level'].answer = 'c1';
    expect(validate(sheet)).toBe(false);
  });
});

describe('import-scores with the strand’s own codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lt-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('turns lt-… codes and their points into answers', () => {
    writeFileSync(
      join(dir, 'in.csv'),
      'country,edition,code,score\nAT,2024,lt-pr-1,0\nAT,2024,lt-pr-3,40\nAT,2024,lt-nat-2,80\nAT,2024,lt-pr-10,50\n',
    );
    const out = join(dir, 'out');
    const { code, err } = cli(
      'import-scores',
      '--questionnaire',
      QUESTIONNAIRE,
      '--out',
      out,
      join(dir, 'in.csv'),
    );
    expect(code, err).toBe(0);
    const sheet = parse(readFileSync(join(out, '2024', 'AT.yaml'), 'utf8'));
    expect(sheet.answers['lt-pr-language-form'].answer).toBe('test');
    expect(sheet.answers['lt-pr-level'].answer).toBe('b1');
    expect(sheet.answers['lt-nat-level'].answer).toBe('a1-or-below');
    expect(sheet.answers['lt-pr-failure'].answer).toBe('delay-or-lesser');
  });
});
