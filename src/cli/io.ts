/**
 * Where a command writes. Tests pass buffers; `main.ts` passes the process streams.
 *
 * One rule for every command: `out` (stdout) carries the result and nothing else — data, a table,
 * what was written or stored — so that it can be piped; `err` (stderr) carries problems, warnings
 * and notes. A command that fails (exit code other than 0) prints nothing on stdout.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes: 0 success, 1 invalid input, 2 wrong usage. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** Wrong command-line usage: printed with the command's usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
