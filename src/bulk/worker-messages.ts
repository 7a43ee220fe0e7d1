/** The messages between the main thread and a sheet worker (`sheet-worker.ts`). */
import type { LoadedSheet } from '../answers/load-sheet.js';
import type { Issue } from '../issues/issue.js';

/** Check these files; `chunk` numbers the list, to put the answers back in order. */
export interface ToWorker {
  chunk: number;
  files: string[];
}

export type FromWorker =
  /** The worker has built what it needs and takes files. */
  | { kind: 'ready' }
  | { kind: 'results'; chunk: number; results: LoadedSheet[] }
  /**
   * Checking threw (`chunk` null: while starting). `issues` when it was an `InputError`, e.g. a
   * questionnaire folder that no longer loads.
   */
  | { kind: 'failed'; chunk: number | null; message: string; issues: Issue[] | null };
