/**
 * Runs a child process to completion and times it from spawn to exit: what a person waits for
 * when they type the command (Node's own start included). Used for the CLI timings of the bench.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface TimedRun {
  code: number | null;
  ms: number;
  output: string;
}

/**
 * `node ARGS…` in `cwd` with `env` added to this process's environment; with `pin`, run by
 * `taskset` on that core only (Linux).
 */
export function timedNode(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; pin?: number },
): Promise<TimedRun> {
  const start = performance.now();
  const [command, commandArgs] =
    options.pin === undefined
      ? [process.execPath, args]
      : ['taskset', ['-c', String(options.pin), process.execPath, ...args]];
  const child = spawn(command, commandArgs, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - start;
      clearTimeout(timer);
      // 'close' follows once the pipes are drained: the output is complete then.
      child.once('close', () => resolve({ code, ms, output: output.trim() }));
    });
  });
}

/** `policy-index ARGS…` (the built CLI, dist/cli/main.js) in `root`; fails unless it exits 0. */
export async function timedCli(
  root: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<TimedRun> {
  const run = await timedNode([join(root, 'dist', 'cli', 'main.js'), ...args], { cwd: root, env });
  if (run.code !== 0)
    throw new Error(
      `policy-index ${args.join(' ')} exited ${run.code}:\n${run.output.slice(0, 2000)}`,
    );
  return run;
}
