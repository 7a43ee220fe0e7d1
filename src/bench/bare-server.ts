/**
 * The bare-server limit for the profile benchmark, run as its own process:
 * `node dist/bench/bare-server.js RESPONSE.json`, where the file holds `{ headers, body }` (body
 * base64) of one response. Every request gets exactly those bytes from `node:http`, nothing
 * computed per request. Prints `listening http://127.0.0.1:PORT` once it listens; stops on
 * SIGTERM.
 *
 * The same listener runs inside the real server's process too (bare-in-server.ts), to tell what
 * being that process costs from what its request handling costs.
 */
import { readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface CapturedResponse {
  headers: Record<string, string | string[]>;
  body: string;
}

/** How bare-in-server.ts announces its port on the server's stderr. */
export const BARE_LISTENER_PREFIX = 'bare listener on';

/** A handler answering every request with the response captured in `file`, read once. */
export function bareHandler(file: string): RequestListener {
  const captured = JSON.parse(readFileSync(file, 'utf8')) as CapturedResponse;
  const body = Buffer.from(captured.body, 'base64');
  const headers = { ...captured.headers, 'content-length': String(body.length) };
  return (_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  };
}

/** Listens on a loopback port the system picks; resolves with that port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = createServer(bareHandler(process.argv[2]!));
  const port = await listenOnLoopback(server);
  console.log(`listening http://127.0.0.1:${port}`);
  process.once('SIGTERM', () => server.close());
}
