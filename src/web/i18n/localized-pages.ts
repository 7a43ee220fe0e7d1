/**
 * French pages under `/fr/…`, English unprefixed: the locals every view gets (the language,
 * `t`, the switcher's target and the `hreflang` alternates), and French pages' own links kept
 * in French. The same routers answer both languages (app.ts mounts them twice); the API, feeds,
 * schemas, downloadable files and the workspace stay language-neutral and unprefixed.
 */
import { basename } from 'node:path';
import ejs from 'ejs';
import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { notFound } from '../../http/http-error.js';
import { readQuery } from '../params.js';
import { translate, type Values } from './catalogue.js';
import {
  inPage,
  inPageOf,
  isUntranslated,
  newPageLanguage,
  type Language,
  type PageLanguage,
} from './page-language.js';

export const FRENCH_PREFIX = '/fr';

/** Addresses that exist once for both languages: never prefixed with /fr. */
const NEUTRAL = /^\/(?:api\/|assets\/|feeds\/|schemas\/|downloads\/.|workspace|fr(?:\/|$)|\/)/;

/** The address of a path (with its query) in `language`. */
export function localizedPath(path: string, language: Language): string {
  if (language === 'en' || NEUTRAL.test(path)) return path;
  return path === '/' ? `${FRENCH_PREFIX}/` : `${FRENCH_PREFIX}${path}`;
}

/**
 * A French page's links and form actions to other pages, prefixed with /fr. Tags carrying
 * `hreflang` (the switcher and the alternates) point at a language on purpose and are left as
 * they are.
 */
export function frenchLinks(html: string): string {
  return html.replace(/<(?:a|form|link)\b[^>]*>/g, (tag) =>
    tag.includes('hreflang=')
      ? tag
      : tag.replace(
          /\b(href|action)="(\/[^"]*)"/g,
          (_whole, name: string, path: string) => `${name}="${localizedPath(path, 'fr')}"`,
        ),
  );
}

/**
 * The language's locals for the views, and the rest of the request run in that language.
 * `pathOf` gives the request's path and query without any language prefix.
 */
export function pageLanguageLocals(
  language: Language,
  baseUrl: (req: Request) => string,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // A French address no French route answered (a 404) keeps its French locals.
    if (res.locals.lang !== undefined) return next();
    const unprefixed = language === 'fr' ? req.url : req.originalUrl;
    const pathOnly = unprefixed.split('?')[0] || '/';
    if (language === 'fr' && NEUTRAL.test(pathOnly) && !pathOnly.startsWith('/fr'))
      throw notFound(`page ${FRENCH_PREFIX}${pathOnly} (it has one address for every language)`);
    const base = baseUrl(req);
    res.locals.lang = language;
    res.locals.t = (key: string, values?: Values) => translate(language, key, values);
    res.locals.untranslated = isUntranslated;
    // Read when the page is rendered, once the route has parsed the request: the page's own
    // address, never the request's spelling of it (a kept page is served to everyone asking
    // for it, whatever they typed).
    let pageAt: string | undefined;
    const address = () => (pageAt ??= pageAddress(req, pathOnly));
    onRender(res.locals, 'alternates', () => ({
      en: base + address(),
      fr: base + localizedPath(address(), 'fr'),
    }));
    onRender(res.locals, 'switchTo', () =>
      language === 'fr'
        ? { lang: 'en', href: address(), name: 'English' }
        : { lang: 'fr', href: localizedPath(address(), 'fr'), name: 'Français' },
    );
    if (language === 'fr') {
      res.locals.path = res.locals.path?.toString().replace(/^\/fr(?=\/|$)/, '') || '/';
      const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
      res.redirect = ((status: number | string, url?: string) => {
        const [code, target] = typeof status === 'number' ? [status, url!] : [302, status];
        redirect(code, target.startsWith('/') ? localizedPath(target, 'fr') : target);
      }) as Response['redirect'];
    }
    const page = newPageLanguage(language);
    res.locals.pageLanguage = page;
    inPage(page, next);
  };
}

/** A local computed when a view reads it (Express copies the locals when it renders). */
function onRender(locals: Record<string, unknown>, name: string, value: () => unknown): void {
  Object.defineProperty(locals, name, { get: value, enumerable: true, configurable: true });
}

/**
 * The address of the page a request is answered with, without language prefix: its route's
 * pattern with the parameters as the route reads them (country codes in capitals) and the query
 * parameters the route read, in that order — so `/COUNTRIES/se/2024/?utm_source=x` and
 * `/countries/SE/2024` name the same page, which the response cache keeps once. Without a route
 * (a page not found), the path as requested.
 */
function pageAddress(req: Request, requestedPath: string): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern !== 'string') return requestedPath;
  const params = req.params as Record<string, string | undefined>;
  const path = pattern.replace(/:(\w+)/g, (_whole, name: string) => {
    const value = params[name] ?? '';
    return encodeURIComponent(name === 'code' ? value.toUpperCase() : value);
  });
  return path + readQuery(req);
}

/**
 * A router for the pages both languages share (app.ts mounts it under `/fr` and unprefixed),
 * whose GET handlers each run in their request's page language. The middleware's scope does not
 * reach them when Express's router goes on after a pause: an asynchronous middleware (the
 * analysis rate limit) or its own `setImmediate` once a request has passed a hundred layers.
 */
export function localizedRouter(): Router {
  const router = Router();
  const get = router.get.bind(router) as (path: string, ...handlers: RequestHandler[]) => Router;
  router.get = ((path: string, ...handlers: RequestHandler[]) =>
    get(path, ...handlers.map(inRequestPage))) as Router['get'];
  return router;
}

function inRequestPage(handler: RequestHandler): RequestHandler {
  return (req, res, next) => inPageOf(res, () => handler(req, res, next));
}

type RenderCallback = (error: Error | null, html?: string) => void;

/**
 * The public views whose text is in the catalogues. A French page of any other view says that
 * its content is English and marks it `lang="en"` (views/partials/head.ejs) until it is
 * translated: add its name here once its strings are in both catalogues.
 */
export const TRANSLATED_VIEWS: ReadonlySet<string> = new Set([
  'about',
  'changes',
  'changes-hub',
  'compare',
  'countries',
  'downloads',
  'error',
  'instrument-change',
  'methodology',
  'profile',
  'ranking',
  'robustness',
  'rule-countries',
  'strand',
  'strands',
  'timeline',
  'what-if',
]);

/**
 * The app's EJS engine, with a French page's links kept in French (`frenchLinks`) and an
 * untranslated view's content marked as English.
 */
export function localizedEjs(
  path: string,
  options: object,
  callback: (error: unknown, html?: string) => void,
): void {
  const french = (options as { lang?: string }).lang === 'fr';
  const view = basename(path, '.ejs');
  const locals =
    french && !TRANSLATED_VIEWS.has(view) ? { ...options, pageUntranslated: true } : options;
  const done: RenderCallback = (error, html) =>
    callback(error, html !== undefined && french ? frenchLinks(html) : html);
  // A view may be rendered after its route awaited, or by the error handler: in the page's
  // language all the same (page-language.ts).
  const page = (options as { pageLanguage?: PageLanguage }).pageLanguage;
  inPage(page, () => ejs.renderFile(path, locals, done));
}
