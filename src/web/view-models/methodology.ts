import { labelIn } from '../i18n/page-language.js';
import { type Questionnaire, type QuestionnaireNode } from '../../questionnaire/types.js';
import { effectiveWeights } from '../../scoring/effective-weights.js';
import { readingWeights } from '../../scoring/readings.js';
import { planFor } from '../../scoring/score-sheet.js';
import {
  conditionInWords,
  readingInWords,
  tableInWords,
  type TableRowInWords,
} from '../../questionnaire/in-words.js';
import { fixed, nodeLabel } from '../../published/display.js';
import { textIn } from '../i18n/catalogue.js';
import { answerIn } from './common.js';
import type { Deviation } from '../../published/public-data.js';

export interface MethodologyRow {
  id: string;
  code: string;
  label: string;
  depth: number;
  kind: 'question' | 'composite' | 'ref';
  /** Null for an item of a table rule: its points are looked up, it has no weight. */
  weight: number | null;
  aggregation: string | null;
  options: { label: string; score: number }[];
  notApplicable: boolean;
  condition: string | null;
  guidance: string;
  sourcesGuidance: string;
  inStrand: string;
  inOverall: string;
  /** A table rule's rows in words (`tableInWords`); empty for other nodes. */
  table: TableRowInWords[];
}

export interface MethodologyReading {
  id: string;
  label: string;
  guidance: string;
  /** The method in words (`readingInWords`, English). */
  inWords: string;
  /**
   * Each read indicator's effective weight in its dimension's reading and the strand's, grouped
   * by dimension (indicators of different dimensions often share a label: "Form", "Level").
   */
  dimensions: { id: string; label: string; weights: ReadingWeightRow[] }[];
}

export interface ReadingWeightRow {
  id: string;
  label: string;
  facet: string;
  inDimension: string;
  inStrand: string;
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
    /** The strand's readings (`scoring/readings.ts`), each in words with its effective weights. */
    readings: MethodologyReading[];
  }[];
  versions: { version: string; hash: string; loadedAt: string; editions: string }[];
  changelog: string | null;
}

const percent = (share: number | null | undefined) =>
  share === undefined || share === null ? '' : `${fixed(share * 100, 2)} %`;

export function buildMethodology(
  questionnaire: Questionnaire,
  versions: MethodologyView['versions'],
  changelog: string | null,
): MethodologyView {
  const weights = new Map(effectiveWeights(questionnaire).map((w) => [w.questionId, w]));
  const plan = planFor(questionnaire);
  return {
    title: labelIn(questionnaire.title),
    version: questionnaire.version,
    hash: questionnaire.hash,
    scoringHash: questionnaire.scoringHash,
    bands: questionnaire.bands.map((b) => ({
      label: labelIn(b.label),
      min: b.min,
      max: b.max,
      colour: b.colour ?? '#777777',
    })),
    decimals: questionnaire.displayDecimals,
    strands: questionnaire.strands.map((strand) => {
      const rows: MethodologyRow[] = [];
      // Items reached through a reference are listed by name and weight only: their options,
      // guidance and skip logic are described in their own strand.
      const visit = (node: QuestionnaireNode, depth: number, viaRef = false) => {
        const w = node.kind === 'question' ? weights.get(node.id) : undefined;
        const details = node.kind === 'question' && !viaRef;
        rows.push({
          id: node.id,
          code: node.code ?? '',
          label: nodeLabel(node, questionnaire, labelIn),
          depth,
          kind: node.kind,
          weight: w?.lookedUp ? null : node.weight,
          aggregation:
            node.kind === 'composite' && !viaRef && node.aggregation !== 'mean'
              ? textIn(`methodology.aggregation.${node.aggregation}`)
              : null,
          options: details
            ? node.options.map((o) => ({ label: labelIn(o.label), score: o.score }))
            : [],
          notApplicable: details && node.notApplicableAllowed,
          condition: details ? conditionInWords(node, questionnaire) : null,
          guidance: viaRef ? '' : labelIn(node.guidance),
          sourcesGuidance: details ? labelIn(node.sourcesGuidance) : '',
          inStrand: w?.lookedUp
            ? textIn('methodology.lookedUpSwing', { points: w.lookedUp.swing })
            : percent(w?.inStrand[strand.id]),
          inOverall:
            w?.lookedUp && !viaRef
              ? textIn('methodology.lookedUp')
              : w && !viaRef
                ? percent(w.inOverall)
                : '',
          table: node.kind === 'composite' && !viaRef ? tableInWords(node) : [],
        });
        if (node.kind === 'composite' && !viaRef)
          for (const child of node.children) visit(child, depth + 1);
        if (node.kind === 'ref') {
          const target = questionnaire.nodes.get(node.targetId)!;
          if (target.kind === 'composite')
            for (const child of target.children) visit(child, depth + 1, true);
        }
      };
      for (const dimension of strand.children) visit(dimension, 0);
      return {
        id: strand.id,
        label: labelIn(strand.label),
        guidance: labelIn(strand.guidance),
        crossCutting: strand.crossCutting,
        counted: strand.countInOverall,
        rows,
        readings: readingWeights(plan, strand.id).map(({ reading, indicators }) => ({
          id: reading.id,
          label: labelIn(reading.label),
          guidance: labelIn(reading.guidance),
          inWords: readingInWords(strand, reading),
          dimensions: strand.children
            .map((dimension) => ({
              id: dimension.id,
              label: labelIn(dimension.label),
              weights: indicators
                .filter((w) => w.dimensionId === dimension.id)
                .map((w) => {
                  const node = questionnaire.nodes.get(w.indicatorId)!;
                  const facet = strand.facets?.find((f) => f.id === w.facet);
                  return {
                    id: w.indicatorId,
                    label: nodeLabel(node, questionnaire, labelIn),
                    facet: facet ? labelIn(facet.label) : w.facet,
                    inDimension: percent(w.inDimension),
                    inStrand: percent(w.inStrand),
                  };
                }),
            }))
            .filter((dimension) => dimension.weights.length > 0),
        })),
      };
    }),
    versions,
    changelog,
  };
}

/** One deviation from the skip logic published as coded, in words. */
export interface DeviationRow {
  country: string;
  code: string;
  question: string;
  answer: string;
  rule: string;
}

/** The catalogue's words for each deviation (`methodology.deviation.{kind}`). */
const deviationKey = (kind: Deviation['kind']) => `methodology.deviation.${kind}`;

/**
 * The edition's deviations from the skip logic, as published (data coded elsewhere, approved as
 * coded): which country, which question, its answer, and what the skip logic says.
 */
export function deviationRows(
  questionnaire: Questionnaire,
  deviations: readonly Deviation[],
  countryNames: ReadonlyMap<string, string>,
): DeviationRow[] {
  return deviations.map((d) => {
    const node = questionnaire.nodes.get(d.questionId);
    const question = node?.kind === 'question' ? node : null;
    const condition = question ? conditionInWords(question, questionnaire) : d.condition;
    return {
      country: countryNames.get(d.country) ?? d.country,
      code: node?.code ?? '',
      question: node ? labelIn(node.label) : d.questionId,
      answer: d.answer === null ? '–' : question ? answerIn(question, d.answer) : d.answer,
      rule: textIn(deviationKey(d.kind), {
        condition: condition ?? textIn('methodology.conditionHolds'),
      }),
    };
  });
}
