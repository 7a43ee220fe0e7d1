/**
 * The fast path (src/web/fast-path.ts): a cached page asked for again by the same address is
 * answered before Express, and must be indistinguishable from the routes' answer — the same
 * headers (helmet's, Cache-Control, CORS), ETag and 304, HEAD — must never answer what the
 * routes would answer differently (another Accept, another public address, a publication
 * since) and must not bypass the analysis rate limit.
 */
import type { Express } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { openDatabase } from '../../src/storage/database.js';
import { responseCacheOf } from '../../src/web/app.js';
import { PublicData } from '../../src/published/public-data.js';
import { MAX_SPELLINGS, VERSION_READ_MS } from '../../src/web/response-cache.js';
import {
  QUESTIONNAIRE_DIR,
  SCORES_DIR,
  sampleDatabase,
  temporaryDirPerTest,
} from '../storage/helpers.js';
import { testApp } from '../helpers/app.js';
import { publishCorrection } from '../helpers/publish-correction.js';
import { rawClient, type RawClient, type RawResponse } from '../helpers/raw-http.js';

const PROFILE = '/countries/DE/2024';

/**
 * Counts requests that reach the app's middleware: the public headers middleware asks whether
 * anything shown is illustrative on every request it handles, the fast path never does.
 */
function routedRequests() {
  return vi.spyOn(PublicData.prototype, 'anyIllustrative');
}

/** Headers that may differ between two answers of the same content (the clock; chunking). */
function comparable(headers: IncomingHttpHeaders, ignore: string[] = []): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of ['date', 'connection', 'keep-alive', ...ignore]) delete copy[name];
  return copy;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a cached page asked for again', () => {
  let app: Express;
  let client: RawClient;
  let uncached: RawClient;
  beforeAll(async () => {
    const db = sampleDatabase();
    app = testApp({ db, analysisRateLimit: false });
    client = await rawClient(app);
    // The same site without a cache: every answer made by the routes and the middleware.
    uncached = await rawClient(testApp({ db, analysisRateLimit: false, responseCacheBytes: 0 }));
  });
  afterAll(async () => {
    await client.close();
    await uncached.close();
  });

  it('is answered before routing, with the same bytes', async () => {
    const first = await client.get(PROFILE);
    const routed = routedRequests();
    const again = await client.get(PROFILE);
    expect(routed).not.toHaveBeenCalled();
    expect(again.status).toBe(200);
    expect(again.body.equals(first.body)).toBe(true);
    expect(responseCacheOf(app)!.stats().addresses).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['GET, identity', 'GET', undefined],
    ['GET, gzip', 'GET', 'gzip'],
    ['GET, br', 'GET', 'br'],
    ['HEAD', 'HEAD', undefined],
  ])('%s: the same headers as the routes and middleware send', async (_name, method, coding) => {
    const headers: Record<string, string> = coding ? { 'Accept-Encoding': coding } : {};
    const ask = (c: RawClient) =>
      method === 'HEAD' ? c.head(PROFILE, headers) : c.get(PROFILE, headers);
    await ask(client);
    const routed = routedRequests();
    const fast = await ask(client);
    expect(routed).not.toHaveBeenCalled();
    const reference = await ask(uncached);
    expect(reference.status).toBe(200);
    // The middleware streams what it compresses (chunked, no length); the cache knows the length.
    const streamed = coding ? ['content-length', 'transfer-encoding'] : [];
    expect(comparable(fast.headers, streamed)).toEqual(comparable(reference.headers, streamed));
    expect(fast.headers['content-security-policy']).toContain("default-src 'self'");
    expect(fast.headers['strict-transport-security']).toBeDefined();
    expect(fast.headers['x-content-type-options']).toBe('nosniff');
    if (method === 'HEAD') {
      expect(fast.body.length).toBe(0);
      const get = await client.get(PROFILE);
      expect(fast.headers['content-length']).toBe(String(get.body.length));
    }
  });

  it('an API answer keeps its CORS headers', async () => {
    const path = '/api/v1/editions';
    await client.get(path);
    const routed = routedRequests();
    const fast = await client.get(path);
    expect(routed).not.toHaveBeenCalled();
    expect(comparable(fast.headers)).toEqual(comparable((await uncached.get(path)).headers));
    expect(fast.headers['access-control-allow-origin']).toBe('*');
  });

  it('304 when the ETag matches (weakly, too), 200 otherwise or when told no-cache', async () => {
    const { headers } = await client.get(PROFILE);
    const etag = headers.etag!;
    expect(etag).toMatch(/^"/);
    const routed = routedRequests();
    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await client.get(PROFILE, { 'If-None-Match': tag });
      expect(response.status, tag).toBe(304);
      expect(response.body.length).toBe(0);
      expect(response.headers.etag).toBe(etag);
      expect(response.headers['content-type']).toBeUndefined();
      expect(response.headers['cache-control']).toBe('public, max-age=300');
      expect(response.headers['content-security-policy']).toBeDefined();
    }
    expect((await client.get(PROFILE, { 'If-None-Match': '"other"' })).status).toBe(200);
    const noCache = await client.get(PROFILE, {
      'If-None-Match': etag,
      'Cache-Control': 'no-cache',
    });
    expect(noCache.status).toBe(200);
    expect(routed).not.toHaveBeenCalled();
    const reference = await uncached.get(PROFILE, { 'If-None-Match': etag });
    expect(reference.status).toBe(304);
    // A 304 keeps the Vary of the 200 it stands for (RFC 9110 §15.4.5); the compression
    // middleware cannot tell (Express drops the Content-Type of a 304), so it leaves Vary out.
    const fast = (await client.get(PROFILE, { 'If-None-Match': etag })).headers;
    expect(fast.vary).toBe('Accept-Encoding');
    expect(comparable(fast, ['vary'])).toEqual(comparable(reference.headers, ['vary']));
  });

  it('a response that varies with Accept is not answered by address', async () => {
    const path = '/api/v1/scores?edition=2024&country=DE';
    const json = await client.get(path);
    await client.get(path);
    const csv = await client.get(path, { Accept: 'text/csv' });
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers.vary).toBe('Accept, Accept-Encoding');
  });

  it(`remembers at most ${MAX_SPELLINGS} spellings of one page; the others still get it`, async () => {
    const cache = responseCacheOf(app)!;
    const before = cache.stats().addresses;
    const first = await client.get('/countries/AT/2024');
    for (let i = 0; i < 20; i++) {
      const response = await client.get(`/countries/AT/2024?utm=${i}`);
      expect(response.body.equals(first.body)).toBe(true);
    }
    expect(cache.stats().addresses - before).toBe(MAX_SPELLINGS);
  });

  it('malformed and unknown addresses always reach the routes', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await client.get('/countries/%E0%A4%A/2024')).status).toBe(400);
      expect((await client.get('/countries/DE/1999')).status).toBe(404);
      expect((await client.get('/nothing-here')).status).toBe(404);
    }
    const routed = routedRequests();
    await client.get('/countries/%E0%A4%A/2024');
    await client.get('/countries/DE/1999');
    expect(routed).toHaveBeenCalledTimes(2);
  });
});

