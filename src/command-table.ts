/**
 * The commands of `policy-index`: name, one-line summary, and how to load the module that runs
 * it. A command's module is imported only when that command runs (or its `--help` is asked for):
 * `policy-index --help` then costs Node's start and this file, not express, SQLite and mathjs.
 * The table sits above `src/cli/` and `src/web/`: it is where the two meet, so the CLI's own
 * modules never import the web (the `serve` and `export-site` commands live in `src/web/commands/`).
 */
import { EXIT_USAGE, type CliIo } from './cli/io.js';
import { packageVersion } from './cli/version.js';

/** A loaded command: what it runs and its usage text. */
export interface Command {
  run(args: string[], io: CliIo): number | Promise<number>;
  usage: string;
}

interface CommandEntry {
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  validate: {
    summary: 'check the questionnaire and answer sheets',
    load: async () => {
      const m = await import('./cli/commands/validate.js');
      return { run: m.validateCommand, usage: m.validateUsage };
    },
  },
  score: {
    summary: 'compute scores (JSON or CSV)',
    load: async () => {
      const m = await import('./cli/commands/score.js');
      return { run: m.scoreCommand, usage: m.scoreUsage };
    },
  },
  schema: {
    summary: 'write the JSON Schemas for editors',
    load: async () => {
      const m = await import('./cli/commands/schema.js');
      return { run: m.schemaCommand, usage: m.schemaUsage };
    },
  },
  'import-scores': {
    summary: 'turn a CSV of leaf scores into answer sheets',
    load: async () => {
      const m = await import('./cli/commands/import-scores.js');
      return { run: m.importScoresCommand, usage: m.importScoresUsage };
    },
  },
  crosswalk: {
    summary: 're-code answer sheets into another questionnaire',
    load: async () => {
      const m = await import('./cli/commands/crosswalk.js');
      return { run: m.crosswalkCommand, usage: m.crosswalkUsage };
    },
  },
  report: {
    summary: 'print rankings per edition',
    load: async () => {
      const m = await import('./cli/commands/report.js');
      return { run: m.reportCommand, usage: m.reportUsage };
    },
  },
  methodology: {
    summary: 'write the methodology document (effective weights)',
    load: async () => {
      const m = await import('./cli/commands/methodology.js');
      return { run: m.methodologyCommand, usage: m.methodologyUsage };
    },
  },
  serve: {
    summary: 'serve the public site and API (npm start)',
    load: async () => {
      const m = await import('./web/commands/serve.js');
      return { run: m.serveCommand, usage: m.serveUsage };
    },
  },
  user: {
    summary: 'create an account (user add EMAIL --role ROLE)',
    load: async () => {
      const m = await import('./cli/commands/user.js');
      return { run: m.userCommand, usage: m.userUsage };
    },
  },
  changes: {
    summary: 'what changed in a country between editions, in points',
    load: async () => {
      const m = await import('./cli/commands/analysis.js');
      return { run: m.changesCommand, usage: m.changesUsage };
    },
  },
  robustness: {
    summary: 'rank intervals under alternative methods',
    load: async () => {
      const m = await import('./cli/commands/analysis.js');
      return { run: m.robustnessCommand, usage: m.robustnessUsage };
    },
  },
  agreement: {
    summary: "agreement between coders (Krippendorff's alpha)",
    load: async () => {
      const m = await import('./cli/commands/analysis.js');
      return { run: m.agreementCommand, usage: m.agreementUsage };
    },
  },
  reconcile: {
    summary: "build the official sheet from the coders' sheets",
    load: async () => {
      const m = await import('./cli/commands/analysis.js');
      return { run: m.reconcileCommand, usage: m.reconcileUsage };
    },
  },
  'export-site': {
    summary: 'write the public site as static files',
    load: async () => {
      const m = await import('./web/commands/export-site.js');
      return { run: m.exportSiteCommand, usage: m.exportSiteUsage };
    },
  },
  rankings: {
    summary: 'print the published rankings (first start: load and publish the data)',
    load: async () => {
      const m = await import('./cli/commands/rankings.js');
      return { run: m.rankingsCommand, usage: m.rankingsUsage };
    },
  },
  db: {
    summary: 'create (init), migrate or verify the database',
    load: async () => {
      const m = await import('./cli/commands/storage.js');
      return { run: m.dbCommand, usage: m.dbUsage };
    },
  },
  questionnaire: {
    summary: 'load a questionnaire into the database, or list those it holds',
    load: async () => {
      const m = await import('./cli/commands/storage.js');
      return { run: m.questionnaireCommand, usage: m.questionnaireUsage };
    },
  },
  approve: {
    summary: "approve an edition's sheets (data coded elsewhere: --as-coded)",
    load: async () => {
      const m = await import('./cli/commands/approve.js');
      return { run: m.approveCommand, usage: m.approveUsage };
    },
  },
  'import-sheets': {
    summary: 'import answer sheets into the database',
    load: async () => {
      const m = await import('./cli/commands/storage.js');
      return { run: m.importSheetsCommand, usage: m.importSheetsUsage };
    },
  },
  'export-sheets': {
    summary: 'write the database sheets as YAML',
    load: async () => {
      const m = await import('./cli/commands/storage.js');
      return { run: m.exportSheetsCommand, usage: m.exportSheetsUsage };
    },
  },
  publish: {
    summary: 'publish an edition (or a correction)',
    load: async () => {
      const m = await import('./cli/commands/storage.js');
      return { run: m.publishCommand, usage: m.publishUsage };
    },
  },
  backup: {
    summary: 'online backup of the database',
    load: async () => {
      const m = await import('./cli/commands/storage.js');
      return { run: m.backupCommand, usage: m.backupUsage };
    },
  },
  history: {
    summary: 'the change history of one answer',
    load: async () => {
      const m = await import('./cli/commands/storage.js');
      return { run: m.historyCommand, usage: m.historyUsage };
    },
  },
  'import-events': {
    summary: 'import legal events (court decisions, legislation) from YAML',
    load: async () => {
      const m = await import('./cli/commands/events.js');
      return { run: m.importEventsCommand, usage: m.importEventsUsage };
    },
  },
  'export-events': {
    summary: 'write the legal events of the database as YAML',
    load: async () => {
      const m = await import('./cli/commands/events.js');
      return { run: m.exportEventsCommand, usage: m.exportEventsUsage };
    },
  },
  'validate-events': {
    summary: 'check legal-event files without storing them',
    load: async () => {
      const m = await import('./cli/commands/events.js');
      return { run: m.validateEventsCommand, usage: m.validateEventsUsage };
    },
  },
};

export function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return `usage: policy-index <command> [options]\n       policy-index --version\n\ncommands:\n${lines.join('\n')}\n\nRun "policy-index <command> --help" for a command's options.`;
}

/**
 * Answers what needs no command module: no command or `--help` (the list of commands),
 * `--version`, and an unknown command (wrong usage). Returns the exit code, or null when a
 * command is to run.
 */
export function answerWithoutCommand(argv: readonly string[], io: CliIo): number | null {
  const [name] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(mainUsage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(`policy-index ${packageVersion()}`);
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    io.err(`policy-index: unknown command "${name}"\n\n${mainUsage()}`);
    return EXIT_USAGE;
  }
  return null;
}

/** Runs a loaded command, or prints its usage when `--help` / `-h` is among its arguments. */
export function runCommand(
  command: Command,
  args: readonly string[],
  io: CliIo,
): number | Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  return command.run([...args], io);
}
