/**
 * The web application as a factory: `createApp(deps)` builds it and never listens by itself
 * (the `serve` command and the tests do). Public pages and the API show published snapshots only.
 */
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import { fileURLToPath } from 'node:url';
import type { TrustProxy } from '../http/trust-proxy.js';
import type { Db } from '../storage/database.js';
import { notFound } from '../http/http-error.js';
import { errorHandler } from './http-error.js';
import { PublicData } from '../published/public-data.js';
import { apiSuffix } from './api-format.js';
import { apiRoutes } from './routes/api.js';
import { pageRoutes } from './routes/pages.js';
import { feedRoutes } from './routes/feeds.js';
import { ruleRoutes } from './routes/rules.js';
import { hubRoutes } from './routes/hubs.js';
import { instrumentChangeRoutes } from './routes/instrument-change.js';
import { answerThroughRoutes, DEFAULT_CACHE_BYTES, ResponseCache } from './response-cache.js';
import { compressUncached } from './compress-uncached.js';
import { FastPath } from './fast-path.js';
import { analysisRateLimit, DEFAULT_ANALYSIS_LIMIT, type RateLimitSetting } from './rate-limit.js';
import { watchSnapshots } from '../storage/snapshot-watch.js';
import { workspaceRoutes } from '../workspace/routes/index.js';
import { FRENCH_PREFIX, localizedEjs, pageLanguageLocals } from './i18n/localized-pages.js';

export interface AppDeps {
  db: Db;
  /** Folder of the questionnaire on disk, for its changelog on the methodology page. */
  questionnaireDir?: string | null;
  /** Public address used in permalinks and citations (default: the address of each request). */
  publicUrl?: string;
  log?: (message: string) => void;
  /** Rendering for the static export: no links to the workspace, which a static site lacks. */
  staticSite?: boolean;
  /**
   * Requests per client address and window to the analysis endpoints (robustness, what-if,
   * simulate, diff, compare, changes); default 60 a minute. `false`: no limit.
   */
  analysisRateLimit?: RateLimitSetting | false;
  /** Byte budget of the public response cache (default 64 MB); 0 keeps nothing. */
  responseCacheBytes?: number;
  /**
   * Express's `trust proxy`: which reverse proxies to believe about the client's address and
   * protocol (see src/http/trust-proxy.ts; `TRUST_PROXY` for `serve`). Default false.
   */
  trustProxy?: TrustProxy;
  /** The clock (default the system's): citations give the day a page was read. */
  now?: () => Date;
}

const caches = new WeakMap<Express, ResponseCache>();

/** The response cache of an app made by `createApp` (for tests and diagnostics). */
export function responseCacheOf(app: Express): ResponseCache | undefined {
  return caches.get(app);
}

/** A path as the navigation compares it: lower case, without trailing slashes (no regex: linear). */
function navigationPath(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  return path.slice(0, end).toLowerCase();
}

export const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));

export function createApp(deps: AppDeps): Express {
  const app = express();
  const data = new PublicData(deps.db);
  const log = deps.log ?? ((message: string) => console.error(message));
  const baseUrl = (req: Request) =>
    deps.publicUrl?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;

  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.set('etag', 'strong');
  app.engine('ejs', localizedEjs);
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_DIR);
  // Compiled templates are kept (Express does so only when NODE_ENV=production): compiling the
  // strand form's template on every request cost tens of milliseconds of the event loop.
  // Template edits show after a restart.
  app.set('view cache', true);
  app.set('query parser', 'simple');

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  app.use('/assets', compressUncached(), express.static(`${VIEWS_DIR}/assets`, { maxAge: '1h' }));
  app.use((req, res, next) => {
    res.locals.path = req.path;
    res.locals.user = null;
    res.locals.staticSite = deps.staticSite ?? false;
    next();
  });
  // The workspace is private: mounted before the public caches, headers and compression.
  app.use(workspaceRoutes(deps.db));
  app.use(compressUncached());

  app.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD')
      res.setHeader('Cache-Control', 'public, max-age=300');
    if (req.path.startsWith('/api/')) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
    }
    // The navigation marks the current page by its path. Express matches routes whatever the
    // case and a trailing slash, and responses are cached per route: so compare the same way.
    res.locals.path = navigationPath(req.path);
    res.locals.siteIllustrative = data.anyIllustrative();
    res.locals.illustrative = false;
    res.locals.provenance = null;
    next();
  });

  // Cached pages are answered before routing by their exact address (fast-path.ts).
  const fastPath = new FastPath(deps.publicUrl);
  const now = deps.now ?? (() => new Date());
  // A new UTC day is a new version too: cached pages carry their citation's access date.
  const cache = new ResponseCache(
    () => data.dataVersion() * 100_000 + Math.floor(now().getTime() / 86_400_000),
    deps.responseCacheBytes ?? DEFAULT_CACHE_BYTES,
    (req) => fastPath.addressOf(req, baseUrl(req)),
    log,
  );
  watchSnapshots(deps.db, cache);
  if (cache.maxBytes > 0) fastPath.install(app, cache);
  caches.set(app, cache);
  // The limit counts every analysis request, cached answers too: they never take the fast path.
  const limit = analysisRateLimit(deps.analysisRateLimit ?? DEFAULT_ANALYSIS_LIMIT, log);
  const analysisLimit: typeof limit = (req, res, next) => {
    answerThroughRoutes(res);
    limit(req, res, next);
  };
  const routeDeps = { data, baseUrl, now, cache, analysisLimit };
  // `/api/v1/x.json` is `/api/v1/x` (and `.csv` where there is a CSV): one rule, api-format.ts.
  app.use(apiSuffix());
  // Court-watch pages, their API, the feeds and the hubs (with the all-countries changes API);
  // before the API router, which 404s the rest of /api.
  const rules = ruleRoutes(routeDeps);
  const hubs = hubRoutes(routeDeps);
  const pages = pageRoutes({ ...routeDeps, questionnaireDir: deps.questionnaireDir ?? null });
  // French pages: the same routers under /fr (i18n/localized-pages.ts); the API stays neutral.
  const instrumentChange = instrumentChangeRoutes({
    ...routeDeps,
    questionnaireDir: deps.questionnaireDir ?? 'questionnaire',
  });
  app.use(FRENCH_PREFIX, pageLanguageLocals('fr', baseUrl), rules, hubs, instrumentChange, pages);
  app.use(pageLanguageLocals('en', baseUrl));
  app.use(rules, feedRoutes(routeDeps), hubs);
  // Before the API router (which 404s the rest of /api) and the pages (/countries/:code/:edition).
  app.use(instrumentChange);
  app.use('/api', apiRoutes(routeDeps));
  app.use(pages);
  app.use((req) => {
    throw notFound(`page ${req.path}`);
  });
  app.use(errorHandler(log));
  return app;
}
