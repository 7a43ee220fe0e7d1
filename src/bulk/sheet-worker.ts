/**
 * A worker thread that checks sheet files (see `check-in-threads.ts`). It builds its
 * `SheetCheck` once from the setup it is started with, then takes the run's chunks of files one
 * after the other from the shared queue (chunk-queue.ts) and answers each with their results in
 * the same order, until none is left. A throw while checking is sent back as an error (the main
 * thread rethrows it, as it would have thrown checking the files itself); only a crash ends the
 * thread without an answer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../issues/issue.js';
import { prepareSheetValidator } from '../answers/load-sheet.js';
import {
  checkSheetFile,
  sheetCheckFromSetup,
  summaryOf,
  type SheetCheck,
  type SheetCheckSetup,
} from './sheet-check.js';
import { takeChunk } from './chunk-queue.js';
import { packCheck } from './sheet-transfer.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
try {
  const check = sheetCheckFromSetup(workerData as SheetCheckSetup);
  warmUp(check);
  // `on`, not `once`: a port without a listener lets the thread end by itself once no chunk is
  // left, and an ending worker stops the run (`worker-failed`) while other threads still check.
  port.on('message', ({ chunks, queue, worker, summaries }: ToWorker) => {
    for (let chunk = takeChunk(queue, worker); chunk !== null; chunk = takeChunk(queue, worker)) {
      try {
        const files = chunks[chunk]!;
        // Summaries, or the sheets packed for a cheaper structured clone (sheet-transfer.ts).
        if (summaries)
          post({
            kind: 'results',
            chunk,
            results: files.map((f) => summaryOf(checkSheetFile(f, check))),
          });
        else
          post({
            kind: 'sheets',
            chunk,
            results: files.map((f) => packCheck(checkSheetFile(f, check))),
          });
      } catch (error) {
        post({ kind: 'failed', chunk, ...describe(error) });
        return;
      }
    }
  });
} catch (error) {
  post({ kind: 'failed', chunk: null, ...describe(error) });
}

/**
 * Builds the default questionnaire and compiles its sheet schema (no sheet is checked: see
 * `prepareSheetValidator`) before the worker takes its first chunk. Until then the main thread
 * takes chunks itself, rather than waiting at the end for a first chunk held up behind the set-up.
 */
function warmUp(check: SheetCheck): void {
  prepareSheetValidator(check.questionnaireFor(null, null)!);
}

function describe(error: unknown): { message: string; issues: InputError['issues'] | null } {
  return {
    message: error instanceof Error ? error.message : String(error),
    issues: error instanceof InputError ? error.issues : null,
  };
}
