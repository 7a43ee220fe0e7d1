/**
 * The hubs of the public site: the countries index with its search (`/countries`), the strands
 * index (`/strands`), the changes hub (`/changes`, and its JSON at `/api/v1/changes` when no
 * country is named), robustness without an edition (`/robustness`, to the default edition's) and
 * the About page with the glossary (`/about`). Thin routes: parse, build the view model, render.
 * Mounted before the API router, whose `/v1/changes` answers for one country.
 *
 * Bad input on a page with a form (a search too long, editions unknown or not comparable) comes
 * back as that page with its form and the reason (a `FormError`), never as a bare error page.
 */
import type { Router, Request } from 'express';
import { localizedRouter } from '../i18n/localized-pages.js';
import { badParameter, FormError, HttpError } from '../../http/http-error.js';
import { latestEdition, query } from '../params.js';
import { buildAbout } from '../view-models/about.js';
import {
  buildChangesHub,
  choosePair,
  comparablePairs,
  sortKeys,
  type ChangesHubView,
} from '../view-models/changes-hub.js';
import { buildCountries, MAX_SEARCH_LENGTH } from '../view-models/countries.js';
import { buildStrandsIndex } from '../view-models/strands-index.js';
import { fromCache, snapshotOf, type PublicRouteDeps } from './route-deps.js';
import { moveJson } from '../api-numbers.js';
import { methodNotAllowed } from './method-not-allowed.js';

export function hubRoutes(deps: PublicRouteDeps): Router {
  const { data, analysisLimit } = deps;
  const router = localizedRouter();
  const cached = fromCache.bind(null, deps);
  /** Every published snapshot: the hubs read all editions. */
  const everything = () => data.publishedEditions().flatMap((e) => snapshotOf(data.edition(e.id)!));

  router.get('/countries', (req, res) => {
    // Control characters (NUL, escapes) match no name: dropped, never echoed into the page.
    const q = (query(req, 'q') ?? '').replace(/\p{Cc}/gu, '');
    if (q.length > MAX_SEARCH_LENGTH) {
      const view = { ...buildCountries(data, ''), q: q.slice(0, MAX_SEARCH_LENGTH), rows: [] };
      throw new FormError(
        400,
        'invalid-parameter',
        `parameter "q" must be at most ${MAX_SEARCH_LENGTH} characters`,
        [],
        'countries',
        {
          title: 'Countries',
          view,
          error: `The search is too long: at most ${MAX_SEARCH_LENGTH} characters.`,
        },
      );
    }
    if (cached(req, res, [...everything(), q])) return;
    res.render('countries', {
      title: q === '' ? 'Countries' : `Countries matching “${q}”`,
      view: buildCountries(data, q),
      error: null,
    });
  });

  router.get('/strands', (req, res) => {
    if (cached(req, res, everything())) return;
    res.render('strands', { title: 'Strands', view: buildStrandsIndex(data) });
  });

  router.get('/about', (req, res) => {
    if (cached(req, res, everything())) return;
    res.render('about', { title: 'About', view: buildAbout(data) });
  });

  router.get('/robustness', (_req, res) => {
    res.redirect(302, `/robustness/${latestEdition(data).edition.id}`);
  });

  /** The hub for the request's `from`, `to` and `sort`; null when no two editions compare. */
  const hub = (req: Request): ChangesHubView | null => {
    const pair = choosePair(data, query(req, 'from'), query(req, 'to'));
    if (pair === null) return null;
    const sort = query(req, 'sort') ?? 'overall';
    const keys = sortKeys(pair.to);
    if (!keys.includes(sort)) throw badParameter('sort', `must be one of ${keys.join(', ')}`);
    return buildChangesHub(data, pair.from, pair.to, sort);
  };

  router.get('/changes', (req, res) => {
    let view: ChangesHubView | null;
    try {
      view = hub(req);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      // The form again, with what was asked and why it cannot be shown.
      throw new FormError(error.status, error.code, error.message, error.issues, 'changes-hub', {
        title: 'Changes between editions',
        view: null,
        pairs: hubPairs(),
        asked: { from: query(req, 'from') ?? '', to: query(req, 'to') ?? '' },
        error: error.message.charAt(0).toUpperCase() + error.message.slice(1),
      });
    }
    if (cached(req, res, [...everything(), view?.from, view?.to, view?.sort])) return;
    res.render('changes-hub', {
      title: view ? `Changes ${view.from}–${view.to}` : 'Changes between editions',
      view,
      pairs: hubPairs(),
      asked: { from: view?.from ?? '', to: view?.to ?? '' },
      error: null,
    });
  });
  const hubPairs = () => ({
    editions: data.publishedEditions().map((e) => e.id),
    comparable: comparablePairs(data),
  });

  // The same for scripts: without `country`, every country (with it, the API router answers).
  // The country's check comes before the rate limit, so that a request is counted once.
  router.get(
    '/api/v1/changes',
    (req, _res, next) => next(query(req, 'country') === undefined ? undefined : 'route'),
    analysisLimit,
    (req, res) => {
      const view = hub(req);
      if (view === null)
        throw new HttpError(404, 'not-found', 'two comparable published editions not found');
      const defaulted = ['from', 'to', 'sort'].filter((name) => (query(req, name) ?? '') === '');
      if (cached(req, res, [...everything(), view.from, view.to, view.sort, defaulted])) return;
      res.json(changesHubJson(view, defaulted));
    },
  );

  router.use(methodNotAllowed(router));
  return router;
}

/** The hub as the API gives it: the rows and pairs, without the page's sort links. */
export function changesHubJson(view: ChangesHubView, defaulted: string[]) {
  return {
    from: view.from,
    to: view.to,
    sort: view.sort,
    defaulted,
    illustrative: view.illustrative,
    countries: view.rows.map(({ changedAnswers, overall, strands, ...row }) => ({
      ...row,
      overall: { node: overall.node, ...moveJson(overall) },
      strands: strands.map((move) => ({ node: move.node, ...moveJson(move) })),
      changed_answers: changedAnswers,
    })),
    not_in_both: view.notInBoth,
    pairs: view.pairs.map(({ from, to }) => ({ from, to })),
  };
}
