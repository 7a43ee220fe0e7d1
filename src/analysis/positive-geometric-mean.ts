/**
 * The geometric mean used as an *alternative* aggregation in robustness analysis, taken on a
 * positive range declared here, as composite-indicator practice requires (JRC/COINr: geometric
 * aggregation needs strictly positive data, so indicators are first rescaled to e.g. 1–100).
 *
 * Scores are 0–100 and many are exactly 0, where ln is undefined and a plain geometric mean
 * returns 0 whatever the other children score. So each child score x is first moved to the
 * positive range [1, 100],
 *
 *     x′ = 1 + 0.99 · x,
 *
 * the weighted geometric mean is taken there, and the result is mapped back for display:
 *
 *     G = ( exp( Σ wᵢ · ln x′ᵢ / Σ wᵢ ) − 1 ) / 0.99,
 *
 * over the children with a score and a weight above 0 (none → no score). G stays within
 * 0–100, equals the arithmetic mean when all children are equal, and lies below it otherwise
 * (imbalance is penalised, a 0 is not absorbing). Because the arithmetic mean commutes with
 * the affine map, mapping back at every node gives the same result as rescaling once at the
 * bottom of the tree and mapping back once at the top.
 */

/** The declared positive range: scores 0–100 are mapped linearly onto [LOW, HIGH]. */
export const POSITIVE_RANGE = { low: 1, high: 100 } as const;

/** Slope of the map 0–100 → [LOW, HIGH]: (HIGH − LOW) / 100 = 0.99. */
export const POSITIVE_SLOPE = (POSITIVE_RANGE.high - POSITIVE_RANGE.low) / 100;

/** x′ = LOW + slope · x. */
export function toPositive(score: number): number {
  return POSITIVE_RANGE.low + POSITIVE_SLOPE * score;
}

/** x = (x′ − LOW) / slope, the inverse of `toPositive`. */
export function fromPositive(value: number): number {
  return (value - POSITIVE_RANGE.low) / POSITIVE_SLOPE;
}

/**
 * Weighted geometric mean on the positive range (formula above), over plain arrays: `null`
 * marks a child without a score; weights default to 1, a weight of 0 leaves the child out.
 * No child with a score → `null`.
 */
export function positiveGeometricMean(
  scores: readonly (number | null)[],
  weights?: readonly number[],
): number | null {
  let weightSum = 0;
  let logSum = 0;
  scores.forEach((score, i) => {
    const w = weights?.[i] ?? 1;
    if (score === null || Number.isNaN(score) || !(w > 0)) return;
    weightSum += w;
    logSum += w * Math.log(toPositive(score));
  });
  return weightSum === 0 ? null : fromPositive(Math.exp(logSum / weightSum));
}
