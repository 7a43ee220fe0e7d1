/**
 * Robustness of ranks to the method: a Monte Carlo run over alternative, equally defensible
 * methods. Each draw
 *
 * - multiplies every weight by a random factor in [1 − r, 1 + r] (`weightRange` r),
 * - aggregates each level (indicator, dimension, strand, overall) with the arithmetic mean or,
 *   with probability `geometricShare`, the geometric mean,
 * - optionally leaves one randomly chosen dimension out (`leaveOneOut`),
 *
 * then scores every country and ranks them (competition ranking on the displayed scores). For
 * every country the result gives the median rank, the 5th–95th percentile rank interval and the
 * score interval. A seed makes a run reproducible; with no perturbation at all every interval
 * collapses to the published rank.
 *
 * Built for speed by design: the plan is compiled once, each draw rewrites only its weight and
 * rule arrays, and all buffers are allocated once.
 */
import { rankByScore } from '../scoring/ranking.js';
import { roundHalfUp } from '../scoring/rounding.js';
import { NodeKind, type ScoringPlan } from '../scoring/plan.js';
import { weightedGeometricMeanOf } from '../scoring/aggregate.js';
import { evaluateScores } from '../scoring/score-sheet.js';
import { seededRandom } from './random.js';

export interface RobustnessOptions {
  draws: number;
  seed: number;
  /** Each weight is multiplied by a factor drawn uniformly from [1 − r, 1 + r]; 0 ≤ r < 1. */
  weightRange: number;
  /** Probability that a level is aggregated with the geometric mean in a draw; 0–1. */
  geometricShare: number;
  /** Leave one randomly chosen dimension out of every draw. */
  leaveOneOut: boolean;
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

export interface RobustnessResult {
  options: RobustnessOptions;
  node: string;
  countries: CountryRobustness[];
}

export const DEFAULT_ROBUSTNESS: RobustnessOptions = {
  draws: 1000,
  seed: 1,
  weightRange: 0.5,
  geometricShare: 0.5,
  leaveOneOut: false,
};

const LEVELS = ['indicator', 'dimension', 'strand', 'overall'] as const;

export function checkRobustnessOptions(options: RobustnessOptions): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(options.draws) || options.draws < 1 || options.draws > 100_000)
    problems.push('draws must be a whole number from 1 to 100000');
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 2 ** 32 - 1)
    problems.push('seed must be a whole number from 0 to 4294967295');
  if (!(options.weightRange >= 0 && options.weightRange < 1))
    problems.push('weight range must be at least 0 and below 1');
  if (!(options.geometricShare >= 0 && options.geometricShare <= 1))
    problems.push('geometric share must be between 0 and 1');
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
  const decimals = plan.questionnaire.displayDecimals;
  const random = seededRandom(options.seed);
  const count = countries.length;

  // The draw's own copy of the arrays it changes; everything else is shared with the plan.
  const weights = Float64Array.from(plan.childWeight);
  const isMean = Uint8Array.from(plan.isMean);
  const rule = plan.rule.slice();
  const draw: ScoringPlan = { ...plan, childWeight: weights, isMean, rule };
  const byLevel = LEVELS.map((level) =>
    plan.ids
      .map((_, n) => n)
      .filter((n) => plan.kind[n] === NodeKind.Composite && plan.levels[n] === level),
  );
  const dimensionSlots = plan.ids
    .map((_, n) => n)
    .filter((n) => plan.levels[n] === 'dimension' && plan.slot[n]! >= 0 && isCounted(plan, n))
    .map((n) => plan.slot[n]!);

  const scores = new Float64Array(plan.size);
  const published = publishedScores(plan, countries, target, scores);
  const publishedRanks = ranksOf(published, decimals);
  const drawnScores = new Float64Array(options.draws * count);
  const drawnRanks = new Int32Array(options.draws * count);
  const current = new Float64Array(count);

  for (let d = 0; d < options.draws; d++) {
    for (let e = 0; e < weights.length; e++) {
      weights[e] = plan.childWeight[e]! * (1 + options.weightRange * (2 * random() - 1));
    }
    for (const nodes of byLevel) {
      const geometric = options.geometricShare > 0 && random() < options.geometricShare;
      for (const n of nodes) {
        isMean[n] = geometric ? 0 : plan.isMean[n]!;
        rule[n] = geometric ? weightedGeometricMeanOf : plan.rule[n]!;
      }
    }
    if (options.leaveOneOut && dimensionSlots.length > 1) {
      weights[dimensionSlots[Math.floor(random() * dimensionSlots.length)]!] = 0;
    }
    for (let c = 0; c < count; c++) {
      evaluateScores(draw, countries[c]!.points, scores);
      current[c] = scores[target]!;
    }
    const ranks = ranksOf(current, decimals);
    for (let c = 0; c < count; c++) {
      drawnScores[d * count + c] = current[c]!;
      drawnRanks[d * count + c] = ranks[c]!;
    }
  }

  return {
    options,
    node: nodeId,
    countries: countries.map(({ code }, c) => {
      const rankSample = Float64Array.from(
        { length: options.draws },
        (_, d) => drawnRanks[d * count + c]!,
      ).sort();
      const scoreSample = Float64Array.from(
        { length: options.draws },
        (_, d) => drawnScores[d * count + c]!,
      )
        .filter((v) => !Number.isNaN(v))
        .sort();
      return {
        country: code,
        publishedScore: Number.isNaN(published[c]!) ? null : published[c]!,
        publishedRank: publishedRanks[c]! > 0 ? publishedRanks[c]! : null,
        medianRank: percentile(rankSample, 0.5),
        rankLow: percentile(rankSample, 0.05),
        rankHigh: percentile(rankSample, 0.95),
        medianScore: percentile(scoreSample, 0.5),
        scoreLow: percentile(scoreSample, 0.05),
        scoreHigh: percentile(scoreSample, 0.95),
      };
    }),
  };
}

/** Nearest-rank percentile of sorted values: the value at position ⌈p·n⌉ (1-based); NaN if empty. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index]!;
}

function isCounted(plan: ScoringPlan, n: number): boolean {
  let node = n;
  while (plan.parent[node]! >= 0) node = plan.parent[node]!;
  return node === plan.overall;
}

function publishedScores(
  plan: ScoringPlan,
  countries: { points: Float64Array }[],
  target: number,
  scores: Float64Array,
): Float64Array {
  return Float64Array.from(countries, ({ points }) => {
    evaluateScores(plan, points, scores);
    return scores[target]!;
  });
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
