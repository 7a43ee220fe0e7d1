/**
 * The aggregation rules, as small pure functions. Each combines the scores of a node's children
 * (0–100, `NaN` = no score) with their weights (> 0), leaving out children without a score.
 *
 * A child with weight 0 counts as absent under every rule. Questionnaires cannot set a zero
 * weight (validation refuses it); robustness analysis uses it to leave a dimension out.
 *
 * They work on flat arrays — `scores[children[k]]`, `weights[k]` for k in [start, end) — because
 * the scoring plan stores the whole questionnaire that way; `mean([...], [...])`-style wrappers
 * below serve readers and tests. Every rule also writes each child's *share* (`shares[k]`): the
 * factor by which the child's score enters the result, so that Σ shares[k] · score[k] equals the
 * result exactly. For the weighted mean the share is the child's effective weight; for the other
 * rules it is an attribution of the result to the children.
 */

/**
 * Weighted arithmetic mean: Σ wᵢ·xᵢ / Σ wᵢ over the children with a score.
 * No child with a score → NaN. Shares: wᵢ / Σ wⱼ (0 for children without a score).
 */
export function weightedMeanOf(
  scores: Float64Array,
  children: Int32Array,
  weights: Float64Array,
  start: number,
  end: number,
  shares: Float64Array | null,
): number {
  let weightSum = 0;
  let total = 0;
  for (let k = start; k < end; k++) {
    const x = scores[children[k]!]!;
    if (x === x) {
      const w = weights[k]!;
      weightSum += w;
      total += w * x;
    }
  }
  if (shares !== null) {
    for (let k = start; k < end; k++) {
      const x = scores[children[k]!]!;
      shares[k] = x === x && weightSum > 0 ? weights[k]! / weightSum : 0;
    }
  }
  return weightSum === 0 ? NaN : total / weightSum;
}

/**
 * Weighted geometric mean: exp(Σ wᵢ·ln xᵢ / Σ wᵢ) over the children with a score; any child at
 * 0 makes the result 0 (a zero cannot be compensated). No child with a score → NaN.
 * Shares attribute the result in proportion to wᵢ·xᵢ: shareᵢ = result · wᵢ / Σ wⱼ·xⱼ
 * (all 0 when every child scores 0).
 */
export function weightedGeometricMeanOf(
  scores: Float64Array,
  children: Int32Array,
  weights: Float64Array,
  start: number,
  end: number,
  shares: Float64Array | null,
): number {
  let weightSum = 0;
  let logSum = 0;
  let linearSum = 0;
  let hasZero = false;
  for (let k = start; k < end; k++) {
    const x = scores[children[k]!]!;
    const w = weights[k]!;
    if (x === x && w > 0) {
      weightSum += w;
      linearSum += w * x;
      if (x <= 0) hasZero = true;
      else logSum += w * Math.log(x);
    }
  }
  const result = weightSum === 0 ? NaN : hasZero ? 0 : Math.exp(logSum / weightSum);
  if (shares !== null) {
    for (let k = start; k < end; k++) {
      const x = scores[children[k]!]!;
      shares[k] = x === x && linearSum > 0 ? (result * weights[k]!) / linearSum : 0;
    }
  }
  return result;
}

/**
 * Minimum (the weakest child decides; weights play no part beyond 0 = absent): min xᵢ over the
 * children with a score. No child with a score → NaN. Shares: 1/k for each of the k children at
 * the minimum.
 */
export function minimumOf(
  scores: Float64Array,
  children: Int32Array,
  weights: Float64Array,
  start: number,
  end: number,
  shares: Float64Array | null,
): number {
  let result = Infinity;
  for (let k = start; k < end; k++) {
    const x = scores[children[k]!]!;
    if (x === x && weights[k]! > 0 && x < result) result = x;
  }
  const atMinimum = (k: number) => weights[k]! > 0 && scores[children[k]!] === result;
  let ties = 0;
  for (let k = start; k < end; k++) if (atMinimum(k)) ties++;
  if (shares !== null) {
    for (let k = start; k < end; k++) shares[k] = ties > 0 && atMinimum(k) ? 1 / ties : 0;
  }
  return ties === 0 ? NaN : result;
}

export type AggregateFn = typeof weightedMeanOf;

/** Convenience form over plain arrays: `null` marks a child without a score. */
function overArrays(rule: AggregateFn) {
  return (values: readonly (number | null)[], weights?: readonly number[]): number | null => {
    const scores = Float64Array.from(values, (v) => (v === null ? NaN : v));
    const children = Int32Array.from(values, (_, i) => i);
    const w = Float64Array.from(values, (_, i) => weights?.[i] ?? 1);
    const result = rule(scores, children, w, 0, values.length, new Float64Array(values.length));
    return Number.isNaN(result) ? null : result;
  };
}

export const weightedMean = overArrays(weightedMeanOf);
export const weightedGeometricMean = overArrays(weightedGeometricMeanOf);
export const minimum = overArrays(minimumOf);
