/**
 * Public responses depend only on published snapshots, which change only when something is
 * published. So a rendered page or API response is kept, prepared once (bytes, gzip and brotli
 * bodies, headers: prepared-response.ts), and served again as it is until the data version (the
 * latest snapshot id) changes: at once when this process publishes, within `VERSION_READ_MS`
 * when another does.
 *
 * Two ways in:
 * - `serve`, from a route after it parsed its parameters, by the canonical key (`cacheKey`);
 * - `answer`, before routing (fast-path.ts), by the request's exact address — one of the
 *   spellings under which routes already served the entry. Profile pages then cost what a bare
 *   `node:http` server sending the same bytes costs.
 *
 * Rules that keep the cache from being a way to exhaust memory or to bypass a rule:
 * - The key is canonical: built from the route and the values it parsed, so `?x=1`, `?x=2`, …
 *   and `/countries/de/2024` vs `/countries/DE/2024` are one entry, not one each. An entry
 *   remembers at most `MAX_SPELLINGS` exact addresses for the fast path; others go through the
 *   routes, which answer them from the same entry.
 * - The cache holds at most `maxBytes` (keys, addresses, bodies in every coding), evicting the
 *   least recently used entry first. No sequence of requests can grow it beyond that.
 * - Responses a rate limit counts (`answerThroughRoutes`), responses that vary with a request
 *   header other than Accept-Encoding, and responses that set a cookie are never answered by
 *   address: the routes see every such request. A response that sets a cookie is not kept at all.
 */
import type { Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  prepareResponse,
  writeOwn,
  writeWhole,
  type PreparedResponse,
} from './prepared-response.js';

/** Default byte budget: every page of a few hundred countries and editions fits many times. */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** The largest budget `POLICY_INDEX_RESPONSE_CACHE_MB` may set, in MiB. */
const MAX_CACHE_MB = 4096;

/**
 * The response cache's budget a server runs with: `POLICY_INDEX_RESPONSE_CACHE_MB`, a whole
 * number of MiB from 0 (keep nothing: every request is built) to 4096; unset or empty,
 * {@link DEFAULT_CACHE_BYTES}. Anything else is refused, naming the variable.
 */
export function responseCacheBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.POLICY_INDEX_RESPONSE_CACHE_MB?.trim();
  if (raw === undefined || raw === '') return DEFAULT_CACHE_BYTES;
  if (!/^\d+$/.test(raw) || Number(raw) > MAX_CACHE_MB)
    throw new RangeError(
      `POLICY_INDEX_RESPONSE_CACHE_MB must be a whole number of MiB from 0 to ${MAX_CACHE_MB}, not "${env.POLICY_INDEX_RESPONSE_CACHE_MB}"`,
    );
  return Number(raw) * 1024 * 1024;
}

/**
 * How stale a page may be served after another process published: a second, against the five
 * minutes of `Cache-Control: max-age` every public page allows browsers and proxies anyway.
 */
export const VERSION_READ_MS = 1000;

/** Exact addresses per entry answered before routing (a page's few links and bookmarks). */
export const MAX_SPELLINGS = 4;

/** Rough fixed cost of an entry or address beyond its text (counted twice: JS strings may take two bytes a character). */
const ENTRY_OVERHEAD = 256;

/** A response prepared for a key, and its cache entry if it was kept. */
interface Prepared {
  prepared: PreparedResponse;
  entry: Entry | null;
}

interface Entry {
  key: string;
  prepared: PreparedResponse;
  bytes: number;
  /** Whether the fast path may answer it by address; then the addresses it answers. */
  byAddress: boolean;
  spellings: string[];
}

export interface CacheStats {
  entries: number;
  /** Exact request addresses the fast path answers. */
  addresses: number;
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

const throughRoutes = new WeakSet<Response>();

/**
 * Marks a response that its route must answer every time, cached or not: a rate limit counts
 * each request. It is kept, but never answered before routing.
 */
export function answerThroughRoutes(res: Response): void {
  throughRoutes.add(res);
}

export class ResponseCache {
  /** In least recently used first order (a Map keeps insertion order; a hit re-inserts). */
  private readonly entries = new Map<string, Entry>();
  /**
   * The entry last in `entries` (most recently used), if known: a run of hits on one page, the
   * common case under load, then costs no re-insertion per request.
   */
  private newest: Entry | undefined;
  private readonly addresses = new Map<string, Entry>();
  /**
   * Responses being prepared (compressed in zlib's thread pool), by key: a request for one of
   * them waits for it instead of rendering and compressing the same page again. Without this,
   * the first moments of a server under load rendered a page once per waiting request: in the
   * soak, 50 readers on one profile page held the event loop for 0.66 s and waited a second.
   */
  private readonly preparing = new Map<string, Promise<Prepared>>();
  private bytes = 0;
  private version: number | null = null;
  /** When `version` is to be read again (performance.now() milliseconds; see `checkVersion`). */
  private readAgainAt = 0;

