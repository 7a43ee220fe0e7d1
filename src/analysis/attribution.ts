/**
 * Splits the difference between two score vectors — a country in two editions, or two countries
 * in one edition — exactly into per-question contributions.
 *
 * The players are the questions whose points differ (an answer that changes between options of
 * equal points, or between "skipped" states, moves nothing). A question's contribution to a
 * node's change is its Shapley value: its marginal effect averaged over every order in which the
 * changes could have been made,
 *
 *   φᵢ = Σ_{S ⊆ N∖{i}} |S|! (k − |S| − 1)! / k! · (v(S ∪ {i}) − v(S)),
 *
 * where v(S) is the node's score with the questions in S switched to their new points. Shapley
 * values add up exactly to the change, v(N) − v(∅), whatever the skip logic does: when a follow-up
 * question starts to apply and shifts weight away from its siblings, the effect is shared between
 * the questions that caused it. With up to `maxExact` players every subset is evaluated (exact);
 * with more, the average runs over `samples` random orders drawn with a fixed seed — each order's
 * contributions add up exactly, so the sum stays exact and only the split is estimated.
 *
 * A table rule (`aggregation: table`) needs nothing of its own: its points are looked up for
 * every subset S like any node's score, so its change is shared among its changed items by their
 * Shapley values over those items (the other players move nothing in it), and what it passes on
 * to its ancestors adds up exactly as well.
 *
 * A node whose score is missing in some state cannot be attributed (its contributions are null).
 */
import { answerPoints, evaluateScores, type AnswerMap } from '../scoring/score-sheet.js';
import type { ScoringPlan } from '../scoring/plan.js';
import { seededRandom, shuffle } from './random.js';

export interface AttributionOptions {
  /** Node indices to attribute (default: overall, strands and dimensions). */
  nodes?: number[];
  maxExact?: number;
  samples?: number;
  seed?: number;
}

export interface Attribution {
  /** Node ids attributed, in the order of `contributions[…]` arrays. */
  nodes: string[];
  /** Question indices (into `questionnaire.questions`) whose points differ. */
  players: number[];
  before: (number | null)[];
  after: (number | null)[];
  /** contributions[p][j]: points of player p for node j (null when the node cannot be attributed). */
  contributions: (number | null)[][];
  method: 'exact' | 'sampled';
  orders: number;
}

export const DEFAULT_MAX_EXACT = 12;
export const DEFAULT_SAMPLES = 2000;

/** Overall, every strand and every dimension, by node index. */
export function summaryNodes(plan: ScoringPlan): number[] {
  return plan.ids
    .map((_, n) => n)
    .filter(
      (n) =>
        plan.levels[n] === 'overall' ||
        plan.levels[n] === 'strand' ||
        plan.levels[n] === 'dimension',
    );
}

export function attributeDifference(
  plan: ScoringPlan,
  from: Float64Array,
  to: Float64Array,
  options: AttributionOptions = {},
): Attribution {
  const nodes = options.nodes ?? summaryNodes(plan);
  const players: number[] = [];
  for (let q = 0; q < from.length; q++) {
    const a = from[q]!;
    const b = to[q]!;
    if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) players.push(q);
  }
  const k = players.length;
  const state = Float64Array.from(from);
  const scores = new Float64Array(plan.size);
  const read = (target: Float64Array) => nodes.map((n) => target[n]!);

  evaluateScores(plan, from, scores);
  const before = read(scores);
  evaluateScores(plan, to, scores);
  const after = read(scores);
  const sums: number[][] = players.map(() => nodes.map(() => 0));
  const unattributable = new Set<number>();
  let method: Attribution['method'] = 'exact';
  let orders: number;

  const value = (j: number) => {
    const v = scores[nodes[j]!]!;
    if (Number.isNaN(v)) unattributable.add(j);
    return v;
  };

  if (k <= (options.maxExact ?? DEFAULT_MAX_EXACT)) {
    // v(S) for every subset S (bit p = player p switched), then Shapley weights by subset size.
    const subsets = 1 << k;
    const values = new Float64Array(subsets * nodes.length);
    for (let mask = 0; mask < subsets; mask++) {
      for (let p = 0; p < k; p++) {
        const q = players[p]!;
        state[q] = mask & (1 << p) ? to[q]! : from[q]!;
      }
      evaluateScores(plan, state, scores);
      for (let j = 0; j < nodes.length; j++) values[mask * nodes.length + j] = value(j);
    }
    const factorial = [1];
    for (let i = 1; i <= k; i++) factorial.push(factorial[i - 1]! * i);
    for (let mask = 0; mask < subsets; mask++) {
      const size = popcount(mask);
      for (let p = 0; p < k; p++) {
        if (mask & (1 << p)) continue;
        const weight = (factorial[size]! * factorial[k - size - 1]!) / factorial[k]!;
        const withP = (mask | (1 << p)) * nodes.length;
        for (let j = 0; j < nodes.length; j++) {
          sums[p]![j]! += weight * (values[withP + j]! - values[mask * nodes.length + j]!);
        }
      }
    }
    orders = factorial[k]!;
  } else {
    method = 'sampled';
    const random = seededRandom(options.seed ?? 1);
    orders = options.samples ?? DEFAULT_SAMPLES;
    const order = players.map((_, p) => p);
    const previous = new Float64Array(nodes.length);
    for (let s = 0; s < orders; s++) {
      shuffle(order, random);
      state.set(from);
      evaluateScores(plan, state, scores);
      for (let j = 0; j < nodes.length; j++) previous[j] = value(j);
      for (const p of order) {
        state[players[p]!] = to[players[p]!]!;
        evaluateScores(plan, state, scores);
        for (let j = 0; j < nodes.length; j++) {
          const v = value(j);
          sums[p]![j]! += v - previous[j]!;
          previous[j] = v;
        }
      }
    }
    for (const row of sums) for (let j = 0; j < row.length; j++) row[j]! /= orders;
  }
  return {
    nodes: nodes.map((n) => plan.ids[n]!),
    players,
    before: before.map((v) => (Number.isNaN(v) ? null : v)),
    after: after.map((v) => (Number.isNaN(v) ? null : v)),
    contributions: sums.map((row) => row.map((v, j) => (unattributable.has(j) ? null : v))),
    method,
    orders,
  };
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}

/**
 * Points of each question's chosen option, NaN where there is none (the engine's input): step 1
 * of the method, `answerPoints` in score-sheet.ts, so an answer that is not an option of its
 * question is refused there instead of silently scoring nothing.
 */
export function questionPoints(plan: ScoringPlan, answers: AnswerMap): Float64Array {
  return answerPoints(plan, answers).points;
}
