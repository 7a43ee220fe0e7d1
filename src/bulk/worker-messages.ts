/** The messages between the main thread and a sheet worker (`sheet-worker.ts`). */
import type { Thrown } from '../workers/thrown.js';
import type { CheckedSheet, SheetSummary } from '../answers/gather-sheets.js';
import type { PackedCheck } from './sheet-transfer.js';

/** What a worker sends back of each valid sheet: its summary only (`validate`), or all of it. */
export type WorkerKeeps = { keep: 'summaries' } | { keep: 'sheets' };

/**
 * The run's files in chunks; the worker takes chunks from `queue` (chunk-queue.ts) as `worker`
 * and answers each.
 */
export type ToWorker = {
  chunks: string[][];
  queue: SharedArrayBuffer;
  worker: number;
} & WorkerKeeps;

export type FromWorker =
  | { kind: 'results'; chunk: number; results: CheckedSheet<SheetSummary>[] }
  /** Full sheets (`keep: 'sheets'`), packed (sheet-transfer.ts). */
  | { kind: 'sheets'; chunk: number; results: PackedCheck[] }
  /**
   * Checking threw (`chunk` null: while starting): an `InputError` (e.g. a questionnaire folder
   * that no longer loads) or any other error, with its fields (workers/thrown.ts).
   */
  | { kind: 'failed'; chunk: number | null; failure: Thrown };
