/** Several countries side by side, strand → dimension → question, with the rules in words. */
import type { AnswerEntry } from '../../answers/types.js';
import { buildDiff, type DiffPair } from './diff.js';
import { labelText, type QuestionnaireNode } from '../../questionnaire/types.js';
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import { answerScore, answerText } from '../../answers/vocabulary.js';
import { nodeLabel, provenance, shown, type ProvenanceView } from './common.js';

export interface CompareCell {
  text: string;
  points: string;
  sources: AnswerEntry['sources'];
  inForceSince: string | null;
}

export interface CompareRow {
  id: string;
  code: string;
  label: string;
  level: string;
  kind: 'score' | 'question';
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
  const names = data.countryNames();
  const rows: CompareRow[] = [];
  const scoreRow = (node: QuestionnaireNode) => {
    const values = codes.map((c) => edition.scores.get(c)?.[node.id]?.score ?? null);
    const displayed = values.map((v) => shown(questionnaire, v));
    rows.push({
      id: node.id,
      code: node.code ?? '',
      label: nodeLabel(node, questionnaire),
      level: node.level,
      kind: 'score',
      differs: new Set(displayed).size > 1,
      cells: displayed.map((text) => ({ text, points: text, sources: [], inForceSince: null })),
    });
  };
  const visit = (node: QuestionnaireNode, crossCutting: boolean) => {
    if (node.kind === 'question') {
      if (crossCutting) return;
      const entries = codes.map((c) => edition.sheets.get(c)?.answers[node.id]);
      rows.push({
        id: node.id,
        code: node.code ?? '',
        label: labelText(node.label),
        level: node.level,
        kind: 'question',
        differs: new Set(entries.map((e) => e?.answer ?? '')).size > 1,
        cells: entries.map((entry) => {
          const points = answerScore(node, entry?.answer);
          return {
            text: answerText(node, entry?.answer),
            points: points === null ? '–' : String(points),
            sources: entry?.sources ?? [],
            inForceSince: entry?.inForceSince ?? null,
          };
        }),
      });
      return;
    }
    scoreRow(node);
    if (node.kind === 'composite') for (const child of node.children) visit(child, crossCutting);
  };
  scoreRow(questionnaire.overall);
  for (const strand of questionnaire.strands) visit(strand, strand.crossCutting);
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
