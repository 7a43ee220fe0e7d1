/**
 * A worker thread that checks sheet files (see `check-in-threads.ts`). It builds its
 * `SheetCheck` once from the setup it is started with, then takes the run's chunks of files one
 * after the other from the shared queue (chunk-queue.ts) and answers each with their results in
 * the same order, until none is left. A throw while checking is sent back as an error (the main
 * thread rethrows it, as it would have thrown checking the files itself); only a crash ends the
 * thread without an answer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareSheetValidator } from '../answers/load-sheet.js';
import {
  checkSheetFile,
  sheetCheckFromSetup,
  summaryOf,
  type SheetCheck,
  type SheetCheckSetup,
} from './sheet-check.js';
import { takeChunk } from './chunk-queue.js';
import { packCheck, transferablesOf } from './sheet-transfer.js';
import type { FromWorker, ToWorker } from './worker-messages.js';
import { describeThrown } from '../workers/thrown.js';

const port = parentPort!;
const post = (message: FromWorker) =>
  port.postMessage(message, message.kind === 'sheets' ? transferablesOf(message.results) : []);
let check: SheetCheck;
try {
  check = sheetCheckFromSetup(workerData as SheetCheckSetup);
  warmUp(check);
  // `on`, not `once`: a port without a listener lets the thread end by itself once no chunk is
  // left, and an ending worker stops the run (`worker-failed`) while other threads still check.
  port.on('message', (message: ToWorker) => {
    const { chunks, queue, worker } = message;
    for (let chunk = takeChunk(queue, worker); chunk !== null; chunk = takeChunk(queue, worker)) {
      try {
        post(answer(message, chunk, chunks[chunk]!));
      } catch (error) {
        post({ kind: 'failed', chunk, failure: describeThrown(error) });
        return;
      }
    }
  });
} catch (error) {
  post({ kind: 'failed', chunk: null, failure: describeThrown(error) });
}

/**
 * The answer for one chunk of files: summaries, or the sheets packed for a cheaper structured
 * clone (sheet-transfer.ts).
 */
function answer({ keep }: ToWorker, chunk: number, files: readonly string[]): FromWorker {
  if (keep === 'summaries')
    return {
      kind: 'results',
      chunk,
      results: files.map((f) => summaryOf(checkSheetFile(f, check))),
    };
  return { kind: 'sheets', chunk, results: files.map((f) => packCheck(checkSheetFile(f, check))) };
}

/**
 * Builds the default questionnaire and compiles its sheet schema (no sheet is checked: see
 * `prepareSheetValidator`) before the worker takes its first chunk. Until then the main thread
 * takes chunks itself, rather than waiting at the end for a first chunk held up behind the set-up.
 */
function warmUp(check: SheetCheck): void {
  prepareSheetValidator(check.questionnaireFor(null, null)!);
}
