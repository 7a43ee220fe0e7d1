/** The JSON/CSV API under /api/v1, described by /api/openapi.json. */
import express, { Router, type Request, type Response } from 'express';
import { checkChanges, formatChangeList, simulate } from '../../analysis/what-if.js';
import { buildRobustness } from '../view-models/robustness.js';
import {
  labelText,
  type Questionnaire,
  type QuestionnaireNode,
} from '../../questionnaire/types.js';
import { effectiveWeights } from '../../scoring/effective-weights.js';
import { scoreRows, scoreRowsCsv } from '../datasets.js';
import { badParameter, HttpError, notFound } from '../../http/http-error.js';
import { countryParam, editionParam } from '../../http/params.js';
import {
  countryIn,
  latestEdition,
  publishedEdition,
  query,
  revisionParam,
  robustnessParams,
  countryListParam,
} from '../params.js';
import type { PublishedEdition } from '../../published/public-data.js';
import { buildChanges } from '../view-models/changes.js';
import { buildCompare } from '../view-models/compare.js';
import { buildDiff } from '../view-models/diff.js';
import { buildProfile } from '../view-models/profile.js';
import { openApiDocument } from '../openapi.js';
import { malformedUrl } from './malformed-url.js';
import { fromCache, snapshotOf, type PublicRouteDeps } from './route-deps.js';

export type ApiDeps = PublicRouteDeps;

const LEVELS = ['overall', 'strand', 'dimension', 'indicator', 'item'];

