/**
 * The `policy-index` command line: parses the command name, dispatches, and turns every failure
 * into a message and an exit code — 0 success, 1 invalid input (including a path, port or
 * database file the system refuses: `system-errors.ts`), 2 wrong usage — never a stack trace.
 * Only unexpected internal errors, which are bugs, print one line and exit 70.
 */
import { importScoresCommand, importScoresUsage } from './commands/import-scores.js';
import { methodologyCommand, methodologyUsage } from './commands/methodology.js';
import { serveCommand, serveUsage } from './commands/serve.js';
import { userCommand, userUsage } from './commands/user.js';
import {
  agreementCommand,
  agreementUsage,
  changesCommand,
  changesUsage,
  reconcileCommand,
  reconcileUsage,
  robustnessCommand,
  robustnessUsage,
} from './commands/analysis.js';
import { exportSiteCommand, exportSiteUsage } from './commands/export-site.js';
import { rankingsCommand, rankingsUsage } from './commands/rankings.js';
import {
  backupCommand,
  backupUsage,
  dbCommand,
  dbUsage,
  exportSheetsCommand,
  exportSheetsUsage,
  historyCommand,
  historyUsage,
  importSheetsCommand,
  importSheetsUsage,
  publishCommand,
  publishUsage,
} from './commands/storage.js';
import { reportCommand, reportUsage } from './commands/report.js';
import { schemaCommand, schemaUsage } from './commands/schema.js';
import { scoreCommand, scoreUsage } from './commands/score.js';
import { validateCommand, validateUsage } from './commands/validate.js';
import { InputError } from '../issues/issue.js';
import { SheetConflictError } from '../storage/sheet-repository.js';
import { EXIT_INVALID, EXIT_USAGE, UsageError, type CliIo } from './io.js';
import { printIssues } from './shared.js';
import { systemFailureMessage } from './system-errors.js';

interface Command {
  run(args: string[], io: CliIo): number | Promise<number>;
  usage: string;
  summary: string;
}

const COMMANDS: Record<string, Command> = {
  validate: {
    run: validateCommand,
    usage: validateUsage,
    summary: 'check the questionnaire and answer sheets',
  },
  score: { run: scoreCommand, usage: scoreUsage, summary: 'compute scores (JSON or CSV)' },
  schema: { run: schemaCommand, usage: schemaUsage, summary: 'write the JSON Schemas for editors' },
  'import-scores': {
    run: importScoresCommand,
    usage: importScoresUsage,
    summary: 'turn a CSV of leaf scores into answer sheets',
  },
  report: { run: reportCommand, usage: reportUsage, summary: 'print rankings per edition' },
  methodology: {
    run: methodologyCommand,
    usage: methodologyUsage,
    summary: 'write the methodology document (effective weights)',
  },
  serve: {
    run: serveCommand,
    usage: serveUsage,
    summary: 'serve the public site and API (npm start)',
  },
  user: {
    run: userCommand,
    usage: userUsage,
    summary: 'create an account (user add EMAIL --role ROLE)',
  },
  changes: {
    run: changesCommand,
    usage: changesUsage,
    summary: 'what changed in a country between editions, in points',
  },
  robustness: {
    run: robustnessCommand,
    usage: robustnessUsage,
    summary: 'rank intervals under alternative methods',
  },
  agreement: {
    run: agreementCommand,
    usage: agreementUsage,
    summary: "agreement between coders (Krippendorff's alpha)",
  },
  reconcile: {
    run: reconcileCommand,
    usage: reconcileUsage,
    summary: "build the official sheet from the coders' sheets",
  },
  'export-site': {
    run: exportSiteCommand,
    usage: exportSiteUsage,
    summary: 'write the public site as static files',
  },
  rankings: {
    run: rankingsCommand,
    usage: rankingsUsage,
    summary: 'print the published rankings (first start: load and publish the data)',
  },
  db: { run: dbCommand, usage: dbUsage, summary: 'migrate or verify the database' },
  'import-sheets': {
    run: importSheetsCommand,
    usage: importSheetsUsage,
    summary: 'import answer sheets into the database',
  },
  'export-sheets': {
    run: exportSheetsCommand,
    usage: exportSheetsUsage,
    summary: 'write the database sheets as YAML',
  },
  publish: {
    run: publishCommand,
    usage: publishUsage,
    summary: 'publish an edition (or a correction)',
  },
  backup: { run: backupCommand, usage: backupUsage, summary: 'online backup of the database' },
  history: {
    run: historyCommand,
    usage: historyUsage,
    summary: 'the change history of one answer',
  },
};

export const EXIT_INTERNAL = 70;

export function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return `usage: policy-index <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun "policy-index <command> --help" for a command's options.`;
}

/**
 * Runs a command. Returns the exit code, or a promise of it for the few asynchronous commands
 * (backup); `runAsync` always gives a promise.
 */
export function run(argv: readonly string[], io: CliIo): number {
  const result = dispatch(argv, io);
  if (typeof result !== 'number') throw new Error('asynchronous command: use runAsync');
  return result;
}

export async function runAsync(argv: readonly string[], io: CliIo): Promise<number> {
  const [name] = argv;
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return reportFailure(name ?? '', error, io);
  }
}

function dispatch(argv: readonly string[], io: CliIo): number | Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(mainUsage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`policy-index: unknown command "${name}"\n\n${mainUsage()}`);
    return EXIT_USAGE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return command.run(args, io);
  } catch (error) {
    return reportFailure(name, error, io);
  }
}

function reportFailure(name: string, error: unknown, io: CliIo): number {
  if (error instanceof UsageError || isParseArgsError(error)) {
    io.err(
      `policy-index ${name}: ${(error as Error).message}\n\n${COMMANDS[name]?.usage ?? mainUsage()}`,
    );
    return EXIT_USAGE;
  }
  if (error instanceof InputError) {
    printIssues(io, error.issues);
    return EXIT_INVALID;
  }
  if (error instanceof SheetConflictError) {
    io.err(`policy-index ${name}: conflict: ${error.message}`);
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
