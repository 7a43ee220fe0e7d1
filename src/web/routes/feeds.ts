/**
 * Atom feeds (RFC 4287) of published changes — site-wide, per country, per strand — and of
 * published legal events, under /feeds. Served as application/atom+xml and cached like pages.
 */
import { Router, type Request, type Response } from 'express';
import { notFound } from '../../http/http-error.js';
import { countryParam } from '../../http/params.js';
import { ATOM_TYPE, atomDocument, type AtomFeed } from '../atom.js';
import {
  changesFeed,
  feedPaths,
  feedStrand,
  legalEventsFeed,
  type FeedSite,
} from '../view-models/feeds.js';
import { editionsWith } from '../view-models/rule-changes.js';
import { malformedUrl } from './malformed-url.js';
import { fromCache, type PublicRouteDeps } from './route-deps.js';
import { methodNotAllowed } from './method-not-allowed.js';

export function feedRoutes(deps: PublicRouteDeps): Router {
  const { data } = deps;
  const router = Router();
  const cached = fromCache.bind(null, deps);

  /** Ids need a host even when the public address is unknown (a static export without one). */
  const site = (req: Request): FeedSite => {
    const baseUrl = deps.baseUrl(req);
    let authority = req.hostname || 'localhost';
    if (baseUrl !== '') authority = new URL(baseUrl).hostname;
    return { baseUrl, authority };
  };
  const send = (res: Response, feed: AtomFeed) => {
    res.type(`${ATOM_TYPE}; charset=utf-8`).send(atomDocument(feed));
  };

  router.get(feedPaths.changes, (req, res) => {
    const at = site(req);
    if (cached(req, res, [at.authority])) return;
    send(res, changesFeed(data, at, { kind: 'site' }));
  });

  router.get('/feeds/countries/:code.atom', (req, res) => {
    const code = countryParam(req.params.code, 'code');
    if (editionsWith(data, code).length === 0)
      throw notFound(`country "${code}" in any published edition`);
    const at = site(req);
    if (cached(req, res, [at.authority, code])) return;
    send(res, changesFeed(data, at, { kind: 'country', code }));
  });

  router.get('/feeds/strands/:strand.atom', (req, res) => {
    const strand = feedStrand(data, req.params.strand);
    if (!strand)
      throw notFound(`strand "${req.params.strand}" in the questionnaire of any published edition`);
    const at = site(req);
    if (cached(req, res, [at.authority, strand.strand.id])) return;
    send(res, changesFeed(data, at, { kind: 'strand', strand }));
  });

  router.get(feedPaths.legalEvents, (req, res) => {
    const at = site(req);
    if (cached(req, res, [at.authority])) return;
    send(res, legalEventsFeed(data, at, data.legalEvents()));
  });

  router.use(methodNotAllowed(router));
  router.use(malformedUrl);
  return router;
}
