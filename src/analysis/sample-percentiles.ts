/**
 * Nearest-rank percentiles of a sample — the value at position ⌈p · n⌉ (1-based) of the sorted
 * sample, clamped to 1..n; NaN for an empty sample — in three forms: on a sorted array, by
 * selection in place (no full sort: a robustness run needs three percentiles of each country's
 * 10,000 scores), and from a histogram of small whole numbers (ranks).
 */

/** Position (0-based) of the p-th percentile in a sorted sample of n values. */
function position(n: number, p: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1));
}

/** The p-th percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[position(sorted.length, p)]!;
}

/**
 * The p-th percentile of `values` (no NaN), found by quickselect: `values` is reordered so that
 * the answer sits at its sorted position with nothing larger before it and nothing smaller
 * after. Expected linear time; the pivot is the middle element, so sorted input is cheap too.
 */
export function percentileInPlace(values: Float64Array, p: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const k = position(n, p);
  let low = 0;
  let high = n - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else break;
  }
  return values[k]!;
}

/**
 * The p-th percentile of a sample of whole numbers 0..bins−1 given as counts
 * (`counts[offset + v]` = how often v occurs; `total` = Σ counts).
 */
export function histogramPercentile(
  counts: Int32Array,
  offset: number,
  bins: number,
  total: number,
  p: number,
): number {
  if (total === 0) return NaN;
  const wanted = position(total, p) + 1;
  let seen = 0;
  for (let v = 0; v < bins; v++) {
    seen += counts[offset + v]!;
    if (seen >= wanted) return v;
  }
  return bins - 1;
}
