/**
 * Scoring through table rules (tests/fixtures/questionnaires/table-rules: a bb28-like table
 * `pre-entry`, a bb29-like table `post-entry` with an `otherwise` row): points computed by hand
 * from the rows, answers left out, methods that cannot touch a table, contributions and
 * effective weights that show no number a table item does not have.
 */
import { describe, expect, it } from 'vitest';
import { methodologyMarkdown } from '../../src/reports/methodology-markdown.js';
import { effectiveWeights } from '../../src/scoring/effective-weights.js';
import { uniformMethod } from '../../src/scoring/method.js';
import { contributions, scoreOf, scoreSheet } from '../../src/scoring/score-sheet.js';
import { buildMethodology } from '../../src/web/view-models/methodology.js';
import { fixtureQuestionnaire } from '../helpers/fixtures.js';
import { TABLE_SHEET_A } from '../helpers/table-rules.js';

const questionnaire = fixtureQuestionnaire('table-rules');
const score = (answers: Record<string, string>, node: string, method = undefined) =>
  scoreOf(scoreSheet(questionnaire, new Map(Object.entries(answers)), method), node);

// Sheet A, by hand: pre-entry (course, test) → row 6: 17; post-entry (test; middle; none) → row
// 4: 60; fee course 50 → conditions (17 + 60 + 50) / 3 = 42.33…; rights (100 + 0) / 2 = 50;
// family (127/3 + 50) / 2.
const A = TABLE_SHEET_A;

describe('table rules: points looked up', () => {
  it('every combination of the bb28-like table gives the points of its row', () => {
    const expected: Record<string, number> = {
      'none/none': 100,
      'none/course': 100,
      'none/test': 100,
      'course/none': 83,
      'test/none': 67,
      'course/course': 50,
      'test/course': 33,
      'course/test': 17,
      'test/test': 0,
    };
    for (const [combination, points] of Object.entries(expected)) {
      const [language, integration] = combination.split('/');
      const answers = { 'pre-language': language!, 'pre-integration': integration! };
      expect(score(answers, 'pre-entry'), combination).toBe(points);
    }
  });

  it('the first row that holds wins; lists of options; otherwise for the rest', () => {
    const post = (form: string, level: string, integration: string) =>
      score(
        { 'post-form': form, 'post-level': level, 'post-integration': integration },
        'post-entry',
      );
    expect(post('none', 'high', 'test')).toBe(100); // row 1, whatever the others say
    expect(post('course', 'low', 'none')).toBe(90); // row 2 before row 3
    expect(post('test', 'low', 'none')).toBe(80);
    expect(post('test', 'high', 'none')).toBe(60); // [middle, high]
    expect(post('test', 'low', 'test')).toBe(40); // [course, test]
    expect(post('test', 'middle', 'course')).toBe(0); // otherwise
  });

  it('an item left out: a row that does not name it still holds; else no score, and otherwise does not apply', () => {
    expect(score({ 'pre-language': 'none' }, 'pre-entry')).toBe(100);
    expect(score({ 'pre-language': 'course' }, 'pre-entry')).toBeNull();
    expect(
      score({ 'pre-language': 'course', 'pre-integration': 'no_data' }, 'pre-entry'),
    ).toBeNull();
    expect(score({ 'post-form': 'course', 'post-level': 'not_applicable' }, 'post-entry')).toBe(90);
    // Would fall to otherwise if the level were known: with it unknown, no score.
    expect(score({ 'post-form': 'test', 'post-integration': 'course' }, 'post-entry')).toBeNull();
  });

  it('a table node without a score is left out of its parent like any other child', () => {
    const answers = { ...A, 'pre-integration': 'not_assessed' };
    expect(score(answers, 'conditions')).toBeCloseTo((60 + 50) / 2, 12);
  });

  it('a whole sheet, by hand', () => {
    expect(score(A, 'pre-entry')).toBe(17);
    expect(score(A, 'post-entry')).toBe(60);
    expect(score(A, 'conditions')).toBeCloseTo(127 / 3, 12);
    expect(score(A, 'rights')).toBe(50);
    expect(score(A, 'overall')).toBeCloseTo((127 / 3 + 50) / 2, 12);
  });

  it('a method that changes rules or weights keeps every table (and ignores its items’ weights)', () => {
    const geometric = uniformMethod('geometric');
    expect(score(A, 'pre-entry', geometric as never)).toBe(17);
    expect(score(A, 'post-entry', geometric as never)).toBe(60);
    const reweighted = {
      id: 'items-reweighted',
      description: 'test',
      weights: { 'pre-language': 5 },
      aggregationByNode: { 'pre-entry': 'min' as const },
    };
    expect(score(A, 'pre-entry', reweighted as never)).toBe(17);
  });
});

