import { describe, expect, it } from 'vitest';
import { DEFAULT_BANDS } from '../../src/questionnaire/build-questionnaire.js';
import { minimum, weightedGeometricMean, weightedMean } from '../../src/scoring/aggregate.js';
import { bandFor } from '../../src/scoring/bands.js';
import { groupAverage } from '../../src/scoring/group-averages.js';
import { rankByScore } from '../../src/scoring/ranking.js';
import { formatScore, roundHalfUp } from '../../src/scoring/rounding.js';

describe('roundHalfUp', () => {
  it.each([
    [62.5, 0, 63],
    [49.5833, 0, 50],
    [49.4999, 0, 49],
    [0.5, 0, 1],
    [99.5, 0, 100],
    [2.675, 2, 2.68],
    [1.005, 2, 1.01],
    [-2.5, 0, -3],
    [-0.4, 0, -0],
    // (100 + 50 + 50 + 0 + 50 + 0) / 6 · 0.5 + … style sums that land a hair below .5
    [(0.1 + 0.2) * 100 - 29.5, 0, 1],
  ])('%d to %d decimals is %d', (value, decimals, expected) => {
    expect(roundHalfUp(value, decimals)).toBe(expected);
  });

  it('undoes floating-point error on exact halves: a mean of means that is 37.5 on paper', () => {
    // dimension 50/3, then (50/3 + 25 + 25 + 250/3) / 4 = 37.5 exactly, computed as 37.49999999999999
    const strand = (50 / 3 + (25 + 25 + 250 / 3)) / 4;
    expect(strand).toBeLessThan(37.5);
    expect(roundHalfUp(strand)).toBe(38);
  });

  it('formats null as a dash and keeps the decimals', () => {
    expect(formatScore(null)).toBe('–');
    expect(formatScore(62.5)).toBe('63');
    expect(formatScore(62.5, 1)).toBe('62.5');
  });
});

describe('rankByScore: competition ranking on displayed scores', () => {
  it('ties share a rank and the next rank is skipped (1, 2, 2, 4)', () => {
    const ranked = rankByScore(
      ['a', 'b', 'c', 'd'],
      (x) => ({ a: 80, b: 70.4, c: 69.6, d: 60 })[x] ?? null,
    );
    expect(ranked.map((r) => [r.item, r.rank, r.displayed])).toEqual([
      ['a', 1, 80],
      ['b', 2, 70],
      ['c', 2, 70],
      ['d', 4, 60],
    ]);
  });

  it('ranks on rounded values: 70.4 and 69.6 tie although they differ', () => {
    const ranked = rankByScore([69.6, 70.4], (x) => x);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1]);
  });

  it('puts unscored items last without a rank', () => {
    const ranked = rankByScore(['x', 'y', 'z'], (v) => (v === 'y' ? null : v === 'x' ? 10 : 20));
    expect(ranked.map((r) => [r.item, r.rank])).toEqual([
      ['z', 1],
      ['x', 2],
      ['y', null],
    ]);
  });
});

describe('bands (default: MIPEX bands)', () => {
  it.each([
    [100, 'favourable'],
    [79.5, 'favourable'],
    [79.4, 'slightly-favourable'],
    [60, 'slightly-favourable'],
    [59.4, 'halfway-favourable'],
    [41, 'halfway-favourable'],
    [40.2, 'slightly-unfavourable'],
    [20.5, 'slightly-unfavourable'],
    [1, 'unfavourable'],
    [0.5, 'unfavourable'],
    [0.4, 'critically-unfavourable'],
    [0, 'critically-unfavourable'],
  ])('%d is %s', (score, band) => {
    expect(bandFor(DEFAULT_BANDS, score)?.id).toBe(band);
  });

  it('no score, no band', () => {
    expect(bandFor(DEFAULT_BANDS, null)).toBeNull();
  });
});

describe('groupAverage: unweighted mean of the members', () => {
  it('averages the members with a score and leaves out the others', () => {
    const scores: Record<string, number | null> = { AT: 40, DE: 50, FR: null };
    expect(groupAverage(['AT', 'DE', 'FR', 'XX'], (c) => scores[c])).toEqual({
      average: 45,
      counted: 2,
    });
  });

  it('is null when no member has a score', () => {
    expect(groupAverage(['FR'], () => null)).toEqual({ average: null, counted: 0 });
    expect(groupAverage([], () => 1)).toEqual({ average: null, counted: 0 });
  });
});

describe('aggregation rules and their edge cases', () => {
  it('weighted mean: Σ w·x / Σ w over the children with a score', () => {
    expect(weightedMean([100, 0], [3, 1])).toBe(75);
    expect(weightedMean([100, null, 0])).toBe(50);
    expect(weightedMean([null, null])).toBeNull();
    expect(weightedMean([])).toBeNull();
  });

  it('geometric mean: zero wins, empty is null', () => {
    expect(weightedGeometricMean([100, 25])).toBeCloseTo(50, 12);
    expect(weightedGeometricMean([100, 0])).toBe(0);
    expect(weightedGeometricMean([null])).toBeNull();
  });

  it('minimum ignores weights and missing children', () => {
    expect(minimum([80, null, 30], [1, 1, 100])).toBe(30);
    expect(minimum([null])).toBeNull();
  });
});
