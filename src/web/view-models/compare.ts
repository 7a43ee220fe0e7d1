/** Several countries side by side, strand → dimension → question, with the rules in words. */
import { labelIn, countryNamesIn } from '../i18n/page-language.js';
import type { AnswerEntry } from '../../answers/types.js';
import { buildDiff, type DiffPair } from './diff.js';
import { type Level, type QuestionnaireNode } from '../../questionnaire/types.js';
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import { answerScore } from '../../answers/vocabulary.js';
import { answerIn, provenance, type ProvenanceView } from './common.js';
import { textIn } from '../i18n/catalogue.js';
import { nodeLabel, shown } from '../../published/display.js';

export interface CompareCell {
  text: string;
  /** Whether this country's answer (or shown score) is another than the first country's. */
  differs: boolean;
  points: string;
  sources: AnswerEntry['sources'];
  inForceSince: string | null;
}

export interface CompareRow {
  id: string;
  code: string;
  label: string;
  level: Level;
  kind: 'score' | 'question';
  /** Whether any country differs from the first one: the row is not the same for all. */
  differs: boolean;
  cells: CompareCell[];
}

export interface CompareView {
  edition: string;
  illustrative: boolean;
  countries: { code: string; name: string; href: string }[];
  rows: CompareRow[];
  differing: number;
  /** What the differences are worth, against the first country. */
  diffs: DiffPair[];
  provenance: ProvenanceView;
}

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 6;

export function buildCompare(
  data: PublicData,
  edition: PublishedEdition,
  codes: string[],
): CompareView {
  const { questionnaire } = edition;
  const names = countryNamesIn(data);
  const rows: CompareRow[] = [];
  const scoreRow = (node: QuestionnaireNode) => {
    const values = codes.map((c) => edition.scores.get(c)?.[node.id]?.score ?? null);
    const displayed = values.map((v) => shown(questionnaire, v));
    const differs = displayed.map((text) => text !== displayed[0]);
    rows.push({
      id: node.id,
      code: node.code ?? '',
      // The overall node's label is the loader's English "Overall": the catalogue words it.
      label:
        node.level === 'overall' ? textIn('col.overall') : nodeLabel(node, questionnaire, labelIn),
      level: node.level,
      kind: 'score',
      differs: differs.includes(true),
      cells: displayed.map((text, i) => ({
        text,
        differs: differs[i]!,
        points: text,
        sources: [],
        inForceSince: null,
      })),
    });
  };
  // A cross-cutting strand's questions are its own (items of other strands are refs, shown by
  // their scores), so every question met is a row.
  const visit = (node: QuestionnaireNode) => {
    if (node.kind === 'question') {
      const entries = codes.map((c) => edition.sheets.get(c)?.answers[node.id]);
      const differs = entries.map((e) => (e?.answer ?? '') !== (entries[0]?.answer ?? ''));
      rows.push({
        id: node.id,
        code: node.code ?? '',
        label: labelIn(node.label),
        level: node.level,
        kind: 'question',
        differs: differs.includes(true),
        cells: entries.map((entry, i) => {
          const points = answerScore(node, entry?.answer);
          return {
            text: answerIn(node, entry?.answer),
            differs: differs[i]!,
            points: points === null ? '–' : String(points),
            sources: entry?.sources ?? [],
            inForceSince: entry?.inForceSince ?? null,
          };
        }),
      });
      return;
    }
    scoreRow(node);
    if (node.kind === 'composite') for (const child of node.children) visit(child);
  };
  scoreRow(questionnaire.overall);
  for (const strand of questionnaire.strands) visit(strand);
  return {
    edition: edition.edition.id,
    illustrative: edition.illustrative,
    countries: codes.map((code) => ({
      code,
      name: names.get(code) ?? code,
      href: `/countries/${code}/${edition.edition.id}`,
    })),
    rows,
    differing: rows.filter((r) => r.kind === 'question' && r.differs).length,
    diffs: buildDiff(data, edition, codes),
    provenance: provenance(edition),
  };
}

/**
 * The rows to show with "only differences": a row where every country agrees with the first is
 * left out, except a score row (overall, strand, dimension) with a difference below it, which
 * stays as the heading that says where the difference lies.
 */
export function differingRows(rows: readonly CompareRow[]): CompareRow[] {
  const depth = (row: CompareRow) => DEPTH[row.level];
  return rows.filter((row, i) => {
    if (row.differs) return true;
    if (row.kind !== 'score') return false;
    for (let j = i + 1; j < rows.length && depth(rows[j]!) > depth(row); j++)
      if (rows[j]!.differs) return true;
    return false;
  });
}

/** How deep each level lies in the tree, the rows being listed depth first. */
const DEPTH: Record<Level, number> = { overall: 0, strand: 1, dimension: 2, indicator: 3, item: 4 };
