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
import { COMPRESSION_THRESHOLD_BYTES, isCompressible, isPrepared } from './prepared-response.js';

export function compressUncached(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    filter: (_req, res) => !isPrepared(res) && isCompressible(res.getHeader('Content-Type')),
  });
}
