/**
 * The changes page: the published changes of a country between two editions
 * (`published/changes.ts`, shared with the API and the `changes` command), plus the editions
 * the page links to for other comparisons.
 */
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import { editionChanges, type EditionChanges } from '../../published/changes.js';
import { countryNamesIn, labelIn } from '../i18n/page-language.js';
import { textIn } from '../i18n/catalogue.js';
import { answerIn } from './common.js';

export type { ChangeRow } from '../../published/changes.js';
export { signed } from '../../published/display.js';

export interface ChangesView extends EditionChanges {
  /**
   * The country's published editions, oldest first: the page's links to consecutive
   * comparisons (an edition without the country has no changes page of it).
   */
  editions: string[];
}

/**
 * The changes in the page's language: `editionChanges` names questions, strands and answers in
 * English (as the API has them); the page's labels, answers and country name replace them.
 */
export function buildChanges(
  data: PublicData,
  code: string,
  from: PublishedEdition,
  to: PublishedEdition,
): ChangesView {
  const changes = editionChanges(data, code, from, to);
  const { questionnaire } = to;
  const node = (id: string) => questionnaire.nodes.get(id)!;
  const question = (id: string) => questionnaire.questions.find((q) => q.id === id)!;
  const answers = (edition: PublishedEdition) => edition.sheets.get(code)?.answers ?? {};
  return {
    ...changes,
    name: countryNamesIn(data).get(code) ?? changes.name,
    totals: changes.totals.map((t) => ({
      ...t,
      label: t.node === 'overall' ? textIn('col.overall') : labelIn(node(t.node).label),
    })),
    rows: changes.rows.map((row) => ({
      ...row,
      label: labelIn(question(row.id).label),
      strand: labelIn(node(question(row.id).strandId!).label),
      before: answerIn(question(row.id), answers(from)[row.id]?.answer),
      after: answerIn(question(row.id), answers(to)[row.id]?.answer),
    })),
    editions: data
      .publishedEditions()
      .filter((e) => data.edition(e.id)!.scores.has(code))
      .map((e) => e.id),
  };
}
