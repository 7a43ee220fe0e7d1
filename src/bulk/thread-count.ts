/**
 * How many threads check a batch of sheet files. Starting a worker costs a few hundred
 * milliseconds of one core (loading the modules, building the questionnaire), which a handful of
 * sheets does not repay: below {@link MIN_SHEETS_FOR_THREADS} sheets everything stays on the main
 * thread, synchronously, as before. Above it, one thread per core, at most {@link MAX_THREADS}.
 */
import { availableParallelism } from 'node:os';

/** Measured crossover on two cores: see the report of issue 15 (about 2 s of work). */
export const MIN_SHEETS_FOR_THREADS = 20;

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
