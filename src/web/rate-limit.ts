/**
 * Rate limit of the public analysis endpoints (robustness, what-if and simulate, rule
 * differences, comparison, change attribution): each runs a computation per request — Monte
 * Carlo draws, a re-scoring, Shapley values — so one client could keep the server busy. Each
 * client address gets `limit` such requests per window, all analysis endpoints together; then
 * 429 with `Retry-After` and the site's usual error (JSON under /api, a page elsewhere).
 *
 * express-rate-limit counts per `req.ip`, which follows Express's `trust proxy` setting: behind
 * a reverse proxy, set it so that the address is the client's and not the proxy's.
 */
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from '../http/http-error.js';

export interface RateLimitSetting {
  /** Requests allowed per client address and window. */
  limit: number;
  windowMs: number;
}

/** 60 analysis requests a minute per address: far more than a person clicking through pages. */
export const DEFAULT_ANALYSIS_LIMIT: RateLimitSetting = { limit: 60, windowMs: 60_000 };

/** The most requests and the longest window `POLICY_INDEX_ANALYSIS_LIMIT` may set. */
const MAX_LIMIT = 100_000;
const MAX_WINDOW_SECONDS = 86_400;

/**
 * The analysis limit a server runs with: `POLICY_INDEX_ANALYSIS_LIMIT` as `N/S`, N requests per
 * client address in S seconds (`120/60`), or `off` when a proxy in front does the limiting;
 * unset or empty, {@link DEFAULT_ANALYSIS_LIMIT}. Anything else is refused, naming the variable,
 * rather than replaced by the default unseen.
 */
export function analysisLimitFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): RateLimitSetting | false {
  const raw = env.POLICY_INDEX_ANALYSIS_LIMIT?.trim();
  if (raw === undefined || raw === '') return DEFAULT_ANALYSIS_LIMIT;
  if (raw === 'off') return false;
  const match = /^([1-9]\d*)\/([1-9]\d*)$/.exec(raw);
  const [limit, seconds] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(limit <= MAX_LIMIT && seconds <= MAX_WINDOW_SECONDS))
    throw new RangeError(
      `POLICY_INDEX_ANALYSIS_LIMIT must be REQUESTS/SECONDS (1 to ${MAX_LIMIT} requests in 1 to ${MAX_WINDOW_SECONDS} seconds, e.g. 120/60) or off, not "${env.POLICY_INDEX_ANALYSIS_LIMIT}"`,
    );
  return { limit, windowMs: seconds * 1000 };
}

/** The limiter, or a pass-through when `setting` is false (the static export renders them all). */
export function analysisRateLimit(
  setting: RateLimitSetting | false,
  log: (message: string) => void,
): RequestHandler {
  if (setting === false) return (_req, _res, next) => next();
  if (!Number.isInteger(setting.limit) || setting.limit < 1)
    throw new RangeError(`rate limit must be a whole number of requests, not ${setting.limit}`);
  if (!Number.isFinite(setting.windowMs) || setting.windowMs < 1)
    throw new RangeError(`rate limit window must be a number of milliseconds`);
  const seconds = Math.ceil(setting.windowMs / 1000);
  const logged = (error: unknown, message?: string) =>
    log(`rate limit: ${message ?? ''} ${error instanceof Error ? error.message : String(error)}`);
  return rateLimit({
    windowMs: setting.windowMs,
    limit: setting.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: 'analysis',
    logger: { error: logged, warn: logged },
    handler: (_req, res, next) => {
      const retry = res.getHeader('Retry-After');
      next(
        new HttpError(
          429,
          'rate-limited',
          `too many analysis requests from your address: at most ${setting.limit} in ${seconds} seconds; try again in ${String(retry ?? seconds)} seconds`,
        ),
      );
    },
  });
}
