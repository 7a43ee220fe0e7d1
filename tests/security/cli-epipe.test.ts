/**
 * `policy-index score | head -1`: when the reader of the output goes away, the command ends
 * quietly — exit 0, nothing on stderr — like coreutils under SIGPIPE, instead of dying with an
 * EPIPE stack trace. The real program runs in a child process whose stdout pipe is closed by the
 * parent before the child writes (or after its first chunk, as `head` does).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processIo } from '../../src/cli/process-io.js';
import { cli, setEnv } from '../helpers/cli.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { temporaryDir } from '../storage/helpers.js';

const MAIN = join(ROOT_DIR, 'src', 'cli', 'main.ts');

let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = temporaryDir('cli-epipe-'));
  const restore = setEnv({ POLICY_INDEX_DB: join(dir, 'index.sqlite') });
  try {
    expect(cli('rankings').code).toBe(0); // first start: load and publish
  } finally {
    restore();
  }
});
afterAll(() => cleanup());

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the program with a stdout pipe whose reader leaves after `keepBytes` bytes (0: at once). */
function runWithReaderLeaving(args: string[], keepBytes = 0): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: ROOT_DIR,
      env: { ...process.env, POLICY_INDEX_DB: join(dir, 'index.sqlite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (keepBytes === 0) child.stdout.destroy();
    else {
      let seen = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen >= keepBytes) child.stdout.destroy();
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a closed stdout pipe ends the command quietly', () => {
  const commands: [string, string[]][] = [
    ['score', ['score']],
    ['changes', ['changes', 'FR', '2019', '2024']],
    ['rankings', ['rankings']],
    ['robustness', ['robustness', '--edition', '2024', '--draws', '50']],
    ['history', ['history', 'DE', '2024', 'atn-renunciation']],
    ['db verify', ['db', 'verify']],
  ];

  it('for every command that prints, with the reader gone before the first write', async () => {
    const ended = await Promise.all(commands.map(([, args]) => runWithReaderLeaving(args)));
    ended.forEach((result, i) => {
      expect(result, commands[i]![0]).toEqual({ code: 0, signal: null, stderr: '' });
    });
  }, 180_000);

  it('score | head -c 100: the reader leaves after the first chunk', async () => {
    expect(await runWithReaderLeaving(['score', '--format', 'csv'], 100)).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });
  }, 120_000);
});

describe('processIo', () => {
  function streams() {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const exits: number[] = [];
    let errText = '';
    stderr.on('data', (chunk: Buffer) => (errText += chunk.toString()));
    const io = processIo({ stdout, stderr, exit: (code) => exits.push(code) });
    return { stdout, io, exits, err: () => errText };
  }

  it('EPIPE: exit 0, nothing on stderr, later output dropped', () => {
    const { stdout, io, exits, err } = streams();
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    io.out('more');
    io.err('and more');
    expect(exits).toEqual([0]);
    expect(err()).toBe('');
  });

  it('another write error: one line on stderr, exit 1', () => {
    const { stdout, exits, err } = streams();
    stdout.emit('error', Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    expect(exits).toEqual([1]);
    expect(err()).toBe('policy-index: cannot write the output: no space left on device\n');
  });
});
