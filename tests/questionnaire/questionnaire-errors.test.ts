/**
 * One fixture per error code (tests/fixtures/questionnaire-errors/<code>.yaml): each replaces
 * files of a small valid questionnaire and names the issue it must produce — code, file, line
 * and column. Tests match on codes, never on wording.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQuestionnaireFromTexts } from '../../src/questionnaire/load-questionnaire.js';
import { fixturePath, readCases } from '../helpers/fixtures.js';

interface ErrorCase {
  expect: { code: string; file: string; line: number; column: number };
  files: Record<string, string>;
}

const baseDir = fixturePath('questionnaire-errors', '_base');
const base = Object.fromEntries(
  readdirSync(baseDir).map((name) => [name, readFileSync(join(baseDir, name), 'utf8')]),
);
const cases = readCases<ErrorCase>('questionnaire-errors');

describe('questionnaire validation: one fixture per error code', () => {
  it('the base questionnaire of the fixtures is valid', () => {
    const { questionnaire, issues } = loadQuestionnaireFromTexts(base);
    expect(issues).toEqual([]);
    expect(questionnaire).not.toBeNull();
  });

  it('every fixture is named after the code it expects', () => {
    for (const { name, data } of cases) expect(data.expect.code).toBe(name);
  });

  it.each(cases.map((c) => [c.name, c.data] as const))('%s', (_name, data) => {
    const { questionnaire, issues } = loadQuestionnaireFromTexts({ ...base, ...data.files });
    expect(questionnaire).toBeNull();
    const found = issues.filter((issue) => issue.code === data.expect.code);
    expect(
      found.map(({ code, file, line, column }) => ({ code, file, line, column })),
    ).toContainEqual(data.expect);
    for (const issue of found) {
      expect(issue.severity).toBe('error');
      expect(issue.message.length).toBeGreaterThan(10);
    }
  });
});
