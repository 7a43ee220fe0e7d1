/**
 * The block-layout reader (`block-yaml.ts`) against the position-keeping parse (`yaml`). The
 * invariant: whenever the reader gives a value, `yaml` reports no problem and gives the same value
 * (deep, strict). Checked on the layout's own edge cases, on documents `yaml` itself writes with
 * random widths and indentations, and on random edits of a real sheet; and the reader must take
 * what it is there for — the sample sheets and what our writer writes — or it saves nothing.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { parseSheetText } from '../../src/answers/load-sheet.js';
import { sheetToYaml } from '../../src/answers/write-sheet.js';
import { blockYamlValue, MAX_DEPTH } from '../../src/source/block-yaml.js';
import { parseWithPositions } from '../../src/source/yaml-positions.js';
import { applyEdits, textEdits } from '../helpers/text-edits.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The invariant; returns whether the reader took the text. */
function agrees(text: string): boolean {
  const read = blockYamlValue(text);
  if (!read) return false;
  const positioned = parseWithPositions('t.yaml', text);
  expect(positioned.issues, JSON.stringify(text)).toEqual([]);
  expect(isDeepStrictEqual(read.value, positioned.value), JSON.stringify(text)).toBe(true);
  return true;
}

describe('the block-layout reader reads its layout as yaml does', () => {
  const read: [string, string, unknown][] = [
    ['a sequence at its key’s column', 'a:\n- x\n- y\nb: 2\n', { a: ['x', 'y'], b: 2 }],
    ['a mapping on an entry’s line', '- k: 1\n  j: 2\n- x\n', [{ k: 1, j: 2 }, 'x']],
    ['extra spaces after the dash', '-   k: 1\n    j: 2\n', [{ k: 1, j: 2 }]],
    ['a sequence in an entry’s mapping', '- a:\n  - x\n- y\n', [{ a: ['x'] }, 'y']],
    ['empty entries and values', '-\n- # c\n- x\n', [null, null, 'x']],
    ['an empty value, a comment after it', 'a:\nb:   # c\n', { a: null, b: null }],
    [
      'nesting, back out two levels',
      'a:\n  b:\n    c: d\n  e: f\ng: h\n',
      { a: { b: { c: 'd' }, e: 'f' }, g: 'h' },
    ],
    ['a document indented as a whole', '  a: 1\n  b: 2\n', { a: 1, b: 2 }],
    ['comments at any indentation', 'a:\n# c\n      # d\n  b: 1\n', { a: { b: 1 } }],
    ['a comment after a plain scalar', 'k: a #b\nj: a#b\n', { k: 'a', j: 'a#b' }],
    [
      'colons inside a plain scalar',
      'k: a:b\nu: https://x.example/a#s-1\n',
      { k: 'a:b', u: 'https://x.example/a#s-1' },
    ],
    ['indicators inside a plain scalar', 'k: x,y ]{} @ `q` "r"\n', { k: 'x,y ]{} @ `q` "r"' }],
    ['markers as values', 'k: ---\nj: ...\n', { k: '---', j: '...' }],
    ['dashes starting a plain scalar', 'k: -5\nj: --x\n', { k: -5, j: '--x' }],
    [
      'core-schema plain scalars',
      'a: 0x1F\nb: 0o17\nc: .inf\nd: yes\ne: 2024-01-01\nf: ~\ng: 1_000\n',
      { a: 31, b: 15, c: Infinity, d: 'yes', e: '2024-01-01', f: null, g: '1_000' },
    ],
    [
      'quoted scalars',
      `d: "a # b"  # c\ns: 'it''s'\ne: ""\nf: ''\n`,
      { d: 'a # b', s: "it's", e: '', f: '' },
    ],
    [
      'a plain scalar broken over lines',
      'k: one two\n  three\n  four\nj: 1\n',
      { k: 'one two three four', j: 1 },
    ],
    ['a number broken over lines is text', 'k: 1\n  2\n', { k: '1 2' }],
    [
      'literal and folded block scalars',
      'a: |\n  x\n  y\nb: |-\n  x\n  y\nc: >\n  x\n  y\nd: >-\n  x\n  # y\n',
      { a: 'x\ny\n', b: 'x\ny', c: 'x y\n', d: 'x # y' },
    ],
    ['a block scalar, blank lines after it', 'k: |\n  a\n\n  \nj: 1\n', { k: 'a\n', j: 1 }],
    ['a block scalar in an entry', '- |\n  text\n- k: >-\n    more\n', ['text\n', { k: 'more' }]],
    ['a block scalar, a comment on its header', 'k: |   # c\n  x\n', { k: 'x\n' }],
    ['__proto__ as a key', '__proto__: 1\n', JSON.parse('{"__proto__": 1}')],
    ['keys with digits, dashes and underscores', 'k-1_x: v\n_k: w\n', { 'k-1_x': 'v', _k: 'w' }],
    ['no line feed at the end', 'a: b\nc: d', { a: 'b', c: 'd' }],
    ['any printable character', 'k: é 😀 日本 a\u00a0b\n', { k: 'é 😀 日本 a\u00a0b' }],
  ];
  it.each(read)('%s', (_, text, value) => {
    expect(agrees(text)).toBe(true);
    expect(blockYamlValue(text)!.value).toStrictEqual(value);
  });

  const handedOver: [string, string][] = [
    ['an empty document', '# only a comment\n'],
    ['a scalar document', 'just text\n'],
    ['a tab', 'k:\tv\n'],
    ['a carriage return', 'k: v\r\n'],
    ['a byte-order mark', '\ufeffk: v\n'],
    ['a control character', 'k: a\u0007b\n'],
    ['a YAML 1.1 line break', 'k: a\u2028b\n'],
    ['a lone surrogate', 'k: a\ud800b\n'],
    ['a document marker', '---\nk: v\n'],
    ['a document end', 'k: v\n...\n'],
    ['a directive', '%YAML 1.2\n---\nk: v\n'],
    ['a flow sequence', 'k: [a]\n'],
    ['a flow mapping', 'k: {}\n'],
    ['an anchor', 'k: &x y\n'],
    ['an alias', 'k: *x\n'],
    ['a tag', 'k: !x y\n'],
    ['a reserved indicator', 'k: @x\n'],
    ['a quoted key', '"k": v\n'],
    ['a key not a plain word', 'my key: v\n'],
    ['a key with a dot', 'k.1: v\n'],
    ['a null key', 'null: v\n'],
    ['a boolean key (yaml and js-yaml name it differently)', 'True: v\n'],
    ['a duplicate key', 'k: 1\nk: 2\n'],
    ['a key too long for yaml', `${'k'.repeat(1000)}: v\n`],
    ['a colon and a space in a value', 'k: x: y\n'],
    ['a colon ending a value', 'k: x:\n'],
    ['an escape', 'k: "a\\"b"\n'],
    ['a quoted scalar over two lines', 'k: "a\n  b"\n'],
    ['text after a quoted scalar', 'k: "x" y\n'],
    ['a comment without a space', "k: 'x'#y\n"],
    ['a plain scalar going on after a blank line', 'k: a\n\n  b\n'],
    ['a plain scalar going on after a comment', 'k: a\n  # c\n  b\n'],
    ['a plain scalar after a comment on its line', 'k: a # c\n  b\n'],
    ['a plain line starting with an indicator', 'k: a\n  - b\n'],
    ['a block scalar without lines', 'k: |\nj: 1\n'],
    ['a block scalar with a blank line inside', 'k: >\n  a\n\n  b\n'],
    ['a block scalar with a line more indented', 'k: |\n  a\n    b\n'],
    ['a block scalar starting with a blank line', 'k: |\n\n  a\n'],
    ['a block scalar, a blank line with more spaces after it', 'k: |\n  a\n      \n'],
    ['a block scalar, a line ending in a space', 'k: >\n  a \n  b\n'],
    ['a block scalar keeping its line breaks', 'k: |+\n  a\n'],
    ['a block scalar with an indentation indicator', 'k: |2\n  a\n'],
    ['a block scalar, its last line without a line break', 'k: |\n  a'],
    ['a sequence in a sequence’s entry', '- - x\n'],
    ['an entry where a scalar is', 'k: - x\n'],
    ['bad indentation', 'a: 1\n  b: 2\n'],
    ['a number too large for a double', 'k: 1e310\n'],
  ];
  it.each(handedOver)('hands over %s', (_, text) => {
    expect(blockYamlValue(text)).toBeNull();
  });

  it(`hands over nesting deeper than ${MAX_DEPTH} levels`, () => {
    const nested = (depth: number) =>
      Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' v\n';
    expect(agrees(nested(MAX_DEPTH))).toBe(true);
    expect(blockYamlValue(nested(MAX_DEPTH + 5))).toBeNull();
  });
});

