/**
 * The process's standard streams as the command line's `CliIo`.
 *
 * Node ignores SIGPIPE, so when the reader of our output goes away (`policy-index score | head
 * -1`) a write fails with EPIPE, reported as an 'error' event that nobody handles: the process
 * dies with a stack trace. Here a closed pipe ends the command quietly instead, the way coreutils
 * end under SIGPIPE: nothing more is written, nothing on stderr, exit 0. Any other write error
 * (a full disk behind a redirect) is one line on stderr and exit 1.
 */
import type { Writable } from 'node:stream';
import { EXIT_INVALID, EXIT_OK, type CliIo } from './io.js';

export interface ProcessStreams {
  stdout: Writable;
  stderr: Writable;
  /** Ends the process; tests pass a recorder. */
  exit(code: number): void;
}

const defaultStreams: ProcessStreams = {
  stdout: process.stdout,
  stderr: process.stderr,
  exit: (code) => process.exit(code),
};

export function processIo(streams: ProcessStreams = defaultStreams): CliIo {
  let closed = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      streams.exit(EXIT_OK);
      return;
    }
    try {
      streams.stderr.write(`policy-index: cannot write the output: ${error.message}\n`);
    } catch {
      // stderr is gone as well: the exit code still tells.
    }
    streams.exit(EXIT_INVALID);
  };
  streams.stdout.on('error', onError);
  streams.stderr.on('error', onError);
  const write = (stream: Writable, text: string) => {
    if (closed || stream.destroyed) return;
    stream.write(`${text}\n`);
  };
  return {
    out: (text) => write(streams.stdout, text),
    err: (text) => write(streams.stderr, text),
  };
}
