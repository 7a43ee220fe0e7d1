import { describe, expect, it } from 'vitest';
import { compileExpression, type AnswerLookup } from '../../src/questionnaire/expressions.js';

const catalogue = {
  optionIds: (id: string) => ({ a: ['none', 'course', 'test'], b: ['yes', 'no'] })[id],
};
const answers = (
  values: Record<string, string>,
  scores: Record<string, number> = {},
): AnswerLookup => ({
  option: (id) => values[id] ?? null,
  score: (id) => scores[id] ?? null,
});

function compiled(source: string) {
  const result = compileExpression(source, catalogue);
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result.expression;
}

function problems(source: string) {
  const result = compileExpression(source, catalogue);
  return 'problems' in result ? result.problems.map((p) => p.code) : [];
}

describe('applies_if expressions', () => {
  it('compares answers with option ids', () => {
    const e = compiled('answer("a") == "course" or answer("a") == "test"');
    expect(e.dependsOn).toEqual(['a']);
    expect(e.evaluate(answers({ a: 'test' }))).toBe(true);
    expect(e.evaluate(answers({ a: 'none' }))).toBe(false);
  });

  it('compares scores with numbers and does arithmetic', () => {
    const e = compiled('score("a") + 10 < 60');
    expect(e.evaluate(answers({}, { a: 0 }))).toBe(true);
    expect(e.evaluate(answers({}, { a: 100 }))).toBe(false);
  });

  it('uses three-valued logic when an answer is missing', () => {
    expect(compiled('answer("a") == "none"').evaluate(answers({}))).toBeNull();
    expect(
      compiled('answer("a") == "none" or answer("b") == "yes"').evaluate(answers({ b: 'yes' })),
    ).toBe(true);
    expect(
      compiled('answer("a") == "none" and answer("b") == "yes"').evaluate(answers({ b: 'no' })),
    ).toBe(false);
    expect(compiled('not (answer("a") == "none")').evaluate(answers({}))).toBeNull();
  });

  it('accepts not_applicable as a value to compare with', () => {
    expect(
      compiled('answer("b") != "not_applicable"').evaluate(answers({ b: 'not_applicable' })),
    ).toBe(false);
  });

  it.each([
    ['assignment', 'x = 1'],
    ['function definition', 'f(x) = 1'],
    ['import', 'import({ answer: 1 }, { override: true })'],
    ['evaluate', 'evaluate("1 + 1")'],
    ['parse', 'parse("1")'],
    ['compile', 'compile("1")'],
    ['createUnit', 'createUnit("foo")'],
    ['simplify', 'simplify("x")'],
    ['property access', 'answer("a").constructor'],
    ['index access', 'answer("a")["constructor"]'],
    ['matrix', '[1, 2] == [1, 2]'],
    ['object', '{a: 1} == 1'],
    ['block', 'answer("a") == "none"; 1'],
    ['conditional', 'answer("a") == "none" ? true : false'],
    ['chained comparison', '1 < score("a") < 3'],
    ['bare symbol', 'pi > 3'],
    ['kebab id without answer()', 'fr-residence == "none"'],
    ['reference with a variable id', 'answer(x) == "none"'],
    ['unit conversion', '5 cm to inch == 2'],
  ])('refuses %s', (_what, source) => {
    expect(problems(source)).toContain('expression-forbidden');
  });

  it('refuses references to unknown questions and options', () => {
    expect(problems('answer("zz") == "none"')).toEqual(['expression-unknown-question']);
    expect(problems('answer("a") == "maybe"')).toEqual(['expression-unknown-option']);
  });

  it('refuses type errors and non-boolean results', () => {
    expect(problems('answer("a") < 3')).toContain('expression-type');
    expect(problems('answer("a") == 3')).toContain('expression-type');
    expect(problems('score("a")')).toEqual(['expression-type']);
  });

  it('refuses syntax errors and overlong input', () => {
    expect(problems('answer("a") ==')).toEqual(['expression-syntax']);
    expect(problems(`${'('.repeat(3000)}`)).toEqual(['expression-forbidden']);
  });
});
