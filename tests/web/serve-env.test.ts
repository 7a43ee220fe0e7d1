/**
 * An operator sets the analysis rate limit with POLICY_INDEX_ANALYSIS_LIMIT (`REQUESTS/SECONDS`,
 * or `off` behind a proxy that limits) and the response cache's memory with
 * POLICY_INDEX_RESPONSE_CACHE_MB: the server runs with them and says so when it starts, and
 * `serve` refuses a value it cannot read as wrong usage, naming the variable, instead of running
 * with the default unseen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisLimitFromEnv, DEFAULT_ANALYSIS_LIMIT } from '../../src/web/rate-limit.js';
import { DEFAULT_CACHE_BYTES, responseCacheBytesFromEnv } from '../../src/web/response-cache.js';
import { startServer, type Server } from '../../src/bench/soak-setup.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { serveWith } from '../helpers/cli.js';

const limitOf = (value: string | undefined) =>
  analysisLimitFromEnv({ POLICY_INDEX_ANALYSIS_LIMIT: value });

describe('POLICY_INDEX_ANALYSIS_LIMIT', () => {
  it('is requests per seconds, off, or the default when unset or empty', () => {
    expect(limitOf(undefined)).toEqual(DEFAULT_ANALYSIS_LIMIT);
    expect(limitOf('')).toEqual(DEFAULT_ANALYSIS_LIMIT);
    expect(DEFAULT_ANALYSIS_LIMIT).toEqual({ limit: 60, windowMs: 60_000 });
    expect(limitOf('120/60')).toEqual({ limit: 120, windowMs: 60_000 });
    expect(limitOf(' 5/1 ')).toEqual({ limit: 5, windowMs: 1000 });
    expect(limitOf('off')).toBe(false);
  });

  it.each(['60', '0/60', '60/0', '-1/60', '1.5/60', '60/60/60', 'abc', '100001/60', '1/86401'])(
    'refuses "%s", naming the variable and the value',
    (value) => {
      expect(() => limitOf(value)).toThrow(
        `POLICY_INDEX_ANALYSIS_LIMIT must be REQUESTS/SECONDS (1 to 100000 requests in 1 to 86400 seconds, e.g. 120/60) or off, not "${value}"`,
      );
    },
  );

  it('serve refuses one it cannot read, as wrong usage, before opening anything', async () => {
    const { code, err } = await serveWith({ POLICY_INDEX_ANALYSIS_LIMIT: '60 a minute' });
    expect(code).toBe(2);
    expect(err).toContain('POLICY_INDEX_ANALYSIS_LIMIT must be REQUESTS/SECONDS');
    expect(err).toContain('"60 a minute"');
  });
});

const cacheOf = (value: string | undefined) =>
  responseCacheBytesFromEnv({ POLICY_INDEX_RESPONSE_CACHE_MB: value });

describe('POLICY_INDEX_RESPONSE_CACHE_MB', () => {
  it('is a whole number of MiB, 0 to keep nothing, or the default 64 when unset or empty', () => {
    expect(cacheOf(undefined)).toBe(DEFAULT_CACHE_BYTES);
    expect(cacheOf('')).toBe(DEFAULT_CACHE_BYTES);
    expect(DEFAULT_CACHE_BYTES).toBe(64 * 1024 * 1024);
    expect(cacheOf('0')).toBe(0);
    expect(cacheOf(' 256 ')).toBe(256 * 1024 * 1024);
    expect(cacheOf('4096')).toBe(4096 * 1024 * 1024);
  });

  it.each(['-1', '1.5', '64MB', 'lots', '4097'])(
    'refuses "%s", naming the variable and the value',
    (value) => {
      expect(() => cacheOf(value)).toThrow(
        `POLICY_INDEX_RESPONSE_CACHE_MB must be a whole number of MiB from 0 to 4096, not "${value}"`,
      );
    },
  );

  it('serve refuses one it cannot read, as wrong usage, before opening anything', async () => {
    const { code, err } = await serveWith({ POLICY_INDEX_RESPONSE_CACHE_MB: '64MB' });
    expect(code).toBe(2);
    expect(err).toContain('POLICY_INDEX_RESPONSE_CACHE_MB must be a whole number of MiB');
  });
});

describe('a built server started with POLICY_INDEX_ANALYSIS_LIMIT=2/60 and no response cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-env-'));
  let server: Server | null = null;
  beforeAll(async () => {
    server = await startServer(ROOT_DIR, join(dir, 'db.sqlite'), {
      env: { POLICY_INDEX_ANALYSIS_LIMIT: '2/60', POLICY_INDEX_RESPONSE_CACHE_MB: '0' },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says what it runs with when it starts', () => {
    expect(server!.printed).toContain(
      'analysis requests 2 per 60 s per address; response cache 0 MiB',
    );
  });

  it('answers the third analysis request from an address with 429, other pages as usual', async () => {
    const base = server!.url;
    const analysis = () => fetch(`${base}/api/v1/diff?countries=AT,DE`);
    expect((await analysis()).status).toBe(200);
    expect((await analysis()).status).toBe(200);
    const refused = await analysis();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'at most 2 in 60 seconds',
    );
    for (let i = 0; i < 2; i++) expect((await fetch(`${base}/countries`)).status).toBe(200);
  });
});