  /**
   * @param addressOf the exact address under which the fast path looked `req` up, if it did and
   *   the response may be answered that way (fast-path.ts); by default none, so only routes
   *   answer from the cache.
   * @param log where a response that could not be prepared is reported (default: stderr).
   */
  constructor(
    private readonly dataVersion: () => number,
    readonly maxBytes = DEFAULT_CACHE_BYTES,
    private readonly addressOf: (req: Request) => string | undefined = () => undefined,
    private readonly log: (message: string) => void = (message) => console.error(message),
  ) {
    if (!Number.isFinite(maxBytes) || maxBytes < 0)
      throw new RangeError(`response cache size must be a number of bytes, not ${maxBytes}`);
  }

  /**
   * Before routing: answers a GET or HEAD by its exact address and returns true, or returns
   * false when no entry is known under that address.
   */
  answer(req: IncomingMessage, res: ServerResponse, address: string): boolean {
    this.checkVersion();
    const entry = this.addresses.get(address);
    if (entry === undefined) return false;
    this.touch(entry);
    writeWhole(req, res, entry.prepared);
    return true;
  }

  /**
   * From a route: answers from the cache and returns true; or returns false and keeps the
   * response the route is about to send under `key`, if it is a 200 that does not say
   * `no-store` — the response is then sent prepared, as later hits are.
   */
  serve(req: Request, res: Response, key: string): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const version = this.checkVersion();
    const hit = this.entries.get(key);
    if (hit) {
      this.touch(hit);
      this.addSpelling(hit, req);
      writeOwn(req, res, hit.prepared);
      return true;
    }
    // A new data version emptied `preparing` with the cache (`clear`).
    const preparing = this.preparing.get(key);
    if (preparing) {
      this.writeWhenPrepared(req, res, preparing);
      return true;
    }
    if (this.maxBytes > 0) this.keepWhenSent(req, res, key, version);
    return false;
  }

  /**
   * Writes the response once it is prepared, answered by address from then on if it is kept.
   * Should preparing or writing it throw all the same (a failed compression already falls back
   * to the body as it is), the request is answered 503 and the failure logged: never an
   * unhandled rejection, which would end the server.
   */
  private writeWhenPrepared(req: Request, res: Response, done: Promise<Prepared>): void {
    done
      .then(({ prepared, entry }) => {
        if (entry) this.addSpelling(entry, req);
        writeOwn(req, res, prepared);
      })
      .catch((error: unknown) => {
        this.log(`response cache: ${req.originalUrl} could not be answered: ${String(error)}`);
        notPrepared(res);
      });
  }

  stats(): CacheStats {
    return {
      entries: this.entries.size,
      addresses: this.addresses.size,
      bytes: this.bytes,
      maxBytes: this.maxBytes,
    };
  }

  clear(): void {
    this.newest = undefined;
    this.preparing.clear();
    this.entries.clear();
    this.addresses.clear();
    this.bytes = 0;
  }

  /**
   * Called when this process may have published (storage/snapshot-watch.ts): the next request
   * reads the data version again.
   */
  snapshotsChanged(): void {
    this.readAgainAt = 0;
  }

  /**
   * The data version; a new one empties the cache. Read from the database when this process
   * published (`snapshotsChanged`) and otherwise at most every `VERSION_READ_MS`, for
   * publications by another process (the command line): not on every request, where the query
   * cost about as much as the rest of a fast-path answer.
   */
  private checkVersion(): number {
    const now = performance.now();
    if (this.version === null || now >= this.readAgainAt) {
      const version = this.dataVersion();
      this.readAgainAt = now + VERSION_READ_MS;
      if (version !== this.version) {
        this.clear();
        this.version = version;
      }
    }
    return this.version;
  }

  private touch(entry: Entry): void {
    if (entry === this.newest) return;
    this.entries.delete(entry.key);
    this.entries.set(entry.key, entry);
    this.newest = entry;
  }

