/** The messages between the main thread and a sheet worker (`sheet-worker.ts`). */
import type { Issue } from '../issues/issue.js';
import type { CheckedSheet, SheetSummary } from '../answers/gather-sheets.js';
import type { PackedCheck } from './sheet-transfer.js';

/**
 * The run's files in chunks; the worker takes chunks from `queue` (chunk-queue.ts) as `worker`
 * and answers each. `summaries`: send back each valid sheet's summary only, not the sheet.
 */
export interface ToWorker {
  chunks: string[][];
  queue: SharedArrayBuffer;
  worker: number;
  summaries: boolean;
}

export type FromWorker =
  | { kind: 'results'; chunk: number; results: CheckedSheet<SheetSummary>[] }
  /** Full sheets (`summaries` false), packed (sheet-transfer.ts). */
  | { kind: 'sheets'; chunk: number; results: PackedCheck[] }
  /**
   * Checking threw (`chunk` null: while starting). `issues` when it was an `InputError`, e.g. a
   * questionnaire folder that no longer loads.
   */
  | { kind: 'failed'; chunk: number | null; message: string; issues: Issue[] | null };
