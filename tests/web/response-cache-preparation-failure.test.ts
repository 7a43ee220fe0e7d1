/**
 * When preparing a response throws altogether (not the compression, which falls back to the body
 * as it is: response-cache-compression-failure.test.ts), the request that rendered the page and
 * every request that waited for it get a 503 saying to try again, the failure is logged, nothing
 * is kept, and the server goes on: the next request renders the page anew.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withCachedPage } from '../helpers/cached-page-server.js';

const failing = vi.hoisted(() => ({ prepare: false }));

vi.mock('../../src/web/prepared-response.js', async (importOriginal) => {
  const module = await importOriginal<typeof import('../../src/web/prepared-response.js')>();
  return {
    ...module,
    prepareResponse: (async (...args) => {
      // Late, as a real preparation would be: the other requests arrive while it is pending.
      await new Promise((resolve) => setTimeout(resolve, failing.prepare ? 500 : 0));
      if (failing.prepare) throw new Error('preparation failed (test)');
      return module.prepareResponse(...args);
    }) as typeof module.prepareResponse,
  };
});

afterEach(() => {
  failing.prepare = false;
});

describe('a response whose preparation throws', () => {
  it('is a 503 to every request that waited for it, logged, and the next request renders again', async () => {
    const body = `<p>${'text '.repeat(1000)}</p>`;
    const logged: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await withCachedPage(
        body,
        async (page) => {
          failing.prepare = true;
          const responses = await Promise.all(
            Array.from({ length: 6 }, (_, i) => page.get(i % 2 === 0 ? 'br' : 'identity')),
          );
          expect(page.rendered()).toBe(1);
          expect(responses.map((r) => r.status)).toEqual(Array(6).fill(503));
          for (const response of responses) {
            expect(response.headers.get('retry-after')).toBe('1');
            expect(response.headers.get('cache-control')).toBe('no-store');
            expect(response.headers.get('content-encoding')).toBeNull();
            expect(response.headers.get('etag')).toBeNull();
            expect(await response.text()).toMatch(/could not be prepared; please try again/);
          }
          expect(logged).toHaveLength(6);
          expect(logged[0]).toMatch(/\/page could not be answered: Error: preparation failed/);
          expect(page.cache.stats().entries).toBe(0);

          failing.prepare = false;
          const again = await page.get('identity');
          expect(again.status).toBe(200);
          expect(await again.text()).toBe(body);
          expect(page.rendered()).toBe(2);
          expect(page.cache.stats().entries).toBe(1);
        },
        (message) => logged.push(message),
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
