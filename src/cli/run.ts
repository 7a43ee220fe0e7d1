/**
 * The `policy-index` command line in the same process (tests, scripts): every command's module is
 * loaded when this module is, so {@link run} gives the exit code at once. Exit codes: 0 success,
 * 1 invalid input (including a path, port or database file the system refuses), 2 wrong usage,
 * 70 an internal error (a bug) — never a stack trace (`report-failure.ts`).
 *
 * The binary does not come through here: it runs `launch.ts`, which loads only the command that
 * runs. Both use the same table, help and failure reporting.
 */
import { answerWithoutCommand, COMMANDS, runCommand, type Command } from '../command-table.js';
import type { CliIo } from './io.js';
import { reportFailure } from './report-failure.js';

export { runAsync } from './launch.js';

const LOADED: ReadonlyMap<string, Command> = new Map(
  await Promise.all(
    Object.entries(COMMANDS).map(async ([name, entry]) => [name, await entry.load()] as const),
  ),
);

/**
 * Runs a command and returns its exit code. A command that answers with a promise (backup,
 * serve, …) is a mistake here: use `runAsync`.
 */
export function run(argv: readonly string[], io: CliIo): number {
  const result = dispatch(argv, io);
  if (typeof result !== 'number') throw new Error('asynchronous command: use runAsync');
  return result;
}

function dispatch(argv: readonly string[], io: CliIo): number | Promise<number> {
  const early = answerWithoutCommand(argv, io);
  if (early !== null) return early;
  const [name = '', ...args] = argv;
  const command = LOADED.get(name)!;
  try {
    return runCommand(command, args, io);
  } catch (error) {
    return reportFailure(name, command.usage, error, io);
  }
}
