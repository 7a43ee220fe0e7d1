/**
 * What changed in a country between two published editions: every changed answer with before and
 * after, its sources, and the points it moved in the overall score and in its strand. Points are
 * Shapley contributions (`analysis/attribution.ts`): they add up exactly to each score's change,
 * also when a change makes follow-up questions apply or stop applying. The changes page, the API
 * and the `changes` command all show this one result.
 */
import type { AnswerEntry } from '../answers/types.js';
import { attributeDifference, questionPoints } from '../analysis/attribution.js';
import { labelText } from '../questionnaire/types.js';
import { answerMap, answerText } from '../answers/vocabulary.js';
import { planFor } from '../scoring/score-sheet.js';
import type { PublishedEdition, PublicData } from './public-data.js';
import { precise, signed } from './display.js';

/** A score before and after, at full precision, and the change (a missing score counts 0). */
export interface ScoreMove {
  before: number | null;
  after: number | null;
  change: number;
}

export interface ChangeRow {
  id: string;
  code: string;
  label: string;
  strand: string;
  before: string;
  after: string;
  sourcesBefore: AnswerEntry['sources'];
  sourcesAfter: AnswerEntry['sources'];
  inForceSince: string | null;
  comment: string | null;
  pointsOverall: number;
  pointsStrand: number;
  pointsOverallShown: string;
  pointsStrandShown: string;
}

export interface EditionChanges {
  code: string;
  name: string;
  from: string;
  to: string;
  comparable: boolean;
  illustrative: boolean;
  totals: {
    node: string;
    label: string;
    before: string;
    after: string;
    change: string;
    exact: number;
    /** The same scores at full precision (the strings above are for reading). */
    values: ScoreMove;
  }[];
  rows: ChangeRow[];
  /** `exact` (every order of the changes evaluated) or `sampled` (many random orders, fixed seed). */
  method: 'exact' | 'sampled' | null;
}

/**
 * The changes of `code` from `from` to `to` (both published editions that contain it). Editions
 * whose questionnaire versions score differently are not comparable: no rows, no points.
 */
export function editionChanges(
  data: PublicData,
  code: string,
  from: PublishedEdition,
  to: PublishedEdition,
): EditionChanges {
  const { questionnaire } = to;
  const comparable = data.comparable(from.edition.id, to.edition.id);
  const base = {
    code,
    name: data.countryNames().get(code) ?? code,
    from: from.edition.id,
    to: to.edition.id,
    comparable,
    illustrative: from.illustrative || to.illustrative,
  };
  if (!comparable) return { ...base, totals: [], rows: [], method: null };

  const beforeAnswers = from.sheets.get(code)!.answers;
  const afterAnswers = to.sheets.get(code)!.answers;
  const plan = planFor(questionnaire);
  const attribution = attributeDifference(
    plan,
    questionPoints(plan, answerMap({ answers: beforeAnswers })),
    questionPoints(plan, answerMap({ answers: afterAnswers })),
  );
  const nodeIndex = new Map(attribution.nodes.map((id, j) => [id, j]));
  const points = (q: number, node: string) => {
    const p = attribution.players.indexOf(q);
    return p < 0 ? 0 : (attribution.contributions[p]![nodeIndex.get(node)!] ?? 0);
  };

  const rows: ChangeRow[] = [];
  questionnaire.questions.forEach((question, q) => {
    const was = beforeAnswers[question.id];
    const is = afterAnswers[question.id];
    if ((was?.answer ?? null) === (is?.answer ?? null)) return;
    const pointsOverall = points(q, 'overall');
    const pointsStrand = points(q, question.strandId!);
    rows.push({
      id: question.id,
      code: question.code ?? '',
      label: labelText(question.label),
      strand: labelText(questionnaire.nodes.get(question.strandId!)!.label),
      before: answerText(question, was?.answer),
      after: answerText(question, is?.answer),
      sourcesBefore: was?.sources ?? [],
      sourcesAfter: is?.sources ?? [],
      inForceSince: is?.inForceSince ?? null,
      comment: is?.comment ?? null,
      pointsOverall,
      pointsStrand,
      pointsOverallShown: signed(pointsOverall),
      pointsStrandShown: signed(pointsStrand),
    });
  });
  return {
    ...base,
    totals: ['overall', ...questionnaire.strands.map((s) => s.id)].map((node) => {
      const j = nodeIndex.get(node)!;
      const a = attribution.before[j] ?? null;
      const b = attribution.after[j] ?? null;
      const exact = (b ?? 0) - (a ?? 0);
      return {
        node,
        label: node === 'overall' ? 'Overall' : labelText(questionnaire.nodes.get(node)!.label),
        // Written beside the change: to its two decimals, so the three add up (display.precise).
        before: precise(a),
        after: precise(b),
        change: signed(exact),
        exact,
        values: { before: a, after: b, change: exact },
      };
    }),
    rows,
    method: attribution.method,
  };
}
