/**
 * Turns a command's failure into a message and an exit code: wrong usage 2 (with the usage),
 * invalid input 1 (an `InputError` or `ConflictError`, printed as its issues — the lines the web
 * lists for the same error —, or a path, port or database file the system refuses:
 * `system-errors.ts`), and anything else — a bug — one line and 70, never a stack trace.
 * Loaded by the binary only when a command fails.
 */
import { InputError } from '../issues/issue.js';
import { EXIT_INVALID, EXIT_USAGE, UsageError, type CliIo } from './io.js';
import { printIssues } from './shared.js';
import { systemFailureMessage } from './system-errors.js';

export const EXIT_INTERNAL = 70;

/** `usage`: the failed command's usage text, printed after a usage error. */
export function reportFailure(name: string, usage: string, error: unknown, io: CliIo): number {
  if (error instanceof UsageError || isParseArgsError(error)) {
    io.err(`policy-index ${name}: ${(error as Error).message}\n\n${usage}`);
    return EXIT_USAGE;
  }
  if (error instanceof InputError) {
    printIssues(io, error.issues);
    return EXIT_INVALID;
  }
  const system = systemFailureMessage(error);
  if (system !== null) {
    io.err(`policy-index ${name}: ${system}`);
    return EXIT_INVALID;
  }
  io.err(
    `policy-index ${name}: internal error: ${error instanceof Error ? error.message : String(error)}`,
  );
  return EXIT_INTERNAL;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