  /**
   * Catches the body the route sends (`res.send`) and, when Express ends the response with its
   * headers complete (ETag, Content-Type with charset), prepares it, keeps it and writes it.
   */
  private keepWhenSent(req: Request, res: Response, key: string, version: number): void {
    const { send, end } = res;
    let body: string | Buffer | undefined;
    res.send = function (this: Response, sent?: unknown) {
      if (typeof sent === 'string' || Buffer.isBuffer(sent)) body = sent;
      return send.call(this, sent);
    };
    res.end = ((...args: Parameters<Response['end']>) => {
      res.send = send;
      res.end = end;
      const bytes = this.keepable(res, body);
      if (bytes === null) return end.apply(res, args);
      const byAddress = !throughRoutes.has(res) && variesOnlyByCoding(res);
      const headers = res.getHeaders();
      const names = rawHeaderNames(res);
      const done = prepareResponse(headers, names, bytes).then(
        (prepared): Prepared => ({
          prepared,
          entry: this.version === version ? this.store(key, prepared, byAddress) : null,
        }),
        // Compressing failed: this response and those that waited for it get the body as it is.
        async (): Promise<Prepared> => ({
          prepared: await prepareResponse(headers, names, bytes, false),
          entry: null,
        }),
      );
      this.preparing.set(key, done);
      // Settled either way, it is no longer waited for: the next request renders the page.
      const settled = () => {
        if (this.preparing.get(key) === done) this.preparing.delete(key);
      };
      done.then(settled, settled);
      this.writeWhenPrepared(req, res, done);
      return res;
    }) as Response['end'];
  }

  /** The body as bytes, if the response may be kept and fits the budget; else null. */
  private keepable(res: Response, body: string | Buffer | undefined): Buffer | null {
    if (body === undefined || res.statusCode !== 200 || res.headersSent) return null;
    if (/no-store/.test(String(res.getHeader('Cache-Control') ?? ''))) return null;
    if (res.getHeader('Set-Cookie') !== undefined) return null;
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    return ENTRY_OVERHEAD + bytes.length > this.maxBytes ? null : bytes;
  }

  private store(key: string, prepared: PreparedResponse, byAddress: boolean): Entry | null {
    const bytes = ENTRY_OVERHEAD + Buffer.byteLength(key) * 2 + prepared.bytes;
    if (bytes > this.maxBytes) return null;
    const previous = this.entries.get(key);
    if (previous) this.remove(previous);
    while (this.bytes + bytes > this.maxBytes) this.remove(this.entries.values().next().value!);
    const entry: Entry = { key, prepared, bytes, byAddress, spellings: [] };
    this.entries.set(key, entry);
    this.newest = entry;
    this.bytes += bytes;
    return entry;
  }

  private remove(entry: Entry): void {
    if (entry === this.newest) this.newest = undefined;
    this.entries.delete(entry.key);
    for (const address of entry.spellings) this.addresses.delete(address);
    this.bytes -= entry.bytes;
  }

  /** Lets the fast path answer `req`'s exact address from `entry` from now on, within limits. */
  private addSpelling(entry: Entry, req: Request): void {
    if (!entry.byAddress || entry.spellings.length >= MAX_SPELLINGS) return;
    const address = this.addressOf(req);
    if (address === undefined || this.addresses.has(address)) return;
    const bytes = ENTRY_OVERHEAD + address.length * 2;
    if (this.bytes + bytes > this.maxBytes) return;
    entry.spellings.push(address);
    entry.bytes += bytes;
    this.bytes += bytes;
    this.addresses.set(address, entry);
  }
}

/** The answer when a response could not be prepared: try again (the page is rendered anew). */
function notPrepared(res: Response): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const name of res.getHeaderNames()) if (name.startsWith('content-')) res.removeHeader(name);
  res.removeHeader('ETag');
  res.status(503).set({ 'Retry-After': '1', 'Cache-Control': 'no-store' });
  res.type('text/plain; charset=utf-8').end('The page could not be prepared; please try again.\n');
}

/** Header names as the app wrote them (Node has it on every outgoing message; @types/node types it on ClientRequest only). */
function rawHeaderNames(res: Response): string[] {
  return (res as unknown as { getRawHeaderNames(): string[] }).getRawHeaderNames();
}

/** Whether the response is the same for every request to its address but for the coding. */
function variesOnlyByCoding(res: Response): boolean {
  const vary = res.getHeader('Vary');
  if (vary === undefined) return true;
  return String(vary)
    .split(',')
    .every((name) => name.trim().toLowerCase() === 'accept-encoding' || name.trim() === '');
}
