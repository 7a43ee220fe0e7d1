/**
 * The split of a cross-instrument difference into an instrument part and a coding part
 * (Shapley over the two factors): hand-computed, and the parts add up to the difference for
 * random sheets of both shipped questionnaires.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instrumentChange, shapleySplit } from '../../src/analysis/instrument-change.js';
import { loadSheetFile } from '../../src/answers/load-sheet.js';
import { MISSING_VALUES } from '../../src/answers/vocabulary.js';
import { recodeSheet } from '../../src/crosswalk/recode-sheet.js';
import type { AnswerEntry } from '../../src/answers/types.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { answersOf, q2015, q2020, shippedCrosswalk } from './helpers.js';

const forward = shippedCrosswalk('2015-to-2020.yaml', q2015, q2020).crosswalk!;
const backward = shippedCrosswalk('2020-to-2015.yaml', q2020, q2015).crosswalk!;

describe('shapleySplit', () => {
  it('averages each factor over both orders (hand-computed)', () => {
    // S1(A) = 40, S2(A→2) = 50, S1(B→1) = 45, S2(B) = 60.
    expect(shapleySplit(40, 50, 45, 60)).toEqual({ difference: 20, instrument: 12.5, coding: 7.5 });
  });

  it('puts everything on the instrument when the answers did not change', () => {
    expect(shapleySplit(40, 55, 40, 55)).toEqual({ difference: 15, instrument: 15, coding: 0 });
  });

  it('is null when any of the four scores is missing', () => {
    expect(shapleySplit(40, null, 45, 60)).toBeNull();
  });
});

/** A random answer per question: an option, a missing value, or no answer at all. */
function sheetOf(questionnaire: Questionnaire) {
  return fc
    .tuple(
      ...questionnaire.questions.map((q) =>
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...q.options.map((o) => o.id)) },
          { weight: 1, arbitrary: fc.constantFrom<string | null>(null, ...MISSING_VALUES) },
        ),
      ),
    )
    .map((answers) =>
      answersOf(
        questionnaire,
        Object.fromEntries(
          questionnaire.questions
            .map((q, n) => [q.id, answers[n]] as const)
            .filter((pair): pair is [string, string] => pair[1] !== null),
        ),
      ),
    );
}

/** The split between an Austrian edition in each questionnaire. */
function split(a: ReadonlyMap<string, AnswerEntry>, b: ReadonlyMap<string, AnswerEntry>) {
  return instrumentChange({
    first: q2015,
    second: q2020,
    forward,
    backward,
    a: { country: 'AT', edition: '2024', answers: a },
    b: { country: 'AT', edition: '2025', answers: b },
  });
}

describe('instrumentChange', () => {
  it('the two parts add up to the difference, overall and per strand, for random sheets', () => {
    fc.assert(
      fc.property(sheetOf(q2015), sheetOf(q2020), (a, b) => {
        const result = split(a, b);
        expect(result.rows.map((r) => r.to)).toEqual(['overall', 'family-reunion', 'citizenship']);
        for (const { scores, split } of result.rows) {
          if (split === null) continue;
          expect(split.difference).toBe(scores.b! - scores.a!);
          expect(split.instrument + split.coding).toBeCloseTo(split.difference, 9);
        }
        expect(result.coverage.aRecoded).toBeLessThanOrEqual(1);
        // Every question of a cross term's instrument is accounted for, once.
        const total = (m: { recoded: number; unchanged: number; notVisible: number }) =>
          m.recoded + m.unchanged + m.notVisible;
        expect(total(result.crossTerms.aRecoded)).toBe(q2020.questions.length);
        expect(total(result.crossTerms.bRecoded)).toBe(q2015.questions.length);
        expect(result.unmapped.aRecoded.some((u) => u.code === 'eb84a')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

/** Austria's sample 2024 sheet (2015 questionnaire) and the same answers re-coded into 2020. */
function austria() {
  const a = loadSheetFile(`${ROOT_DIR}/scores/2024/AT.yaml`, { questionnaire: q2015 }).sheet!;
  const b = recodeSheet(a, q2015, q2020, forward).sheet;
  return { a: a.answers, b: new Map(b.answers) };
}

describe('instrumentChange: the cross terms', () => {
  it('gives a coding part of exactly 0 to an edition carried over unchanged, either way round', () => {
    const { a, b } = austria();
    // 2015 → 2020: B is A re-coded (the 2020-only question left unanswered).
    const forwards = split(a, b);
    // 2020 → 2015: A is B re-coded back over A's own answers (what 2020 cannot see stays).
    const back = new Map(a);
    for (const [id, entry] of recodeSheet(
      { country: 'AT', edition: '2025', illustrative: false, coders: [], answers: b },
      q2020,
      q2015,
      backward,
    ).sheet.answers)
      back.set(id, entry);
    for (const result of [forwards, split(back, b)]) {
      for (const row of result.rows) {
        expect(row.split!.coding, row.to).toBe(0);
        expect(row.split!.instrument, row.to).toBe(row.split!.difference);
      }
      expect(result.crossTerms.aRecoded.recoded).toBe(0);
      expect(result.crossTerms.bRecoded.recoded).toBe(0);
    }
    // Most 2015 questions have no 2020 counterpart: they keep the country's own answers.
    expect(forwards.crossTerms.bRecoded.notVisible).toBeGreaterThan(40);
    expect(forwards.coverage.bRecoded).toBe(1);
  });

  it('one changed mapped answer moves the coding part by the hand-computed amount', () => {
    const { a, b } = austria();
    expect(a.get('fr-residence-period')!.answer).toBe('none'); // 100 points in both instruments
    const changed = new Map(b);
    changed.set('fam-sponsor-residence', {
      ...b.get('fam-sponsor-residence')!,
      answer: 'over-one-year-or-none',
    });
    const result = split(a, changed);
    // In 2020 the item is one of 9 indicators of the flat family-reunion mean: −100/9. Carried
    // back, 2015 item 21 falls to 0 too: one of 7 indicators of eligibility, one of 4
    // dimensions of the strand: −100/28. Each is one of the two orders Shapley averages.
    const coding = (-100 / 28 - 100 / 9) / 2;
    const family = result.rows.find((r) => r.to === 'family-reunion')!;
    expect(family.split!.coding).toBeCloseTo(coding, 9);
    const unchanged = split(a, b).rows.find((r) => r.to === 'family-reunion')!;
    expect(family.split!.instrument).toBeCloseTo(
      unchanged.split!.instrument + (-100 / 9 - coding),
      9,
    );
    expect(family.split!.instrument + family.split!.coding).toBeCloseTo(
      family.split!.difference,
      9,
    );
    // Overall: the mean of the two strands in each instrument.
    expect(result.rows[0]!.split!.coding).toBeCloseTo(coding / 2, 9);
    expect(result.rows.find((r) => r.to === 'citizenship')!.split!.coding).toBe(0);
    expect(result.crossTerms.aRecoded.recoded).toBe(1);
    expect(result.crossTerms.bRecoded.recoded).toBe(1);
  });
});
