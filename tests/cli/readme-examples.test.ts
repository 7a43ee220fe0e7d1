/**
 * The README's examples are run: each code block marked `<!-- example -->` holds a command, and
 * the block after it what the command prints on stdout. The built program (`dist/cli/main.js`,
 * what `npx policy-index` runs) is started from the repository's root with the command's
 * arguments, and its output is compared with the block — so the README stays the one copy of the
 * example and cannot drift from the program.
 *
 * The shown output may leave things out with `…`, the way the README writes it:
 * - JSON: a string with `…` matches any text in its place; a key `"…"` allows more keys in that
 *   object (without it, the keys must be exactly those shown); an array ending in `"…"` allows
 *   more elements after those shown. Everything else — numbers included — must be equal.
 * - Text: a line `…` stands for any number of lines; `…` inside a line for any text.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../helpers/fixtures.js';

const BIN = join(ROOT_DIR, 'dist', 'cli', 'main.js');
const ELLIPSIS = '…';

interface Example {
  /** The command as written, e.g. `npx policy-index score --answers scores/2024/AT.yaml`. */
  command: string;
  args: string[];
  language: string;
  expected: string;
  line: number;
}

/** The marked examples of a Markdown text: the command block and the output block after it. */
function readmeExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  const marker =
    /<!-- example -->\s*\n```[a-z]*\n([\s\S]*?)\n```\s*\n+```([a-z]*)\n([\s\S]*?)\n```/g;
  for (const match of markdown.matchAll(marker)) {
    const command = match[1]!.trim();
    const words = command.replace(/^\$ /, '').split(/\s+/);
    const start = words[0] === 'npx' ? 1 : 0;
    if (words[start] !== 'policy-index') throw new Error(`not a policy-index command: ${command}`);
    examples.push({
      command,
      args: words.slice(start + 1),
      language: match[2]!,
      expected: match[3]!,
      line: markdown.slice(0, match.index).split('\n').length,
    });
  }
  return examples;
}

/** Where `actual` differs from the shown `expected` (see the module comment); [] when it matches. */
function jsonMismatches(expected: unknown, actual: unknown, path = '$'): string[] {
  if (typeof expected === 'string' && expected.includes(ELLIPSIS)) {
    return typeof actual === 'string' && wildcard(expected).test(actual)
      ? []
      : [`${path}: ${JSON.stringify(actual)} does not match ${JSON.stringify(expected)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: not an array`];
    const open = expected.at(-1) === ELLIPSIS;
    const shown = open ? expected.slice(0, -1) : expected;
    if (open ? actual.length < shown.length : actual.length !== shown.length)
      return [
        `${path}: ${actual.length} elements, ${open ? 'at least ' : ''}${shown.length} shown`,
      ];
    return shown.flatMap((item, i) => jsonMismatches(item, actual[i], `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return [`${path}: not an object`];
    const keys = Object.keys(expected).filter((key) => key !== ELLIPSIS);
    const problems = keys.flatMap((key) =>
      key in actual
        ? jsonMismatches(
            (expected as Record<string, unknown>)[key],
            (actual as Record<string, unknown>)[key],
            `${path}.${key}`,
          )
        : [`${path}.${key}: missing`],
    );
    if (!(ELLIPSIS in expected)) {
      const extra = Object.keys(actual).filter((key) => !keys.includes(key));
      if (extra.length > 0) problems.push(`${path}: keys not shown: ${extra.join(', ')}`);
    }
    return problems;
  }
  return Object.is(expected, actual)
    ? []
    : [`${path}: ${JSON.stringify(actual)}, shown ${JSON.stringify(expected)}`];
}

/** Whether the text `actual` matches the shown lines (see the module comment). */
function textMatches(expected: string, actual: string): boolean {
  const pattern = expected
    .split('\n')
    .map((line) =>
      line.trim() === ELLIPSIS ? '(?:.*\\n)*?' : `${wildcard(line).source.slice(1, -1)}\\n`,
    )
    .join('');
  return new RegExp(`^${pattern}$`).test(`${actual.replace(/\n$/, '')}\n`);
}

function wildcard(text: string): RegExp {
  const escaped = text
    .split(ELLIPSIS)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 's');
}

const README = readFileSync(join(ROOT_DIR, 'README.md'), 'utf8');
const examples = readmeExamples(README);

describe('the README examples', () => {
  it('are there: at least the score example', () => {
    expect(examples.map((e) => e.args[0])).toContain('score');
  });

  it('run against the built program (npm run build)', () => {
    expect(existsSync(BIN), `${BIN} is missing: run npm run build first`).toBe(true);
  });

  for (const example of examples) {
    it(`README.md:${example.line}: ${example.command}`, () => {
      const run = spawnSync(process.execPath, [BIN, ...example.args], {
        cwd: ROOT_DIR,
        encoding: 'utf8',
        env: { ...process.env, POLICY_INDEX_CACHE: 'off' },
      });
      expect(run.status, run.stderr).toBe(0);
      if (example.language === 'json') {
        expect(jsonMismatches(JSON.parse(example.expected), JSON.parse(run.stdout))).toEqual([]);
      } else {
        expect(textMatches(example.expected, run.stdout), run.stdout).toBe(true);
      }
    });
  }
});

describe('the comparison of shown output', () => {
  it('lets … stand for what the README leaves out, and nothing else', () => {
    const actual = { a: 'sha256:abc', b: [1, 2, 3], c: { d: 1, e: 2 } };
    expect(jsonMismatches({ a: 'sha256:…', b: [1, '…'], c: { d: 1, '…': {} } }, actual)).toEqual(
      [],
    );
    expect(jsonMismatches({ a: 'sha256:…', b: [1, 2, 3], c: { d: 1 } }, actual)).toEqual([
      '$.c: keys not shown: e',
    ]);
    expect(jsonMismatches({ a: 'md5:…', b: [1, 2], c: { d: 2, '…': {} } }, actual)).toHaveLength(3);
    expect(textMatches('first\n…\nlast …', 'first\nx\ny\nlast line\n')).toBe(true);
    expect(textMatches('first\nlast', 'first\nmiddle\nlast\n')).toBe(false);
  });
});
