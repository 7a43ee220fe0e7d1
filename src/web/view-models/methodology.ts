import {
  labelText,
  type Questionnaire,
  type QuestionnaireNode,
} from '../../questionnaire/types.js';
import { effectiveWeights } from '../../scoring/effective-weights.js';
import { conditionInWords, nodeLabel } from './common.js';

export interface MethodologyRow {
  id: string;
  code: string;
  label: string;
  depth: number;
  kind: 'question' | 'composite' | 'ref';
  weight: number;
  aggregation: string | null;
  options: { label: string; score: number }[];
  notApplicable: boolean;
  condition: string | null;
  guidance: string;
  sourcesGuidance: string;
  inStrand: string;
  inOverall: string;
}

export interface MethodologyView {
  title: string;
  version: string;
  hash: string;
  scoringHash: string;
  bands: { label: string; min: number; max: number; colour: string }[];
  decimals: number;
  strands: {
    id: string;
    label: string;
    guidance: string;
    crossCutting: boolean;
    counted: boolean;
    rows: MethodologyRow[];
  }[];
  versions: { version: string; hash: string; loadedAt: string; editions: string }[];
  changelog: string | null;
}

const percent = (share: number | undefined) =>
  share === undefined ? '' : `${(share * 100).toFixed(2)} %`;

export function buildMethodology(
  questionnaire: Questionnaire,
  versions: MethodologyView['versions'],
  changelog: string | null,
): MethodologyView {
  const weights = new Map(effectiveWeights(questionnaire).map((w) => [w.questionId, w]));
  return {
    title: labelText(questionnaire.title),
    version: questionnaire.version,
    hash: questionnaire.hash,
    scoringHash: questionnaire.scoringHash,
    bands: questionnaire.bands.map((b) => ({
      label: labelText(b.label),
      min: b.min,
      max: b.max,
      colour: b.colour ?? '#777777',
    })),
    decimals: questionnaire.displayDecimals,
    strands: questionnaire.strands.map((strand) => {
      const rows: MethodologyRow[] = [];
      const visit = (node: QuestionnaireNode, depth: number) => {
        const w = node.kind === 'question' ? weights.get(node.id) : undefined;
        rows.push({
          id: node.id,
          code: node.code ?? '',
          label: nodeLabel(node, questionnaire),
          depth,
          kind: node.kind,
          weight: node.weight,
          aggregation: node.kind === 'composite' ? node.aggregation : null,
          options:
            node.kind === 'question'
              ? node.options.map((o) => ({ label: labelText(o.label), score: o.score }))
              : [],
          notApplicable: node.kind === 'question' && node.notApplicableAllowed,
          condition: node.kind === 'question' ? conditionInWords(node, questionnaire) : null,
          guidance: labelText(node.guidance),
          sourcesGuidance: node.kind === 'question' ? labelText(node.sourcesGuidance) : '',
          inStrand: percent(w?.inStrand[strand.id]),
          inOverall: w ? percent(w.inOverall) : '',
        });
        if (node.kind === 'composite') for (const child of node.children) visit(child, depth + 1);
        if (node.kind === 'ref') {
          const target = questionnaire.nodes.get(node.targetId)!;
          if (target.kind === 'composite')
            for (const child of target.children) visitRefChild(child, depth + 1);
        }
      };
      const visitRefChild = (node: QuestionnaireNode, depth: number) => {
        const w = node.kind === 'question' ? weights.get(node.id) : undefined;
        rows.push({
          id: node.id,
          code: node.code ?? '',
          label: nodeLabel(node, questionnaire),
          depth,
          kind: node.kind,
          weight: node.weight,
          aggregation: null,
          options: [],
          notApplicable: false,
          condition: null,
          guidance: '',
          sourcesGuidance: '',
          inStrand: percent(w?.inStrand[strand.id]),
          inOverall: '',
        });
      };
      for (const dimension of strand.children) visit(dimension, 0);
      return {
        id: strand.id,
        label: labelText(strand.label),
        guidance: labelText(strand.guidance),
        crossCutting: strand.crossCutting,
        counted: strand.countInOverall,
        rows,
      };
    }),
    versions,
    changelog,
  };
}
