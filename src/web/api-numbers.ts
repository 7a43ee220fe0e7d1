/**
 * Numbers in the API as numbers. The published results and view models carry scores rounded into
 * text for the pages ("57.3", "+1.25", "–"); a script reading the API (R, pandas, jq) needs the
 * numbers themselves at full precision. These functions give the API's form of those results:
 * every number under its own name, the page's display strings kept together under `shown`.
 */
import type { ScoreMove } from '../published/changes.js';
import type { EditionRobustness } from '../published/robustness.js';
import type { PublicData, PublishedEdition } from '../published/public-data.js';
import { answerScore } from '../answers/vocabulary.js';
import type { CompareView } from './view-models/compare.js';
import type { ProfileView } from './view-models/profile.js';

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

/**
 * A country profile as the API gives it. The page's profile writes ranks ("4 of 8"), points,
 * group averages and the change since the previous edition as text; here each is a number
 * (`rank` and `rankOf`, `points`, `overall`/`strands`, `before`/`delta`; null where there is
 * none), with the page's text beside it in the field of the same name ending in `Shown`.
 */
export function profileJson(data: PublicData, edition: PublishedEdition, view: ProfileView) {
  const { code } = view;
  const score = (scores: PublishedEdition['scores'] | undefined, node: string) =>
    scores?.get(code)?.[node]?.score ?? null;
  const previous = data.previousComparable(edition.edition.id);
  const earlier = previous ? data.edition(previous.edition) : null;
  const withRank = <T extends { rank: string; change: ProfileView['overall']['change'] }>(
    node: string,
    shown: T,
  ) => {
    const entry = edition.ranks.get(node)?.get(code);
    const { rank, change, ...rest } = shown;
    return {
      ...rest,
      rank: entry?.rank ?? null,
      rankOf: entry?.rank == null ? null : entry.of,
      rankShown: rank,
      change: change && {
        from: change.from,
        comparable: change.comparable,
        before: score(earlier?.scores, node),
        beforeShown: change.before,
        delta:
          change.delta === null
            ? null
            : score(edition.scores, node)! - score(earlier?.scores, node)!,
        deltaShown: change.delta,
      },
    };
  };
  const questionPoints = (row: ProfileView['strands'][number]['questions'][number]) => {
    const node = edition.questionnaire.nodes.get(row.id);
    if (row.kind === 'group' || node?.kind !== 'question') return score(edition.scores, row.id);
    return answerScore(node, row.answerId ?? undefined);
  };
  const averages = new Map(edition.groupAverages.map((g) => [g.group.id, g.averages]));
  return {
    ...view,
    overall: withRank('overall', view.overall),
    strands: view.strands.map((strand) => ({
      ...withRank(strand.id, strand),
      questions: strand.questions.map((row) => ({
        ...row,
        points: questionPoints(row),
        pointsShown: row.points,
      })),
    })),
    groups: view.groups.map((group) => ({
      ...group,
      overall: averages.get(group.id)?.get('overall') ?? null,
      overallShown: group.overall,
      strands: edition.questionnaire.strands.map((s) => averages.get(group.id)?.get(s.id) ?? null),
      strandsShown: group.strands,
    })),
  };
}

/**
 * A comparison as the API gives it: each cell's `points` is a number (a score row's score, a
 * question row's points; null for none), the page's text beside it in `pointsShown`, and every
 * diff pair's gap as numbers.
 */
export function compareJson(edition: PublishedEdition, view: CompareView) {
  const value = (row: CompareView['rows'][number], code: string): number | null => {
    if (row.kind === 'score') return edition.scores.get(code)?.[row.id]?.score ?? null;
    const node = edition.questionnaire.nodes.get(row.id);
    const answer = edition.sheets.get(code)?.answers[row.id]?.answer;
    return node?.kind === 'question' ? answerScore(node, answer) : null;
  };
  return {
    ...view,
    rows: view.rows.map((row) => ({
      ...row,
      cells: row.cells.map((cell, i) => ({
        ...cell,
        points: value(row, view.countries[i]!.code),
        pointsShown: cell.points,
      })),
    })),
    diffs: view.diffs.map(diffPairJson),
  };
}
