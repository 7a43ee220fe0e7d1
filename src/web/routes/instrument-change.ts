/**
 * `GET /countries/{C}/instrument-change?from=E1&to=E2` (page) and
 * `GET /api/v1/countries/{C}/instrument-change?from=E1&to=E2` (JSON): the split of a score
 * difference between editions of two questionnaires. Mounted before the page routes, whose
 * `/countries/:code/:edition` would otherwise take "instrument-change" for an edition.
 */
import type { Router, Request } from 'express';
import { localizedRouter } from '../i18n/localized-pages.js';
import { countryParam, editionParam } from '../../http/params.js';
import { countryIn, publishedEdition, query } from '../params.js';
import { buildInstrumentChange } from '../view-models/instrument-change.js';
import { fromCache, snapshotOf, type PublicRouteDeps } from './route-deps.js';
import { methodNotAllowed } from './method-not-allowed.js';

export interface InstrumentChangeDeps extends PublicRouteDeps {
  /** The folder whose crosswalks/ folder holds the crosswalks (the shipped questionnaire's). */
  questionnaireDir: string;
}

export function instrumentChangeRoutes(deps: InstrumentChangeDeps): Router {
  const { data, analysisLimit } = deps;
  const router = localizedRouter();
  const cached = fromCache.bind(null, deps);

  const viewFor = (req: Request<Record<string, string>>) => {
    const code = countryParam(req.params.code, 'code');
    const before = publishedEdition(data, editionParam(query(req, 'from'), 'from'));
    const after = publishedEdition(data, editionParam(query(req, 'to'), 'to'));
    countryIn(before, code);
    countryIn(after, code);
    const key = [code, ...snapshotOf(before), ...snapshotOf(after)];
    return {
      key,
      build: () => buildInstrumentChange(data, code, before, after, deps.questionnaireDir),
    };
  };

  router.get('/countries/:code/instrument-change', analysisLimit, (req, res) => {
    const { key, build } = viewFor(req);
    if (cached(req, res, key)) return;
    const view = build();
    res.render('instrument-change', {
      title: `${view.name}: ${view.from.edition}–${view.to.edition} across instruments`,
      view,
    });
  });

  router.get('/api/v1/countries/:code/instrument-change', analysisLimit, (req, res) => {
    const { key, build } = viewFor(req);
    if (cached(req, res, key)) return;
    res.json(build());
  });
  router.use(methodNotAllowed(router));
  return router;
}
