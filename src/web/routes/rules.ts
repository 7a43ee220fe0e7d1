/**
 * Court-watch pages and their API: one rule's timeline in a country
 * (`/countries/{code}/rules/{question}`, JSON and CSV under /api/v1) and one rule in every
 * country of an edition (`/rules/{question}/{edition}`, JSON under /api/v1). Thin routes: parse,
 * look up published data, build the view model, render. Mounted before the API router, whose
 * last route answers every other /api path with 404.
 */
import type { Router, Request as ExpressRequest } from 'express';
import { localizedRouter } from '../i18n/localized-pages.js';
import { representation } from '../api-format.js';
import { badParameter, notFound } from '../../http/http-error.js';
import { countryParam, editionParam } from '../../http/params.js';
import type { CountryGroup } from '../../questionnaire/countries.js';
import { findQuestion } from '../../questionnaire/question-names.js';
import type { PublishedEdition } from '../../published/public-data.js';
import { publishedEdition, query } from '../params.js';
import { buildRuleCountries } from '../view-models/rule-countries.js';
import { editionsWith } from '../view-models/rule-changes.js';
import {
  axisDrawing,
  buildTimeline,
  questionIn,
  ruleCountriesHref,
  timelineCsv,
  timelineHref,
} from '../view-models/timeline.js';
import { malformedUrl } from './malformed-url.js';
import { fromCache, snapshotOf, type PublicRouteDeps } from './route-deps.js';
import { methodNotAllowed } from './method-not-allowed.js';

/** Path parameters as this router's paths name them. */
type Request = ExpressRequest<Record<string, string>>;

/** The questionnaire's id rule (questionnaire/raw-schema.ts), with a length limit. */
const QUESTION_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** An external code as the questionnaires write them: "25", "28a", "4.1". */
const QUESTION_CODE = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/;

/** A question's name from the path: its id or its external code (question-names.ts). */
function questionParam(value: string | undefined): string {
  if (value === undefined || value === '') throw badParameter('question', 'is required');
  if (value.length > 100 || !(QUESTION_ID.test(value) || QUESTION_CODE.test(value)))
    throw badParameter(
      'question',
      'must be a question id such as fr-partners or a code such as 25',
    );
  return value;
}

/**
 * The id of the question `name` names in these editions (newest first), or `name` itself when
 * none knows it, so the 404 that follows uses the person's words. Ids are tried in every edition
 * before codes: a name that is an id somewhere means that question (question-names.ts's rule).
 */
function questionIdIn(editions: readonly PublishedEdition[], name: string): string {
  if (questionIn(editions, name)) return name;
  for (const edition of [...editions].reverse()) {
    const question = findQuestion(edition.questionnaire, name);
    if (question) return question.id;
  }
  return name;
}

/** The query string of the request, "?…" or "" (kept when a code is redirected to the id). */
const queryString = (req: Request) => {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at);
};

export function ruleRoutes(deps: PublicRouteDeps): Router {
  const { data } = deps;
  const router = localizedRouter();
  const cached = fromCache.bind(null, deps);

  /** The country's published editions and the question, or 404 naming what is unknown. */
  const timelineInput = (req: Request) => {
    const code = countryParam(req.params.code, 'code');
    const name = questionParam(req.params.question);
    const editions = editionsWith(data, code);
    if (editions.length === 0) throw notFound(`country "${code}" in any published edition`);
    const question = questionIdIn(editions, name);
    if (!questionIn(editions, question))
      throw notFound(`question "${question}" in any published edition with country "${code}"`);
    return { code, name, question, editions };
  };
  const timeline = ({ code, question, editions }: ReturnType<typeof timelineInput>) =>
    buildTimeline(
      data,
      code,
      editions,
      question,
      data.legalEvents({ country: code, question }).map((e) => e.event),
    );

  router.get('/countries/:code/rules/:question', (req, res) => {
    const input = timelineInput(req);
    if (input.name !== input.question) {
      res.redirect(301, timelineHref(input.code, input.question) + queryString(req));
      return;
    }
    if (cached(req, res, [input.code, input.question])) return;
    const view = timeline(input);
    res.render('timeline', {
      title: `${view.name}: ${view.question.label}`,
      view,
      axis: axisDrawing(view.axis),
    });
  });

  // JSON or CSV; `.json` and `.csv` on the path are api-format.ts's one rule.
  router.get('/api/v1/countries/:code/rules/:question', (req, res) => {
    const input = timelineInput(req);
    const { code, question } = input;
    const { format, negotiated } = representation(req, res);
    if (cached(req, res, [code, question, format, negotiated])) return;
    if (format === 'json') {
      res.json(timeline(input));
      return;
    }
    res.type('text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="policy-index-${code}-${question}.csv"`,
    );
    res.send(timelineCsv(timeline(input)));
  });

  /** The edition, the question in it, and the group filter; 404 or 400 naming the problem. */
  const ruleInput = (req: Request) => {
    const name = questionParam(req.params.question);
    const edition = publishedEdition(data, editionParam(req.params.edition, 'edition'));
    const question = findQuestion(edition.questionnaire, name);
    if (!question) throw notFound(`question "${name}" in edition ${edition.edition.id}`);
    return { name, edition, question, group: groupParam(query(req, 'group')) };
  };
  const groupParam = (id: string | undefined): CountryGroup | null => {
    if (id === undefined || id === '') return null;
    const groups = data.groups();
    const group = groups.find((g) => g.id === id);
    if (!group) throw badParameter('group', `must be one of ${groups.map((g) => g.id).join(', ')}`);
    return group;
  };
  const ruleCountries = (input: ReturnType<typeof ruleInput>) =>
    buildRuleCountries(
      data,
      input.edition,
      input.question,
      input.group,
      data.legalEvents({ question: input.question.id }).map((e) => e.event),
    );

  router.get('/rules/:question/:edition', (req, res) => {
    const input = ruleInput(req);
    if (input.name !== input.question.id) {
      res.redirect(
        301,
        ruleCountriesHref(input.question.id, input.edition.edition.id) + queryString(req),
      );
      return;
    }
    const key = [input.question.id, ...snapshotOf(input.edition), input.group?.id ?? null];
    if (cached(req, res, key)) return;
    const view = ruleCountries(input);
    res.render('rule-countries', {
      title: `${view.question.label}: every country, ${view.edition}`,
      view,
    });
  });
  router.get('/api/v1/rules/:question/:edition', (req, res) => {
    const input = ruleInput(req);
    const key = [input.question.id, ...snapshotOf(input.edition), input.group?.id ?? null];
    if (cached(req, res, key)) return;
    res.json(ruleCountries(input));
  });

  router.use(methodNotAllowed(router));
  router.use(malformedUrl);
  return router;
}
