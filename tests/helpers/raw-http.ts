/**
 * Requests as a client sends them, answers as they arrive: no header added (supertest and fetch
 * add Accept-Encoding) and no body decoded, so tests see the coding and bytes the server chose.
 */
import type { Express } from 'express';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RawClient {
  get(path: string, headers?: Record<string, string>): Promise<RawResponse>;
  head(path: string, headers?: Record<string, string>): Promise<RawResponse>;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 (a port the system picks) for raw requests. */
export async function rawClient(app: Express): Promise<RawClient> {
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const send = (method: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<RawResponse>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  return {
    get: (path, headers) => send('GET', path, headers),
    head: (path, headers) => send('HEAD', path, headers),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
