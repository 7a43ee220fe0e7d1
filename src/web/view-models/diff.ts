/**
 * Rule differences between countries of one edition: the questions on which their rules differ
 * and the points each difference is worth, taking the first country as the reference. Points are
 * Shapley contributions to the score gap (`analysis/attribution.ts`), so they add up exactly to it.
 */
import { labelIn, countryNamesIn } from '../i18n/page-language.js';
import { attributeDifference, questionPoints } from '../../analysis/attribution.js';
import { planFor } from '../../scoring/score-sheet.js';
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import type { ScoreMove } from '../../published/changes.js';
import { signed } from './changes.js';
import { answerMap } from '../../answers/vocabulary.js';
import { answerIn } from './common.js';
import { shown } from '../../published/display.js';

export interface DiffPair {
  reference: string;
  other: string;
  otherName: string;
  gap: { before: string; after: string; change: string; exact: number; values: ScoreMove };
  method: 'exact' | 'sampled';
  rows: {
    id: string;
    code: string;
    label: string;
    strand: string;
    reference: string;
    other: string;
    points: number;
    pointsShown: string;
  }[];
}

export function buildDiff(
  data: PublicData,
  edition: PublishedEdition,
  codes: string[],
): DiffPair[] {
  const { questionnaire } = edition;
  const plan = planFor(questionnaire);
  const names = countryNamesIn(data);
  const [reference, ...others] = codes as [string, ...string[]];
  const answersOf = (code: string) => answerMap(edition.sheets.get(code)!);
  const referenceAnswers = answersOf(reference);
  return others.map((other) => {
    const otherAnswers = answersOf(other);
    const attribution = attributeDifference(
      plan,
      questionPoints(plan, referenceAnswers),
      questionPoints(plan, otherAnswers),
      {
        nodes: [plan.overall],
      },
    );
    const rows = questionnaire.questions
      .map((question, q) => ({ question, q }))
      .filter(
        ({ question }) =>
          (referenceAnswers.get(question.id) ?? null) !== (otherAnswers.get(question.id) ?? null),
      )
      .map(({ question, q }) => {
        const p = attribution.players.indexOf(q);
        const points = p < 0 ? 0 : (attribution.contributions[p]![0] ?? 0);
        return {
          id: question.id,
          code: question.code ?? '',
          label: labelIn(question.label),
          strand: labelIn(questionnaire.nodes.get(question.strandId!)!.label),
          reference: answerIn(question, referenceAnswers.get(question.id)),
          other: answerIn(question, otherAnswers.get(question.id)),
          points,
          pointsShown: signed(points),
        };
      })
      .sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
    const before = attribution.before[0] ?? null;
    const after = attribution.after[0] ?? null;
    const exact = (after ?? 0) - (before ?? 0);
    return {
      reference,
      other,
      otherName: names.get(other) ?? other,
      gap: {
        before: shown(questionnaire, before),
        after: shown(questionnaire, after),
        change: signed(exact),
        exact,
        values: { before, after, change: exact },
      },
      method: attribution.method,
      rows,
    };
  });
}