describe('the block-layout reader takes what it is there for', () => {
  const sampleSheets = ['2019', '2024'].flatMap((edition) =>
    readdirSync(join(ROOT, 'scores', edition)).map((f) => join(ROOT, 'scores', edition, f)),
  );

  it('every sample sheet', () => {
    expect(sampleSheets.length).toBeGreaterThan(10);
    for (const file of sampleSheets) expect(agrees(readFileSync(file, 'utf8')), file).toBe(true);
  });

  it('a sheet as our writer writes it, long text broken over lines', () => {
    const questionnaire = loadQuestionnaire(join(ROOT, 'questionnaire')).questionnaire!;
    const sheet = parseSheetText(sampleSheets[0]!, readFileSync(sampleSheets[0]!, 'utf8'), {
      questionnaire,
    }).sheet!;
    const [id, entry] = [...sheet.answers.entries()][0]!;
    const long =
      'Sponsors may apply as soon as they hold a qualifying permit, ' + 'and more. '.repeat(20);
    sheet.answers.set(id, {
      ...entry,
      comment: long.trim(),
      sources: [
        {
          title: `An act ${'with a long name '.repeat(8)}`.trim(),
          article: '§ 1: (2)',
          url: null,
          date: null,
        },
      ],
    });
    const text = sheetToYaml(sheet, questionnaire);
    expect(text).toMatch(/\n {6}\S/); // a comment broken over lines
    expect(agrees(text)).toBe(true);
  });
});

