/**
 * The difference between a country's score in two editions coded with two instruments
 * (questionnaires), split into the part due to the instrument and the part due to the coding.
 *
 * Two factors change between edition A (instrument 1) and edition B (instrument 2): the
 * instrument, and the answers. Shapley over the two factors needs the score of each instrument
 * with each edition's coding: S1(A), S2(B) as published, and two cross terms, S2(A→2) (A's
 * coding in instrument 2) and S1(B→1) (B's coding in instrument 1). It averages each factor's
 * effect over both orders in which they can change:
 *
 *   instrument = ½[(S2(A→2) − S1(A)) + (S2(B) − S1(B→1))]
 *   coding     = ½[(S1(B→1) − S1(A)) + (S2(B) − S2(A→2))]
 *
 * and instrument + coding = S2(B) − S1(A) exactly (up to floating point). A part is null when
 * any of the four scores is (nothing to split).
 *
 * A cross term, the coding of edition Y in instrument X, starts from the country's own edition
 * in X and changes it only where the crosswalk Y→X shows that the coding changed: a question of
 * X takes the answer re-coded from Y when one of the questions it is re-coded from (in Y) is
 * answered differently in Y than in X's edition re-coded into Y. Every other question of X keeps
 * its own answer: the questions the crosswalk cannot fill from Y (the assumption: what the other
 * instrument cannot see did not change), and those where it sees the same coding (a crosswalk
 * that loses detail would otherwise turn an unchanged answer into another one). So an edition
 * carried over unchanged through the crosswalk has a coding part of exactly 0. Questions only
 * one instrument asks count towards the instrument part. The re-coding itself never invents an
 * answer (`crosswalk/recode-sheet.ts`); the cross terms are an analysis, never stored.
 */
import type { AnswerEntry } from '../answers/types.js';
import { isMissingValue } from '../answers/vocabulary.js';
import type { Crosswalk } from '../crosswalk/types.js';
import { recodeSheet, type UnmappedQuestion } from '../crosswalk/recode-sheet.js';
import { OVERALL_ID, type Questionnaire } from '../questionnaire/types.js';
import { coverageOf, scoreSheet, type SheetScores } from '../scoring/score-sheet.js';

export interface TwoFactorSplit {
  difference: number;
  instrument: number;
  coding: number;
}

/** Shapley split of S2(B) − S1(A); null when any score is missing. */
export function shapleySplit(
  s1A: number | null,
  s2A: number | null,
  s1B: number | null,
  s2B: number | null,
): TwoFactorSplit | null {
  if (s1A === null || s2A === null || s1B === null || s2B === null) return null;
  return {
    difference: s2B - s1A,
    instrument: (s2A - s1A + (s2B - s1B)) / 2,
    coding: (s1B - s1A + (s2B - s2A)) / 2,
  };
}

export interface SplitRow {
  /** Node id in instrument 1 and in instrument 2 (`overall`, or a pair of matched strands). */
  from: string;
  to: string;
  /** S1(A), S2(A→2), S1(B→1), S2(B). */
  scores: { a: number | null; aRecoded: number | null; bRecoded: number | null; b: number | null };
  split: TwoFactorSplit | null;
}

export interface InstrumentChange {
  /** Overall first, then each strand pair the forward crosswalk matches. */
  rows: SplitRow[];
  /** Coverage (share of questions resolved, overall) of each sheet: as coded, and cross terms. */
  coverage: { a: number; aRecoded: number; bRecoded: number; b: number };
  /** Target questions the crosswalk cannot fill from A (into instrument 2) and from B (into 1). */
  unmapped: { aRecoded: UnmappedQuestion[]; bRecoded: UnmappedQuestion[] };
  /** How each cross term's answers were made, question by question (counts). */
  crossTerms: { aRecoded: CrossTermMakeup; bRecoded: CrossTermMakeup };
}

/** The questions of a cross term (instrument X, coding of edition Y), by where their answer is from. */
export interface CrossTermMakeup {
  /** Re-coded from Y: the crosswalk shows Y coded them differently. */
  recoded: number;
  /** Kept from X's own edition: the crosswalk maps them and shows the same coding. */
  unchanged: number;
  /** Kept from X's own edition: the crosswalk cannot fill them from Y (assumed unchanged). */
  notVisible: number;
}

export interface InstrumentChangeInput {
  first: Questionnaire;
  second: Questionnaire;
  /** Crosswalk from the first instrument to the second, and back. */
  forward: Crosswalk;
  backward: Crosswalk;
  a: EditionAnswers;
  b: EditionAnswers;
}

export interface EditionAnswers {
  country: string;
  edition: string;
  answers: ReadonlyMap<string, AnswerEntry>;
}