export function apiRoutes(deps: ApiDeps): Router {
  const { data, analysisLimit } = deps;
  const router = Router();
  const cached = fromCache.bind(null, deps);

  router.get('/openapi.json', (req, res) => {
    if (cached(req, res, [])) return;
    res.json(openApiDocument(deps.baseUrl(req)));
  });

  router.get(['/v1/editions', '/v1/editions.json'], (req, res) => {
    if (cached(req, res, [])) return;
    res.json({ editions: data.publishedEditions().map((e) => editionJson(data.edition(e.id)!)) });
  });

  router.get(['/v1/countries', '/v1/countries.json'], (req, res) => {
    if (cached(req, res, [])) return;
    const registry = data.countryRegistry();
    const published = data.publishedEditions().map((e) => data.edition(e.id)!);
    res.json({
      countries: registry.countries.map((c) => ({
        code: c.code,
        name: c.name,
        editions: published.filter((e) => e.scores.has(c.code)).map((e) => e.edition.id),
      })),
      groups: registry.groups.map((g) => ({
        id: g.id,
        label: g.label,
        description: g.description,
        members: g.members,
      })),
      aliases: Object.fromEntries(registry.aliases),
    });
  });

  router.get(['/v1/questionnaire', '/v1/questionnaire.json'], (req, res) => {
    const editionId = query(req, 'edition');
    const edition =
      editionId === undefined
        ? latestEdition(data)
        : publishedEdition(data, editionParam(editionId, 'edition'));
    if (cached(req, res, snapshotOf(edition))) return;
    res.json(questionnaireJson(edition.questionnaire, edition.scoringHash));
  });

  const sendScores = (req: Request, res: Response, edition: PublishedEdition, csv: boolean) => {
    const country = query(req, 'country');
    const node = query(req, 'node');
    const level = query(req, 'level');
    if (level !== undefined && !LEVELS.includes(level))
      throw badParameter('level', `must be one of ${LEVELS.join(', ')}`);
    if (node !== undefined && !edition.questionnaire.nodes.has(node))
      throw notFound(`node "${node}"`);
    const filter = {
      country:
        country === undefined ? undefined : countryIn(edition, countryParam(country, 'country')),
      node,
      level,
    };
    if (cached(req, res, [...snapshotOf(edition), filter.country, node, level, csv])) return;
    const rows = scoreRows(edition, filter);
    if (csv) {
      res.type('text/csv; charset=utf-8').send(scoreRowsCsv(rows));
      return;
    }
    res.json({
      edition: edition.edition.id,
      revision: edition.snapshot.revision,
      illustrative: edition.illustrative,
      questionnaire: edition.snapshot.scores.questionnaire,
      method: edition.snapshot.methodId,
      computed_at: edition.snapshot.scores.computed_at,
      rows,
    });
  };
  const wantsCsv = (req: Request) => {
    const format = query(req, 'format');
    if (format !== undefined && format !== 'json' && format !== 'csv')
      throw badParameter('format', 'must be json or csv');
    return (
      format === 'csv' ||
      (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv')
    );
  };
  const editionFromQuery = (req: Request) => {
    const id = query(req, 'edition');
    return id === undefined
      ? latestEdition(data)
      : publishedEdition(data, editionParam(id, 'edition'), revisionParam(query(req, 'revision')));
  };

  router.get('/v1/scores', (req, res) => {
    // JSON or CSV by the Accept header: shared caches must keep them apart.
    res.vary('Accept');
    sendScores(req, res, editionFromQuery(req), wantsCsv(req));
  });
  router.get('/v1/scores.csv', (req, res) => sendScores(req, res, editionFromQuery(req), true));
  router.get('/v1/scores.json', (req, res) => sendScores(req, res, editionFromQuery(req), false));
  router.get('/v1/editions/:edition/scores.json', (req, res) =>
    sendScores(
      req,
      res,
      publishedEdition(data, editionParam(req.params.edition, 'edition')),
      false,
    ),
  );
  router.get('/v1/editions/:edition/scores.csv', (req, res) =>
    sendScores(req, res, publishedEdition(data, editionParam(req.params.edition, 'edition')), true),
  );

  router.get('/v1/countries/:code/:edition', (req, res) => {
    const code = countryParam(req.params.code, 'code');
    const edition = publishedEdition(
      data,
      editionParam(req.params.edition, 'edition'),
      revisionParam(query(req, 'revision')),
    );
    countryIn(edition, code);
    if (cached(req, res, [code, ...snapshotOf(edition)])) return;
    res.json(buildProfile(data, edition, code, deps.baseUrl(req)));
  });

  router.get('/v1/compare', analysisLimit, (req, res) => {
    const edition = editionFromQuery(req);
    const codes = countryListParam(query(req, 'countries'), edition);
    if (cached(req, res, [...snapshotOf(edition), codes])) return;
    res.json(buildCompare(data, edition, codes));
  });

  router.get('/v1/diff', analysisLimit, (req, res) => {
    const edition = editionFromQuery(req);
    const codes = countryListParam(query(req, 'countries'), edition);
    if (cached(req, res, [...snapshotOf(edition), codes])) return;
    res.json({
      edition: edition.edition.id,
      reference: codes[0],
      pairs: buildDiff(data, edition, codes),
    });
  });

  router.post('/v1/simulate', analysisLimit, express.json({ limit: '64kb' }), (req, res) => {
    const body = req.body as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw badParameter('body', 'must be a JSON object');
    const { country, edition: editionId, answers } = body as Record<string, unknown>;
    const code = countryParam(typeof country === 'string' ? country : undefined, 'country');
    const edition = publishedEdition(
      data,
      editionParam(typeof editionId === 'string' ? editionId : undefined, 'edition'),
    );
    countryIn(edition, code);
    if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
      throw badParameter('answers', 'must be an object of question id → answer id');
    }
    const changes = new Map<string, string>();
    for (const [id, answer] of Object.entries(answers)) {
      if (typeof answer !== 'string')
        throw badParameter(`answers.${id}`, 'must be an answer id (text)');
      changes.set(id, answer);
    }
    const problems = checkChanges(edition.questionnaire, changes);
    if (problems.length > 0) {
      throw new HttpError(
        400,
        'invalid-answers',
        problems.map((p) => p.message).join('; '),
        problems.map((p) => ({
          severity: 'error',
          code: 'invalid-answer',
          message: p.message,
          file: null,
          path: ['answers', p.question],
          line: 0,
          column: 0,
        })),
      );
    }
    const published = new Map(
      Object.entries(edition.sheets.get(code)!.answers).map(([id, e]) => [id, e.answer]),
    );
    const result = simulate(edition.questionnaire, code, published, changes, edition.scores);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      country: code,
      edition: edition.edition.id,
      revision: edition.snapshot.revision,
      method: edition.snapshot.methodId,
      applied: result.applied,
      ranks: result.ranks,
      before: result.before,
      after: result.after,
      share: `/countries/${code}/${edition.edition.id}/what-if${result.applied.length > 0 ? `?set=${encodeURIComponent(formatChangeList(result.applied))}` : ''}`,
    });
  });

  router.get('/v1/robustness', analysisLimit, (req, res) => {
    const edition = editionFromQuery(req);
    const options = robustnessParams(req);
    if (cached(req, res, [...snapshotOf(edition), options])) return;
    const view = buildRobustness(data, edition, options);
    res.json({
      edition: view.edition,
      illustrative: view.illustrative,
      options: view.options,
      countries: view.rows,
      sensitivity: view.sensitivity,
    });
  });

  router.get('/v1/changes', analysisLimit, (req, res) => {
    const code = countryParam(query(req, 'country'), 'country');
    const before = publishedEdition(data, editionParam(query(req, 'from'), 'from'));
    const after = publishedEdition(data, editionParam(query(req, 'to'), 'to'));
    countryIn(before, code);
    countryIn(after, code);
    if (cached(req, res, [code, ...snapshotOf(before), ...snapshotOf(after)])) return;
    res.json(buildChanges(data, code, before, after));
  });

  router.use((req) => {
    throw notFound(`API resource ${req.path}`);
  });
  router.use(malformedUrl);
  return router;
}

