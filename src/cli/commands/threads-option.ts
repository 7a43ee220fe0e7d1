/** The `--threads N` option of the commands that check many sheets (`validate`, `import-sheets`). */
import { MAX_THREADS, MIN_SHEETS_FOR_THREADS } from '../../bulk/thread-count.js';
import { UsageError } from '../io.js';

export const THREADS_NOTE = `With --threads N (1 to ${MAX_THREADS}) the sheets are checked on N threads; by default on one
thread per core when there are ${MIN_SHEETS_FOR_THREADS} sheets or more, else on one. The output is the same.`;

/** The number given to `--threads`, or undefined when it is not given. */
export function threadsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_THREADS)
    throw new UsageError(`--threads must be a whole number from 1 to ${MAX_THREADS}`);
  return Number(value);
}
