/**
 * What a worker thread threw, as it crosses to the main thread and is thrown there again.
 *
 * `postMessage` keeps an error's name, message and stack but drops its own fields: a system
 * error's `code`, `syscall` and `path`, SQLite's `code`. The command line reads those to report
 * the error (system-errors.ts), so a worker sends them along. An `InputError` crosses as its
 * issues and is thrown as an `InputError` again.
 */
import { InputError, type Issue } from '../issues/issue.js';

/** An error other than an `InputError`: name, message, stack and its plain own fields. */
export interface ThrownError {
  name: string;
  message: string;
  stack: string | undefined;
  fields: Record<string, string | number | boolean>;
}

/** What a worker sends of what it threw. */
export type Thrown = { issues: Issue[] } | { thrown: ThrownError };

export function describeThrown(error: unknown): Thrown {
  if (error instanceof InputError) return { issues: error.issues };
  if (!(error instanceof Error))
    return { thrown: { name: 'Error', message: String(error), stack: undefined, fields: {} } };
  const fields = Object.fromEntries(
    Object.entries(error).filter(([, value]) =>
      ['string', 'number', 'boolean'].includes(typeof value),
    ),
  ) as ThrownError['fields'];
  return { thrown: { name: error.name, message: error.message, stack: error.stack, fields } };
}

/** The error to throw on the main thread for what a worker threw. */
export function rethrown(described: Thrown): Error {
  if ('issues' in described) return new InputError(described.issues);
  const { name, message, stack, fields } = described.thrown;
  return Object.assign(new Error(message), fields, { name, stack });
}