export function editionJson(edition: PublishedEdition) {
  const id = edition.edition.id;
  return {
    id,
    reference_date: edition.edition.reference_date,
    illustrative: edition.illustrative,
    // A partial edition lacks countries it was expected to have; it is never the default edition.
    partial: edition.partial,
    questionnaire: { ...edition.snapshot.scores.questionnaire },
    countries: edition.countries,
    latest_revision: edition.snapshot.revision,
    revisions: edition.revisions.map((r) => ({
      revision: r.revision,
      published_at: r.publishedAt,
      note: r.note,
      countries: r.countries,
      partial: r.partial,
    })),
    links: {
      ranking: `/editions/${id}`,
      scores_json: `/api/v1/editions/${id}/scores.json`,
      scores_csv: `/api/v1/editions/${id}/scores.csv`,
    },
  };
}

export function questionnaireJson(questionnaire: Questionnaire, scoringHash: string) {
  const weights = new Map(effectiveWeights(questionnaire).map((w) => [w.questionId, w]));
  const node = (n: QuestionnaireNode): Record<string, unknown> => {
    const base = {
      id: n.id,
      code: n.code,
      level: n.level,
      kind: n.kind,
      label: labelText(n.label),
      weight: n.weight,
    };
    if (n.kind === 'question') {
      const w = weights.get(n.id)!;
      return {
        ...base,
        guidance: labelText(n.guidance),
        sources_guidance: labelText(n.sourcesGuidance),
        options: n.options.map((o) => ({ id: o.id, label: labelText(o.label), score: o.score })),
        not_applicable_allowed: n.notApplicableAllowed,
        applies_if: n.appliesIf?.source ?? null,
        effective_weight: { in_strand: w.inStrand, overall: w.inOverall },
      };
    }
    if (n.kind === 'ref') return { ...base, ref: n.targetId };
    return { ...base, aggregation: n.aggregation, children: n.children.map(node) };
  };
  return {
    id: questionnaire.id,
    version: questionnaire.version,
    hash: questionnaire.hash,
    scoring_hash: scoringHash,
    display_decimals: questionnaire.displayDecimals,
    bands: questionnaire.bands.map((b) => ({
      id: b.id,
      label: labelText(b.label),
      min: b.min,
      max: b.max,
    })),
    strands: questionnaire.strands.map((s) => ({
      ...node(s),
      cross_cutting: s.crossCutting,
      counted_in_overall: s.countInOverall,
    })),
  };
}
