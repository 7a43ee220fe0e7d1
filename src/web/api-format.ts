/**
 * The `.json` / `.csv` rule of the API, kept in this one place rather than in every route: every
 * GET under /api/v1 answers at its path and at the same path with `.json` (the same JSON), and a
 * resource that has a CSV also at the path with `.csv`. The static export writes every API
 * response as a `.json` file (and the CSV resources as `.csv`), so a script written against the
 * export works against the server unchanged, and the other way round.
 *
 * Which resources have a CSV is read from the OpenAPI document (a 200 with `text/csv`), so the
 * rule and its documentation cannot disagree. The suffix is taken off before routing and kept as
 * the format asked for; a CSV resource then picks its format with `representation`.
 */
import type { Request, RequestHandler, Response } from 'express';
import { badParameter, HttpError } from '../http/http-error.js';
import { openApiDocument } from './openapi.js';
import { query } from './params.js';

export type ApiFormat = 'json' | 'csv';

const API_PREFIX = '/api/v1/';
const SUFFIX = /\.(json|csv)$/;

/** The format a request's suffix asked for, for the routes after `apiSuffix`. */
const suffixFormat = new WeakMap<Request, ApiFormat>();

/**
 * Path templates of the OpenAPI document as patterns: `{name}` is one path segment. Matching is
 * case-insensitive, as Express routes are.
 */
function templatePattern(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}/?$`, 'i');
}

/** The API paths that also answer as CSV: those whose 200 response the document lists as text/csv. */
function csvPaths(): RegExp[] {
  const paths = openApiDocument('').paths as Record<
    string,
    { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }
  >;
  return Object.entries(paths)
    .filter(([, item]) => item.get?.responses['200']?.content?.['text/csv'] !== undefined)
    .map(([template]) => templatePattern(template));
}

/**
 * Middleware for the whole app, before the API routers: a GET or HEAD of `/api/v1/….json` or
 * `/api/v1/….csv` is routed as the path without its suffix, remembering the format. `.csv` on a
 * resource without a CSV is a 404 that says so.
 */
export function apiSuffix(): RequestHandler {
  const withCsv = csvPaths();
  return (req, _res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = req.path;
    const match = path.startsWith(API_PREFIX) ? SUFFIX.exec(path) : null;
    if (match === null) return next();
    const format = match[1] as ApiFormat;
    const stem = path.slice(0, -match[0].length);
    if (format === 'csv' && !withCsv.some((pattern) => pattern.test(stem)))
      throw new HttpError(404, 'not-found', `${path} not found: ${stem} is served as JSON only`);
    const queryAt = req.url.indexOf('?');
    req.url = stem + (queryAt === -1 ? '' : req.url.slice(queryAt));
    suffixFormat.set(req, format);
    next();
  };
}

/** How a resource with a CSV decided its format. */
export interface Representation {
  format: ApiFormat;
  /** Chosen by the Accept header: the response varies with it (part of the cache key). */
  negotiated: boolean;
}

/**
 * The format of a resource that has both JSON and CSV: the path's suffix, else `format=json|csv`,
 * else the Accept header (JSON unless the client prefers text/csv; `Vary: Accept` then).
 */
export function representation(req: Request, res: Response): Representation {
  const suffix = suffixFormat.get(req);
  if (suffix !== undefined) return { format: suffix, negotiated: false };
  const format = query(req, 'format');
  if (format !== undefined) {
    if (format !== 'json' && format !== 'csv') throw badParameter('format', 'must be json or csv');
    return { format, negotiated: false };
  }
  res.vary('Accept');
  const csv = req.accepts(['application/json', 'text/csv']) === 'text/csv';
  return { format: csv ? 'csv' : 'json', negotiated: true };
}
