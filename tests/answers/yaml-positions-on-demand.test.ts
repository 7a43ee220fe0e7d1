/**
 * Positions on demand: a clean file is parsed once, by js-yaml, and the position-keeping parse
 * (`parseWithPositions`) runs only when something asks where a value is — once per file, however
 * many issues are positioned. Counted with a spy on the positioned parse, so the test fails if
 * every file is parsed with positions again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseSheetText } from '../../src/answers/load-sheet.js';
import { loadCountries } from '../../src/questionnaire/countries.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { parseWithPositions } from '../../src/source/yaml-positions.js';
import { parseYamlSource } from '../../src/source/yaml-source.js';

vi.mock('../../src/source/yaml-positions.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/source/yaml-positions.js')>();
  return {
    ...actual,
    parseWithPositions: vi.fn(actual.parseWithPositions),
  };
});

const positioned = vi.mocked(parseWithPositions);
const questionnaire = loadQuestionnaire('questionnaire').questionnaire!;
const context = {
  questionnaire,
  countries: loadCountries('questionnaire').codes ?? undefined,
  referenceDateOf: () => null,
};
const sheet = readFileSync(join('scores', '2024', 'DE.yaml'), 'utf8');

// A function returned from beforeEach is run as a teardown: clear, return nothing.
beforeEach(() => {
  positioned.mockClear();
});

describe('a clean file', () => {
  it('is parsed without positions, and validating it never asks for them', () => {
    const { sheet: loaded, issues } = parseSheetText('scores/2024/DE.yaml', sheet, context);
    expect(issues).toEqual([]);
    expect(loaded?.answers.size).toBeGreaterThan(50);
    expect(positioned).not.toHaveBeenCalled();
  });

  it('parses with positions on the first lookup only, and finds what the positioned parse finds', () => {
    const source = parseYamlSource('x.yaml', 'a: 1\nb:\n  c: [x, y]\n  d: { e: 2 }\n');
    expect(source.issues).toEqual([]);
    expect(positioned).not.toHaveBeenCalled();
    expect(source.locate(['b', 'c', 1])).toEqual({ line: 3, column: 10 });
    expect(source.locate(['b', 'd', 'e'], 'key')).toEqual({ line: 4, column: 8 });
    expect(source.issue('invalid-value', ['a'], 'message')).toMatchObject({ line: 1, column: 4 });
    expect(positioned).toHaveBeenCalledTimes(1);
  });
});

describe('a file with problems', () => {
  it('a sheet problem is located through one positioned parse, however many issues', () => {
    const text = sheet
      .replace('  fr-residence-period:\n', '  fr-no-such-question:\n')
      .replace('  fr-permit-duration:\n', '  fr-another-unknown:\n');
    const { issues } = parseSheetText('scores/2024/DE.yaml', text, context);
    const unknown = issues.filter((issue) => issue.code === 'unknown-question');
    const lineOf = (key: string) => text.split('\n').indexOf(`  ${key}:`) + 1;
    expect(unknown.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: lineOf('fr-no-such-question'), column: 3 },
      { line: lineOf('fr-another-unknown'), column: 3 },
    ]);
    expect(positioned).toHaveBeenCalledTimes(1);
  });

  it('a YAML problem goes straight to the positioned parse, which reports it', () => {
    const source = parseYamlSource('x.yaml', 'a: 1\nb: 2\na: 3\n');
    expect(source.issues).toEqual([
      expect.objectContaining({ code: 'duplicate-key', file: 'x.yaml', line: 3, column: 1 }),
    ]);
    expect(positioned).toHaveBeenCalledTimes(1);
  });
});
