/**
 * Robustness of ranks to the method, following the uncertainty and sensitivity analysis of
 * composite indicators practised by the JRC (COINr): the choices a builder of the index could
 * defensibly have made otherwise are treated as uncertain inputs, and the ranks are recomputed
 * for many combinations of them.
 *
 * The uncertain choices (see `robustness-kernel.ts` for how a draw applies them):
 *
 * - the **weight of each dimension** in its strand: published weight × a factor uniform in
 *   [1 − r, 1 + r] (`weightRange` r);
 * - the **aggregation rule of each level** in `levels` (by default dimension, strand and
 *   overall — the levels above the questionnaire's own composite indicators): the published
 *   rule or, with probability `geometricShare`, the geometric mean on the positive range 1–100
 *   (`positive-geometric-mean.ts`), so that a 0 is penalised but not absorbing;
 * - optionally **leaving one dimension out** (`leaveOneOut`), a discrete input: which one.
 *
 * A composite with a **table rule** (`aggregation: table`) is not among the choices: its points
 * are read from its table, which states the instrument's own judgement of every combination of
 * answers, so every draw keeps it, even when its level's rule is drawn geometric.
 *
 * Two analyses are made of them, both reproducible with the seed:
 *
 * 1. **Intervals** (Monte Carlo, `draws` independent draws): every country's median rank, its
 *    5th–95th percentile rank interval and score interval. With no perturbation every interval
 *    collapses to the published rank and score.
 * 2. **Sensitivity** (Sobol indices, `sensitivitySamples` N, N · (k + 2) runs, `sobol.ts`): which
 *    choice moves the ranks most. The output of a run is the *mean absolute rank shift*:
 *    (1/n) Σ_c |rank_c − published rank_c| over the n ranked countries — 0 when the run
 *    reproduces the published ranking. Optionally, per country, the output is its own rank.
 *
 * Ranks are competition ranks on the displayed scores, as published. The kernel is compiled
 * once per run; draws allocate nothing.
 */
import type { Level } from '../questionnaire/types.js';
import { rankByScore } from '../scoring/ranking.js';
import { roundHalfUp } from '../scoring/rounding.js';
import type { ScoringPlan } from '../scoring/plan.js';
import { drawRanker } from './draw-ranks.js';
import { seededRandom } from './random.js';
import { histogramPercentile, percentileInPlace } from './sample-percentiles.js';
import {
  compileRobustnessKernel,
  type RobustnessKernel,
  type UncertainInput,
} from './robustness-kernel.js';
import { sobolIndices } from './sobol.js';

export interface RobustnessOptions {
  draws: number;
  seed: number;
  /** Each dimension's weight is multiplied by a factor drawn uniformly from [1 − r, 1 + r]; 0 ≤ r < 1. */
  weightRange: number;
  /** Probability that a level in `levels` is aggregated with the geometric mean in a draw; 0–1. */
  geometricShare: number;
  /** Leave one randomly chosen dimension out of every draw. */
  leaveOneOut: boolean;
  /** Levels whose aggregation rule is uncertain (may switch to the geometric mean). */
  levels: Level[];
  /** N of the Sobol analysis; 0 = no sensitivity analysis. */
  sensitivitySamples: number;
  /** Also give the Sobol indices of each country's own rank. */
  sensitivityByCountry: boolean;
  /** Node ranked (default `overall`). */
  node?: string;
}

export interface CountryRobustness {
  country: string;
  publishedScore: number | null;
  publishedRank: number | null;
  medianRank: number;
  rankLow: number;
  rankHigh: number;
  medianScore: number;
  scoreLow: number;
  scoreHigh: number;
}

export interface SensitivityIndex extends UncertainInput {
  /** First-order Sobol index (share of the output variance this choice causes alone). */
  first: number | null;
  /** Total-effect Sobol index (share it takes part in, interactions included). */
  total: number | null;
  /** Standard errors of the two estimates (sampling error of the Sobol design). */
  firstError: number | null;
  totalError: number | null;
}

export interface CountrySensitivity {
  country: string;
  /** Variance of the country's rank over the runs (0: its rank never moves; indices null). */
  rankVariance: number;
  first: (number | null)[];
  total: (number | null)[];
}

export interface Sensitivity {
  samples: number;
  runs: number;
  output: 'mean-absolute-rank-shift';
  /** Mean and variance of the output over the base runs. */
  mean: number;
  variance: number;
  indices: SensitivityIndex[];
  /** Per country, indices in the order of `indices`; null unless asked for. */
  byCountry: CountrySensitivity[] | null;
}

