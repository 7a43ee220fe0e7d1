/**
 * The JSON that `changes --format json` and `robustness --format json` write. The published layer
 * shapes its results for pages, with scores rounded into text ("57", "+1.3"); JSON is read by
 * programs (R, pandas, jq), so every number here is a number at full precision and the display
 * strings are left out. The names follow the published results'.
 */
import type { RobustnessResult } from '../../analysis/robustness.js';
import type { EditionChanges } from '../../published/changes.js';
import type { PublishedEdition } from '../../published/public-data.js';
import type { EditionRobustness } from '../../published/robustness.js';

/** `changes`: scores before and after, the change, and the points each changed answer moved. */
export function changesJson(
  view: EditionChanges,
  before: PublishedEdition,
  after: PublishedEdition,
) {
  const scoreIn = (edition: PublishedEdition, node: string) =>
    edition.scores.get(view.code)?.[node]?.score ?? null;
  return {
    code: view.code,
    name: view.name,
    from: view.from,
    to: view.to,
    comparable: view.comparable,
    illustrative: view.illustrative,
    method: view.method,
    totals: view.totals.map((total) => ({
      node: total.node,
      label: total.label,
      before: scoreIn(before, total.node),
      after: scoreIn(after, total.node),
      change: total.exact,
    })),
    rows: view.rows.map((row) => ({
      id: row.id,
      code: row.code,
      label: row.label,
      strand: row.strand,
      before: row.before,
      after: row.after,
      pointsOverall: row.pointsOverall,
      pointsStrand: row.pointsStrand,
      inForceSince: row.inForceSince,
      comment: row.comment,
      sourcesBefore: row.sourcesBefore,
      sourcesAfter: row.sourcesAfter,
    })),
  };
}

/** `robustness`: each country's ranks and scores, then the Sobol indices, as numbers. */
export function robustnessJson(view: EditionRobustness, result: RobustnessResult) {
  const numbers = new Map(result.countries.map((c) => [c.country, c]));
  const s = view.sensitivity;
  return {
    edition: view.edition,
    illustrative: view.illustrative,
    options: view.options,
    countries: view.rows.map((row) => {
      const c = numbers.get(row.code)!;
      return {
        code: row.code,
        name: row.name,
        publishedRank: c.publishedRank,
        medianRank: c.medianRank,
        rankLow: c.rankLow,
        rankHigh: c.rankHigh,
        score: c.publishedScore,
        medianScore: c.medianScore,
        scoreLow: c.scoreLow,
        scoreHigh: c.scoreHigh,
      };
    }),
    sensitivity: s && {
      samples: s.samples,
      runs: s.runs,
      output: s.output,
      meanShift: s.meanShift,
      variance: s.variance,
      strongest: s.strongest,
      indices: s.indices.map((index) => ({
        id: index.id,
        kind: index.kind,
        label: index.label,
        first: index.first,
        total: index.total,
        firstError: index.firstError,
        totalError: index.totalError,
      })),
      byCountry: s.byCountry.map((c) => ({
        code: c.code,
        name: c.name,
        rankVariance: c.rankVariance,
        first: c.first,
        total: c.total,
      })),
    },
  };
}
