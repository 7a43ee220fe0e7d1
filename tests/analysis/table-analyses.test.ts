/**
 * The analyses through table rules (tests/fixtures/questionnaires/table-rules): change
 * attribution still adds up exactly and splits a table's change among its changed items by
 * Shapley; what-if scores through a table; robustness keeps every table in every draw.
 */
import { describe, expect, it } from 'vitest';
import { attributeDifference, questionPoints } from '../../src/analysis/attribution.js';
import { positiveGeometricMean } from '../../src/analysis/positive-geometric-mean.js';
import { DEFAULT_ROBUSTNESS, robustness } from '../../src/analysis/robustness.js';
import { simulate } from '../../src/analysis/what-if.js';
import { planFor } from '../../src/scoring/score-sheet.js';
import { fixtureQuestionnaire } from '../helpers/fixtures.js';
import { TABLE_SHEET_A } from '../helpers/table-rules.js';

const questionnaire = fixtureQuestionnaire('table-rules');
const plan = planFor(questionnaire);
const A = TABLE_SHEET_A;
const points = (answers: Record<string, string>) =>
  questionPoints(plan, new Map(Object.entries(answers)));

describe('change attribution through a table rule', () => {
  // pre-entry goes from (course, test) = 17 to (test, none) = 67. By hand, over the two items:
  // language alone: (test, test) = 0, integration alone: (course, none) = 83;
  // φ(language) = ½ (0 − 17) + ½ (67 − 83) = −16.5, φ(integration) = ½ (83 − 17) + ½ (67 − 0) = 66.5.
  const B = { ...A, 'pre-language': 'test', 'pre-integration': 'none', permit: 'course' };
  const nodes = ['pre-entry', 'conditions', 'overall'].map((id) => plan.indexOf.get(id)!);
  const result = attributeDifference(plan, points(A), points(B), { nodes });
  const ids = result.players.map((q) => questionnaire.questions[q]!.id);
  const of = (question: string, node: number) =>
    result.contributions[ids.indexOf(question)]![node]!;

  it('splits the table’s change among its changed items by Shapley', () => {
    expect([...ids].sort()).toEqual(['permit', 'pre-integration', 'pre-language']);
    expect(of('pre-language', 0)).toBeCloseTo(-16.5, 12);
    expect(of('pre-integration', 0)).toBeCloseTo(66.5, 12);
    expect(of('permit', 0)).toBe(0);
  });

  it('adds up exactly to the change of every node', () => {
    result.nodes.forEach((_, j) => {
      const sum = result.contributions.reduce((total, row) => total + row[j]!, 0);
      expect(sum).toBeCloseTo(result.after[j]! - result.before[j]!, 12);
    });
    // In the overall score the table weighs 1/6 and permit 1/4: (50 / 6) − (50 / 4).
    expect(result.after[2]! - result.before[2]!).toBeCloseTo(50 / 6 - 50 / 4, 12);
    expect(of('pre-language', 2)).toBeCloseTo(-16.5 / 6, 12);
  });
});

describe('what-if through a table rule', () => {
  it('changing one item re-reads the table', () => {
    const published = new Map(Object.entries(A));
    const result = simulate(
      questionnaire,
      'AA',
      published,
      new Map([['pre-integration', 'none']]),
      new Map(),
    );
    expect(result.applied).toEqual([{ question: 'pre-integration', from: 'test', to: 'none' }]);
    expect(result.before['pre-entry']!.score).toBe(17);
    expect(result.after['pre-entry']!.score).toBe(83);
    expect(result.after.conditions!.score).toBeCloseTo((83 + 60 + 50) / 3, 12);
  });
});

describe('robustness with table rules', () => {
  const countries = [
    { code: 'AA', points: points(A) },
    { code: 'BB', points: points({ ...A, 'pre-language': 'none', work: 'course' }) },
  ];

  it('keeps each table under the geometric mean at every level, the indicator level included', () => {
    const result = robustness(plan, countries, {
      ...DEFAULT_ROBUSTNESS,
      draws: 10,
      weightRange: 0,
      geometricShare: 1,
      sensitivitySamples: 0,
      levels: ['indicator', 'dimension', 'strand', 'overall'],
    });
    // Tables 17 and 60 stay as looked up; everything above is geometric on 1–100.
    const conditions = positiveGeometricMean([17, 60, 50])!;
    const rights = positiveGeometricMean([100, 0])!;
    const expected = positiveGeometricMean([positiveGeometricMean([conditions, rights])!])!;
    const aa = result.countries.find((c) => c.country === 'AA')!;
    expect(aa.scoreLow).toBeCloseTo(expected, 9);
    expect(aa.scoreHigh).toBeCloseTo(expected, 9);
  });

  it('runs with weights and rules drawn, and refuses a table as the ranked node', () => {
    const result = robustness(plan, countries, { ...DEFAULT_ROBUSTNESS, draws: 50 });
    expect(result.countries).toHaveLength(2);
    for (const c of result.countries) expect(c.scoreLow).toBeLessThanOrEqual(c.scoreHigh);
    expect(() =>
      robustness(plan, countries, { ...DEFAULT_ROBUSTNESS, draws: 5, node: 'pre-entry' }),
    ).toThrow(/looks its points up in a table/);
  });
});
