import { describe, expect, it } from 'vitest';
import { questionPoints } from '../../src/analysis/attribution.js';
import { join } from 'node:path';
import { positiveGeometricMean } from '../../src/analysis/positive-geometric-mean.js';
import {
  DEFAULT_ROBUSTNESS,
  robustness,
  type RobustnessOptions,
} from '../../src/analysis/robustness.js';
import { loadSheets } from '../../src/answers/gather-sheets.js';
import { answerMap } from '../../src/answers/types.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { planFor, scoreOf, scoreSheet } from '../../src/scoring/score-sheet.js';
import { fixtureQuestionnaire, ROOT_DIR } from '../helpers/fixtures.js';

const tiny = fixtureQuestionnaire('tiny');
const plan = planFor(tiny);
const country = (code: string, answers: Record<string, string>) => ({
  code,
  points: questionPoints(plan, new Map(Object.entries(answers))),
});

// A: alpha all best (100); beta-one (3·100 + 0)/4 = 75, beta-two min(100, 0) = 0 → beta 37.5; overall 68.75.
// B: every answer in the middle (50; q3 75): alpha (50 + 75)/2 = 62.5, beta 50 → overall 56.25.
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

/** Options with nothing uncertain, to be overridden one setting at a time. */
const fixed = (changes: Partial<RobustnessOptions>): RobustnessOptions => ({
  ...DEFAULT_ROBUSTNESS,
  weightRange: 0,
  geometricShare: 0,
  sensitivitySamples: 0,
  ...changes,
});

describe('geometric mean on the positive range 1–100', () => {
  it('moves scores to x′ = 1 + 0.99x, takes the weighted geometric mean, maps back', () => {
    // (√(100 · 1) − 1) / 0.99: a 0 pulls hard but does not zero the result.
    expect(positiveGeometricMean([100, 0])).toBeCloseTo(9 / 0.99, 12);
    // Weights 3 : 1 → 100^(3/4) on the positive range.
    expect(positiveGeometricMean([100, 0], [3, 1])).toBeCloseTo((10 ** 1.5 - 1) / 0.99, 12);
    expect(positiveGeometricMean([40, 40, 40])).toBeCloseTo(40, 12);
    expect(positiveGeometricMean([0, 0])).toBeCloseTo(0, 12);
    expect(positiveGeometricMean([100, 100])).toBeCloseTo(100, 12);
    expect(positiveGeometricMean([null, 70, 0], [1, 1, 0])).toBeCloseTo(70, 12);
    expect(positiveGeometricMean([null])).toBeNull();
  });
});