describe('table rules: weights and contributions', () => {
  it('contributions count a table as a whole and still add up to the score', () => {
    const result = scoreSheet(questionnaire, new Map(Object.entries(A)));
    const parts = contributions(result, 'overall');
    expect(parts.has('pre-language')).toBe(false);
    const table = parts.get('pre-entry')!;
    expect([table.weight, table.lookedUp]).toEqual([1 / 6, true]);
    expect(table.points).toBeCloseTo(17 / 6, 12);
    expect(parts.get('fee')!.lookedUp).toBe(false);
    expect(parts.get('fee')!.points).toBeCloseTo(50 / 6, 12);
    const total = [...parts.values()].reduce((sum, c) => sum + c.points, 0);
    expect(total).toBeCloseTo(scoreOf(result, 'overall')!, 12);
  });

  it('a table item has no effective weight: null, with the table’s weight and the points it can move', () => {
    const weights = new Map(effectiveWeights(questionnaire).map((w) => [w.questionId, w]));
    expect(weights.get('fee')).toEqual({
      questionId: 'fee',
      inStrand: { family: 1 / 6 },
      inOverall: 1 / 6,
      lookedUp: null,
    });
    // pre-language alone moves the table by 100 − 0 when pre-integration is "test" (100 vs 0);
    // pre-integration by 67 − 0 when pre-language is "test" (none 67, course 33, test 0).
    expect(weights.get('pre-language')).toEqual({
      questionId: 'pre-language',
      inStrand: { family: null },
      inOverall: null,
      lookedUp: {
        tableId: 'pre-entry',
        swing: 100,
        tableInStrand: { family: 1 / 6 },
        tableInOverall: 1 / 6,
      },
    });
    expect(weights.get('pre-integration')!.lookedUp!.swing).toBe(67);
    // post-level: with form "test" and integration "none", 80 vs 60 → 20; with "course", 40 vs 0.
    expect(weights.get('post-level')!.lookedUp!.swing).toBe(40);
  });

  it('the methodology shows each table in words and "looked up" instead of a table item’s weight', () => {
    const view = buildMethodology(questionnaire, [], null);
    const rows = view.strands[0]!.rows;
    const table = rows.find((r) => r.id === 'pre-entry')!;
    expect(table.table[1]).toEqual({
      when: '“Language measure before entry” is “A course”, and “Integration measure before entry” is “Nothing required”',
      points: 83,
    });
    const post = rows.find((r) => r.id === 'post-entry')!.table;
    expect(post[3]!.when).toBe(
      '“Level asked for” is “A2” or “B1 or higher”, and “Integration measure after arrival” is “Nothing required”',
    );
    expect(post.at(-1)).toEqual({ when: 'any other combination of answers', points: 0 });
    const item = rows.find((r) => r.id === 'pre-language')!;
    expect([item.weight, item.inStrand, item.inOverall]).toEqual([
      null,
      'looked up (moves up to 100 points)',
      'looked up',
    ]);
    const markdown = methodologyMarkdown(questionnaire);
    expect(markdown).toContain('### Table rule: Measures before entry (`pre-entry`)');
    expect(markdown).toContain('| any other combination of answers | 0 |');
  });
});
