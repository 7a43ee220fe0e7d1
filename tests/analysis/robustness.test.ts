import { describe, expect, it } from 'vitest';
import { questionPoints } from '../../src/analysis/attribution.js';
import { percentile, robustness } from '../../src/analysis/robustness.js';
import { planFor } from '../../src/scoring/score-sheet.js';
import { fixtureQuestionnaire } from '../helpers/fixtures.js';

const tiny = fixtureQuestionnaire('tiny');
const plan = planFor(tiny);
const country = (code: string, answers: Record<string, string>) => ({
  code,
  points: questionPoints(plan, new Map(Object.entries(answers))),
});

// A: alpha all best (100); beta-one (3·100 + 0)/4 = 75, beta-two min(100, 0) = 0 → beta 37.5; overall 68.75.
// B: every answer in the middle (50; q3 75): alpha (50 + 75)/2 = 62.5, beta 50 → overall 56.25.
// Arithmetic: A first. Geometric at every level: A's zeros make beta 0 and overall 0; B stays
// positive → B first.
const A = country('A', {
  q1: 'good',
  q2: 'good',
  i1: 'good',
  q3: 'full',
  q4: 'good',
  q5: 'bad',
  q6: 'good',
  q7: 'bad',
});
const B = country('B', {
  q1: 'mid',
  q2: 'mid',
  i1: 'mid',
  i2: 'mid',
  i3: 'mid',
  q3: 'most',
  q4: 'mid',
  q5: 'mid',
  q6: 'mid',
  q7: 'mid',
});
const C = country('C', {
  q1: 'bad',
  q2: 'mid',
  i1: 'bad',
  q3: 'none',
  q4: 'mid',
  q5: 'good',
  q6: 'mid',
  q7: 'good',
});

describe('robustness', () => {
  it('a hand-checked tiny case: geometric means everywhere flip the order of A and B', () => {
    const arithmetic = robustness(plan, [A, B], {
      draws: 20,
      seed: 1,
      weightRange: 0,
      geometricShare: 0,
      leaveOneOut: false,
    });
    expect(
      arithmetic.countries.map((c) => [
        c.country,
        c.publishedScore,
        c.publishedRank,
        c.rankLow,
        c.rankHigh,
      ]),
    ).toEqual([
      ['A', 68.75, 1, 1, 1],
      ['B', 56.25, 2, 2, 2],
    ]);
    const geometric = robustness(plan, [A, B], {
      draws: 20,
      seed: 1,
      weightRange: 0,
      geometricShare: 1,
      leaveOneOut: false,
    });
    expect(
      geometric.countries.map((c) => [c.country, c.medianRank, c.scoreLow, c.scoreHigh]),
    ).toEqual([
      ['A', 2, 0, 0],
      ['B', 1, expect.any(Number), expect.any(Number)],
    ]);
  });

  it('with zero perturbation every interval collapses to the published rank', () => {
    const result = robustness(plan, [A, B, C], {
      draws: 100,
      seed: 5,
      weightRange: 0,
      geometricShare: 0,
      leaveOneOut: false,
    });
    for (const c of result.countries) {
      expect([c.rankLow, c.medianRank, c.rankHigh]).toEqual([
        c.publishedRank,
        c.publishedRank,
        c.publishedRank,
      ]);
      expect(c.scoreLow).toBeCloseTo(c.publishedScore!, 12);
      expect(c.scoreHigh).toBeCloseTo(c.publishedScore!, 12);
    }
  });

  it('with a fixed seed the result is identical across runs; another seed differs', () => {
    const options = {
      draws: 500,
      seed: 42,
      weightRange: 0.6,
      geometricShare: 0.5,
      leaveOneOut: true,
    };
    const first = robustness(plan, [A, B, C], options);
    expect(robustness(plan, [A, B, C], options)).toEqual(first);
    expect(robustness(plan, [A, B, C], { ...options, seed: 43 }).countries).not.toEqual(
      first.countries,
    );
  });

  it('intervals contain the median, and ranks stay within 1…n', () => {
    const result = robustness(plan, [A, B, C], {
      draws: 300,
      seed: 2,
      weightRange: 0.9,
      geometricShare: 0.3,
      leaveOneOut: true,
    });
    for (const c of result.countries) {
      expect(c.rankLow).toBeGreaterThanOrEqual(1);
      expect(c.rankHigh).toBeLessThanOrEqual(3);
      expect(c.rankLow).toBeLessThanOrEqual(c.medianRank);
      expect(c.medianRank).toBeLessThanOrEqual(c.rankHigh);
    }
  });

  it('refuses impossible settings', () => {
    expect(() =>
      robustness(plan, [A], {
        draws: 0,
        seed: 1,
        weightRange: 0,
        geometricShare: 0,
        leaveOneOut: false,
      }),
    ).toThrow(/draws/);
    expect(() =>
      robustness(plan, [A], {
        draws: 1,
        seed: 1,
        weightRange: 1.5,
        geometricShare: 0,
        leaveOneOut: false,
      }),
    ).toThrow(/weight range/);
  });

  it('percentiles use the nearest rank', () => {
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([percentile(values, 0.05), percentile(values, 0.5), percentile(values, 0.95)]).toEqual([
      1, 5, 10,
    ]);
    expect(percentile(new Float64Array(0), 0.5)).toBeNaN();
  });
});
