/**
 * The JSON/CSV API under /api/v1, described by /api/openapi.json. Routes are registered without
 * a suffix: `.json` (and `.csv` where a CSV exists) is one rule for every path, in
 * api-format.ts. A response that used a parameter's default lists that parameter in `defaulted`.
 */
import express, { Router, type Request, type Response } from 'express';
import { answerMap } from '../../answers/vocabulary.js';
import { checkChanges, formatChangeList, simulate } from '../../analysis/what-if.js';
import { buildRobustness } from '../view-models/robustness.js';
import {
  labelText,
  type Questionnaire,
  type QuestionnaireNode,
} from '../../questionnaire/types.js';
import { questionIdOf } from '../../questionnaire/question-names.js';
import { effectiveWeights } from '../../scoring/effective-weights.js';
import { readingWeights } from '../../scoring/readings.js';
import { planFor } from '../../scoring/score-sheet.js';
import { readingInWords } from '../../questionnaire/in-words.js';
import { scoreRows, scoreRowsCsv } from '../../downloads/edition-files.js';
import { badParameter, HttpError, notFound } from '../../http/http-error.js';
import { issueAt } from '../../issues/issue.js';
import { countryParam, editionParam } from '../../http/params.js';
import {
  checkEditionOrder,
  countryIn,
  latestEdition,
  publishedEdition,
  query,
  revisionParam,
  robustnessParams,
  countryListParam,
  flagParam,
} from '../params.js';
import type { PublishedEdition } from '../../published/public-data.js';
import { buildChanges } from '../view-models/changes.js';
import { buildCompare, differingRows } from '../view-models/compare.js';
import { buildDiff } from '../view-models/diff.js';
import { buildProfile } from '../view-models/profile.js';
import { openApiDocument } from '../openapi.js';
import { representation } from '../api-format.js';
import {
  compareJson,
  diffPairJson,
  moveJson,
  profileJson,
  robustnessRowsJson,
} from '../api-numbers.js';
import { malformedUrl } from './malformed-url.js';
import { fromCache, snapshotOf, type PublicRouteDeps } from './route-deps.js';
import { methodNotAllowed } from './method-not-allowed.js';

export type ApiDeps = PublicRouteDeps;

const LEVELS = ['overall', 'strand', 'dimension', 'indicator', 'item'];

/** The robustness settings of the query string (params.ts `robustnessParams`), by name. */
const ROBUSTNESS_PARAMETERS = [
  'draws',
  'seed',
  'weight_range',
  'geometric_share',
  'levels',
  'leave_one_out',
  'sensitivity_samples',
  'by_country',
];

