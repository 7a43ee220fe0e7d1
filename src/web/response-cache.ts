/**
 * Public responses depend only on published snapshots, which change only when something is
 * published. So a rendered page or API response is kept and served again as it is, until the
 * data version (the latest snapshot id) changes: profile pages then cost about what a static file
 * of the same bytes costs.
 *
 * Two rules keep the cache from being a way to exhaust memory:
 * - The key is canonical. A route builds it after parsing its parameters, from the values as it
 *   parsed them (`cacheKey`); parameters the route does not read are not part of it. So `?x=1`,
 *   `?x=2`, … and `/countries/de/2024` vs `/countries/DE/2024` are one entry, not one each.
 * - The cache holds at most `maxBytes` (keys and bodies), evicting the least recently used
 *   entry first. No sequence of requests can grow it beyond that.
 */
import type { Request, Response } from 'express';

/** Default byte budget: every page of a few hundred countries and editions fits many times. */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** Headers that belong to a response's content and are replayed with it. */
const KEPT_HEADERS = ['Content-Type', 'ETag', 'Content-Disposition'] as const;

/** Rough fixed cost of an entry beyond its body and key (counted twice: JS strings may take two bytes a character). */
const ENTRY_OVERHEAD = 256;

interface Entry {
  headers: [string, string][];
  /** Kept as UTF-8 bytes: what it costs is then exactly what is counted. */
  body: Buffer;
  bytes: number;
}

export interface CacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
}

/**
 * The key of a response: the route (its pattern, not the path as typed), the parameter values
 * as the route parsed them, in the order it lists them, and the public address the response may
 * embed in permalinks.
 */
export function cacheKey(req: Request, baseUrl: string, values: readonly unknown[]): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  return JSON.stringify([req.baseUrl, route ?? req.path, baseUrl, ...values]);
}

export class ResponseCache {
  /** In least recently used first order (a Map keeps insertion order; a hit re-inserts). */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private version: number | null = null;

  constructor(
    private readonly dataVersion: () => number,
    readonly maxBytes = DEFAULT_CACHE_BYTES,
  ) {
    if (!Number.isFinite(maxBytes) || maxBytes < 0)
      throw new RangeError(`response cache size must be a number of bytes, not ${maxBytes}`);
  }

  /**
   * Answers from the cache and returns true; or returns false and keeps the response the route
   * is about to send under `key`, if it is a 200 that does not say `no-store`.
   */
  serve(req: Request, res: Response, key: string): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const version = this.dataVersion();
    if (version !== this.version) {
      this.clear();
      this.version = version;
    }
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      for (const [name, value] of hit.headers) res.setHeader(name, value);
      res.send(hit.body);
      return true;
    }
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const result = send(body as string);
      const noStore = /no-store/.test(String(res.getHeader('Cache-Control') ?? ''));
      if (
        res.statusCode === 200 &&
        !noStore &&
        this.version === version &&
        (typeof body === 'string' || Buffer.isBuffer(body))
      ) {
        this.store(key, body, res);
      }
      return result;
    };
    return false;
  }

  stats(): CacheStats {
    return { entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes };
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private store(key: string, sent: string | Buffer, res: Response): void {
    const headers: [string, string][] = [];
    for (const name of KEPT_HEADERS) {
      const value = res.getHeader(name);
      if (value !== undefined) headers.push([name, String(value)]);
    }
    const body = typeof sent === 'string' ? Buffer.from(sent, 'utf8') : sent;
    const bytes =
      ENTRY_OVERHEAD +
      Buffer.byteLength(key) * 2 +
      body.length +
      headers.reduce((sum, [name, value]) => sum + name.length + value.length, 0);
    if (bytes > this.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.bytes;
    }
    while (this.bytes + bytes > this.maxBytes) {
      const [oldestKey, oldest] = this.entries.entries().next().value!;
      this.entries.delete(oldestKey);
      this.bytes -= oldest.bytes;
    }
    this.entries.set(key, { headers, body, bytes });
    this.bytes += bytes;
  }
}
