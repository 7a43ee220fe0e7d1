/**
 * The gate table of a strand that declares facets (issue 13): one row per dimension (a "gate"),
 * one column per facet, each cell the answers of the questions below the gate's indicators that
 * record that facet — for a reference, the answer of the question it refers to — with the
 * gate's and the strand's readings. Read from one published snapshot; shared by the profile,
 * its API twin and the `gates.csv` download (columns and rows below), so all three say the same
 * thing.
 */
import type { AnswerEntry, LegalSource } from '../answers/types.js';
import { answerMap, answerText, NOT_ASSESSED } from '../answers/vocabulary.js';
import { nodeLabel } from '../published/display.js';
import {
  strandFacets,
  strandReadings,
  labelText,
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
import { COLUMN, TERMS_COLUMNS, type Cell, type Column } from './columns.js';
import { termsCells } from './data-terms.js';

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

/** A gate's questions per facet, before any answer: the shape every country's table shares. */
export interface GateQuestions {
  dimension: CompositeNode;
  cells: { facet: Facet; questions: { item: QuestionnaireNode; question: QuestionNode }[] }[];
}

/** The gates of a strand with facets and, per facet, the questions answered there. */
export function gateQuestions(strand: Strand, questionnaire: Questionnaire): GateQuestions[] {
  return strand.children
    .filter((d): d is CompositeNode => d.kind === 'composite')
    .map((dimension) => ({
      dimension,
      cells: strandFacets(strand).map((facet) => ({
        facet,
        questions: dimension.children
          .filter((indicator) => indicator.facet === facet.id)
          .flatMap((indicator) => answeredBelow(indicator, questionnaire)),
      })),
    }));
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
    gates: gateQuestions(strand, questionnaire).map(({ dimension, cells }) => ({
      dimension,
      score: scores[dimension.id]?.score ?? null,
      readings: readings.get(dimension.id) ?? {},
      cells: cells.map(({ facet, questions }) => ({
        facet,
        answers: questions.map(({ item, question }) => ({
          item,
          question,
          entry: answers[question.id],
        })),
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

/**
 * The columns of `gates.csv`: one row per country, gate, facet and question answered; each
 * reading the questionnaire declares gives a gate and a strand column (`gate_bar`, `strand_bar`).
 */
export function gateColumns(questionnaire: Questionnaire): Column[] {
  const readings = declaredReadings(questionnaire);
  const readingColumns = (node: 'gate' | 'strand'): Column[] =>
    readings.map((r) => ({
      name: `${node}_${r.id}`,
      type: 'number',
      description: `the ${node}'s reading "${labelText(r.label)}" (${r.direction === 'inverted' ? '100 − the aggregated score' : 'the aggregated score'}); empty when it has none`,
    }));
  return [
    COLUMN.country,
    COLUMN.edition,
    COLUMN.revision,
    { name: 'strand', type: 'string', description: 'strand id' },
    { name: 'gate', type: 'string', description: 'the gate: a dimension of the strand' },
    { name: 'gate_label', type: 'string', description: 'the gate in words' },
    { name: 'facet', type: 'string', description: 'the kind of fact (facet id of the strand)' },
    { name: 'facet_label', type: 'string', description: 'the facet in words' },
    { name: 'item', type: 'string', description: "the strand's own item (question or reference)" },
    {
      name: 'question',
      type: 'string',
      description: 'the question answered: the item, or the question it refers to',
    },
    COLUMN.questionCode,
    { name: 'label', type: 'string', description: 'the item in words' },
    COLUMN.answer,
    COLUMN.answerLabel,
    COLUMN.inForceSince,
    {
      name: 'source_urls',
      type: 'string',
      description: 'where the legal sources can be read, separated by spaces',
    },
    {
      name: 'sources',
      type: 'string',
      description: 'the legal sources (title, article, date, address), separated by " | "',
    },
    { name: 'gate_score', type: 'number', description: "the gate's score, 0–100" },
    ...readingColumns('gate'),
    { name: 'strand_score', type: 'number', description: "the strand's score, 0–100" },
    ...readingColumns('strand'),
    ...TERMS_COLUMNS,
  ];
}

/** The rows of `gates.csv`, in the order of {@link gateColumns}. */
export function gateCells(edition: PublishedEdition): Cell[][] {
  const readings = declaredReadings(edition.questionnaire);
  const terms = termsCells(edition);
  const numbers = (score: number | null, values: Readonly<Record<string, ReadingValue>>) => [
    score,
    ...readings.map((r) => values[r.id]?.score ?? null),
  ];
  const rows: Cell[][] = [];
  for (const country of edition.countries)
    for (const table of gateTables(edition, country))
      for (const gate of table.gates)
        for (const cell of gate.cells)
          for (const { item, question, entry } of cell.answers) {
            const answer = entry?.answer ?? NOT_ASSESSED;
            const sources = entry?.sources ?? [];
            rows.push([
              country,
              edition.edition.id,
              edition.snapshot.revision,
              table.strand.id,
              gate.dimension.id,
              labelText(gate.dimension.label),
              cell.facet.id,
              labelText(cell.facet.label),
              item.id,
              question.id,
              question.code,
              nodeLabel(item, edition.questionnaire),
              answer,
              answerText(question, answer),
              entry?.inForceSince ?? null,
              sources
                .map((s) => s.url)
                .filter((url) => url)
                .join(' '),
              sources.map(sourceLine).join(' | '),
              ...numbers(gate.score, gate.readings),
              ...numbers(table.score, table.readings),
              ...terms,
            ]);
          }
  return rows;
}

/** A legal source on one line, its known parts comma-separated. */
const sourceLine = (s: LegalSource) =>
  [s.title, s.article, s.date, s.url].filter((part) => part).join(', ');
