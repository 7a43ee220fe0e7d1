/**
 * The split of a cross-instrument difference into an instrument part and a coding part
 * (Shapley over the two factors): hand-computed, and the parts add up to the difference for
 * random sheets of both shipped questionnaires.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instrumentChange, shapleySplit } from '../../src/analysis/instrument-change.js';
import { MISSING_VALUES } from '../../src/answers/vocabulary.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
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

describe('instrumentChange', () => {
  it('the two parts add up to the difference, overall and per strand, for random sheets', () => {
    fc.assert(
      fc.property(sheetOf(q2015), sheetOf(q2020), (a, b) => {
        const result = instrumentChange({
          first: q2015,
          second: q2020,
          forward,
          backward,
          a: { country: 'AT', edition: '2024', answers: a },
          b: { country: 'AT', edition: '2025', answers: b },
        });
        expect(result.rows.map((r) => r.to)).toEqual(['overall', 'family-reunion', 'citizenship']);
        for (const { scores, split } of result.rows) {
          if (split === null) continue;
          expect(split.difference).toBe(scores.b! - scores.a!);
          expect(split.instrument + split.coding).toBeCloseTo(split.difference, 9);
        }
        // Re-coding never answers more than the crosswalk can: coverage at most the source's.
        expect(result.coverage.aRecoded).toBeLessThanOrEqual(1);
        expect(result.unmapped.aRecoded.some((u) => u.code === 'eb84a')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
