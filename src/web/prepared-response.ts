/**
 * A public response prepared once to be written many times: its body as bytes, gzip and brotli
 * bodies made when it is prepared (in zlib's thread pool, not on the event loop), and every
 * header as ready-made lists. Writing it is then a choice of coding, a check of `If-None-Match`
 * and one `writeHead` + `end`: nothing is rendered, hashed or compressed per request.
 *
 * Headers fall in two groups:
 * - the representation's own (Content-Type, Content-Disposition, Content-Length,
 *   Content-Encoding, ETag, Vary), written on every path;
 * - the rest, which the app's middleware set (helmet's security headers, Cache-Control, CORS
 *   under /api), replayed as they were only when the response is written before routing
 *   (fast-path.ts): after routing, the middleware has just set them for this request.
 *
 * A compressed body carries the identity body's ETag made weak (`W/"…"`): a strong validator
 * names one sequence of bytes (RFC 9110 §8.8.1), and the gzip, brotli and plain bodies are three;
 * the weak one says they mean the same, so any copy revalidates the page (`If-None-Match` is
 * compared weakly). The uncached path does the same (`weakWhenEncoded`).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { rememberedCoding, type Coding } from './accept-encoding.js';
import { rangeAnswer, rangeResponse } from './byte-ranges.js';

/** Bodies smaller than this are sent as they are (the `compression` middleware's default too). */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/** Text, HTML, CSV, JSON and XML compress well; images and archives do not. */
export function isCompressible(contentType: unknown): boolean {
  return (
    typeof contentType === 'string' &&
    /^\s*(?:text\/|application\/(?:json|xml|javascript|[\w.-]+\+(?:json|xml))\b|image\/svg\+xml)/i.test(
      contentType,
    )
  );
}

/** Headers of the representation itself, replaced by the prepared values on every path. */
const OWN = new Set([
  'accept-ranges',
  'content-type',
  'content-disposition',
  'content-length',
  'content-encoding',
  'etag',
  'vary',
]);

/** Headers that belong to one connection or one moment, never replayed. */
const PER_MESSAGE = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** Express removes these from a 304 (it has no body to describe). */
const NOT_IN_304 = new Set(['content-type', 'content-length', 'content-encoding']);

type Header = [name: string, value: string];

interface Representation {
  body: Buffer;
  etag: string | undefined;
  own: Header[];
  ownIn304: Header[];
  /** The app's headers then the own ones, flat (`[name, value, …]`) as `writeHead` takes them. */
  whole: string[];
  wholeIn304: string[];
}

