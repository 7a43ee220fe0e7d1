/**
 * The gate table of a profile (issue 13), in the page's language: for each strand that declares
 * facets, its gates (dimensions) × facets, each cell the answers in words with their legal
 * sources and in-force dates, and the gate's and the strand's readings. Built from the facets and
 * readings the questionnaire declares (`downloads/gate-table.ts`), never from strand ids.
 */
import type { LegalSource } from '../../answers/types.js';
import { NOT_ASSESSED } from '../../answers/vocabulary.js';
import { gateTables, type Gate } from '../../downloads/gate-table.js';
import type { PublishedEdition } from '../../published/public-data.js';
import { nodeLabel, shown } from '../../published/display.js';
import {
  strandFacets,
  strandReadings,
  type Questionnaire,
  type Strand,
} from '../../questionnaire/types.js';
import type { ReadingValue } from '../../scoring/readings.js';
import { labelIn } from '../i18n/page-language.js';
import { answerIn } from './common.js';
import { ruleCountriesHref } from './timeline.js';

export interface GateAnswerView {
  /** The strand's own item (a question, or a reference to another strand's question). */
  item: string;
  /** The question answered: the item itself, or the question it refers to. */
  question: string;
  code: string;
  label: string;
  answerId: string;
  answer: string;
  sources: LegalSource[];
  inForceSince: string | null;
  /** The same question in every country of the edition (the rule-countries page). */
  allCountriesHref: string;
}

export interface ReadingNumberView {
  score: number | null;
  shown: string;
  coverage: number;
}

export interface GateView {
  id: string;
  label: string;
  score: number | null;
  shown: string;
  /** Facet id → the cell's answers (empty: no indicator of the gate records the facet). */
  cells: Record<string, { answers: GateAnswerView[] }>;
  /** Reading id → the gate's reading. */
  readings: Record<string, ReadingNumberView>;
}

export interface GateTableView {
  strand: {
    id: string;
    label: string;
    score: number | null;
    shown: string;
    countedInOverall: boolean;
    readings: Record<string, ReadingNumberView>;
  };
  facets: { id: string; label: string }[];
  /**
   * The readings the strand declares, in order (the numbers are under `readings` of each row),
   * with where the methodology page of this edition revision explains each.
   */
  readings: { id: string; label: string; direction: 'as-scored' | 'inverted'; href: string }[];
  gates: GateView[];
}

export function buildGateTables(edition: PublishedEdition, code: string): GateTableView[] {
  const { questionnaire } = edition;
  const editionId = edition.edition.id;
  return gateTables(edition, code).map((table) => ({
    strand: {
      id: table.strand.id,
      label: labelIn(table.strand.label),
      score: table.score,
      shown: shown(questionnaire, table.score),
      countedInOverall: table.strand.countInOverall,
      readings: readingNumbers(questionnaire, table.strand, table.readings),
    },
    facets: strandFacets(table.strand).map((f) => ({ id: f.id, label: labelIn(f.label) })),
    readings: strandReadings(table.strand).map((r) => ({
      id: r.id,
      label: labelIn(r.label),
      direction: r.direction,
      href: readingMethodHref(edition, table.strand.id, r.id),
    })),
    gates: table.gates.map((gate) => gateView(questionnaire, table.strand, gate, editionId)),
  }));
}

function gateView(
  questionnaire: Questionnaire,
  strand: Strand,
  gate: Gate,
  editionId: string,
): GateView {
  return {
    id: gate.dimension.id,
    label: labelIn(gate.dimension.label),
    score: gate.score,
    shown: shown(questionnaire, gate.score),
    cells: Object.fromEntries(
      gate.cells.map((cell) => [
        cell.facet.id,
        {
          answers: cell.answers.map(({ item, question, entry }) => ({
            item: item.id,
            question: question.id,
            code: question.code ?? '',
            label: nodeLabel(item, questionnaire, labelIn),
            answerId: entry?.answer ?? NOT_ASSESSED,
            answer: answerIn(question, entry?.answer),
            sources: entry?.sources ?? [],
            inForceSince: entry?.inForceSince ?? null,
            allCountriesHref: ruleCountriesHref(question.id, editionId),
          })),
        },
      ]),
    ),
    readings: readingNumbers(questionnaire, strand, gate.readings),
  };
}

/**
 * Where the methodology page of the edition revision explains a reading (the address the static
 * export pre-renders, `export/site-paths.ts`).
 */
export function readingMethodHref(edition: PublishedEdition, strandId: string, readingId: string) {
  const id = encodeURIComponent(edition.edition.id);
  return `/methodology?edition=${id}&revision=${edition.snapshot.revision}#${strandId}-reading-${readingId}`;
}

/** Every reading the strand declares, null where the node has none. */
export function readingNumbers(
  questionnaire: Questionnaire,
  strand: Strand,
  values: Readonly<Record<string, ReadingValue>>,
): Record<string, ReadingNumberView> {
  return Object.fromEntries(
    strandReadings(strand).map((r) => {
      const value = values[r.id] ?? { score: null, coverage: 0 };
      return [
        r.id,
        { score: value.score, shown: shown(questionnaire, value.score), coverage: value.coverage },
      ];
    }),
  );
}