export interface RobustnessResult {
  options: RobustnessOptions;
  node: string;
  countries: CountryRobustness[];
  sensitivity: Sensitivity | null;
}

/** Levels a composite can sit at, from the bottom; `item`s are always questions. */
export const AGGREGATION_LEVELS: readonly Level[] = ['indicator', 'dimension', 'strand', 'overall'];

/**
 * Defaults, chosen on the sample editions (2,000 draws, seed 1, geometric share 0.5):
 *
 * - weights ±25 %: a dimension may weigh up to 1.67 times another, a disagreement experts
 *   could defend (COINr's own sensitivity example perturbs weights by ±25 %). The mean width
 *   of the 5–95 % rank interval was 0.75 / 0.63 places (2019 / 2024) at ±25 %, against
 *   0.75 / 1.25 at ±50 % (up to 3 times another: the old default), where the weights alone
 *   became the largest Sobol effects; ±10 % changed little against ±25 %.
 * - aggregation varying above the composite indicators, on the positive range: no country
 *   whose every strand scores above 50 gets a score interval near 0 (lowest bound 25, France;
 *   Portugal 80–84 in 2019 and 72–83 in 2024, where the old method gave 0–85).
 * - no dimension left out: leaving one out is a different question (is the dimension needed
 *   at all?) and, when asked, dominates the variance (total effect 0.7–0.9).
 */
export const DEFAULT_ROBUSTNESS: RobustnessOptions = {
  draws: 1000,
  seed: 1,
  weightRange: 0.25,
  geometricShare: 0.5,
  leaveOneOut: false,
  levels: ['dimension', 'strand', 'overall'],
  sensitivitySamples: 1000,
  sensitivityByCountry: false,
};

export const MAX_DRAWS = 100_000;
export const MAX_SENSITIVITY_SAMPLES = 100_000;

/** A comma-separated list of levels (`none`: no level varies), or a problem naming the allowed ones. */
export function parseLevels(text: string): Level[] | string {
  if (text.trim() === 'none') return [];
  const levels = text.split(',').map((level) => level.trim());
  if (!areDistinctLevels(levels))
    return `must list distinct levels among ${AGGREGATION_LEVELS.join(', ')}, separated by commas (or none)`;
  return levels as Level[];
}

/** Whether every entry is an aggregation level and none is repeated (text and options alike). */
function areDistinctLevels(levels: readonly string[]): boolean {
  const allowed = AGGREGATION_LEVELS as readonly string[];
  return levels.every((level) => allowed.includes(level)) && new Set(levels).size === levels.length;
}

export function checkRobustnessOptions(options: RobustnessOptions): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(options.draws) || options.draws < 1 || options.draws > MAX_DRAWS)
    problems.push(`draws must be a whole number from 1 to ${MAX_DRAWS}`);
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 2 ** 32 - 1)
    problems.push('seed must be a whole number from 0 to 4294967295');
  if (!(options.weightRange >= 0 && options.weightRange < 1))
    problems.push('weight range must be at least 0 and below 1');
  if (!(options.geometricShare >= 0 && options.geometricShare <= 1))
    problems.push('geometric share must be between 0 and 1');
  if (!areDistinctLevels(options.levels))
    problems.push(`levels must be distinct levels among ${AGGREGATION_LEVELS.join(', ')}`);
  const n = options.sensitivitySamples;
  if (!Number.isInteger(n) || n < 0 || n === 1 || n > MAX_SENSITIVITY_SAMPLES)
    problems.push(
      `sensitivity samples must be 0 (none) or a whole number from 2 to ${MAX_SENSITIVITY_SAMPLES}`,
    );
  return problems;
}

