/**
 * The bare-server limit for the profile benchmark, run as its own process:
 * `node dist/bench/bare-server.js RESPONSE.json`, where the file holds `{ headers, body }` (body
 * base64) of one response. Every request gets exactly those bytes from `node:http`, nothing
 * computed per request. Prints `listening http://127.0.0.1:PORT` once it listens; stops on
 * SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedResponse {
  headers: Record<string, string | string[]>;
  body: string;
}

const captured = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as CapturedResponse;
const body = Buffer.from(captured.body, 'base64');
const headers = { ...captured.headers, 'content-length': String(body.length) };
const server = createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => server.close());
