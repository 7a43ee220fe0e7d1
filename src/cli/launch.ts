/**
 * What the `policy-index` binary runs: answers help and unknown commands from the command table
 * alone, then imports only the module of the command that runs — so `--help` never loads express,
 * SQLite or mathjs, and `validate` never loads the web server. The failure reporting is imported
 * only when a command fails.
 */
import { answerWithoutCommand, COMMANDS, runCommand, type Command } from '../command-table.js';
import type { CliIo } from './io.js';

/** Runs a command, loading its module first; the promise of its exit code. */
export async function runAsync(argv: readonly string[], io: CliIo): Promise<number> {
  const early = answerWithoutCommand(argv, io);
  if (early !== null) return early;
  const [name = '', ...args] = argv;
  let command: Command | undefined;
  try {
    command = await COMMANDS[name]!.load();
    return await runCommand(command, args, io);
  } catch (error) {
    const { reportFailure } = await import('./report-failure.js');
    return reportFailure(name, command?.usage ?? '', error, io);
  }
}
