/**
 * `bootstrap` in a worker thread, for the server: a first start imports, scores and publishes
 * the sample sheets, work a serving thread should not carry. Run on the main thread, it leaves
 * behind the compiled code, type feedback and heap of a bulk import, and the cached pages are then
 * served measurably slower (about 5 % fewer requests per second) by a process that also holds
 * about 40 MB more memory. In a worker all of that ends with the thread.
 */
import { startWorker } from '../workers/start-worker.js';
import { rethrown, type Thrown } from '../workers/thrown.js';
import type { BootstrapOptions, BootstrapResult } from './bootstrap.js';

export interface BootstrapSetup {
  /** The database file: the worker opens its own connection to it. */
  database: string;
  options: BootstrapOptions;
}

/** What the worker sends back: what `bootstrap` returned, or what it threw. */
export type BootstrapAnswer = { result: BootstrapResult } | Thrown;

/**
 * What `bootstrap(db, options)` does to the database at `database` (a file: another thread
 * cannot open `:memory:`), in a worker thread. Resolves as `bootstrap` returns; rejects with an
 * `InputError` as it throws one, with an `Error` of the name, message and fields of any other
 * error it throws, or with the error that ended the thread.
 */
export function bootstrapInThread(
  database: string,
  options: BootstrapOptions,
): Promise<BootstrapResult> {
  const worker = startWorker(import.meta.url, 'bootstrap-worker', {
    workerData: { database, options } satisfies BootstrapSetup,
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (answer: BootstrapAnswer) => {
      if ('result' in answer) resolve(answer.result);
      else reject(rethrown(answer));
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the start-up thread exited with code ${code} before it finished`)),
    );
  });
}
