/** The what-if page and API: a country's published answers with some changed, scored and ranked. */
import { labelIn, countryNamesIn } from '../i18n/page-language.js';
import { textIn } from '../i18n/catalogue.js';
import {
  checkChanges,
  formatChangeList,
  simulate,
  type WhatIfProblem,
} from '../../analysis/what-if.js';
import { type QuestionNode } from '../../questionnaire/types.js';
import { change as displayedChange } from '../../published/display.js';
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import { answerMap, MISSING_VALUE_TEXT } from '../../answers/vocabulary.js';
import { answerIn, band, type BandView } from './common.js';
import { shown } from '../../published/display.js';

export interface WhatIfView {
  code: string;
  name: string;
  edition: string;
  illustrative: boolean;
  problems: WhatIfProblem[];
  summary: {
    node: string;
    label: string;
    before: string;
    after: string;
    change: string;
    bandBefore: BandView | null;
    bandAfter: BandView | null;
    rankBefore: string;
    rankAfter: string;
  }[];
  applied: { question: string; code: string; label: string; from: string; to: string }[];
  shareHref: string;
  form: {
    strand: string;
    /** Its questions count only in it, not in the overall score. */
    crossCutting: boolean;
    questions: {
      id: string;
      code: string;
      label: string;
      current: string;
      options: { id: string; label: string; selected: boolean }[];
    }[];
  }[];
}

export function buildWhatIf(
  data: PublicData,
  edition: PublishedEdition,
  code: string,
  changes: ReadonlyMap<string, string>,
): WhatIfView {
  const { questionnaire } = edition;
  const published = answerMap(edition.sheets.get(code)!);
  const problems = checkChanges(questionnaire, changes);
  const valid = new Map([...changes].filter(([id]) => !problems.some((p) => p.question === id)));
  const result = simulate(questionnaire, code, published, valid, edition.scores);
  const question = (id: string) => questionnaire.nodes.get(id) as QuestionNode;
  const rankText = (rank: number | null, of: number) =>
    rank === null ? '–' : textIn('rank.of', { rank, of });
  const chosen = new Map(published);
  for (const change of result.applied) chosen.set(change.question, change.to);
  const path = `/countries/${code}/${edition.edition.id}/what-if`;
  return {
    code,
    name: countryNamesIn(data).get(code) ?? code,
    edition: edition.edition.id,
    illustrative: edition.illustrative,
    problems,
    summary: ['overall', ...questionnaire.strands.map((s) => s.id)].map((node) => {
      const before = result.before[node]!.score;
      const after = result.after[node]!.score;
      const change = displayedChange(before, after) ?? '–';
      const ranks = result.ranks[node]!;
      return {
        node,
        label:
          node === 'overall'
            ? textIn('col.overall')
            : labelIn(questionnaire.nodes.get(node)!.label),
        before: shown(questionnaire, before),
        after: shown(questionnaire, after),
        change,
        bandBefore: band(questionnaire, before),
        bandAfter: band(questionnaire, after),
        rankBefore: rankText(ranks.before, ranks.of),
        rankAfter: rankText(ranks.after, ranks.of),
      };
    }),
    applied: result.applied.map((c) => ({
      question: c.question,
      code: question(c.question).code ?? '',
      label: labelIn(question(c.question).label),
      from: answerIn(question(c.question), c.from ?? undefined),
      to: answerIn(question(c.question), c.to),
    })),
    shareHref:
      result.applied.length > 0
        ? `${path}?set=${encodeURIComponent(formatChangeList(result.applied))}`
        : path,
    // Every strand with questions of its own: a cross-cutting strand's count only in it.
    form: questionnaire.strands
      .map((strand) => ({
        strand,
        own: questionnaire.questions.filter((q) => q.strandId === strand.id),
      }))
      .filter(({ own }) => own.length > 0)
      .map(({ strand, own }) => ({
        strand: labelIn(strand.label),
        crossCutting: strand.crossCutting,
        questions: own.map((q) => ({
          id: q.id,
          code: q.code ?? '',
          label: labelIn(q.label),
          current: answerIn(q, published.get(q.id)),
          options: [
            ...q.options.map((o) => ({
              id: o.id,
              label: `${labelIn(o.label)} (${o.score})`,
              selected: chosen.get(q.id) === o.id,
            })),
            ...Object.keys(MISSING_VALUE_TEXT).map((id) => ({
              id,
              label: textIn(`answer.${id}`),
              selected: chosen.get(q.id) === id,
            })),
          ],
        })),
      })),
  };
}
