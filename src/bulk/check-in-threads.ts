/**
 * Checking many sheet files on every core: worker threads (`sheet-worker.ts`) and the main
 * thread take lists of files ("chunks") from one queue, and the results are put back in the order
 * of the files, so the output is the same as checking them one by one on one thread.
 *
 * The queue is a counter in shared memory: each thread takes the next chunk itself
 * (`Atomics.add`), so a worker goes on from one chunk to the next without waiting for the main
 * thread to hand it one. When the main thread handed chunks out (two at a time), a worker sat
 * idle whenever the main thread was busy longer than those two chunks took: in an import of
 * 1,000 real-size sheets, whose main thread then also staged the sheets checked so far, 1.0–1.6 s
 * idle and 55–57 % of the files checked by the worker; taking chunks itself, 62–66 %.
 *
 * The main thread checks chunks too, from the first moment: a worker is useful only half a second
 * or so after it is started (modules, questionnaire, sheet schema, cold code: thread-count.ts),
 * and on two cores one worker plus the main thread is all the CPU there is. The main thread yields
 * between its chunks so that the workers' answers are taken in; a caller may consume the results
 * in file order meanwhile (`onResults`: the import works out and writes sheets while later ones
 * are checked), so the main thread takes fewer chunks when it has more of that to do.
 *
 * For an import (`packSheetFilesInThreads`), a worker sends each sheet packed, its answers as the
 * JSON text the database stores (sheet-transfer.ts), and when about an eighth of the chunks are
 * left (`handOver`) the main thread starts writing the sheets checked so far into the database,
 * and the others as they come, between the chunks it goes on checking.
 *
 * A worker that dies (out of memory, killed, its file missing) stops the whole run: the other
 * workers are ended and the files not checked are reported with one `worker-failed` issue, never a
 * hang. A throw while checking is rethrown here, as it would have been thrown on one thread.
 */
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { LoadedSheet } from '../answers/load-sheet.js';
import { fileIssue, type Issue } from '../issues/issue.js';
import { checkSheetFile, summaryOf, type SheetCheck, type SheetCheckSetup } from './sheet-check.js';
import type { CheckedSheet, SheetSummary } from '../answers/gather-sheets.js';
import { chunkQueue, MAIN_THREAD } from './chunk-queue.js';
import { packCheck, unpackCheck, type PackedCheck } from './sheet-transfer.js';
import type { FromWorker, ToWorker, WorkerKeeps } from './worker-messages.js';
import { startWorker } from '../workers/start-worker.js';
import { rethrown } from '../workers/thrown.js';

export interface ThreadOptions<R = LoadedSheet> {
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
  onResults?: (first: number, results: readonly R[]) => void;
  /**
   * Other work for the main thread at the end: once no more than `leave(chunks)` chunks
   * are left to take, the main thread calls `start` and goes on (an import starts writing the
   * sheets checked so far, and writes the others as they come, between its chunks). Only when
   * there are workers; `start` is not called when the run ends early.
   */
  handOver?: { leave: (chunks: number) => number; start: () => void };
}

/**
 * Checks `files` with `threads - 1` workers, built from `setup`, and the main thread, which uses
 * `here` (the same check, already built). Resolves with one result per file, in their order.
 */
export async function checkSheetFilesInThreads(
  files: readonly string[],
  check: { setup: SheetCheckSetup; here: SheetCheck },
  options: ThreadOptions<PackedCheck>,
): Promise<LoadedSheet[]> {
  const packed = await inThreads(
    files,
    check,
    options,
    { keep: 'sheets' },
    packingHere(check.here),
  );
  return packed.map(unpackCheck);
}

/** Like {@link checkSheetFilesInThreads}, keeping of each valid sheet only its summary. */
export function summarizeSheetFilesInThreads(
  files: readonly string[],
  check: { setup: SheetCheckSetup; here: SheetCheck },
  options: ThreadOptions<CheckedSheet<SheetSummary>>,
): Promise<CheckedSheet<SheetSummary>[]> {
  return inThreads(
    files,
    check,
    options,
    { keep: 'summaries' },
    checkingHere(check.here, summaryOf),
  );
}

/**
 * For an import: like {@link checkSheetFilesInThreads}, each sheet packed, its answers as the
 * JSON text the database stores (sheet-transfer.ts), and passed to `onResults` only: kept here
 * too, they would stay until the end.
 */
