/**
 * `bootstrap` in a worker thread, for the server: a first start imports, scores and publishes
 * the sample sheets, work a serving thread should not carry. Run on the main thread, it leaves
 * behind the compiled code, type feedback and heap of a bulk import, and the cached pages are then
 * served measurably slower (about 5 % fewer requests per second) by a process that also holds
 * about 40 MB more memory. In a worker all of that ends with the thread.
 */
import { InputError, type Issue } from '../issues/issue.js';
import { startWorker } from '../workers/start-worker.js';
import type { BootstrapOptions, BootstrapResult } from './bootstrap.js';

export interface BootstrapSetup {
  /** The database file: the worker opens its own connection to it. */
  database: string;
  options: BootstrapOptions;
}

/**
 * An error as it crosses from the worker: its name, message and stack, and its own fields that
 * are plain values — a system error's `code`, `syscall` and `path`, SQLite's `code` — which
 * `postMessage` would drop, and which the command line reads to report it (system-errors.ts).
 */
export interface ThrownError {
  name: string;
  message: string;
  stack: string | undefined;
  fields: Record<string, string | number | boolean>;
}

/** What the worker sends back: what `bootstrap` returned, or what it threw. */
export type BootstrapAnswer =
  { result: BootstrapResult } | { issues: Issue[] } | { thrown: ThrownError };

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
      else reject('issues' in answer ? new InputError(answer.issues) : rebuilt(answer.thrown));
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the start-up thread exited with code ${code} before it finished`)),
    );
  });
}

export function describeThrown(error: unknown): ThrownError {
  if (!(error instanceof Error))
    return { name: 'Error', message: String(error), stack: undefined, fields: {} };
  const fields = Object.fromEntries(
    Object.entries(error).filter(([, value]) =>
      ['string', 'number', 'boolean'].includes(typeof value),
    ),
  ) as ThrownError['fields'];
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

function rebuilt({ name, message, stack, fields }: ThrownError): Error {
  return Object.assign(new Error(message), fields, { name, stack });
}
