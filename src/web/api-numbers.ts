/**
 * Numbers in the API as numbers. The published results and view models carry scores rounded into
 * text for the pages ("57.3", "+1.25", "–"); a script reading the API (R, pandas, jq) needs the
 * numbers themselves at full precision. These functions give the API's form of those results:
 * every number under its own name, the page's display strings kept together under `shown`.
 */
import type { ScoreMove } from '../published/changes.js';
import type { EditionRobustness } from '../published/robustness.js';

/** A score's move as the pages show it: display strings, with its numbers beside them. */
interface ShownMove {
  before: string;
  after: string;
  change: string;
  values: ScoreMove;
}

/** `{before, after, change}` as numbers (null: no score), the rounded strings under `shown`. */
export function moveJson({ before, after, change, values }: ShownMove) {
  return { ...values, shown: { before, after, change } };
}

/** A diff pair (the diff endpoint's, and each of compare's `diffs`) with its gap as numbers. */
export function diffPairJson<T extends { gap: ShownMove }>(pair: T) {
  return { ...pair, gap: moveJson(pair.gap) };
}

/** The robustness rows: ranks, then the published score and its interval as numbers. */
export function robustnessRowsJson(rows: EditionRobustness['rows']) {
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    publishedRank: row.publishedRank,
    medianRank: row.medianRank,
    rankLow: row.rankLow,
    rankHigh: row.rankHigh,
    ...row.values,
    shown: { score: row.score, scoreLow: row.scoreLow, scoreHigh: row.scoreHigh },
  }));
}
