import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeDifference, questionPoints } from '../../src/analysis/attribution.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { planFor } from '../../src/scoring/score-sheet.js';
import { fixtureQuestionnaire } from '../helpers/fixtures.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';

const tiny = fixtureQuestionnaire('tiny');
const plan = planFor(tiny);
const points = (answers: Record<string, string>) =>
  questionPoints(plan, new Map(Object.entries(answers)));
const node = (id: string) => plan.indexOf.get(id)!;
const base = { q1: 'good', q2: 'mid', q3: 'full', q4: 'good', q5: 'good', q6: 'good', q7: 'good' };

describe('change attribution (Shapley values)', () => {
  it('a hand-computed case where follow-up items become applicable', () => {
    // c1 = mean of its answered items. Before: i1 good (100), i2 and i3 skipped → c1 = 100.
    // After: i1 bad (0), i2 mid (50), i3 bad (0) → c1 = 16.67. Subset values v(S) of c1:
    //   ∅ 100 · {i1} 0 · {i2} 75 · {i3} 50 · {i1,i2} 25 · {i1,i3} 0 · {i2,i3} 50 · all 16.667
    // Shapley (weights 1/3, 1/6, 1/6, 1/3):
    //   i1 = (0−100)/3 + (25−75)/6 + (0−50)/6 + (16.667−50)/3 = −61.111
    //   i2 = (75−100)/3 + (25−0)/6 + (50−50)/6 + (16.667−0)/3 = +1.389
    //   i3 = (50−100)/3 + (0−0)/6 + (50−75)/6 + (16.667−25)/3 = −23.611
    const from = points({ ...base, i1: 'good', i2: 'not_applicable', i3: 'not_applicable' });
    const to = points({ ...base, i1: 'bad', i2: 'mid', i3: 'bad' });
    const result = attributeDifference(plan, from, to, { nodes: [node('c1'), node('overall')] });
    expect(result.method).toBe('exact');
    expect(result.players.map((q) => tiny.questions[q]!.id)).toEqual(['i1', 'i2', 'i3']);
    expect(result.contributions.map((row) => row[0])).toEqual([
      expect.closeTo(-61.1111111, 6),
      expect.closeTo(1.3888889, 6),
      expect.closeTo(-23.6111111, 6),
    ]);
    const overallChange = result.after[1]! - result.before[1]!;
    expect(result.contributions.reduce((sum, row) => sum + row[1]!, 0)).toBeCloseTo(
      overallChange,
      12,
    );
  });

  it('going back is the exact opposite, and items becoming skipped are attributed too', () => {
    const a = points({ ...base, i1: 'good', i2: 'not_applicable', i3: 'not_applicable' });
    const b = points({ ...base, i1: 'bad', i2: 'mid', i3: 'bad' });
    const forward = attributeDifference(plan, a, b);
    const backward = attributeDifference(plan, b, a);
    forward.contributions.forEach((row, p) =>
      row.forEach((v, j) => expect(backward.contributions[p]![j]).toBeCloseTo(-v!, 12)),
    );
  });

  it('contributions add up exactly to every node change, on random answer pairs', () => {
    const options = ['good', 'mid', 'bad', 'not_applicable'];
    const pick = fc.constantFrom(...options);
    fc.assert(
      fc.property(
        fc.array(pick, { minLength: 10, maxLength: 10 }),
        fc.array(pick, { minLength: 10, maxLength: 10 }),
        (x, y) => {
          const ids = tiny.questions.map((q) => q.id);
          const answersOf = (values: string[]) =>
            Object.fromEntries(
              ids.map((id, i) => [
                id,
                id === 'q3' && values[i] !== 'not_applicable' ? 'full' : values[i]!,
              ]),
            );
          const result = attributeDifference(plan, points(answersOf(x)), points(answersOf(y)));
          result.nodes.forEach((_, j) => {
            if (result.before[j] === null || result.after[j] === null) return;
            const total = result.contributions.reduce((sum, row) => sum + (row[j] ?? 0), 0);
            if (result.contributions.every((row) => row[j] !== null))
              expect(total).toBeCloseTo(result.after[j]! - result.before[j]!, 9);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('with many changes, sampled orders keep the sum exact and approach the exact split', () => {
    const real = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;
    const realPlan = planFor(real);
    const all = (index: number) => new Map(real.questions.map((q) => [q.id, q.options[index]!.id]));
    const from = questionPoints(realPlan, all(0));
    const to = questionPoints(realPlan, all(2));
    // Nine changes: exact, and the same nine with sampling forced.
    const partial = Float64Array.from(from);
    for (const q of [0, 5, 9, 20, 36, 44, 50, 63, 64]) partial[q] = to[q]!;
    const exact = attributeDifference(realPlan, from, partial, { nodes: [realPlan.overall] });
    const sampled = attributeDifference(realPlan, from, partial, {
      nodes: [realPlan.overall],
      maxExact: 0,
      samples: 4000,
      seed: 9,
    });
    expect(exact.method).toBe('exact');
    expect(sampled.method).toBe('sampled');
    const change = exact.after[0]! - exact.before[0]!;
    expect(sampled.contributions.reduce((s, row) => s + row[0]!, 0)).toBeCloseTo(change, 9);
    exact.contributions.forEach((row, p) =>
      expect(sampled.contributions[p]![0]).toBeCloseTo(row[0]!, 1),
    );
    // All 66 changed: sampled, reproducible with its seed, exact in sum.
    const everything = attributeDifference(realPlan, from, to, { seed: 3 });
    expect(everything.method).toBe('sampled');
    expect(everything.contributions.reduce((s, row) => s + row[0]!, 0)).toBeCloseTo(
      everything.after[0]! - everything.before[0]!,
      9,
    );
    expect(attributeDifference(realPlan, from, to, { seed: 3 }).contributions).toEqual(
      everything.contributions,
    );
  });
});
