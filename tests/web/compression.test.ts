/**
 * Compressed responses (issue 14): `Accept-Encoding: gzip` or `br` gets a compressed HTML, JSON
 * or CSV body that decompresses to exactly the identity bytes — when the cache prepares it (the
 * first request, through the routes, and later ones, before routing) and when the `compression`
 * middleware does (a response the cache does not keep). No Accept-Encoding: identity. Bodies
 * under 1 KB and workspace pages are never compressed; nothing is compressed twice.
 */
import express from 'express';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseCoding } from '../../src/web/accept-encoding.js';
import { ResponseCache, cacheKey } from '../../src/web/response-cache.js';
import { testApp } from '../helpers/app.js';
import { rawClient, type RawClient, type RawResponse } from '../helpers/raw-http.js';

const decode: Record<string, (body: Buffer) => Buffer> = {
  gzip: gunzipSync,
  br: brotliDecompressSync,
};

const BODIES = [
  ['HTML', '/countries/DE/2024', /^text\/html/],
  ['JSON', '/api/v1/scores?edition=2024', /^application\/json/],
  ['CSV', '/downloads/2024/r1/answers.csv', /^text\/csv/],
] as const;

/** The body as the identity coding would have it, whatever coding `response` came in. */
function decoded(response: RawResponse): Buffer {
  const coding = response.headers['content-encoding'];
  return coding === undefined ? response.body : decode[coding]!(response.body);
}

describe.each([
  ['prepared by the cache', {}],
  ['compressed by the middleware (no cache)', { responseCacheBytes: 0 }],
])('%s', (_name, settings) => {
  let client: RawClient;
  beforeAll(async () => {
    client = await rawClient(testApp({ analysisRateLimit: false, ...settings }));
  });
  afterAll(() => client.close());

  describe.each(BODIES)('%s (%s)', (_kind, path, type) => {
    let identity: RawResponse;
    beforeAll(async () => {
      identity = await client.get(path);
    });

    it('without Accept-Encoding: the identity body', () => {
      expect(identity.status).toBe(200);
      expect(identity.headers['content-type']).toMatch(type);
      expect(identity.headers['content-encoding']).toBeUndefined();
      expect(identity.body.length).toBeGreaterThan(1024);
      expect(identity.headers.vary).toMatch(/Accept-Encoding/);
    });

    it.each(['gzip', 'br'])(
      '%s, asked twice: compressed, decompressing to the identical bytes',
      async (coding) => {
        for (let i = 0; i < 2; i++) {
          const response = await client.get(path, { 'Accept-Encoding': coding });
          expect(response.status).toBe(200);
          expect(response.headers['content-encoding']).toBe(coding);
          expect(response.headers['content-type']).toBe(identity.headers['content-type']);
          expect(response.headers.vary).toMatch(/Accept-Encoding/);
          expect(response.body.length).toBeLessThan(identity.body.length / 3);
          // Compressed once: one decompression gives the page itself.
          expect(decoded(response).equals(identity.body)).toBe(true);
        }
      },
    );

    it('identity when the client refuses every compression', async () => {
      const response = await client.get(path, { 'Accept-Encoding': 'gzip;q=0, br;q=0' });
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.body.equals(identity.body)).toBe(true);
    });
  });

  it('a body under 1 KB is sent as it is', async () => {
    const response = await client.get('/api/v1/no-such-thing', { 'Accept-Encoding': 'gzip, br' });
    expect(response.status).toBe(404);
    expect(response.body.length).toBeLessThan(1024);
    expect(response.headers['content-encoding']).toBeUndefined();
  });

  it('an error page is compressed too', async () => {
    const response = await client.get('/countries/DE/1999', { 'Accept-Encoding': 'gzip' });
    expect(response.status).toBe(404);
    const body = decoded(response).toString();
    expect(body).toContain('</html>');
  });

  it('workspace pages are never compressed (they carry a CSRF token)', async () => {
    const response = await client.get('/login', { 'Accept-Encoding': 'gzip, br' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
  });
});

describe('the cache compresses a body once, when it keeps it', () => {
  let rendered = 0;
  let cache: ResponseCache;
  let client: RawClient;
  beforeAll(async () => {
    cache = new ResponseCache(() => 1);
    const app = express();
    app.get('/page', (req, res) => {
      if (cache.serve(req, res, cacheKey(req, '', []))) return;
      rendered++;
      res.type('html').send(`<p>${'policy '.repeat(2000)}</p>`);
    });
    app.get('/small', (req, res) => {
      if (cache.serve(req, res, cacheKey(req, '', []))) return;
      res.type('html').send(`<p>${'policy '.repeat(100)}</p>`);
    });
    client = await rawClient(app);
  });
  afterAll(() => client.close());

  it('later answers are the very same compressed bytes', async () => {
    const first = await client.get('/page', { 'Accept-Encoding': 'br' });
    const second = await client.get('/page', { 'Accept-Encoding': 'br' });
    expect(rendered).toBe(1);
    expect(first.headers['content-encoding']).toBe('br');
    expect(second.body.equals(first.body)).toBe(true);
    const kept = cache.stats().bytes;
    await client.get('/page', { 'Accept-Encoding': 'gzip' });
    expect(cache.stats().bytes).toBe(kept);
  });

  it('a body under 1 KB is kept as it is', async () => {
    for (let i = 0; i < 2; i++) {
      const response = await client.get('/small', { 'Accept-Encoding': 'gzip, br' });
      expect(response.body.length).toBeLessThan(1024);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers.vary).toBe('Accept-Encoding');
    }
  });
});

describe('the choice of coding', () => {
  const both = { br: true, gzip: true };
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['gzip;q=0.8, br;q=0.9', 'br'],
    ['*', 'br'],
    ['*;q=0', 'identity'],
    ['gzip;q=0', 'identity'],
    ['identity, gzip;q=0.5', 'identity'],
    ['GZIP', 'gzip'],
    ['br;q=2', 'identity'],
    ['deflate', 'identity'],
  ])('Accept-Encoding %j → %s', (header, coding) => {
    expect(chooseCoding(header, both)).toBe(coding);
  });

  it('only among the bodies prepared', () => {
    expect(chooseCoding('br, gzip', { br: false, gzip: true })).toBe('gzip');
    expect(chooseCoding('br', { br: false, gzip: true })).toBe('identity');
  });
});
