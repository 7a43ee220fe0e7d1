/**
 * The cost of reading a sheet stays linear in its size. An upload under 1 MB with 45,000 keys
 * took 53 s: the YAML library compared every key with every earlier key of its mapping. Now
 * duplicates are found in one pass, mappings are capped at MAX_MAPPING_KEYS keys, and positions
 * are looked up through an index. These tests assert on behaviour (refused, located), not on
 * time; timings are printed for whoever reads the log.
 */
import { describe, expect, it } from 'vitest';
import { parseSheetBytes, parseSheetText } from '../../src/answers/load-sheet.js';
import { MAX_MAPPING_KEYS, parseYamlSource } from '../../src/source/yaml-source.js';
import { fixtureQuestionnaire } from '../helpers/fixtures.js';

const context = { questionnaire: fixtureQuestionnaire('tiny'), countries: new Set(['AT']) };
const HEADER =
  'questionnaire: { id: tiny, version: 1.0.0 }\ncountry: AT\nedition: "2024"\nstatus: draft\nanswers:\n';

function sheetWithKeys(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(`  k${i}: { answer: x }`);
  return `${HEADER}${lines.join('\n')}\n`;
}

function timed<T>(label: string, work: () => T): T {
  const started = performance.now();
  const result = work();
  console.log(`${label}: ${(performance.now() - started).toFixed(0)} ms`);
  return result;
}

const located = (
  issues: { code: string; line: number | null; column: number | null }[],
  code: string,
) => issues.filter((i) => i.code === code).map(({ line, column }) => ({ line, column }));

describe('a 45,000-key upload (under 1 MB)', () => {
  const text = sheetWithKeys(45_000);

  it('is under the 1 MB upload limit, so only the key cap stops it', () => {
    expect(Buffer.byteLength(text)).toBeLessThan(1_100_000);
  });

  it('is refused with too-many-keys at the first key over the limit, and nothing else', () => {
    const { sheet, issues } = timed('45,000 keys, text', () =>
      parseSheetText('upload.yaml', text, context),
    );
    expect(sheet).toBeNull();
    expect(issues.map((i) => i.code)).toEqual(['too-many-keys']);
    // The header has 5 lines; key number MAX_MAPPING_KEYS (0-based) is on line 6 + that.
    expect(located(issues, 'too-many-keys')).toEqual([{ line: 6 + MAX_MAPPING_KEYS, column: 3 }]);
    expect(issues[0]!.message).toMatch(/45000 keys; at most 5000/);
  });

  it('is refused the same way as uploaded bytes', () => {
    const { issues } = timed('45,000 keys, bytes', () =>
      parseSheetBytes('upload.yaml', Buffer.from(text), context),
    );
    expect(issues.map((i) => i.code)).toEqual(['too-many-keys']);
  });
});

describe('just under the cap', () => {
  it('reports each of 5,000 unknown questions at its own key (positions found through an index)', () => {
    const { sheet, issues } = timed('5,000 unknown questions', () =>
      parseSheetText('upload.yaml', sheetWithKeys(MAX_MAPPING_KEYS), context),
    );
    expect(sheet).toBeNull();
    const unknown = issues.filter((i) => i.code === 'unknown-question');
    expect(unknown).toHaveLength(MAX_MAPPING_KEYS);
    expect(unknown.at(-1)).toMatchObject({ line: 5 + MAX_MAPPING_KEYS, column: 3 });
  });
});

