/**
 * The gate table of a strand that declares facets (issue 13): one row per dimension (a "gate"),
 * one column per facet, each cell the answers of the questions below the gate's indicators that
 * record that facet — for a reference, the answer of the question it refers to — with the
 * gate's and the strand's readings. Read from one published snapshot; shared by the profile,
 * its API twin and the `gates.csv` download, so all three say the same thing.
 */
import type { AnswerEntry } from '../answers/types.js';
import { answerMap } from '../answers/vocabulary.js';
import {
  strandFacets,
  strandReadings,
  type CompositeNode,
  type Facet,
  type Questionnaire,
  type QuestionNode,
  type QuestionnaireNode,
  type Reading,
  type Strand,
} from '../questionnaire/types.js';
import type { PublishedEdition } from '../published/public-data.js';
import { readingsOf, type ReadingValue, type SheetReadings } from '../scoring/readings.js';
import { scoreSheet } from '../scoring/score-sheet.js';

/** One answer in a cell: the strand's item, the question answered (itself, or the one referred to). */
export interface GateAnswer {
  item: QuestionnaireNode;
  question: QuestionNode;
  entry: AnswerEntry | undefined;
}

export interface GateCell {
  facet: Facet;
  answers: GateAnswer[];
}

export interface Gate {
  dimension: CompositeNode;
  score: number | null;
  /** One per facet of the strand, in the strand's order (empty answers: no indicator records it). */
  cells: GateCell[];
  readings: Readonly<Record<string, ReadingValue>>;
}

export interface GateTable {
  strand: Strand;
  score: number | null;
  readings: Readonly<Record<string, ReadingValue>>;
  gates: Gate[];
}

/** The strands of the questionnaire that declare facets. */
export function facetedStrands(questionnaire: Questionnaire): Strand[] {
  return questionnaire.strands.filter((s) => strandFacets(s).length > 0);
}

/** The readings declared by any strand of the questionnaire, each id once, in order. */
export function declaredReadings(questionnaire: Questionnaire): Reading[] {
  const seen = new Map<string, Reading>();
  for (const strand of questionnaire.strands)
    for (const reading of strandReadings(strand))
      if (!seen.has(reading.id)) seen.set(reading.id, reading);
  return [...seen.values()];
}

const readingsCache = new WeakMap<PublishedEdition, Map<string, SheetReadings>>();

/**
 * The readings of a country's published sheet, with the questionnaire's own method (the one
 * snapshots are published with): what `score --format json` prints for the same sheet.
 */
export function countryReadings(edition: PublishedEdition, code: string): SheetReadings {
  let byCountry = readingsCache.get(edition);
  if (!byCountry) {
    byCountry = new Map();
    readingsCache.set(edition, byCountry);
  }
  let readings = byCountry.get(code);
  if (!readings) {
    readings = readingsOf(scoreSheet(edition.questionnaire, answerMap(edition.sheets.get(code)!)));
    byCountry.set(code, readings);
  }
  return readings;
}

/** Every gate table of a country's sheet in the edition (one per strand with facets). */
export function gateTables(edition: PublishedEdition, code: string): GateTable[] {
  const { questionnaire } = edition;
  const scores = edition.scores.get(code)!;
  const answers = edition.sheets.get(code)!.answers;
  const readings = countryReadings(edition, code);
  return facetedStrands(questionnaire).map((strand) => ({
    strand,
    score: scores[strand.id]?.score ?? null,
    readings: readings.get(strand.id) ?? {},
    gates: strand.children
      .filter((d): d is CompositeNode => d.kind === 'composite')
      .map((dimension) => ({
        dimension,
        score: scores[dimension.id]?.score ?? null,
        readings: readings.get(dimension.id) ?? {},
        cells: strandFacets(strand).map((facet) => ({
          facet,
          answers: dimension.children
            .filter((indicator) => indicator.facet === facet.id)
            .flatMap((indicator) => answeredBelow(indicator, questionnaire))
            .map(({ item, question }) => ({ item, question, entry: answers[question.id] })),
        })),
      })),
  }));
}

/**
 * The questions answered below `node`, each with the strand's own node it is reached through: a
 * question is itself; a reference is the question it refers to (every question below it, for a
 * reference to a composite).
 */
function answeredBelow(
  node: QuestionnaireNode,
  questionnaire: Questionnaire,
  item: QuestionnaireNode | null = null,
): { item: QuestionnaireNode; question: QuestionNode }[] {
  if (node.kind === 'question') return [{ item: item ?? node, question: node }];
  if (node.kind === 'ref')
    return answeredBelow(questionnaire.nodes.get(node.targetId)!, questionnaire, item ?? node);
  return node.children.flatMap((child) => answeredBelow(child, questionnaire, item));
}