export async function packSheetFilesInThreads(
  files: readonly string[],
  check: { setup: SheetCheckSetup; here: SheetCheck },
  options: ThreadOptions<PackedCheck>,
): Promise<void> {
  await inThreads(files, check, options, { keep: 'sheets' }, packingHere(check.here), false);
}

/** What a worker's answer holds, as the main thread keeps it. */
function resultsOf(message: FromWorker): (PackedCheck | CheckedSheet<SheetSummary>)[] {
  switch (message.kind) {
    case 'results':
    case 'sheets':
      return message.results;
    case 'failed':
      return [];
  }
}

/** The main thread's check of a chunk: each file checked, and what `keep` keeps of it. */
function checkingHere<R>(here: SheetCheck, keep: (checked: LoadedSheet) => R) {
  return (chunk: readonly string[]) => chunk.map((file) => keep(checkSheetFile(file, here)));
}

/** The main thread's check of a chunk, each sheet packed as a worker packs it. */
function packingHere(here: SheetCheck) {
  return checkingHere(here, packCheck);
}

/**
 * `keeps` tells the workers what `checkHere` does on the main thread. `retain`: whether the
 * results are returned; when not, each is dropped once passed to `onResults`.
 */
async function inThreads<R extends { issues: Issue[] }>(
  files: readonly string[],
  check: { setup: SheetCheckSetup; here: SheetCheck },
  options: ThreadOptions<R>,
  keeps: WorkerKeeps,
  checkHere: (chunk: readonly string[]) => R[],
  retain = true,
): Promise<R[]> {
  const chunks = chunksOf(files, options.threads);
  // Every chunk but the last has the same length (`chunksOf`).
  const firsts = chunks.map((_, i) => i * chunks[0]!.length);
  const results: (R[] | undefined)[] = chunks.map(() => undefined);
  const queue = chunkQueue(chunks.length);
  let answered = 0;
  let delivered = 0;
  const deliver = () => {
    for (; delivered < chunks.length && results[delivered]; delivered++) {
      options.onResults?.(firsts[delivered]!, results[delivered]!);
      if (!retain) results[delivered] = [];
    }
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
    const worker = startWorker(import.meta.url, 'sheet-worker', {
      workerData: check.setup,
      resourceLimits: options.resourceLimits,
    });
    workers.add(worker);
    worker.on('message', (message: FromWorker) => {
      if (message.kind !== 'failed') {
        // The worker kept what `keeps` asked for, as `keep` does.
        results[message.chunk] = resultsOf(message) as unknown as R[];
        answered++;
      } else {
        end.thrown ??= rethrown(message.failure);
        queue.close();
      }
      wake();
    });
    worker.on('error', (error) => fail(worker, id, error.message));
    worker.on('messageerror', (error) =>
      fail(worker, id, `its answer could not be read: ${error.message}`),
    );
    worker.on('exit', (code) => fail(worker, id, `it exited with code ${code}`));
    worker.postMessage({ chunks, queue: queue.shared, worker: id, ...keeps } satisfies ToWorker);
  }

  const handOver = workerCount > 0 ? options.handOver : undefined;
  const leave = handOver ? handOver.leave(chunks.length) : 0;
  let started = false;
  const startOnce = () => {
    if (started || !handOver || ended()) return;
    started = true;
    handOver.start();
  };
  try {
    while (mainThread && !ended()) {
      if (queue.left() <= leave) startOnce();
      const chunk = queue.take(MAIN_THREAD);
      if (chunk === null) break;
      results[chunk] = checkHere(chunks[chunk]!);
      answered++;
      deliver();
      await new Promise((resolve) => setImmediate(resolve));
    }
    startOnce();
    while (!ended() && answered < chunks.length) {
      await new Promise<void>((resolve) => (wake = resolve));
      if (!end.thrown) deliver();
    }
  } finally {
    queue.close();
    const ending = Promise.all([...workers].map((worker) => worker.terminate()));
    workers.clear();
    // A worker's end frees its heap, 15–30 ms at the end of 1,000 real-size sheets: waited for
    // only when the run did not complete; a complete check returns without waiting.
    if (ended() || answered < chunks.length) await ending;
    else ending.catch(() => {});
  }
  if (end.thrown) throw end.thrown;
  const others = results.reduce((n, r, j) => n + (r ? 0 : chunks[j]!.length), 0) - 1;
  const lostAt = end.stopped?.chunk ?? firstMissing(results);
  for (let i = 0; i < chunks.length; i++) {
    if (results[i]) continue;
    results[i] = chunks[i]!.map(() => ({ sheet: null, issues: [] }) as unknown as R);
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
  return results.flat() as R[];
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
