/**
 * A crosswalk as the engine uses it: question ids resolved (a file may name questions by id or
 * by code), one entry per kind of correspondence. Built by `load-crosswalk.ts`.
 */

/** A source question that carries over: each of its options → a target option, or null. */
export interface CarryEntry {
  kind: 'carry';
  target: string;
  source: string;
  /** Source option → target option; null: the source answer has no single counterpart. */
  options: ReadonlyMap<string, string | null>;
}

/** Several source questions → one target question, by a table of answer combinations. */
export interface MergeEntry {
  kind: 'merge';
  target: string;
  sources: readonly string[];
  /** The first row whose conditions all hold gives the answer (null: cannot be told). */
  rows: readonly MergeRow[];
}

export interface MergeRow {
  /** Source question id → the options that satisfy the condition; absent: any answer. */
  when: ReadonlyMap<string, ReadonlySet<string>>;
  answer: string | null;
}

/** Target questions the source instrument has no counterpart for, and why. */
export interface NoCounterpartEntry {
  kind: 'none';
  targets: readonly string[];
  reason: string;
}

export type CrosswalkEntry = CarryEntry | MergeEntry | NoCounterpartEntry;

export interface Crosswalk {
  file: string;
  title: string | null;
  /** Version of the crosswalk itself. */
  version: string;
  /** The source questionnaire's id and the versions the crosswalk was checked against (empty: any). */
  from: { id: string; versions: readonly string[] };
  /** The target questionnaire's id and version (null: any). */
  to: { id: string; version: string | null };
  /** Which strand of the source corresponds to which strand of the target. */
  strands: readonly { from: string; to: string }[];
  entries: readonly CrosswalkEntry[];
}

/** A short name of the crosswalk for comments and notes: `FILE vVERSION`. */
export function crosswalkName(crosswalk: Crosswalk): string {
  const base = crosswalk.file.split(/[\\/]/).pop() ?? crosswalk.file;
  return `${base.replace(/\.ya?ml$/, '')} v${crosswalk.version}`;
}
