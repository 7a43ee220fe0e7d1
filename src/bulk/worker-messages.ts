/** The messages between the main thread and a sheet worker (`sheet-worker.ts`). */
import type { Issue } from '../issues/issue.js';
import type { CheckedSheet, SheetSummary } from '../answers/gather-sheets.js';

/**
 * Check these files; `chunk` numbers the list, to put the answers back in order. `summaries`:
 * send back each valid sheet's summary only, not the sheet.
 */
export interface ToWorker {
  chunk: number;
  files: string[];
  summaries: boolean;
}

export type FromWorker =
  /** The worker has built what it needs and takes files. */
  | { kind: 'ready' }
  | { kind: 'results'; chunk: number; results: CheckedSheet<SheetSummary>[] }
  /**
   * Checking threw (`chunk` null: while starting). `issues` when it was an `InputError`, e.g. a
   * questionnaire folder that no longer loads.
   */
  | { kind: 'failed'; chunk: number | null; message: string; issues: Issue[] | null };
