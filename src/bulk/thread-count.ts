/**
 * How many threads check a batch of sheet files. A worker is worth its start only once it has
 * loaded its modules, built the questionnaire (from the derived cache) and compiled the sheet
 * schema, and its code has warmed up (its first chunk runs a few times slower than the next):
 * measured in a fresh `policy-index validate` process on two cores, its first results come
 * 0.5–0.6 s after it is started, time in which the main thread alone checked about 200 real-size
 * sheets when js-yaml read them. Below {@link MIN_SHEETS_FOR_THREADS} sheets everything therefore
 * stays on the main thread, synchronously, as before; above it, one thread per core, at most
 * {@link MAX_THREADS}.
 *
 * Since sheets are read by the block-layout reader (source/block-yaml.ts), a sheet takes a third
 * of the time and a worker gains less: in one process, two cores, median of five runs, 250
 * sheets took 434 ms on one thread and 410 ms on two, 500 sheets 607 and 548 ms, 1,000 sheets
 * 1,174 and 1,012 ms. Still no loss at the crossover, so it stays.
 */
import { availableParallelism } from 'node:os';

/** The crossover measured on two cores (see above), rounded up. */
export const MIN_SHEETS_FOR_THREADS = 250;

/** More threads than this gains little: reading files and taking results in is serial. */
export const MAX_THREADS = 8;

/**
 * Threads for checking `files` sheet files: `requested` when given (a command's `--threads`),
 * else one per core for a large batch and 1 for a small one.
 */
export function threadsFor(files: number, requested?: number): number {
  if (requested !== undefined) return Math.max(1, Math.min(requested, MAX_THREADS));
  if (files < MIN_SHEETS_FOR_THREADS) return 1;
  return Math.max(1, Math.min(availableParallelism(), MAX_THREADS));
}
