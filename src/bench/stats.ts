/**
 * The few statistics the benchmarks share: one median, one best-of timer. Spawned timings
 * (process start, first page) report the median of several runs, in-process timings the best
 * of several (the least disturbed by the other work on a shared machine).
 */
import { performance } from 'node:perf_hooks';

/** The middle value; the mean of the two middle values for an even count. NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Milliseconds one call of `work` takes. */
export function elapsed(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/** Best of `repeat` runs of `work` (after one warm-up unless `repeat` is 1), in milliseconds. */
export function bestOf(work: () => void, repeat = 5): number {
  if (repeat > 1) work();
  let best = Infinity;
  for (let i = 0; i < repeat; i++) best = Math.min(best, elapsed(work));
  return best;
}
