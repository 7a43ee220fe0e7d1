/**
 * Ranks of one robustness draw, without allocation: the same competition ranking on displayed
 * scores as `scoring/ranking.ts` (1, 2, 2, 4; countries shown with the same score share a
 * rank; no score, no rank), computed on typed arrays because it runs once per draw.
 */

/**
 * The displayed score as an integer key: `roundHalfUp(value, decimals) · 10^decimals`, by the
 * same rule — snap |value| · 10^decimals to 9 decimals (undoing binary representation error),
 * round half away from zero. NaN stays NaN.
 */
export function displayKey(value: number, factor: number): number {
  const scaled = Math.round(Math.abs(value) * factor * 1e9) / 1e9;
  const key = Math.floor(scaled + 0.5);
  return value < 0 ? -key : key;
}

/**
 * A ranker for `count` countries shown with `decimals` decimals: `(scores, ranks)` writes the
 * competition rank of every score into `ranks` (1 + the number of countries shown higher; 0
 * without a score). Scores on the 0–100 scale have at most 100 · 10^decimals + 1 displayed
 * values; when that is small against count², ranks come from a histogram of the keys (linear
 * time), otherwise — or when a score lies outside 0–100 — from pairwise comparison.
 */
export function drawRanker(
  count: number,
  decimals: number,
): (scores: Float64Array, ranks: Int32Array) => void {
  const factor = 10 ** decimals;
  const bins = 100 * factor + 1;
  const keys = new Float64Array(count);
  const above = bins <= count * count ? new Int32Array(bins) : null;

  const pairwise = (ranks: Int32Array): void => {
    for (let c = 0; c < count; c++) {
      const key = keys[c]!;
      if (key !== key) {
        ranks[c] = 0;
        continue;
      }
      let higher = 0;
      for (let o = 0; o < count; o++) if (keys[o]! > key) higher++;
      ranks[c] = higher + 1;
    }
  };

  return (scores, ranks) => {
    let inRange = above !== null;
    for (let c = 0; c < count; c++) {
      const key = displayKey(scores[c]!, factor);
      keys[c] = key;
      if (key < 0 || key >= bins) inRange = false;
    }
    if (!inRange || above === null) {
      pairwise(ranks);
      return;
    }
    above.fill(0);
    for (let c = 0; c < count; c++) {
      const key = keys[c]!;
      if (key === key) above[key] = above[key]! + 1;
    }
    // Turn counts into "countries shown higher than this key", from the top down.
    let higher = 0;
    for (let b = bins - 1; b >= 0; b--) {
      const here = above[b]!;
      above[b] = higher;
      higher += here;
    }
    for (let c = 0; c < count; c++) {
      const key = keys[c]!;
      ranks[c] = key === key ? above[key]! + 1 : 0;
    }
  };
}
