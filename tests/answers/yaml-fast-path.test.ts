/**
 * The fast YAML parse (js-yaml, `fast-yaml.ts`) against the position-keeping one (`yaml`,
 * `yaml-positions.ts`). The invariant: whenever the fast parse gives a value, the positioned
 * parse reports no problem and gives the same value (deep, strict: -0, NaN, prototypes). Checked
 * on generated sheet-like documents with tricky scalars in every style, on random edits of a
 * real sheet, and on each case where the two parsers are known to differ — each of those must
 * go to the positioned parse, so that validation behaves as it did before the fast path.
 */
import fc from 'fast-check';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastYamlValue } from '../../src/source/fast-yaml.js';
import { parseWithPositions } from '../../src/source/yaml-positions.js';
import { MAX_MAPPING_KEYS } from '../../src/source/yaml-limits.js';
import { applyEdits, textEdits } from '../helpers/text-edits.js';

/** The invariant; returns whether the fast path took the text. */
function agrees(text: string): boolean {
  const fast = fastYamlValue(text);
  if (!fast) return false;
  const positioned = parseWithPositions('t.yaml', text);
  expect(positioned.issues, JSON.stringify(text)).toEqual([]);
  // node's strict deep equality: prototypes, -0 and NaN count; an own `constructor` key does
  // not confuse it (vitest's toStrictEqual compares it as the object's type).
  expect(isDeepStrictEqual(fast.value, positioned.value), JSON.stringify(text)).toBe(true);
  return true;
}

/** Scalars that one YAML schema or another reads as something other than a string. */
const TRICKY = [
  ...['yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'NO', 'On', 'OFF'],
  ...['true', 'True', 'TRUE', 'tRue', 'false', 'False', 'FALSE'],
  ...['null', 'Null', 'NULL', 'nULL', '~', ''],
  ...['0o17', '0O17', '0x1F', '0X1f', '0b11', '012', '00', '0', '-0', '+0', '+12', '-7'],
  ...['1_000', '1,000', '12345678901234567890', '0x', '0o', '0o8'],
  // Too large for a double (js-yaml keeps the text, yaml reads Infinity) or too small (0).
  ...['1e310', '-1e400', '1e-400', '9'.repeat(400), `0x${'f'.repeat(300)}`, `0o${'7'.repeat(400)}`],
  ...['.inf', '.Inf', '.INF', '-.inf', '+.inf', '.nan', '.NaN', '.NAN', 'inf', 'NaN'],
  ...['1e3', '1E3', '1e+3', '-.5e-3', '1.', '.5', '0.', '+.5', '3.14', '1e', '6.8523015e+5'],
  ...['2024-01-01', '2024-1-1', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5'],
  ...['12:30:00', '190:20:30', '2001:db8::1', '1:2'],
  ...['<<', '=', '__proto__', 'constructor', 'toString', 'hasOwnProperty'],
  ...[
    'a: b',
    'a:b',
    '- x',
    '-',
    '? x',
    '[x]',
    '{x: 1}',
    '#x',
    'x #y',
    'x#y',
    '&a',
    '*a',
    '!x',
    '%x',
  ],
  ...['@x', '`x', '|', '>', "'", '"', '\\', ' lead', 'trail ', '  ', '\t', 'tab\tin'],
  ...['é', 'Ünïcödé', '日本語', '😀', 'a\u00a0b', 'a\u2028b', 'a\u0085b', 'a\u200bb'],
  ...['a\nb', 'a\n\nb', 'a\n', '\na', 'line one\n  indented\nline three'],
];

const scalarText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[-+.0-9eExXoOa-f_:~]{1,8}$/) },
);

type Style = 'plain' | 'single' | 'double' | 'literal' | 'folded';
const style = fc.constantFrom<Style>('plain', 'single', 'double', 'literal', 'folded');
const keyStyle = fc.constantFrom<Style>('plain', 'single', 'double');

/** `text` written as a YAML scalar in `style`, for a value at `indent` spaces. */
function scalar(text: string, how: Style, indent: number): string {
  switch (how) {
    case 'plain':
      return text;
    case 'single':
      return `'${text.replace(/'/g, "''")}'`;
    case 'double':
      return JSON.stringify(text);
    case 'literal':
    case 'folded': {
      const pad = ' '.repeat(indent + 2);
      const body = text.split('\n').map((line) => (line === '' ? '' : pad + line));
      return `${how === 'literal' ? '|' : '>'}${text.endsWith('\n') ? '+' : '-'}\n${body.join('\n')}`;
    }
  }
}

