/**
 * The statistics the benchmarks share: a median, a timer, and the way every ratio of
 * `npm run bench` is measured — interleaved rounds.
 *
 * Why interleaved rounds: this machine's speed drifts by 15–40 % from one second to the next (two
 * cores, other work on them). Timing the numerator for a while and then the denominator for a
 * while lets that drift fall on one side only; taking the best of each side compares a lucky
 * numerator with a lucky denominator that may come from very different moments. So a ratio is
 * measured in rounds, each timing the numerator and then the denominator back to back (A B A B …,
 * after warm-up rounds that are not counted), one ratio per round; the reported value is the
 * median of those per-round ratios and the spread is their minimum and maximum, so a reader sees
 * how noisy the run was. Nothing is discarded and no side is picked from its best moment.
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

/** A timed piece of work: runs it once and gives the milliseconds that count. */
export type Timed = () => number | Promise<number>;

/** A ratio measured in interleaved rounds (see the file comment). */
export interface RoundsRatio {
  /** The median of the per-round ratios: the value reported and checked. */
  median: number;
  /** The smallest and largest per-round ratio: the spread a reader judges the noise by. */
  min: number;
  max: number;
  /** Rounds counted (warm-up rounds left out). */
  rounds: number;
  /** Median milliseconds of the numerator and of the denominator, for the measurement lines. */
  numeratorMs: number;
  denominatorMs: number;
}

/** The spread of a ratio as bench-results.json and the printout give it. */
export type Spread = Pick<RoundsRatio, 'min' | 'max' | 'rounds'>;

/**
 * Several ratios that share their work, measured in the same interleaved rounds: each round runs
 * every piece of `work` once, in the given order, and each ratio of `ratios` divides one piece's
 * time by another's in the same round. `warmUp` rounds run first and are not counted.
 */
export async function roundsRatios<K extends string>(
  work: Record<string, Timed>,
  ratios: Record<K, [numerator: string, denominator: string]>,
  options: { rounds: number; warmUp: number },
): Promise<Record<K, RoundsRatio>> {
  const names = Object.keys(work);
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < options.warmUp + options.rounds; round++) {
    for (const name of names) {
      const ms = await work[name]!();
      if (round >= options.warmUp) times[name]!.push(ms);
    }
  }
  const out = {} as Record<K, RoundsRatio>;
  for (const key of Object.keys(ratios) as K[]) {
    const [numerator, denominator] = ratios[key];
    const a = times[numerator];
    const b = times[denominator];
    if (!a || !b) throw new Error(`ratio ${key}: no work named ${a ? denominator : numerator}`);
    out[key] = pairedRatio(a, b);
  }
  return out;
}

/** The ratio of two equally long lists of times taken in the same rounds, round by round. */
export function pairedRatio(
  numerators: readonly number[],
  denominators: readonly number[],
): RoundsRatio {
  const perRound = numerators.map((ms, i) => ms / denominators[i]!);
  return {
    median: median(perRound),
    min: Math.min(...perRound),
    max: Math.max(...perRound),
    rounds: perRound.length,
    numeratorMs: median(numerators),
    denominatorMs: median(denominators),
  };
}

/** One ratio, `numerator / denominator`, in interleaved rounds (see {@link roundsRatios}). */
export async function roundsRatio(
  numerator: Timed,
  denominator: Timed,
  options: { rounds: number; warmUp: number },
): Promise<RoundsRatio> {
  const { ratio } = await roundsRatios(
    { numerator, denominator },
    { ratio: ['numerator', 'denominator'] },
    options,
  );
  return ratio;
}

/** `1.08–1.31 over 9 rounds`: how a spread reads. */
export function spreadText(spread: Spread): string {
  return `${spread.min.toFixed(2)}–${spread.max.toFixed(2)} over ${spread.rounds} rounds`;
}

/**
 * `timed`, also pushing onto `into` the CPU time this process used meanwhile (every thread,
 * workers included; milliseconds). Beside a wall-clock ratio it shows the work done, which the
 * other processes on a shared machine hardly change.
 */
export function withCpu(timed: Timed, into: number[]): Timed {
  return async () => {
    const before = process.cpuUsage();
    const ms = await timed();
    const used = process.cpuUsage(before);
    into.push((used.user + used.system) / 1000);
    return ms;
  };
}

/** The median of the per-round ratios of two equally long lists of times. */
export function medianRatio(
  numerators: readonly number[],
  denominators: readonly number[],
): number {
  return pairedRatio(numerators, denominators).median;
}
