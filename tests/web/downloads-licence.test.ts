/**
 * The data licence is declared once, in the questionnaire's index file, and validated like every
 * other field: a malformed one is an issue with a code and a position, and nothing is built.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/issues/issue.js';
import { loadQuestionnaireFromTexts } from '../../src/questionnaire/load-questionnaire.js';
import { fixturePath } from '../helpers/fixtures.js';

const baseDir = fixturePath('questionnaire-errors', '_base');
const base = Object.fromEntries(
  readdirSync(baseDir).map((name) => [name, readFileSync(join(baseDir, name), 'utf8')]),
);
const withLicence = (licence: string) => ({
  ...base,
  'index.yaml': `${base['index.yaml']!.trimEnd()}\n${licence}\n`,
});
const where = (issues: Issue[]) => issues.map(({ code, line, column }) => ({ code, line, column }));

describe('data licence in the index file', () => {
  it('is read into the questionnaire and changes the content hash, not the scoring hash', () => {
    const plain = loadQuestionnaireFromTexts(base).questionnaire!;
    const { questionnaire, issues } = loadQuestionnaireFromTexts(
      withLicence(
        'data_licence:\n  id: CC-BY-4.0\n  title: Creative Commons Attribution 4.0\n  url: https://creativecommons.org/licenses/by/4.0/',
      ),
    );
    expect(issues).toEqual([]);
    expect(plain.dataLicence).toBeNull();
    expect(questionnaire!.dataLicence).toEqual({
      id: 'CC-BY-4.0',
      title: 'Creative Commons Attribution 4.0',
      url: 'https://creativecommons.org/licenses/by/4.0/',
    });
    expect(questionnaire!.hash).not.toBe(plain.hash);
    expect(questionnaire!.scoringHash).toBe(plain.scoringHash);
  });

  it('the sample questionnaire declares CC0-1.0', async () => {
    const { loadQuestionnaire } = await import('../../src/questionnaire/load-questionnaire.js');
    const { questionnaire } = loadQuestionnaire('questionnaire');
    expect(questionnaire!.dataLicence?.id).toBe('CC0-1.0');
  });

  it.each([
    [
      'an id that is not SPDX-shaped',
      'data_licence:\n  id: CC BY 4.0\n  title: T\n  url: https://example.org/',
      { code: 'invalid-format', line: 7, column: 7 },
    ],
    [
      'an address that is not http(s)',
      'data_licence:\n  id: CC0-1.0\n  title: T\n  url: ftp://example.org/',
      { code: 'invalid-format', line: 9, column: 8 },
    ],
    [
      'a missing title',
      'data_licence:\n  id: CC0-1.0\n  url: https://example.org/',
      { code: 'missing-field', line: 7, column: 3 },
    ],
    [
      'an unknown field',
      'data_licence:\n  id: CC0-1.0\n  title: T\n  url: https://example.org/\n  year: 2024',
      { code: 'unknown-field', line: 10, column: 3 },
    ],
    ['a plain string', 'data_licence: CC0-1.0', { code: 'wrong-type', line: 6, column: 15 }],
  ])('refuses %s, naming where', (_what, licence, expected) => {
    const { questionnaire, issues } = loadQuestionnaireFromTexts(withLicence(licence));
    expect(questionnaire).toBeNull();
    expect(where(issues)).toContainEqual(expected);
    expect(issues.every((issue) => issue.file === 'index.yaml')).toBe(true);
  });
});