export function robustness(
  plan: ScoringPlan,
  countries: { code: string; points: Float64Array }[],
  options: RobustnessOptions,
): RobustnessResult {
  const problems = checkRobustnessOptions(options);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  const nodeId = options.node ?? 'overall';
  const target = plan.indexOf.get(nodeId);
  if (target === undefined) throw new RangeError(`unknown node "${nodeId}"`);
  const kernel = compileRobustnessKernel(
    plan,
    countries.map((c) => c.points),
    target,
    options,
  );
  const decimals = plan.questionnaire.displayDecimals;
  const count = countries.length;
  const draws = options.draws;
  const published = kernel.published;
  const publishedRanks = ranksOf(published, decimals);

  // Scores country-major (each country's sample contiguous, to select percentiles in place);
  // ranks as a histogram per country (ranks are 0..count).
  const drawnScores = new Float64Array(draws * count);
  const rankCounts = new Int32Array(count * (count + 1));
  const u = new Float64Array(kernel.inputs.length);
  const scores = new Float64Array(count);
  const ranks = new Int32Array(count);
  const rank = drawRanker(count, decimals);
  const random = seededRandom(options.seed);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < u.length; i++) u[i] = random();
    kernel.evaluate(u, scores);
    rank(scores, ranks);
    for (let c = 0; c < count; c++) {
      drawnScores[c * draws + d] = scores[c]!;
      const at = c * (count + 1) + ranks[c]!;
      rankCounts[at] = rankCounts[at]! + 1;
    }
  }

  const intervals = countries.map(({ code }, c): CountryRobustness => {
    const sample = drawnScores.subarray(c * draws, (c + 1) * draws);
    let scored = 0;
    for (let d = 0; d < draws; d++) if (!Number.isNaN(sample[d]!)) sample[scored++] = sample[d]!;
    const scoreSample = sample.subarray(0, scored);
    const rankAt = (p: number) =>
      histogramPercentile(rankCounts, c * (count + 1), count + 1, draws, p);
    return {
      country: code,
      publishedScore: Number.isNaN(published[c]!) ? null : published[c]!,
      publishedRank: publishedRanks[c]! > 0 ? publishedRanks[c]! : null,
      medianRank: rankAt(0.5),
      rankLow: rankAt(0.05),
      rankHigh: rankAt(0.95),
      medianScore: percentileInPlace(scoreSample, 0.5),
      scoreLow: percentileInPlace(scoreSample, 0.05),
      scoreHigh: percentileInPlace(scoreSample, 0.95),
    };
  });

  return {
    options,
    node: nodeId,
    countries: intervals,
    sensitivity:
      options.sensitivitySamples > 0 && kernel.inputs.length > 0
        ? sensitivity(kernel, countries, publishedRanks, decimals, options)
        : null,
  };
}

/** Sobol indices of the mean absolute rank shift (and, if asked, of each country's rank). */
function sensitivity(
  kernel: RobustnessKernel,
  countries: { code: string }[],
  publishedRanks: Int32Array,
  decimals: number,
  options: RobustnessOptions,
): Sensitivity {
  const count = countries.length;
  const k = kernel.inputs.length;
  const scores = new Float64Array(count);
  const ranks = new Int32Array(count);
  const rank = drawRanker(count, decimals);
  let rankedCount = 0;
  for (let c = 0; c < count; c++) if (publishedRanks[c]! > 0) rankedCount++;
  const indices = sobolIndices(
    {
      inputs: k,
      outputs: options.sensitivityByCountry ? 1 + count : 1,
      evaluate(u, out) {
        kernel.evaluate(u, scores);
        rank(scores, ranks);
        let shift = 0;
        for (let c = 0; c < count; c++) {
          if (publishedRanks[c]! > 0) shift += Math.abs(ranks[c]! - publishedRanks[c]!);
        }
        out[0] = rankedCount > 0 ? shift / rankedCount : 0;
        if (out.length > 1) for (let c = 0; c < count; c++) out[1 + c] = ranks[c]!;
      },
    },
    options.sensitivitySamples,
    // A stream of its own: the Sobol design does not reuse the interval draws' numbers.
    (options.seed ^ 0x9e3779b9) >>> 0,
  );
  const index = (values: Float64Array, o: number, i: number) => {
    const value = values[o * k + i]!;
    return Number.isNaN(value) ? null : value;
  };
  return {
    samples: indices.samples,
    runs: indices.runs,
    output: 'mean-absolute-rank-shift',
    mean: indices.mean[0]!,
    variance: indices.variance[0]!,
    indices: kernel.inputs.map((input, i) => ({
      ...input,
      first: index(indices.first, 0, i),
      total: index(indices.total, 0, i),
      firstError: index(indices.firstError, 0, i),
      totalError: index(indices.totalError, 0, i),
    })),
    byCountry: options.sensitivityByCountry
      ? countries.map(({ code }, c) => ({
          country: code,
          rankVariance: indices.variance[1 + c]!,
          first: kernel.inputs.map((_, i) => index(indices.first, 1 + c, i)),
          total: kernel.inputs.map((_, i) => index(indices.total, 1 + c, i)),
        }))
      : null,
  };
}

/** Competition ranks (1, 2, 2, 4) on the displayed scores; 0 for countries without a score. */
function ranksOf(values: Float64Array, decimals: number): Int32Array {
  const ranked = rankByScore(
    [...values.keys()],
    (i) => (Number.isNaN(values[i]!) ? null : roundHalfUp(values[i]!, decimals)),
    decimals,
  );
  const out = new Int32Array(values.length);
  for (const { item, rank } of ranked) out[item] = rank ?? 0;
  return out;
}