export function instrumentChange(input: InstrumentChangeInput): InstrumentChange {
  const { first, second, forward, backward, a, b } = input;
  // A's coding in instrument 2 starts from B; B's coding in instrument 1 starts from A.
  const aRecoded = crossTerm({ own: b, other: a, into: second, from: first, forward, backward });
  const bRecoded = crossTerm({
    own: a,
    other: b,
    into: first,
    from: second,
    forward: backward,
    backward: forward,
  });
  const scored = {
    a: scoreSheet(first, choices(a.answers)),
    aRecoded: scoreSheet(second, choices(aRecoded.answers)),
    bRecoded: scoreSheet(first, choices(bRecoded.answers)),
    b: scoreSheet(second, choices(b.answers)),
  };
  const pairs = [{ from: OVERALL_ID, to: OVERALL_ID }, ...forward.strands];
  const rows = pairs.map(({ from, to }) => {
    const scores = {
      a: scoreAt(scored.a, from),
      aRecoded: scoreAt(scored.aRecoded, to),
      bRecoded: scoreAt(scored.bRecoded, from),
      b: scoreAt(scored.b, to),
    };
    return {
      from,
      to,
      scores,
      split: shapleySplit(scores.a, scores.aRecoded, scores.bRecoded, scores.b),
    };
  });
  return {
    rows,
    coverage: {
      a: overallCoverage(scored.a),
      aRecoded: overallCoverage(scored.aRecoded),
      bRecoded: overallCoverage(scored.bRecoded),
      b: overallCoverage(scored.b),
    },
    unmapped: { aRecoded: aRecoded.unmapped, bRecoded: bRecoded.unmapped },
    crossTerms: { aRecoded: aRecoded.makeup, bRecoded: bRecoded.makeup },
  };
}

interface CrossTermInput {
  /** The country's own edition in the instrument of the cross term. */
  own: EditionAnswers;
  /** The edition whose coding is carried into it. */
  other: EditionAnswers;
  into: Questionnaire;
  from: Questionnaire;
  /** Crosswalk from the other edition's instrument into `into`, and back. */
  forward: Crosswalk;
  backward: Crosswalk;
}

/**
 * The coding of `other` in the instrument of `own` (see the module comment): `own`'s answers,
 * each replaced by the one re-coded from `other` where the crosswalk shows a changed coding.
 */
function crossTerm(input: CrossTermInput): {
  answers: Map<string, AnswerEntry>;
  unmapped: UnmappedQuestion[];
  makeup: CrossTermMakeup;
} {
  const { own, other, into, from, forward, backward } = input;
  const recoded = recodeSheet(sheetOf(other), from, into, forward);
  // The own edition as the other instrument sees it: what `other` is compared with.
  const ownSeen = recodeSheet(sheetOf(own), into, from, backward).sheet.answers;
  const sourcesOf = sourceQuestions(forward);
  const answers = new Map(own.answers);
  const makeup: CrossTermMakeup = { recoded: 0, unchanged: 0, notVisible: 0 };
  for (const question of into.questions) {
    const carried = recoded.sheet.answers.get(question.id);
    if (!carried) {
      makeup.notVisible++;
      continue;
    }
    const changed = (sourcesOf.get(question.id) ?? []).some((source) =>
      differs(other.answers.get(source), ownSeen.get(source)),
    );
    if (changed) {
      answers.set(question.id, carried);
      makeup.recoded++;
    } else makeup.unchanged++;
  }
  return { answers, unmapped: recoded.unmapped, makeup };
}

/** Target question → the source questions the crosswalk re-codes it from. */
function sourceQuestions(crosswalk: Crosswalk): Map<string, readonly string[]> {
  const sources = new Map<string, readonly string[]>();
  for (const entry of crosswalk.entries) {
    if (entry.kind === 'carry') sources.set(entry.target, [entry.source]);
    else if (entry.kind === 'merge') sources.set(entry.target, entry.sources);
  }
  return sources;
}

/** Whether two codings of one question differ; a question without a real answer on either side shows nothing. */
function differs(coded: AnswerEntry | undefined, seen: AnswerEntry | undefined): boolean {
  if (!coded || !seen || isMissingValue(coded.answer) || isMissingValue(seen.answer)) return false;
  return coded.answer !== seen.answer;
}

function sheetOf(edition: EditionAnswers) {
  return { ...edition, illustrative: false, coders: [] };
}

function choices(answers: ReadonlyMap<string, AnswerEntry>): Map<string, string> {
  return new Map([...answers].map(([id, entry]) => [id, entry.answer]));
}

function scoreAt(result: SheetScores, nodeId: string): number | null {
  const n = result.plan.indexOf.get(nodeId);
  if (n === undefined) return null;
  const score = result.scores[n]!;
  return Number.isNaN(score) ? null : score;
}

function overallCoverage(result: SheetScores): number {
  return coverageOf(result, result.plan.indexOf.get(OVERALL_ID)!);
}
