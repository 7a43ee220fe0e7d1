import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixturePath } from '../helpers/fixtures.js';
import { DEFAULT_BANDS } from '../../src/questionnaire/build-questionnaire.js';
import { minimum, weightedGeometricMean, weightedMean } from '../../src/scoring/aggregate.js';
import { bandFor } from '../../src/scoring/bands.js';
import { groupAverage } from '../../src/scoring/group-averages.js';
import { rankByScore } from '../../src/scoring/ranking.js';
import { formatScore, roundHalfUp } from '../../src/scoring/rounding.js';

const display = parse(readFileSync(fixturePath('display-cases.yaml'), 'utf8')) as {
  rounding: [number, number, number][];
  bands: [number, string][];
  ranking: {
    name: string;
    scores: Record<string, number | null>;
    ranks: Record<string, number | null>;
  }[];
};

describe('roundHalfUp', () => {
  it.each(display.rounding)('%d to %d decimals shows %d', (value, decimals, expected) => {
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
  it.each(display.ranking.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ranked = rankByScore(Object.keys(c.scores), (id) => c.scores[id] ?? null);
    expect(Object.fromEntries(ranked.map((r) => [r.item, r.rank]))).toEqual(c.ranks);
  });

  it('keeps the order of the best-ranked first', () => {
    const ranked = rankByScore(['a', 'b', 'c'], (x) => ({ a: 10, b: 30, c: 20 })[x] ?? null);
    expect(ranked.map((r) => r.item)).toEqual(['b', 'c', 'a']);
  });
});

describe('bands (default: MIPEX bands)', () => {
  it.each(display.bands)('%d is %s', (score, band) => {
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