describe('robustness', () => {
  it('with no perturbation, A ranks above B; with geometric means at every default level, the order flips — by hand', () => {
    const arithmetic = robustness(plan, [A, B], fixed({ draws: 20 }));
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
    // geometricShare 1: dimension, strand and overall geometric on 1–100 (the composite c1 keeps
    // its mean). On the positive range x′ = 1 + 0.99x, A's 100 is 100 and its 0s are 1:
    //   alpha-one ′ = alpha-two ′ = 100 → alpha ′ = 100;
    //   beta-one ′ = 100^(3/4) = 10^(3/2) (weights 3 : 1), beta-two ′ = √(100 · 1) = 10,
    //   beta ′ = √(10^(3/2) · 10) = 10^(5/4);  overall ′ = √(100 · 10^(5/4)) = 10^(13/8).
    // B (50 → 50.5, 75 → 75.25): alpha ′ = √(50.5 · 75.25), beta ′ = 50.5, overall ′ = √(alpha ′ · 50.5).
    const a = (10 ** (13 / 8) - 1) / 0.99; // 41.59
    const b = (Math.sqrt(Math.sqrt(50.5 * 75.25) * 50.5) - 1) / 0.99; // 55.35
    const geometric = robustness(plan, [A, B], fixed({ draws: 20, geometricShare: 1 }));
    const [rowA, rowB] = geometric.countries;
    expect(rowA!.scoreLow).toBeCloseTo(a, 10);
    expect(rowA!.scoreHigh).toBeCloseTo(a, 10);
    expect(rowB!.medianScore).toBeCloseTo(b, 10);
    expect([rowA!.medianRank, rowB!.medianRank]).toEqual([2, 1]);
  });

  it('with zero perturbation every interval collapses to the published rank', () => {
    const result = robustness(plan, [A, B, C], fixed({ draws: 100, seed: 5, leaveOneOut: false }));
    for (const c of result.countries) {
      expect([c.rankLow, c.medianRank, c.rankHigh]).toEqual([
        c.publishedRank,
        c.publishedRank,
        c.publishedRank,
      ]);
      expect(c.scoreLow).toBe(c.publishedScore);
      expect(c.scoreHigh).toBe(c.publishedScore);
    }
    expect(result.sensitivity).toBeNull();
  });

  it('with a fixed seed the result is identical across runs, sensitivity included; another seed differs', () => {
    const options = fixed({
      draws: 500,
      seed: 42,
      weightRange: 0.6,
      geometricShare: 0.5,
      leaveOneOut: true,
      sensitivitySamples: 300,
      sensitivityByCountry: true,
    });
    const first = robustness(plan, [A, B, C], options);
    expect(first.sensitivity).not.toBeNull();
    expect(robustness(plan, [A, B, C], options)).toEqual(first);
    const other = robustness(plan, [A, B, C], { ...options, seed: 43 });
    expect(other.countries).not.toEqual(first.countries);
    expect(other.sensitivity!.indices).not.toEqual(first.sensitivity!.indices);
  });

  it('intervals contain the median, and ranks stay within 1…n', () => {
    const result = robustness(
      plan,
      [A, B, C],
      fixed({ draws: 300, seed: 2, weightRange: 0.9, geometricShare: 0.3, leaveOneOut: true }),
    );
    for (const c of result.countries) {
      expect(c.rankLow).toBeGreaterThanOrEqual(1);
      expect(c.rankHigh).toBeLessThanOrEqual(3);
      expect(c.rankLow).toBeLessThanOrEqual(c.medianRank);
      expect(c.medianRank).toBeLessThanOrEqual(c.rankHigh);
      expect(c.scoreLow).toBeLessThanOrEqual(c.medianScore);
      expect(c.medianScore).toBeLessThanOrEqual(c.scoreHigh);
    }
  });

  it('sensitivity: one index per choice; a choice that cannot matter gets exactly 0', () => {
    // Geometric share 0: the aggregation inputs never change anything.
    const result = robustness(
      plan,
      [A, B, C],
      fixed({ draws: 10, weightRange: 0.9, leaveOneOut: true, sensitivitySamples: 500 }),
    );
    const s = result.sensitivity!;
    expect(s.output).toBe('mean-absolute-rank-shift');
    expect(s.runs).toBe(500 * (s.indices.length + 2));
    expect(s.indices.map((i) => i.id)).toEqual([
      'weight:alpha-one',
      'weight:alpha-two',
      'weight:beta-one',
      'weight:beta-two',
      'aggregation:dimension',
      'aggregation:strand',
      'aggregation:overall',
      'leave-out',
    ]);
    for (const i of s.indices.filter((i) => i.kind === 'aggregation')) {
      expect([i.first, i.total]).toEqual([0, 0]);
    }
    expect(s.byCountry).toBeNull();
  });

  it('sensitivity: the only uncertain choice explains all of the variance', () => {
    const result = robustness(
      plan,
      [A, B, C],
      fixed({ draws: 10, levels: [], leaveOneOut: true, sensitivitySamples: 4000 }),
    );
    const [leave] = result.sensitivity!.indices;
    expect(leave!.id).toBe('leave-out');
    expect(leave!.total).toBeCloseTo(1, 1);
    expect(leave!.first).toBeCloseTo(1, 1);
  });

  it('refuses impossible settings', () => {
    expect(() => robustness(plan, [A], fixed({ draws: 0 }))).toThrow(/draws/);
    expect(() => robustness(plan, [A], fixed({ weightRange: 1.5 }))).toThrow(/weight range/);
    expect(() => robustness(plan, [A], fixed({ levels: ['item'] }))).toThrow(/levels/);
    expect(() => robustness(plan, [A], fixed({ levels: ['strand', 'strand'] }))).toThrow(/levels/);
    expect(() => robustness(plan, [A], fixed({ sensitivitySamples: 1 }))).toThrow(/sensitivity/);
  });
});

describe('robustness of the sample editions with the default settings', () => {
  const questionnaire = loadQuestionnaire(join(ROOT_DIR, 'questionnaire')).questionnaire!;
  const samplePlan = planFor(questionnaire);

  it.each(['2019', '2024'])(
    '%s: no country whose every strand scores above 50 has a score interval starting at 0',
    (edition) => {
      const { sheets } = loadSheets([join(ROOT_DIR, 'scores', edition)], { questionnaire });
      const strong = sheets
        .filter((sheet) => {
          const scores = scoreSheet(questionnaire, answerMap(sheet));
          return questionnaire.strands.every((strand) => scoreOf(scores, strand.id)! > 50);
        })
        .map((sheet) => sheet.country);
      expect(strong.length).toBeGreaterThan(0);
      const result = robustness(
        samplePlan,
        sheets.map((s) => ({ code: s.country, points: questionPoints(samplePlan, answerMap(s)) })),
        DEFAULT_ROBUSTNESS,
      );
      for (const row of result.countries.filter((c) => strong.includes(c.country))) {
        expect(row.scoreLow, row.country).toBeGreaterThan(0);
        // The interval is the published score's neighbourhood, not the whole scale.
        expect(row.scoreHigh - row.scoreLow, row.country).toBeLessThan(50);
      }
      // Ranks do not spread over 1–N.
      for (const row of result.countries) {
        expect(row.rankHigh - row.rankLow, row.country).toBeLessThan(sheets.length - 1);
      }
    },
  );
});
