/**
 * What the public routers get: the published data (never the database itself, so that no public
 * route can read working data), the response cache and the analysis rate limit.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { PublicData, PublishedEdition } from '../../published/public-data.js';
import { cacheKey, type ResponseCache } from '../response-cache.js';

export interface PublicRouteDeps {
  data: PublicData;
  baseUrl: (req: Request) => string;
  /** The clock (default the system's): today's date is the access date of citations. */
  now?: () => Date;
  cache: ResponseCache;
  /**
   * In front of every analysis endpoint (see rate-limit.ts). Typed with plain string
   * parameters so that a route's `req.params` keep the type its path gives them.
   */
  analysisLimit: RequestHandler<Record<string, string>>;
}

/**
 * Call after parsing, with the parsed values the response depends on: answers from the cache
 * and returns true, or returns false and keeps the response the route then sends.
 */
export function fromCache(
  deps: PublicRouteDeps,
  req: Request,
  res: Response,
  values: readonly unknown[],
): boolean {
  return deps.cache.serve(req, res, cacheKey(req, deps.baseUrl(req), values));
}

/** A snapshot in a cache key: its edition and revision. */
export const snapshotOf = (edition: PublishedEdition): [string, number] => [
  edition.edition.id,
  edition.snapshot.revision,
];
