/**
 * A compiled skip condition is its checked tree plus closures: the tree is plain data that a
 * cache can store (JSON or `v8.serialize`), and the expression rebuilt from it evaluates exactly
 * as the one compiled from the source, without parsing again.
 */
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  expressionFromTree,
  type AnswerLookup,
  type CompiledExpression,
  type ExprTree,
} from '../../src/questionnaire/expressions.js';

const catalogue = {
  optionIds: (id: string) => ({ a: ['none', 'course', 'test'], b: ['yes', 'no'] })[id],
};

function compiled(source: string): CompiledExpression {
  const result = compileExpression(source, catalogue);
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result.expression;
}

/** Every combination of answers to a and b, unanswered included, with scores 0, 50, 100. */
const LOOKUPS: AnswerLookup[] = [null, 'none', 'course', 'test'].flatMap((a, i) =>
  [null, 'yes', 'no'].map((b, j) => ({
    option: (id: string) => (id === 'a' ? a : id === 'b' ? b : null),
    score: (id: string) =>
      id === 'a' && a !== null ? i * 50 - 50 : id === 'b' && b ? j * 50 : null,
  })),
);

const SOURCES = [
  'answer("a") == "course" or answer("a") == "test"',
  'not (answer("a") == "none") and answer("b") != "no"',
  'score("a") + 10 < 60 or -score("b") / 2 >= -25',
  '(score("a") * 2 - score("b") > 0) == (answer("b") == "yes")',
];

describe('expression trees', () => {
  it.each(SOURCES)('%s evaluates the same rebuilt from its stored tree', (source) => {
    const original = compiled(source);
    const fromJson = expressionFromTree(
      source,
      JSON.parse(JSON.stringify(original.tree)) as ExprTree,
    );
    const cloned = deserialize(serialize(original)) as { source: string; tree: ExprTree };
    const fromClone = expressionFromTree(cloned.source, cloned.tree);
    expect(fromJson.dependsOn).toEqual(original.dependsOn);
    for (const answers of LOOKUPS) {
      expect(fromJson.evaluate(answers)).toBe(original.evaluate(answers));
      expect(fromClone.evaluate(answers)).toBe(original.evaluate(answers));
    }
  });

  it('stores data only: a serialised expression holds no function', () => {
    const stored = deserialize(serialize(compiled(SOURCES[0]!))) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['dependsOn', 'source', 'tree']);
    expect(stored.tree).toEqual({
      kind: 'operator',
      fn: 'or',
      args: [
        {
          kind: 'operator',
          fn: 'equal',
          args: [
            { kind: 'answer', question: 'a' },
            { kind: 'value', value: 'course' },
          ],
        },
        {
          kind: 'operator',
          fn: 'equal',
          args: [
            { kind: 'answer', question: 'a' },
            { kind: 'value', value: 'test' },
          ],
        },
      ],
    });
  });

  it('keeps three-valued logic and refuses to divide by zero', () => {
    const e = compiled('score("a") / score("b") > 1 or answer("b") == "yes"');
    const lookup = (b: string | null, scoreB: number | null): AnswerLookup => ({
      option: (id) => (id === 'b' ? b : null),
      score: (id) => (id === 'a' ? 100 : id === 'b' ? scoreB : null),
    });
    expect(e.evaluate(lookup('no', 0))).toBeNull();
    expect(e.evaluate(lookup('no', 50))).toBe(true);
    expect(e.evaluate(lookup('yes', 0))).toBe(true);
    expect(e.evaluate(lookup('no', 100))).toBe(false);
  });
});
