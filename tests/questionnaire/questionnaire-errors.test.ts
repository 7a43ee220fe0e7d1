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

describe('weights whose sum would not be finite', () => {
  const indicators = (weight: string) => `id: s
label: S
dimensions:
  - id: d
    label: D
    indicators:
      - id: q1
        label: Q1
        weight: ${weight}
        options: [{ id: a, label: A, score: 100 }, { id: b, label: B, score: 0 }]
      - id: q2
        label: Q2
        weight: ${weight}
        options: [{ id: a, label: A, score: 100 }, { id: b, label: B, score: 0 }]
`;

  it('a weight over a million is refused at the weight (1e308 twice added to Infinity)', () => {
    const { questionnaire, issues } = loadQuestionnaireFromTexts({
      ...base,
      's.yaml': indicators('1e308'),
    });
    expect(questionnaire).toBeNull();
    expect(
      issues.filter((i) => i.code === 'invalid-weight').map((i) => [i.file, i.line, i.column]),
    ).toEqual([
      ['s.yaml', 9, 17],
      ['s.yaml', 13, 17],
    ]);
  });

  it('a million is allowed', () => {
    const { issues } = loadQuestionnaireFromTexts({ ...base, 's.yaml': indicators('1000000') });
    expect(issues.filter((i) => i.code === 'invalid-weight')).toEqual([]);
  });
});
