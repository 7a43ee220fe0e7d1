/**
 * A server with one page, `/page`, rendered from `body` and answered through a response cache
 * of its own (src/web/response-cache.ts), listening on a loopback port for the time of `run`.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { ResponseCache, cacheKey } from '../../src/web/response-cache.js';

export interface CachedPage {
  cache: ResponseCache;
  /** Fetches the page asking for `coding` (an Accept-Encoding value). */
  get: (coding: string) => Promise<Response>;
  /** How many times the route rendered the page so far. */
  rendered: () => number;
}

export async function withCachedPage(
  body: string,
  run: (page: CachedPage) => Promise<void>,
  log?: (message: string) => void,
) {
  let rendered = 0;
  const cache = new ResponseCache(() => 1, undefined, undefined, log);
  const app = express();
  app.get('/page', (req, res) => {
    if (cache.serve(req, res, cacheKey(req, '', []))) return;
    rendered++;
    res.type('html').send(body);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await run({
      cache,
      get: (coding) =>
        fetch(`http://127.0.0.1:${port}/page`, { headers: { 'accept-encoding': coding } }),
      rendered: () => rendered,
    });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