export function apiRoutes(deps: ApiDeps): Router {
  const { data, analysisLimit } = deps;
  const router = Router();
  const cached = fromCache.bind(null, deps);

  router.get('/openapi.json', (req, res) => {
    if (cached(req, res, [])) return;
    res.json(openApiDocument(deps.baseUrl(req), { defaultEdition: data.latestEditionId() }));
  });

  router.get('/v1/editions', (req, res) => {
    if (cached(req, res, [])) return;
    res.json({ editions: data.publishedEditions().map((e) => editionJson(data.edition(e.id)!)) });
  });

  router.get('/v1/countries', (req, res) => {
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

  /**
   * The edition a request names (`edition`, `revision`) or the default edition, and which of
   * the two the server filled in (reported as `defaulted` in the response). A revision without
   * an edition would mean a different thing whenever a new edition is published: refused.
   */
  const editionFromQuery = (req: Request, withRevision = true) => {
    const id = query(req, 'edition');
    const revisionText = withRevision ? query(req, 'revision') : undefined;
    if (id === undefined) {
      if (revisionText !== undefined)
        throw badParameter('revision', 'needs "edition" (a revision belongs to one edition)');
      return {
        edition: latestEdition(data),
        defaulted: withRevision ? ['edition', 'revision'] : ['edition'],
      };
    }
    const revision = revisionParam(revisionText);
    return {
      edition: publishedEdition(data, editionParam(id, 'edition'), revision),
      defaulted: withRevision && revision === undefined ? ['revision'] : [],
    };
  };

  router.get('/v1/questionnaire', (req, res) => {
    const { edition, defaulted } = editionFromQuery(req, false);
    if (cached(req, res, [...snapshotOf(edition), defaulted])) return;
    res.json({
      edition: edition.edition.id,
      defaulted,
      ...questionnaireJson(edition.questionnaire, edition.scoringHash),
    });
  });

  const sendScores = (
    req: Request,
    res: Response,
    { edition, defaulted }: { edition: PublishedEdition; defaulted: string[] },
  ) => {
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
    const { format, negotiated } = representation(req, res);
    const key = [
      ...snapshotOf(edition),
      defaulted,
      filter.country,
      node,
      level,
      format,
      negotiated,
    ];
    if (cached(req, res, key)) return;
    const rows = scoreRows(edition, filter);
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').send(scoreRowsCsv(rows, edition));
      return;
    }
    res.json({
      edition: edition.edition.id,
      revision: edition.snapshot.revision,
      defaulted,
      illustrative: edition.illustrative,
      questionnaire: edition.snapshot.scores.questionnaire,
      method: edition.snapshot.methodId,
      computed_at: edition.snapshot.scores.computed_at,
      rows,
    });
  };

  router.get('/v1/scores', (req, res) => sendScores(req, res, editionFromQuery(req)));
  router.get('/v1/editions/:edition/scores', (req, res) => {
    const revision = revisionParam(query(req, 'revision'));
    const edition = publishedEdition(data, editionParam(req.params.edition, 'edition'), revision);
    sendScores(req, res, { edition, defaulted: revision === undefined ? ['revision'] : [] });
  });

  router.get('/v1/countries/:code/:edition', (req, res) => {
    const code = countryParam(req.params.code, 'code');
    const revision = revisionParam(query(req, 'revision'));
    const edition = publishedEdition(data, editionParam(req.params.edition, 'edition'), revision);
    countryIn(edition, code);
    const defaulted = revision === undefined ? ['revision'] : [];
    if (cached(req, res, [code, ...snapshotOf(edition), defaulted])) return;
    const view = buildProfile(data, edition, code, deps.baseUrl(req), deps.now?.());
    res.json({ ...profileJson(data, edition, view), defaulted });
  });

  router.get('/v1/compare', analysisLimit, (req, res) => {
    const { edition, defaulted } = editionFromQuery(req);
    const codes = countryListParam(query(req, 'countries'), edition, query(req, 'against'));
    const only = query(req, 'only_differences');
    const onlyDifferences = flagParam(only === undefined ? [] : [only], 'only_differences');
    if (cached(req, res, [...snapshotOf(edition), defaulted, codes, onlyDifferences])) return;
    const view = buildCompare(data, edition, codes);
    const rows = onlyDifferences ? differingRows(view.rows) : view.rows;
    res.json({
      ...compareJson(edition, { ...view, rows }),
      // The revision compared, as diff, scores and robustness say it ("revision" may be defaulted).
      revision: edition.snapshot.revision,
      onlyDifferences,
      defaulted,
    });
  });

  router.get('/v1/diff', analysisLimit, (req, res) => {
    const { edition, defaulted } = editionFromQuery(req);
    const codes = countryListParam(query(req, 'countries'), edition);
    if (cached(req, res, [...snapshotOf(edition), defaulted, codes])) return;
    res.json({
      edition: edition.edition.id,
      revision: edition.snapshot.revision,
      defaulted,
      reference: codes[0],
      pairs: buildDiff(data, edition, codes).map(diffPairJson),
    });
  });

  router.post('/v1/simulate', analysisLimit, express.json({ limit: '64kb' }), (req, res) => {
    if (!req.is('application/json'))
      throw new HttpError(
        415,
        'unsupported-body',
        'send the body as JSON (Content-Type: application/json)',
      );
    const body = req.body as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw badParameter('body', 'must be a JSON object');
    const { country, edition: editionId, answers } = body as Record<string, unknown>;
    const code = countryParam(jsonText(country, 'country'), 'country');
    const edition = publishedEdition(data, editionParam(jsonText(editionId, 'edition'), 'edition'));
    countryIn(edition, code);
    if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
      throw badParameter('answers', 'must be an object of question id → answer id');
    }
    const changes = new Map<string, string>();
    for (const [id, answer] of Object.entries(answers)) {
      if (typeof answer !== 'string')
        throw badParameter(`answers.${id}`, 'must be an answer id (text)');
      changes.set(questionIdOf(edition.questionnaire, id), answer);
    }
    const problems = checkChanges(edition.questionnaire, changes);
    if (problems.length > 0) {
      throw new HttpError(
        400,
        'invalid-answers',
        problems.map((p) => p.message).join('; '),
        problems.map((p) =>
          issueAt({ file: null, path: ['answers', p.question] }, 'invalid-answer', p.message),
        ),
      );
    }
    const published = answerMap(edition.sheets.get(code)!);
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
    const chosen = editionFromQuery(req);
    const { edition } = chosen;
    const options = robustnessParams(req);
    const defaulted = [
      ...chosen.defaulted,
      ...ROBUSTNESS_PARAMETERS.filter((name) => (query(req, name) ?? '') === ''),
    ];
    if (cached(req, res, [...snapshotOf(edition), defaulted, options])) return;
    const view = buildRobustness(data, edition, options);
    res.json({
      edition: view.edition,
      revision: edition.snapshot.revision,
      defaulted,
      illustrative: view.illustrative,
      options: view.options,
      countries: robustnessRowsJson(view.rows),
      sensitivity: view.sensitivity,
    });
  });

  router.get('/v1/changes', analysisLimit, (req, res) => {
    const code = countryParam(query(req, 'country'), 'country');
    const before = publishedEdition(data, editionParam(query(req, 'from'), 'from'));
    const after = publishedEdition(data, editionParam(query(req, 'to'), 'to'));
    countryIn(before, code);
    countryIn(after, code);
    checkEditionOrder(data, before, after);
    if (cached(req, res, [code, ...snapshotOf(before), ...snapshotOf(after)])) return;
    const view = buildChanges(data, code, before, after);
    res.json({
      ...view,
      totals: view.totals.map(({ node, label, ...move }) => ({ node, label, ...moveJson(move) })),
    });
  });

  router.use(methodNotAllowed(router));
  router.use((req) => {
    throw notFound(`API resource ${req.baseUrl}${req.path}`);
  });
  router.use(malformedUrl);
  return router;
}

