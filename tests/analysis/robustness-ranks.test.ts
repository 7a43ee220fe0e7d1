/** The allocation-free helpers of a robustness draw agree with the engine's own ranking and rounding. */
import { describe, expect, it } from 'vitest';
import { displayKey, drawRanker } from '../../src/analysis/draw-ranks.js';
import { seededRandom } from '../../src/analysis/random.js';
import {
  histogramPercentile,
  percentile,
  percentileInPlace,
} from '../../src/analysis/sample-percentiles.js';
import { rankByScore } from '../../src/scoring/ranking.js';
import { roundHalfUp } from '../../src/scoring/rounding.js';

describe('draw ranks', () => {
  it('display keys round exactly like roundHalfUp, halves and representation error included', () => {
    const random = seededRandom(3);
    const values = [62.5, 49.5833, 0.1 + 0.2, 0.5, 1.4999999999999, 2.5, 99.95, 100, 0, -2.5];
    for (let i = 0; i < 2000; i++) values.push(random() * 100, Math.round(random() * 200) / 2);
    for (const decimals of [0, 1, 2]) {
      for (const v of values) {
        expect(displayKey(v, 10 ** decimals) / 10 ** decimals).toBeCloseTo(
          roundHalfUp(v, decimals),
          9,
        );
      }
    }
    expect(displayKey(NaN, 1)).toBeNaN();
  });

  it.each([
    ['histogram', 40, 0],
    ['pairwise', 5, 2],
  ])('competition ranks as rankByScore (%s path)', (_, count, decimals) => {
    const random = seededRandom(count);
    const rank = drawRanker(count, decimals);
    const ranks = new Int32Array(count);
    for (let draw = 0; draw < 200; draw++) {
      // Coarse scores make ties frequent; some countries have no score.
      const scores = Float64Array.from({ length: count }, () =>
        random() < 0.05 ? NaN : Math.round(random() * 40) * 2.5,
      );
      rank(scores, ranks);
      const expected = new Int32Array(count);
      for (const { item, rank: r } of rankByScore(
        [...scores.keys()],
        (i) => (Number.isNaN(scores[i]!) ? null : scores[i]!),
        decimals,
      ))
        expected[item] = r ?? 0;
      expect([...ranks]).toEqual([...expected]);
    }
  });

  it('a score outside 0–100 falls back to pairwise comparison', () => {
    const rank = drawRanker(3, 0);
    const ranks = new Int32Array(3);
    rank(Float64Array.from([120, 50, -3]), ranks);
    expect([...ranks]).toEqual([1, 2, 3]);
  });
});

describe('sample percentiles (nearest rank)', () => {
  it('on sorted values: the value at ⌈p·n⌉', () => {
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([percentile(values, 0.05), percentile(values, 0.5), percentile(values, 0.95)]).toEqual([
      1, 5, 10,
    ]);
    expect(percentile(new Float64Array(0), 0.5)).toBeNaN();
  });

  it('by selection in place and from a histogram: the same as sorting', () => {
    const random = seededRandom(8);
    for (const n of [1, 2, 7, 100, 1001]) {
      const values = Float64Array.from({ length: n }, () => Math.floor(random() * 12));
      const sorted = Float64Array.from(values).sort();
      const counts = new Int32Array(12);
      for (const v of values) counts[v] = counts[v]! + 1;
      for (const p of [0.05, 0.5, 0.95]) {
        expect(percentileInPlace(Float64Array.from(values), p)).toBe(percentile(sorted, p));
        expect(histogramPercentile(counts, 0, 12, n, p)).toBe(percentile(sorted, p));
      }
    }
    expect(percentileInPlace(new Float64Array(0), 0.5)).toBeNaN();
    expect(histogramPercentile(new Int32Array(3), 0, 3, 0, 0.5)).toBeNaN();
  });
});