describe('the block-layout reader on generated and edited texts', () => {
  const word = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,6}$/);
  const scalar = fc.oneof(
    fc.constantFrom(
      'yes',
      'null',
      '~',
      '0o17',
      '0x1F',
      '1e3',
      '.inf',
      '2024-01-01',
      'a: b',
      'a #b',
    ),
    fc.constantFrom('- x', '-5', '#x', "it's", 'say "hi"', 'é 😀', '', ' lead', 'trail ', 'a\nb'),
    fc.string({ maxLength: 12 }),
    fc.lorem({ maxCount: 30 }),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const tree = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(word, tie('node'), { maxKeys: 4 }),
    ),
  })).node;
  const options = fc.record({
    lineWidth: fc.integer({ min: 20, max: 120 }),
    indent: fc.integer({ min: 1, max: 4 }),
    indentSeq: fc.boolean(),
  });

  it('documents yaml writes, at random widths and indentations', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.dictionary(word, tree, { minKeys: 1, maxKeys: 5 }), options, (doc, how) => {
        if (agrees(new Document(doc).toString(how))) taken++;
      }),
      { numRuns: 600 },
    );
    // Not a test that passes by handing everything over (about a fifth is taken: random text
    // and empty collections, which yaml writes in flow style, are not in the layout).
    expect(taken).toBeGreaterThan(60);
  });

  it('random edits of a real sheet', () => {
    const sample = readFileSync(join(ROOT, 'scores', '2024', 'DE.yaml'), 'utf8');
    const excerpt = sample.slice(0, 4000);
    expect(agrees(excerpt)).toBe(true);
    const pieces = [' ', '  ', '\n', '\n  ', '\n    ', ':', ': ', '-', '- ', '#', ' #', '"', "'"];
    pieces.push(...['[', ']', '{', '|', '>', '|-', '>-', '?', '%', '@', '\\', '---', '...', '~']);
    let taken = 0;
    fc.assert(
      fc.property(textEdits(excerpt.length, pieces), (edits) => {
        if (agrees(applyEdits(excerpt, edits))) taken++;
      }),
      { numRuns: 1000 },
    );
    expect(taken).toBeGreaterThan(200);
  });
});
