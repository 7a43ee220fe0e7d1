/**
 * What a reviewer checks first: every question whose answer or legal sources differ from the
 * country's previous published edition, before → after, and the points each change moves. The
 * points are the exact change attribution the public "what changed" page uses
 * (`analysis/attribution.ts`, Shapley values): they add up to the change of each score, also when
 * a change makes follow-up questions apply or stop applying. A change of sources alone moves no
 * points but is listed, because the evidence changed.
 */
import { attributeDifference, questionPoints } from '../../analysis/attribution.js';
import type { AnswerEntry, LegalSource } from '../../answers/types.js';
import { answerMap, answerText } from '../../answers/vocabulary.js';
import { labelText, type Questionnaire } from '../../questionnaire/types.js';
import { precise, signed } from '../../published/display.js';
import { planFor } from '../../scoring/score-sheet.js';
import type { PublishedSheet } from './published-baseline.js';

export interface DifferenceRow {
  id: string;
  code: string;
  label: string;
  strandId: string;
  strand: string;
  before: string;
  after: string;
  answerChanged: boolean;
  sourcesChanged: boolean;
  sourcesBefore: LegalSource[];
  sourcesAfter: LegalSource[];
  inForceBefore: string | null;
  inForceAfter: string | null;
  /** Points moved in the overall score and in the question's strand; null when not comparable. */
  pointsOverall: string | null;
  pointsStrand: string | null;
}

export interface DifferencesView {
  from: { edition: string; revision: number; publishedAt: string };
  /** What is compared and how much changed, in a sentence. */
  summary: string;
  comparable: boolean;
  totals: { label: string; before: string; after: string; change: string }[];
  rows: DifferenceRow[];
  method: 'exact' | 'sampled' | null;
}

export function reviewDifferences(
  questionnaire: Questionnaire,
  answers: ReadonlyMap<string, AnswerEntry>,
  previous: PublishedSheet,
): DifferencesView {
  const was = (id: string): AnswerEntry | undefined => previous.answers[id];
  const changed = questionnaire.questions.filter((q) => {
    const before = was(q.id);
    const after = answers.get(q.id);
    return (
      (before?.answer ?? null) !== (after?.answer ?? null) ||
      !sameSources(before?.sources ?? [], after?.sources ?? [])
    );
  });
  const from = {
    edition: previous.edition,
    revision: previous.revision,
    publishedAt: previous.publishedAt,
  };
  const count = changed.length;
  const summary = `Against edition ${previous.edition} as published (revision ${previous.revision}): ${
    count === 0
      ? 'no answer and no source changed.'
      : `${count} question${count === 1 ? '' : 's'} whose answer or legal sources changed.`
  }`;
  const strandLabel = (id: string) => labelText(questionnaire.nodes.get(id)!.label);
  const rowOf = (q: Questionnaire['questions'][number]) => {
    const before = was(q.id);
    const after = answers.get(q.id);
    return {
      id: q.id,
      code: q.code ?? '',
      label: labelText(q.label),
      strandId: q.strandId!,
      strand: strandLabel(q.strandId!),
      before: answerText(q, before?.answer),
      after: answerText(q, after?.answer),
      answerChanged: (before?.answer ?? null) !== (after?.answer ?? null),
      sourcesChanged: !sameSources(before?.sources ?? [], after?.sources ?? []),
      sourcesBefore: before?.sources ?? [],
      sourcesAfter: after?.sources ?? [],
      inForceBefore: before?.inForceSince ?? null,
      inForceAfter: after?.inForceSince ?? null,
    };
  };
  if (!previous.comparable)
    return {
      from,
      summary,
      comparable: false,
      totals: [],
      rows: changed.map((q) => ({ ...rowOf(q), pointsOverall: null, pointsStrand: null })),
      method: null,
    };

  const plan = planFor(questionnaire);
  const attribution = attributeDifference(
    plan,
    questionPoints(plan, answerMap(previous)),
    questionPoints(plan, answerMap({ answers })),
  );
  const nodeIndex = new Map(attribution.nodes.map((id, j) => [id, j]));
  const indexOfQuestion = new Map(questionnaire.questions.map((q, i) => [q.id, i]));
  const points = (questionId: string, node: string) => {
    const p = attribution.players.indexOf(indexOfQuestion.get(questionId)!);
    return p < 0 ? 0 : (attribution.contributions[p]![nodeIndex.get(node)!] ?? 0);
  };
  return {
    from,
    summary,
    comparable: true,
    totals: ['overall', ...questionnaire.strands.map((s) => s.id)].map((node) => {
      const j = nodeIndex.get(node)!;
      const before = attribution.before[j] ?? null;
      const after = attribution.after[j] ?? null;
      return {
        label: node === 'overall' ? 'Overall' : strandLabel(node),
        // Beside the change, to its two decimals: the three add up (display.precise).
        before: precise(before),
        after: precise(after),
        change: before === null || after === null ? '–' : signed(after - before),
      };
    }),
    rows: changed.map((q) => ({
      ...rowOf(q),
      pointsOverall: signed(points(q.id, 'overall')),
      pointsStrand: signed(points(q.id, q.strandId!)),
    })),
    method: attribution.method,
  };
}

function sameSources(a: readonly LegalSource[], b: readonly LegalSource[]): boolean {
  const key = (list: readonly LegalSource[]) =>
    JSON.stringify(list.map((s) => [s.title, s.article, s.url, s.date]));
  return key(a) === key(b);
}