describe('duplicate keys are still found and located at the second occurrence', () => {
  it('in a block mapping', () => {
    const { issues } = parseYamlSource('x.yaml', 'a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n');
    expect(issues).toEqual([
      expect.objectContaining({ code: 'duplicate-key', file: 'x.yaml', line: 5, column: 3 }),
    ]);
    expect(issues[0]!.message).toMatch(/duplicate key "c"/);
  });

  it('in a flow mapping, and once per repetition', () => {
    const { issues } = parseYamlSource('x.yaml', 'a: { b: 1, c: 2, b: 3, b: 4 }\n');
    expect(located(issues, 'duplicate-key')).toEqual([
      { line: 1, column: 18 },
      { line: 1, column: 24 },
    ]);
  });

  it('when the keys are spelled differently but name the same property (1 and "1")', () => {
    const { issues } = parseYamlSource('x.yaml', '1: a\n"1": b\n');
    expect(located(issues, 'duplicate-key')).toEqual([{ line: 2, column: 1 }]);
  });

  it('at the end of a large mapping', () => {
    const text = `${sheetWithKeys(4_000)}  k17: { answer: y }\n`;
    const { sheet, issues } = timed('4,001 keys with one duplicate', () =>
      parseSheetText('sheet.yaml', text, context),
    );
    expect(sheet).toBeNull();
    expect(issues.map((i) => i.code)).toEqual(['duplicate-key']);
    expect(located(issues, 'duplicate-key')).toEqual([{ line: 5 + 4_001, column: 3 }]);
  });

  it('distinct keys are not duplicates', () => {
    expect(parseYamlSource('x.yaml', 'a: 1\nb: 2\nc: { a: 1 }\n').issues).toEqual([]);
  });
});

describe('nesting deeper than the parsers can follow', () => {
  it.each([
    ['left open', `${'['.repeat(5_000)}\n`],
    ['closed', `a: ${'['.repeat(3_000)}${']'.repeat(3_000)}\n`],
  ])('%s: one yaml-syntax issue saying so, not one per level nor the engine’s words', (_, text) => {
    const { issues } = parseYamlSource('x.yaml', text);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe('yaml-syntax');
    expect(issues[0]!.message).toBe('the YAML is nested too deeply to be read');
  });
});

describe('characters YAML does not allow', () => {
  it.each([
    ['NUL in a quoted name', 'name: "Mall\0ory"\n', 1, 12, '0000'],
    ['an escape sequence', 'a: 1\nname: Ann\x1b[31m\n', 2, 10, '001B'],
    ['DEL', 'a: x\x7f\n', 1, 5, '007F'],
    ['a key', 'a: 1\n"b\x01": 2\n', 2, 3, '0001'],
  ])(
    '%s: refused where it is written (js-yaml refuses it; the parser that locates errors read it through)',
    (_, text, line, column, code) => {
      const { issues, value } = parseYamlSource('x.yaml', text);
      expect(value).toBeNull();
      expect(issues.map((i) => [i.code, i.line, i.column])).toEqual([
        ['yaml-syntax', line, column],
      ]);
      expect(issues[0]!.message).toContain(`U+${code}`);
    },
  );

  it('tab, byte order mark, next line and escapes are allowed, and a comment stores nothing', () => {
    for (const text of [
      'a: ok\tx\n',
      '\uFEFFa: 1\n',
      'a: "\u0085"\n',
      '# c\x07\na: 1 # \x00\n',
      // An escape in double quotes writes the character YAML's way; so does js-yaml's fast path.
      'a: "2\\005"\n',
    ])
      expect(parseYamlSource('x.yaml', text).issues).toEqual([]);
  });
});

it('a second document is refused in our words, where it starts', () => {
  const { issues } = parseYamlSource('x.yaml', 'a: 1\n---\nb: 2\n');
  expect(issues.map((i) => [i.line, i.column, i.message])).toEqual([
    [2, 1, 'a second YAML document starts here ("---"): a file holds one document'],
  ]);
});

it.each([
  ['country: !custom AT\n', '!custom'],
  ['country: !<tag:example.org,2026:x> AT\n', 'tag:example.org,2026:x'],
])(
  'a tag of the file’s own (%j) is refused at its place, not read as the plain text',
  (text, tag) => {
    const { issues, value } = parseYamlSource('x.yaml', text);
    expect(value).toBeNull();
    expect(issues.map((i) => [i.code, i.line, i.column])).toEqual([['yaml-syntax', 1, 10]]);
    expect(issues[0]!.message).toBe(`unknown tag ${tag}: a value here is plain YAML, without tags`);
  },
);