describe('the analysis rate limit', () => {
  it('counts cached answers too: they never take the fast path', async () => {
    const client = await rawClient(testApp({ analysisRateLimit: { limit: 3, windowMs: 60_000 } }));
    try {
      const path = '/countries/AT/2024/what-if';
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await client.get(path)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await client.close();
    }
  });
});

describe('without a fixed public address', () => {
  const permalink = (response: RawResponse, origin: string) =>
    response.body.toString().includes(`${origin}${PROFILE}`);

  it('the Host header is part of the address looked up', async () => {
    const client = await rawClient(testApp({ publicUrl: undefined }));
    try {
      for (let i = 0; i < 2; i++) {
        expect(
          permalink(await client.get(PROFILE, { Host: 'a.example' }), 'http://a.example'),
        ).toBe(true);
        expect(
          permalink(await client.get(PROFILE, { Host: 'b.example' }), 'http://b.example'),
        ).toBe(true);
      }
    } finally {
      await client.close();
    }
  });

  it('X-Forwarded-Proto counts only from a trusted proxy, as Express decides', async () => {
    const trusting = await rawClient(testApp({ publicUrl: undefined, trustProxy: ['loopback'] }));
    const distrusting = await rawClient(testApp({ publicUrl: undefined }));
    const https = { Host: 'index.example', 'X-Forwarded-Proto': 'https' };
    const http = { Host: 'index.example' };
    try {
      for (let i = 0; i < 2; i++) {
        expect(permalink(await trusting.get(PROFILE, https), 'https://index.example')).toBe(true);
        expect(permalink(await trusting.get(PROFILE, http), 'http://index.example')).toBe(true);
        expect(permalink(await distrusting.get(PROFILE, https), 'http://index.example')).toBe(true);
      }
    } finally {
      await trusting.close();
      await distrusting.close();
    }
  });
});

describe('a publication', () => {
  const temporaryDir = temporaryDirPerTest();

  it('by this process ends answering the old page by address at once', async () => {
    const db = sampleDatabase();
    const app = testApp({ db });
    const client = await rawClient(app);
    try {
      await client.get('/countries/AT/2024');
      const before = await client.get('/countries/AT/2024');
      expect(before.body.toString()).not.toContain('CORRECTED-COMMENT');
      expect(responseCacheOf(app)!.stats().addresses).toBe(1);
      publishCorrection(db);
      const after = await client.get('/countries/AT/2024');
      expect(after.body.toString()).toContain('CORRECTED-COMMENT');
      expect(after.headers.etag).not.toBe(before.headers.etag);
    } finally {
      await client.close();
    }
  });

  it(`by another process is seen within ${VERSION_READ_MS} ms`, async () => {
    const file = join(temporaryDir(), 'index.sqlite');
    const db = openDatabase(file);
    bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: SCORES_DIR });
    const client = await rawClient(testApp({ db }));
    const other = openDatabase(file);
    try {
      await client.get('/countries/AT/2024');
      publishCorrection(other);
      await new Promise((resolve) => setTimeout(resolve, VERSION_READ_MS + 50));
      const after = await client.get('/countries/AT/2024');
      expect(after.body.toString()).toContain('CORRECTED-COMMENT');
    } finally {
      await client.close();
      other.close();
      db.close();
    }
  });
});