const styled = fc.record({ text: scalarText, how: style });
const styledKey = fc.record({ text: scalarText, how: keyStyle });

const sheetLike = fc.record({
  id: styled,
  version: styled,
  country: styled,
  flow: fc.boolean(),
  answers: fc.array(
    fc.record({
      key: styledKey,
      answer: styled,
      comment: fc.option(styled, { nil: undefined }),
      sources: fc.array(fc.record({ title: styled, date: styled }), { maxLength: 2 }),
    }),
    { maxLength: 4 },
  ),
});

/** A sheet-shaped document, in block style or with flow-style answers. */
function render(doc: typeof sheetLike extends fc.Arbitrary<infer T> ? T : never): string {
  const lines = [
    'questionnaire:',
    `  id: ${scalar(doc.id.text, doc.id.how, 2)}`,
    `  version: ${scalar(doc.version.text, doc.version.how, 2)}`,
    `country: ${scalar(doc.country.text, doc.country.how, 0)}`,
    'answers:',
  ];
  for (const entry of doc.answers) {
    const key = scalar(entry.key.text, entry.key.how, 2);
    if (doc.flow) {
      const inline = (s: { text: string; how: Style }) =>
        scalar(s.text, s.how === 'literal' || s.how === 'folded' ? 'double' : s.how, 4);
      const sources = entry.sources.map(
        (s) => `{ title: ${inline(s.title)}, date: ${inline(s.date)} }`,
      );
      lines.push(`  ${key}: { answer: ${inline(entry.answer)}, sources: [${sources.join(', ')}] }`);
      continue;
    }
    lines.push(`  ${key}:`, `    answer: ${scalar(entry.answer.text, entry.answer.how, 4)}`);
    if (entry.comment)
      lines.push(`    comment: ${scalar(entry.comment.text, entry.comment.how, 4)}`);
    if (entry.sources.length > 0) lines.push('    sources:');
    for (const source of entry.sources) {
      lines.push(`      - title: ${scalar(source.title.text, source.title.how, 8)}`);
      lines.push(`        date: ${scalar(source.date.text, source.date.how, 8)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('js-yaml (core schema) and yaml agree wherever the fast path answers', () => {
  it('on generated sheet-like documents: tricky scalars and keys, five scalar styles, block and flow', () => {
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(sheetLike, (doc) => {
        runs++;
        if (agrees(render(doc))) fast++;
      }),
      { numRuns: 400 },
    );
    // Most generated documents are valid YAML read alike by both: the comparison is not vacuous.
    expect(fast / runs).toBeGreaterThan(0.2);
  });

  it('on every tricky scalar alone, as a value and as a key, in every style', () => {
    let fast = 0;
    for (const text of TRICKY) {
      for (const how of ['plain', 'single', 'double', 'literal', 'folded'] as const) {
        if (agrees(`value: ${scalar(text, how, 0)}\n`)) fast++;
        if (how !== 'literal' && how !== 'folded' && agrees(`${scalar(text, how, 0)}: x\n`)) fast++;
      }
    }
    expect(fast).toBeGreaterThan(TRICKY.length * 3);
  });

  const sample = readFileSync(join('scores', '2024', 'DE.yaml'), 'utf8');
  // The header and the first few answers: every construct of a real sheet, small enough to
  // parse hundreds of times.
  const excerpt = sample.slice(0, sample.indexOf('\n  # 24a'));
  const PIECES = [' ', '  ', '\n', '\n  ', '\r', '\r\n', '\t', ':', ': ', '-', '- ', '#', '"', "'"];
  PIECES.push(...['[', ']', '{', '}', ',', '&a ', '*a', '!', '!!str ', '|', '>', '?', '%', '@']);
  PIECES.push(...['`', '\\', '---\n', '...\n', '~', 'null', '.inf', '0o1', '<<: ', '\u00a0']);
  PIECES.push(...['\u2028', '\u0085', '\ufeff', '\0', '\x07', 'é']);

  it('on a sheet saved with Windows line endings (CRLF stays on the fast path)', () => {
    expect(agrees(excerpt.replace(/\n/g, '\r\n'))).toBe(true);
  });

  it('on random edits of a real sheet (the edits that found the lone-CR and long-key cases)', () => {
    expect(agrees(excerpt)).toBe(true);
    fc.assert(
      fc.property(textEdits(excerpt.length, PIECES), (edits) => {
        agrees(applyEdits(excerpt, edits));
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Where the two parsers differ, found by the properties above and by reading both: each case
 * shows the difference (so the rule is needed) and that the fast path hands it over.
 */
describe('what the two parsers read differently goes to the positioned parse', () => {
  const yamlValue = (text: string) =>
    parse(text, { schema: 'core', uniqueKeys: false, strict: true }) as unknown;
  const jsYamlValue = (text: string) => load(text);
  const differs = (text: string) => {
    let js: unknown;
    try {
      js = jsYamlValue(text);
    } catch {
      return true; // js-yaml refuses it: the positioned parse must report it
    }
    const positioned = parseWithPositions('t.yaml', text);
    return positioned.issues.length > 0 || JSON.stringify(js) !== JSON.stringify(yamlValue(text));
  };

  const cases: [string, string][] = [
    ['a lone carriage return (yaml: not a line break)', '# note\rkey: x\nother: y\n'],
    ['an explicit tag (yaml: "1", js-yaml: 1)', 'a: !!float 1\n'],
    ['a plain null key (yaml: "", js-yaml: "null")', '~: a\n'],
    ['an empty key', '? \n: a\n'],
    ['an implicit key longer than 1,024 characters (yaml refuses it)', `${'k'.repeat(1100)}: v\n`],
    ['a key far from its colon', `k${' '.repeat(1100)}: v\n`],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a document-end marker first (yaml: an empty document, so two)', '...\na: 1\n'],
    ['an empty document', '# nothing here\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['1 and "1" as keys', '1: a\n"1": b\n'],
    ['an unknown tag (yaml: a warning only)', 'a: !custom x\n'],
    ['a complex key', '? [a, b]\n: c\n'],
    ['a float too large for a double (yaml: Infinity, js-yaml: the text)', 'a: 1e310\n'],
    ['an integer too large for a double', `a: -${'9'.repeat(400)}\n`],
    ['a hexadecimal integer too large for a double', `a: 0x${'f'.repeat(300)}\n`],
  ];
  it.each(cases)('%s', (_, text) => {
    expect(differs(text)).toBe(true);
    expect(fastYamlValue(text)).toBeNull();
  });

  it('a directive: no difference found, but tags and versions are what directives change', () => {
    expect(fastYamlValue('%YAML 1.1\n---\na: yes\n')).toBeNull();
    expect(fastYamlValue('%TAG ! tag:example.com,2000:\n---\na: 1\n')).toBeNull();
  });

  it('an alias, even a harmless one: yaml limits alias expansion and js-yaml does not', () => {
    expect(fastYamlValue('a: &x 1\nb: *x\n')).toBeNull();
    // The billion-laughs document is refused exactly as before the fast path.
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const text = `${bomb.join('\n')}\n`;
    expect(fastYamlValue(text)).toBeNull();
    expect(parseWithPositions('t.yaml', text).issues).toEqual([
      expect.objectContaining({ code: 'yaml-syntax', line: 1, column: 1 }),
    ]);
  });

  it(`a mapping with more than ${MAX_MAPPING_KEYS} keys (too-many-keys, at the first key over)`, () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: 1`).join('\n');
    expect(fastYamlValue(keys(MAX_MAPPING_KEYS))).not.toBeNull();
    expect(fastYamlValue(keys(MAX_MAPPING_KEYS + 1))).toBeNull();
    expect(fastYamlValue(`a: {${keys(MAX_MAPPING_KEYS + 1).replace(/\n/g, ', ')}}`)).toBeNull();
  });

  it('nesting deeper than js-yaml allows (100) is left to yaml, as before', () => {
    const deep = (n: number) => `${'['.repeat(n)}x${']'.repeat(n)}\n`;
    expect(agrees(deep(90))).toBe(true);
    expect(fastYamlValue(deep(101))).toBeNull();
  });
});
