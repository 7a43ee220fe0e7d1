/**
 * Court-watch pages and their API: one rule's timeline in a country
 * (`/countries/{code}/rules/{question}`, JSON and CSV under /api/v1) and one rule in every
 * country of an edition (`/rules/{question}/{edition}`, JSON under /api/v1). Thin routes: parse,
 * look up published data, build the view model, render. Mounted before the API router, whose
 * last route answers every other /api path with 404.
 */
import { Router, type Request as ExpressRequest } from 'express';
import { representation } from '../api-format.js';
import { badParameter, notFound } from '../../http/http-error.js';
import { countryParam, editionParam } from '../../http/params.js';
import type { CountryGroup } from '../../questionnaire/countries.js';
import type { QuestionNode } from '../../questionnaire/types.js';
import { publishedEdition, query } from '../params.js';
import { buildRuleCountries } from '../view-models/rule-countries.js';
import { editionsWith } from '../view-models/rule-changes.js';
import { axisDrawing, buildTimeline, questionIn, timelineCsv } from '../view-models/timeline.js';
import { malformedUrl } from './malformed-url.js';
import { fromCache, snapshotOf, type PublicRouteDeps } from './route-deps.js';

/** Path parameters as this router's paths name them. */
type Request = ExpressRequest<Record<string, string>>;

/** The questionnaire's id rule (questionnaire/raw-schema.ts), with a length limit. */
const QUESTION_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function questionParam(value: string | undefined): string {
  if (value === undefined || value === '') throw badParameter('question', 'is required');
  if (value.length > 100 || !QUESTION_ID.test(value))
    throw badParameter('question', 'must be a question id such as fr-partners');
  return value;
}

export function ruleRoutes(deps: PublicRouteDeps): Router {
  const { data } = deps;
  const router = Router();
  const cached = fromCache.bind(null, deps);

  /** The country's published editions and the question, or 404 naming what is unknown. */
  const timelineInput = (req: Request) => {
    const code = countryParam(req.params.code, 'code');
    const question = questionParam(req.params.question);
    const editions = editionsWith(data, code);
    if (editions.length === 0) throw notFound(`country "${code}" in any published edition`);
    if (!questionIn(editions, question))
      throw notFound(`question "${question}" in any published edition with country "${code}"`);
    return { code, question, editions };
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
    const questionId = questionParam(req.params.question);
    const edition = publishedEdition(data, editionParam(req.params.edition, 'edition'));
    const node = edition.questionnaire.nodes.get(questionId);
    if (node?.kind !== 'question')
      throw notFound(`question "${questionId}" in edition ${edition.edition.id}`);
    return { edition, question: node as QuestionNode, group: groupParam(query(req, 'group')) };
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

  router.use(malformedUrl);
  return router;
}
