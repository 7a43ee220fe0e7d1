/**
 * Checking many sheet files on every core: worker threads (`sheet-worker.ts`) and the main
 * thread take lists of files ("chunks") from one queue, and the results are put back in the order
 * of the files, so the output is the same as checking them one by one on one thread.
 *
 * The queue is a counter in shared memory: each thread takes the next chunk itself
 * (`Atomics.add`), so a worker goes on from one chunk to the next without waiting for the main
 * thread to hand it one. When the main thread handed chunks out (two at a time), a worker sat
 * idle whenever the main thread was busy longer than those two chunks took: in an import of
 * 1,000 real-size sheets, whose main thread also stages the sheets checked so far, 1.0–1.6 s idle
 * and 55–57 % of the files checked by the worker; taking chunks itself, 62–66 %.
 *
 * The main thread checks chunks too, from the first moment: a worker is useful only half a second
 * or so after it is started (modules, questionnaire, sheet schema, cold code: thread-count.ts),
 * and on two cores one worker plus the main thread is all the CPU there is. The main thread yields
 * between its chunks so that the workers' answers are taken in; a caller may consume the results
 * in file order meanwhile (`onResults`: the import plans and stages sheets while later ones are
 * checked), so the main thread takes fewer chunks when it has more of that to do.
 *
 * A worker that dies (out of memory, killed, its file missing) stops the whole run: the other
 * workers are ended and the files not checked are reported with one `worker-failed` issue, never a
 * hang. A throw while checking is rethrown here, as it would have been thrown on one thread.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { LoadedSheet } from '../answers/load-sheet.js';
import { fileIssue, InputError } from '../issues/issue.js';
import type { AnswerSheet } from '../answers/types.js';
import { checkSheetFile, summaryOf, type SheetCheck, type SheetCheckSetup } from './sheet-check.js';
import type { CheckedSheet, SheetSummary } from '../answers/gather-sheets.js';
import { chunkQueue, MAIN_THREAD } from './chunk-queue.js';
import { unpackCheck } from './sheet-transfer.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

export interface ThreadOptions<S extends SheetSummary = AnswerSheet> {
  /** Threads in all, the main thread included (at least 2; 1 is `checkSheetFile` in a loop). */
  threads: number;
  /**
   * Whether the main thread checks files too (default: yes); when not, `threads` workers do all
   * of it. Measured on two shared cores, each run in a fresh process: 1,000 real-size sheets took
   * 2.6–3.3 s (4.1–5.5 s of CPU) with the main thread beside one worker, 2.4–2.9 s (4.4–5.5 s)
   * with two workers; 250 sheets 0.87–1.34 s against 1.05–1.10 s. Within the noise of a shared
   * machine; the main thread's share starts at once, costs one start-up less, and an import's
   * main thread has the database work to do as results come in anyway.
   */
  mainThread?: boolean;
  /** Memory limits of each worker: a runaway worker stops with a report, not the machine. */
  resourceLimits?: ResourceLimits;
  /**
   * Called on the main thread with the results as they become complete in file order
   * (`results[i]` is the result of file `first + i`), between the main thread's own chunks;
   * every file's result is passed exactly once, unless the run throws.
   */
  onResults?: (first: number, results: readonly CheckedSheet<S>[]) => void;
}

/**
 * Checks `files` with `threads - 1` workers, built from `setup`, and the main thread, which uses
 * `here` (the same check, already built). Resolves with one result per file, in their order.
 */
export function checkSheetFilesInThreads(
  files: readonly string[],
  check: { setup: SheetCheckSetup; here: SheetCheck },
  options: ThreadOptions,
): Promise<LoadedSheet[]> {
  return inThreads(files, check, options, false, (checked) => checked);
}

/** Like {@link checkSheetFilesInThreads}, keeping of each valid sheet only its summary. */
export function summarizeSheetFilesInThreads(
  files: readonly string[],
  check: { setup: SheetCheckSetup; here: SheetCheck },
  options: ThreadOptions<SheetSummary>,
): Promise<CheckedSheet<SheetSummary>[]> {
  return inThreads(files, check, options, true, summaryOf);
}

