/**
 * The questionnaire as the engine uses it: normalised (defaults filled in, option sets resolved,
 * expressions compiled) and indexed. Built by `load-questionnaire.ts` from the YAML files.
 */
import type { CompiledExpression } from './expressions.js';

/** Plain text, or a map of language code to text. */
export type Label = string | Readonly<Record<string, string>>;
/** The rules a method may choose for any composite (`scoring/aggregate.ts`). */
export type Aggregation = 'mean' | 'geometric' | 'min';
/** A composite's own rule: one of the above, or a table of points (`table-rule.ts`). */
export type NodeAggregation = Aggregation | 'table';
export type Level = 'overall' | 'strand' | 'dimension' | 'indicator' | 'item';

/** Where a node was written: file and path inside it, for error messages. */
export interface SourceRef {
  file: string;
  path: (string | number)[];
}

export interface AnswerOption {
  id: string;
  label: Label;
  score: number;
  guidance: Label | null;
}

interface NodeBase {
  id: string;
  code: string | null;
  label: Label;
  guidance: Label | null;
  rationale: Label | null;
  /** Relative weight among siblings; > 0. */
  weight: number;
  level: Level;
  /** Id of the parent node; `null` for the overall node and for strands not counted in it. */
  parentId: string | null;
  /** Id of the strand the node belongs to (its own id for a strand; `null` for overall). */
  strandId: string | null;
  source: SourceRef;
  /**
   * Indicators only, when declared (absent otherwise, so that the hashes of questionnaires
   * without facets are what they were): the id of the strand's facet the indicator records.
   */
  facet?: string;
}

/**
 * What evidence an answer to a question must carry, declared in the questionnaire (index file,
 * strand, dimension, indicator or item; the nearest declaration wins) and resolved per question.
 * Evidence rules never change scores: they are not part of the scoring hash.
 */
export interface EvidenceRules {
  /** Every answer other than a missing value (not applicable, no data, not assessed) cites a source. */
  sourcesRequired: boolean;
  /** Sources dated more than this many years before the reference date are flagged; null: no limit. */
  maxSourceAgeYears: number | null;
}

/** The rules where the questionnaire declares none. */
export const NO_EVIDENCE_RULES: EvidenceRules = { sourcesRequired: false, maxSourceAgeYears: null };

/** A leaf: the expert chooses one of its options. */
export interface QuestionNode extends NodeBase {
  kind: 'question';
  options: AnswerOption[];
  /** Whether "not applicable" may be chosen although the question applies. */
  notApplicableAllowed: boolean;
  appliesIf: CompiledExpression | null;
  sourcesGuidance: Label | null;
  evidence: EvidenceRules;
}

/** A node whose score combines its children's: overall, strands, dimensions, composites. */
export interface CompositeNode extends NodeBase {
  kind: 'composite';
  aggregation: NodeAggregation;
  children: QuestionnaireNode[];
  /**
   * With `aggregation: 'table'` only (absent otherwise, so that the hashes of questionnaires
   * without tables are what they were): the points looked up from the items' answers.
   */
  table?: PointsTable;
}

/**
 * A composite's points looked up from the combination of its items' answers: the first row
 * whose conditions all hold gives the points; `otherwise` applies when every item is answered
 * and no row holds. The items are questions, and each of their options has its own score.
 */
export interface PointsTable {
  rows: TableRow[];
  /** Points for every full combination no row lists; null: every combination is listed. */
  otherwise: number | null;
}

export interface TableRow {
  /** Item id → the options that satisfy the condition; an item not named matches any answer. */
  when: Readonly<Record<string, readonly string[]>>;
  points: number;
}

/** A node of a cross-cutting strand that reports another strand's node under its own id. */
export interface RefNode extends NodeBase {
  kind: 'ref';
  targetId: string;
}

export type QuestionnaireNode = QuestionNode | CompositeNode | RefNode;

export interface Strand extends CompositeNode {
  level: 'strand';
  crossCutting: boolean;
  countInOverall: boolean;
  /**
   * The kinds of fact the strand records, and its readings of them (`scoring/readings.ts`);
   * absent when the strand declares none, so that hashes without them are what they were.
   * Read them with `strandFacets` and `strandReadings`.
   */
  facets?: Facet[];
  readings?: Reading[];
}

/** A kind of fact a strand records, named by its indicators' `facet`. */
export interface Facet {
  id: string;
  label: Label;
  guidance: Label | null;
}

/** `as-scored`: the aggregated score; `inverted`: 100 − the aggregated score. */
export type ReadingDirection = 'as-scored' | 'inverted';

/**
 * A further reading of a strand's facts: every dimension's and the strand's own rule and weights
 * applied to only the indicators that record one of `facets`. Never changes a score.
 */
export interface Reading {
  id: string;
  label: Label;
  guidance: Label | null;
  facets: string[];
  direction: ReadingDirection;
}

export function strandFacets(strand: Strand): readonly Facet[] {
  return strand.facets ?? [];
}

export function strandReadings(strand: Strand): readonly Reading[] {
  return strand.readings ?? [];
}

export interface Band {
  id: string;
  label: Label;
  /** Inclusive bounds on the displayed (rounded) score. */
  min: number;
  max: number;
  colour: string | null;
}

/**
 * The licence of the data published with the questionnaire (SPDX id, title, address of the
 * text). Part of the content hash when declared, never of the scoring hash.
 */
export interface DataLicence {
  id: string;
  title: string;
  url: string;
}

export interface Questionnaire {
  id: string;
  title: Label;
  description: Label | null;
  version: string;
  languages: string[];
  illustrative: boolean;
  /** Decimals shown when scores are displayed (and ranked). */
  displayDecimals: number;
  bands: Band[];
  /** Licence of the published data; null when the index file declares none. */
  dataLicence: DataLicence | null;
  /** The overall node: children are the strands counted in the overall score. */
  overall: CompositeNode;
  /** Every strand, in reporting order, counted in the overall score or not. */
  strands: Strand[];
  /** Every node by id, the overall node included. */
  nodes: ReadonlyMap<string, QuestionnaireNode>;
  /** Every question, in questionnaire order. */
  questions: QuestionNode[];
  /** sha256 of the whole definition: changes with any edit, wording included. */
  hash: string;
  /** sha256 of what determines scores only (tree, weights, rules, option scores). */
  scoringHash: string;
  /** Files the questionnaire was read from, index first. */
  files: string[];
}

export const OVERALL_ID = 'overall';

export function labelText(label: Label | null, language = 'en'): string {
  if (label === null) return '';
  if (typeof label === 'string') return label;
  return label[language] ?? Object.values(label)[0] ?? '';
}
