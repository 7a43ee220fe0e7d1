/**
 * What changed in a country between two editions: every changed answer with before and after,
 * its sources, and the points it moved. Points are the change of each question's contribution
 * (effective weight × points) to the overall and strand scores; contributions add up to the
 * scores, so the changes add up exactly to the change of the score. When a skipped question
 * becomes applicable (or the reverse), the weights of its siblings shift too; that part is shown
 * as "weights shifted on unchanged answers".
 */
import type { AnswerEntry } from '../../answers/types.js';
import { labelText } from '../../questionnaire/types.js';
import { roundHalfUp } from '../../scoring/rounding.js';
import { contributions, scoreSheet, scoreOf } from '../../scoring/score-sheet.js';
import type { PublishedEdition, PublicData } from '../public-data.js';
import { answerText, shown } from './common.js';

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

export interface ChangesView {
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
  }[];
  rows: ChangeRow[];
  /** Overall points moved by unchanged answers whose weight shifted (skip logic). */
  shifted: { overall: number; shown: string };
  editions: string[];
}

const signed = (value: number, decimals = 2) => {
  const rounded = roundHalfUp(value, decimals);
  return rounded > 0
    ? `+${rounded.toFixed(decimals)}`
    : rounded === 0
      ? '±0'
      : rounded.toFixed(decimals);
};

export function buildChanges(
  data: PublicData,
  code: string,
  from: PublishedEdition,
  to: PublishedEdition,
): ChangesView {
  const { questionnaire } = to;
  const names = data.countryNames();
  const comparable = data.comparable(from.edition.id, to.edition.id);
  const base = {
    code,
    name: names.get(code) ?? code,
    from: from.edition.id,
    to: to.edition.id,
    comparable,
    illustrative: from.illustrative || to.illustrative,
    editions: data.publishedEditions().map((e) => e.id),
  };
  if (!comparable) return { ...base, totals: [], rows: [], shifted: { overall: 0, shown: '±0' } };

  const answersOf = (edition: PublishedEdition) =>
    new Map(Object.entries(edition.sheets.get(code)!.answers).map(([id, entry]) => [id, entry]));
  const beforeAnswers = answersOf(from);
  const afterAnswers = answersOf(to);
  const score = (answers: Map<string, AnswerEntry>) =>
    scoreSheet(questionnaire, new Map([...answers].map(([id, e]) => [id, e.answer])));
  const before = score(beforeAnswers);
  const after = score(afterAnswers);
  const moved = (node: string) => {
    const a = contributions(before, node);
    const b = contributions(after, node);
    return (id: string) => (b.get(id)?.points ?? 0) - (a.get(id)?.points ?? 0);
  };
  const overallMoved = moved('overall');
  const strandMoved = new Map(questionnaire.strands.map((s) => [s.id, moved(s.id)]));

  const rows: ChangeRow[] = [];
  let changedOverall = 0;
  for (const question of questionnaire.questions) {
    const was = beforeAnswers.get(question.id);
    const is = afterAnswers.get(question.id);
    if ((was?.answer ?? null) === (is?.answer ?? null)) continue;
    const pointsOverall = overallMoved(question.id);
    const pointsStrand = strandMoved.get(question.strandId!)!(question.id);
    changedOverall += pointsOverall;
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
  }
  const totalOverall = (scoreOf(after, 'overall') ?? 0) - (scoreOf(before, 'overall') ?? 0);
  const shifted = totalOverall - changedOverall;
  return {
    ...base,
    totals: ['overall', ...questionnaire.strands.map((s) => s.id)].map((node) => {
      const a = scoreOf(before, node);
      const b = scoreOf(after, node);
      const exact = (b ?? 0) - (a ?? 0);
      return {
        node,
        label: node === 'overall' ? 'Overall' : labelText(questionnaire.nodes.get(node)!.label),
        before: shown(questionnaire, a),
        after: shown(questionnaire, b),
        change: signed(exact),
        exact,
      };
    }),
    rows,
    shifted: { overall: shifted, shown: signed(shifted) },
  };
}