/** `summaries` tells the workers what `keep` does on the main thread. */
async function inThreads<S extends SheetSummary>(
  files: readonly string[],
  check: { setup: SheetCheckSetup; here: SheetCheck },
  options: ThreadOptions<S>,
  summaries: boolean,
  keep: (checked: LoadedSheet) => CheckedSheet<S>,
): Promise<CheckedSheet<S>[]> {
  const chunks = chunksOf(files, options.threads);
  // Every chunk but the last has the same length (`chunksOf`).
  const firsts = chunks.map((_, i) => i * chunks[0]!.length);
  const results: (CheckedSheet<S>[] | undefined)[] = chunks.map(() => undefined);
  const queue = chunkQueue(chunks.length);
  let answered = 0;
  let delivered = 0;
  const deliver = () => {
    for (; delivered < chunks.length && results[delivered]; delivered++)
      options.onResults?.(firsts[delivered]!, results[delivered]!);
  };
  /** Why the run ended early: a worker died (`stopped`) or checking threw (`thrown`). */
  const end: { stopped: { chunk: number | null; reason: string } | null; thrown: Error | null } = {
    stopped: null,
    thrown: null,
  };
  const ended = () => end.stopped !== null || end.thrown !== null;
  let wake: () => void = () => {};
  const workers = new Set<Worker>();
  const fail = (worker: Worker, id: number, reason: string) => {
    if (!workers.delete(worker)) return; // ended by us
    end.stopped ??= { chunk: queue.heldBy(id, results), reason };
    queue.close();
    wake();
  };
  const mainThread = options.mainThread ?? true;
  const workerCount = Math.min(options.threads - (mainThread ? 1 : 0), chunks.length);
  for (let id = 1; id <= workerCount; id++) {
    const worker = startWorker(check.setup, options.resourceLimits);
    workers.add(worker);
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'results' || message.kind === 'sheets') {
        // The worker kept what `summaries` asked for: full sheets or summaries, as `keep` does.
        results[message.chunk] = (
          message.kind === 'sheets' ? message.results.map(unpackCheck) : message.results
        ) as CheckedSheet<S>[];
        answered++;
      } else {
        end.thrown ??= message.issues ? new InputError(message.issues) : new Error(message.message);
        queue.close();
      }
      wake();
    });
    worker.on('error', (error) => fail(worker, id, error.message));
    worker.on('messageerror', (error) =>
      fail(worker, id, `its answer could not be read: ${error.message}`),
    );
    worker.on('exit', (code) => fail(worker, id, `it exited with code ${code}`));
    worker.postMessage({ chunks, queue: queue.shared, worker: id, summaries } satisfies ToWorker);
  }

  try {
    while (mainThread && !ended()) {
      const chunk = queue.take(MAIN_THREAD);
      if (chunk === null) break;
      results[chunk] = chunks[chunk]!.map((file) => keep(checkSheetFile(file, check.here)));
      answered++;
      deliver();
      await new Promise((resolve) => setImmediate(resolve));
    }
    while (!ended() && answered < chunks.length) {
      await new Promise<void>((resolve) => (wake = resolve));
      if (!end.thrown) deliver();
    }
  } finally {
    queue.close();
    const ending = [...workers];
    workers.clear();
    await Promise.all(ending.map((worker) => worker.terminate()));
  }
  if (end.thrown) throw end.thrown;
  const others = results.reduce((n, r, j) => n + (r ? 0 : chunks[j]!.length), 0) - 1;
  const lostAt = end.stopped?.chunk ?? firstMissing(results);
  for (let i = 0; i < chunks.length; i++) {
    if (results[i]) continue;
    results[i] = chunks[i]!.map((): CheckedSheet<S> => ({ sheet: null, issues: [] }));
    if (i !== lostAt) continue;
    results[i]![0]!.issues.push(
      fileIssue(
        chunks[i]![0]!,
        'worker-failed',
        `validation stopped: a worker thread failed (${end.stopped?.reason}); ${notChecked(others)}`,
      ),
    );
  }
  deliver();
  return results.flat() as CheckedSheet<S>[];
}

/** Lists of files to hand out: small enough to share the work evenly, large enough to be cheap. */
function chunksOf(files: readonly string[], threads: number): string[][] {
  const size = Math.max(1, Math.min(16, Math.ceil(files.length / (threads * 8))));
  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += size) chunks.push(files.slice(i, i + size));
  return chunks;
}

function notChecked(others: number): string {
  if (others === 0) return 'this file was not checked';
  return `this file and ${others} other${others === 1 ? '' : 's'} were not checked`;
}

function firstMissing(results: readonly (unknown[] | undefined)[]): number {
  return results.findIndex((r) => r === undefined);
}

/**
 * Starts a sheet worker: `sheet-worker.js` beside this module in the built program; when this
 * module runs from its TypeScript source (the tests), a small loader that runs the worker's
 * source through tsx.
 */
function startWorker(setup: SheetCheckSetup, resourceLimits?: ResourceLimits): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fromSource ? './sheet-worker-from-source.mjs' : './sheet-worker.js';
  return new Worker(new URL(file, import.meta.url), { workerData: setup, resourceLimits });
}