export interface PreparedResponse {
  identity: Representation;
  gzip: Representation | null;
  br: Representation | null;
  /** The app's headers (`[name, value, …]`), for a response that is not one of the above. */
  app: string[];
  /** Whether the route answers ranges of the body (`Accept-Ranges: bytes`: byte-ranges.ts). */
  ranges: boolean;
  /** What it holds in memory, roughly: bodies and header text. */
  bytes: number;
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/**
 * Prepares a 200 response from its body and the headers it was about to be sent with (names as
 * the app wrote them, from `getRawHeaderNames`); `compress: false` prepares the body as it is.
 */
export async function prepareResponse(
  headers: OutgoingHttpHeaders,
  rawNames: readonly string[],
  body: Buffer,
  compress = true,
): Promise<PreparedResponse> {
  const app: Header[] = [];
  const own = new Map<string, Header>();
  for (const raw of rawNames) {
    const name = raw.toLowerCase();
    const value = headers[name];
    if (value === undefined || PER_MESSAGE.has(name)) continue;
    const header: Header = [raw, Array.isArray(value) ? value.join(', ') : String(value)];
    if (OWN.has(name)) own.set(name, header);
    else app.push(header);
  }
  const type = own.get('content-type')?.[1];
  const noTransform = /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(headers['cache-control']));
  const compressible = isCompressible(type) && !noTransform;
  const vary = own.get('vary')?.[1];
  if (compressible && !/accept-encoding/i.test(vary ?? ''))
    own.set('vary', ['Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding']);
  const etag = own.get('etag')?.[1];
  const worthIt = compress && compressible && body.length >= COMPRESSION_THRESHOLD_BYTES;
  const [gzipped, brotlied] = worthIt
    ? await Promise.all([
        gzip(body, { level: zlib.constants.Z_BEST_COMPRESSION }),
        brotli(body, {
          params: {
            // Quality 6: within 2% of quality 8's size at two thirds of its time; 11 takes 100 ms
            // for a 60 KB page.
            [zlib.constants.BROTLI_PARAM_QUALITY]: 6,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
      ])
    : [null, null];
  const represent = (bytes: Buffer, coding: Coding) =>
    representation(app, own, bytes, coding, etag);
  const identity = represent(body, 'identity');
  const prepared: PreparedResponse = {
    identity,
    gzip: gzipped && gzipped.length < body.length ? represent(gzipped, 'gzip') : null,
    br: brotlied && brotlied.length < body.length ? represent(brotlied, 'br') : null,
    app: app.flat(),
    ranges: own.get('accept-ranges')?.[1].trim().toLowerCase() === 'bytes',
    bytes: 0,
  };
  for (const r of [prepared.identity, prepared.gzip, prepared.br])
    if (r) prepared.bytes += r.body.length + r.whole.reduce((sum, text) => sum + text.length, 0);
  return prepared;
}

function representation(
  app: readonly Header[],
  own: ReadonlyMap<string, Header>,
  body: Buffer,
  coding: Coding,
  etag: string | undefined,
): Representation {
  const mine: Header[] = [];
  for (const [name, header] of own)
    if (name !== 'content-length' && name !== 'etag' && name !== 'content-encoding')
      mine.push(header);
  const tag = coding === 'identity' ? etag : weakTag(etag);
  if (tag !== undefined) mine.push(['ETag', tag]);
  if (coding !== 'identity') mine.push(['Content-Encoding', coding]);
  mine.push(['Content-Length', String(body.length)]);
  const ownIn304 = mine.filter(([name]) => !NOT_IN_304.has(name.toLowerCase()));
  return {
    body,
    etag: tag,
    own: mine,
    ownIn304,
    whole: [...app, ...mine].flat(),
    wholeIn304: [...app, ...ownIn304].flat(),
  };
}

/** An entity tag made weak (`"x"` → `W/"x"`); a weak one as it is. */
export function weakTag(etag: string | undefined): string | undefined {
  return etag === undefined || etag.startsWith('W/') ? etag : `W/${etag}`;
}

/** The representation a request gets: the best coding it accepts among those prepared. */
function representationFor(req: IncomingMessage, prepared: PreparedResponse): Representation {
  if (prepared.gzip === null && prepared.br === null) return prepared.identity;
  const coding = rememberedCoding(req.headers['accept-encoding'], {
    br: prepared.br !== null,
    gzip: prepared.gzip !== null,
  });
  return prepared[coding] ?? prepared.identity;
}

/**
 * Writes a prepared response before routing: every header from the prepared lists, in one
 * `writeHead`. A conditional request whose ETag matches gets 304; HEAD gets the headers only.
 */
export function writeWhole(
  req: IncomingMessage,
  res: ServerResponse,
  prepared: PreparedResponse,
): void {
  const chosen = representationFor(req, prepared);
  if (isFresh(req, chosen.etag)) {
    res.writeHead(304, chosen.wholeIn304);
    res.end();
    return;
  }
  const part = partOf(req, prepared);
  if (part) {
    res.writeHead(part.status, [...prepared.app, ...part.headers.flat()]);
    res.end(part.body);
    return;
  }
  res.writeHead(200, chosen.whole);
  res.end(req.method === 'HEAD' ? undefined : chosen.body);
}

/** Responses written by `writeOwn`, which the `compression` middleware must leave as they are. */
const writtenPrepared = new WeakSet<ServerResponse>();

/** Whether `res` carries a prepared body (compressed already, or deliberately not). */
export function isPrepared(res: ServerResponse): boolean {
  return writtenPrepared.has(res);
}

/**
 * Writes a prepared response after routing: the middleware set the app's headers for this
 * request, so only the representation's own are set here (replacing what the route set).
 */
export function writeOwn(
  req: IncomingMessage,
  res: ServerResponse,
  prepared: PreparedResponse,
): void {
  const chosen = representationFor(req, prepared);
  const fresh = isFresh(req, chosen.etag);
  writtenPrepared.add(res);
  for (const name of res.getHeaderNames()) if (OWN.has(name)) res.removeHeader(name);
  const part = fresh ? null : partOf(req, prepared);
  if (part) {
    writePart(res, part);
    return;
  }
  for (const [name, value] of fresh ? chosen.ownIn304 : chosen.own) res.setHeader(name, value);
  res.statusCode = fresh ? 304 : 200;
  res.end(fresh || req.method === 'HEAD' ? undefined : chosen.body);
}

/**
 * For a route that sends `body` itself, its own headers set (Content-Type, ETag, …): writes the
 * part or the 416 a range request asks for and returns true; false when the whole body is to be
 * sent (byte-ranges.ts).
 */
export function writeRange(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  etag: string,
): boolean {
  const answer = rangeAnswer(req, body.length, etag);
  if (answer.kind === 'whole') return false;
  const own = res
    .getHeaderNames()
    .filter((name) => OWN.has(name))
    .map((name): Header => [name, String(res.getHeader(name))]);
  writePart(res, rangeResponse(req, answer, body, own));
  return true;
}

/**
 * Writes a part or a 416 (`rangeResponse`) after routing: its headers replace the
 * representation's own, and the `compression` middleware leaves its body as it is.
 */
function writePart(res: ServerResponse, part: ReturnType<typeof rangeResponse>): void {
  writtenPrepared.add(res);
  for (const name of res.getHeaderNames()) if (OWN.has(name)) res.removeHeader(name);
  for (const [name, value] of part.headers) res.setHeader(name, value);
  res.statusCode = part.status;
  res.end(part.body);
}

/**
 * For a range request of a response that answers ranges: the part or the 416 to send, from the
 * body as it is (byte-ranges.ts); null to send the response as usual.
 */
function partOf(req: IncomingMessage, prepared: PreparedResponse) {
  if (!prepared.ranges) return null;
  const { identity } = prepared;
  const answer = rangeAnswer(req, identity.body.length, identity.etag);
  return answer.kind === 'whole' ? null : rangeResponse(req, answer, identity.body, identity.own);
}

/**
 * Whether the client's copy is current, as Express decides it (the `fresh` package) for a
 * response without Last-Modified: an `If-None-Match` that names this ETag, compared weakly, or
 * `*`; never when the request says `Cache-Control: no-cache`.
 */
function isFresh(req: IncomingMessage, etag: string | undefined): boolean {
  const noneMatch = req.headers['if-none-match'];
  if (noneMatch === undefined || etag === undefined) return false;
  const cacheControl = req.headers['cache-control'];
  if (cacheControl !== undefined && /(?:^|,)\s*no-cache\s*(?:,|$)/.test(cacheControl)) return false;
  if (noneMatch.trim() === '*') return true;
  for (const part of noneMatch.split(',')) {
    const tag = part.trim();
    if (tag === etag || tag === `W/${etag}` || `W/${tag}` === etag) return true;
  }
  return false;
}