/** A text member of a JSON body: absent is undefined; any other type is a 400 saying so. */
function jsonText(value: unknown, name: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw badParameter(name, `must be text (a string in quotes), not ${JSON.stringify(value)}`);
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
  const plan = planFor(questionnaire);
  const node = (n: QuestionnaireNode): Record<string, unknown> => {
    const base = {
      id: n.id,
      code: n.code,
      level: n.level,
      kind: n.kind,
      label: labelText(n.label),
      weight: n.weight,
      // An indicator's facet, where its strand declares facets (readings read them).
      ...(n.facet === undefined ? {} : { facet: n.facet }),
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
        // An item of a table rule has no effective weight (null): its table's points are looked
        // up from the combination of answers; `looked_up` says what the item can do in it.
        effective_weight: { in_strand: w.inStrand, overall: w.inOverall },
        looked_up: w.lookedUp && {
          table: w.lookedUp.tableId,
          swing: w.lookedUp.swing,
          table_effective_weight: {
            in_strand: w.lookedUp.tableInStrand,
            overall: w.lookedUp.tableInOverall,
          },
        },
      };
    }
    if (n.kind === 'ref') return { ...base, ref: n.targetId };
    const table = n.table ? { table: n.table } : {};
    return { ...base, aggregation: n.aggregation, ...table, children: n.children.map(node) };
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
      // Facets and readings only where the strand declares them (scoring/readings.ts).
      ...(s.facets
        ? { facets: s.facets.map((f) => ({ id: f.id, label: labelText(f.label) })) }
        : {}),
      ...(s.readings
        ? {
            readings: readingWeights(plan, s.id).map(({ reading, indicators }) => ({
              id: reading.id,
              label: labelText(reading.label),
              guidance: labelText(reading.guidance),
              direction: reading.direction,
              facets: reading.facets,
              in_words: readingInWords(s, reading),
              effective_weights: indicators.map((w) => ({
                indicator: w.indicatorId,
                dimension: w.dimensionId,
                facet: w.facet,
                in_dimension: w.inDimension,
                in_strand: w.inStrand,
              })),
            })),
          }
        : {}),
    })),
  };
}
