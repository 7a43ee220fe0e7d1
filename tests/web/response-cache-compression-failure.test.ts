/**
 * When compressing a response fails (zlib reports an error), the response cache still answers:
 * the request that rendered the page and every request that waited for its preparation get the
 * body as it is, nothing is kept, and the next request renders the page again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withCachedPage } from '../helpers/cached-page-server.js';

const failing = vi.hoisted(() => ({ brotli: false }));

vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof import('node:zlib')>();
  const brotliCompress = ((...args: unknown[]) => {
    const callback = args.at(-1) as (error: Error | null, result?: Buffer) => void;
    // Late, as a real compression would be: the other requests arrive while it is pending.
    if (failing.brotli) setTimeout(() => callback(new Error('brotli failed (test)')), 1000);
    else (zlib.brotliCompress as (...a: unknown[]) => void)(...args);
  }) as typeof zlib.brotliCompress;
  return { ...zlib, brotliCompress, default: { ...zlib, brotliCompress } };
});

afterEach(() => {
  failing.brotli = false;
});

describe('a response whose compression fails', () => {
  it('is sent as it is to every request that waited for it, and is not kept', async () => {
    const body = `<p>${'compressible text '.repeat(4000)}</p>`;
    await withCachedPage(body, async (page) => {
      failing.brotli = true;
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => page.get(i % 2 === 0 ? 'br, gzip' : 'identity')),
      );
      expect(page.rendered()).toBe(1);
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(responses.map((r) => r.headers.get('content-encoding'))).toEqual(Array(10).fill(null));
      expect(await Promise.all(responses.map((r) => r.text()))).toEqual(Array(10).fill(body));
      expect(page.cache.stats().entries).toBe(0);

      // Compression works again: the next request renders the page once more, and it is kept.
      failing.brotli = false;
      const again = await page.get('br');
      expect(again.headers.get('content-encoding')).toBe('br');
      expect(await again.text()).toBe(body);
      expect(page.rendered()).toBe(2);
      expect(page.cache.stats().entries).toBe(1);
    });
  });
});
