/**
 * Compression of the public responses the cache does not prepare (errors, `no-store` answers,
 * a cache of 0 bytes): the maintained `compression` middleware, with the cache's rules so both
 * paths agree — the same compressible types, the same 1 KB threshold, the same choice of
 * coding (brotli preferred on a tie). A response written prepared (`isPrepared`) is left
 * alone: its body is compressed already, or deliberately not.
 *
 * The workspace is mounted before it and never compressed: its pages carry a CSRF token next to
 * text the user typed, what BREACH-style attacks on compressed HTTPS responses need.
 */
import compression from 'compression';
import type { RequestHandler } from 'express';
import type { ServerResponse } from 'node:http';
import {
  COMPRESSION_THRESHOLD_BYTES,
  isCompressible,
  isPrepared,
  weakTag,
} from './prepared-response.js';

export function compressUncached(): RequestHandler {
  const compress = compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    filter: (_req, res) => !isPrepared(res) && isCompressible(res.getHeader('Content-Type')),
  });
  return (req, res, next) => {
    weakWhenEncoded(res);
    compress(req, res, next);
  };
}

/**
 * Makes a compressed response's ETag weak, as prepared responses have it (prepared-response.ts):
 * the middleware compresses the body but keeps the strong tag of the plain one. Installed before
 * the middleware's own hook on `writeHead`, so it runs after that hook has set Content-Encoding.
 */
function weakWhenEncoded(res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
    const coding = res.getHeader('Content-Encoding');
    const etag = res.getHeader('ETag');
    if (
      !isPrepared(res) &&
      coding !== undefined &&
      coding !== 'identity' &&
      typeof etag === 'string'
    )
      res.setHeader('ETag', weakTag(etag)!);
    return writeHead.apply(this, args);
  } as typeof writeHead;
}
