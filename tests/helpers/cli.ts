/**
 * Running `policy-index` inside the test process, the way the binary does (`run` / `runAsync`
 * with the output captured), and pointing it at a temporary working database. One copy for every
 * CLI test, so that they all set and put back the environment the same way.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { run, runAsync } from '../../src/cli/run.js';
import { temporaryDir } from '../storage/helpers.js';
import { captureIo, ROOT_DIR } from './fixtures.js';

/** What a command returned: its exit code and what it printed on stdout and stderr. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `policy-index ARGS…` in-process (what the binary calls), capturing what it prints. */
export function cli(...args: string[]): CliResult {
  const capture = captureIo();
  const code = run(args, capture.io);
  return { code, out: capture.out(), err: capture.err() };
}

/**
 * Like {@link cli}, through `runAsync`: any command, the asynchronous ones (backup, serve)
 * included, with failures reported the way the program reports them.
 */
export async function cliAsync(...args: string[]): Promise<CliResult> {
  const capture = captureIo();
  const code = await runAsync(args, capture.io);
  return { code, out: capture.out(), err: capture.err() };
}

/**
 * Sets environment variables (`undefined` removes one) and returns the function that puts back
 * the values they had before — removing the ones that were not set, rather than setting them to
 * the string "undefined".
 */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const previous = Object.keys(values).map((name) => [name, process.env[name]] as const);
  for (const [name, value] of Object.entries(values)) assignEnv(name, value);
  return () => {
    for (const [name, value] of previous) assignEnv(name, value);
  };
}

function assignEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

export interface WorkingDatabaseOptions {
  /** Run the CLI's first start (`policy-index rankings`): load and publish the sample sheets. */
  firstStart?: boolean;
  /** More environment variables for the commands (POLICY_INDEX_USER, …), put back afterwards. */
  env?: Record<string, string | undefined>;
}

/**
 * Points the CLI at the database file `path` (POLICY_INDEX_DB), from the repository's root, where
 * a first start finds `questionnaire/` and `scores/`. Returns the function that puts the
 * environment back.
 */
export function useWorkingDatabase(path: string, options: WorkingDatabaseOptions = {}): () => void {
  const restore = setEnv({ ...options.env, POLICY_INDEX_DB: path });
  process.chdir(ROOT_DIR);
  if (options.firstStart) {
    try {
      expect(cli('rankings').code).toBe(0);
    } catch (error) {
      restore();
      throw error;
    }
  }
  return restore;
}

/**
 * A temporary folder holding the working database (`file`, relative to the folder; default
 * `index.sqlite`), with the CLI pointed at it as {@link useWorkingDatabase} does. `cleanup` puts
 * the environment back and removes the folder.
 */
export function temporaryWorkingDatabase(
  prefix: string,
  options: WorkingDatabaseOptions & { file?: string } = {},
): { dir: string; path: string; cleanup: () => void } {
  const { dir, cleanup: removeDir } = temporaryDir(prefix);
  const path = join(dir, options.file ?? 'index.sqlite');
  let restore: () => void;
  try {
    restore = useWorkingDatabase(path, options);
  } catch (error) {
    removeDir();
    throw error;
  }
  return {
    dir,
    path,
    cleanup: () => {
      restore();
      removeDir();
    },
  };
}

/** `serve` run in-process with `env` set: what it answers when a setting cannot be read. */
export async function serveWith(env: Record<string, string | undefined>): Promise<CliResult> {
  const restore = setEnv(env);
  try {
    return await cliAsync('serve', '--port', '0');
  } finally {
    restore();
  }
}
