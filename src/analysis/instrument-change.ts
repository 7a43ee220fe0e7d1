/**
 * The difference between a country's score in two editions coded with two instruments
 * (questionnaires), split into the part due to the instrument and the part due to the coding.
 *
 * Two factors change between edition A (instrument 1) and edition B (instrument 2): the
 * instrument, and the answers. With the crosswalks, each edition is scored in both instruments:
 * S1(A), S2(A→2) (A re-coded into instrument 2), S1(B→1), S2(B). Shapley over the two factors
 * averages each factor's effect over both orders in which they can change:
 *
 *   instrument = ½[(S2(A→2) − S1(A)) + (S2(B) − S1(B→1))]
 *   coding     = ½[(S1(B→1) − S1(A)) + (S2(B) − S2(A→2))]
 *
 * and instrument + coding = S2(B) − S1(A) exactly (up to floating point). A part is null when
 * any of the four scores is (nothing to split). Re-coded sheets leave out every question the
 * crosswalk cannot map, so their coverage is lower: the split is only as good as that coverage.
 */
import type { AnswerEntry } from '../answers/types.js';
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
  /** Coverage (share of questions resolved, overall) of each sheet, as coded and re-coded. */
  coverage: { a: number; aRecoded: number; bRecoded: number; b: number };
  /** Target questions left out when re-coding A into instrument 2, and B into instrument 1. */
  unmapped: { aRecoded: UnmappedQuestion[]; bRecoded: UnmappedQuestion[] };
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
  const aRecoded = recodeSheet(sheetOf(a), first, second, forward);
  const bRecoded = recodeSheet(sheetOf(b), second, first, backward);
  const scored = {
    a: scoreSheet(first, choices(a.answers)),
    aRecoded: scoreSheet(second, choices(aRecoded.sheet.answers)),
    bRecoded: scoreSheet(first, choices(bRecoded.sheet.answers)),
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
  };
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
