import { describe, expect, it } from 'vitest';
import { questionPoints } from '../../src/analysis/attribution.js';
import { answerPoints, planFor } from '../../src/scoring/score-sheet.js';
import { fixtureQuestionnaire } from '../helpers/fixtures.js';

const plan = planFor(fixtureQuestionnaire('tiny'));
const answers = (extra: Record<string, string>) =>
  new Map(Object.entries({ q1: 'good', q2: 'mid', q3: 'not_applicable', ...extra }));

describe('questionPoints: the answer → points step of scoring, not a copy', () => {
  it('gives exactly the points scoring uses (NaN for none)', () => {
    const given = answers({ q4: 'no_data' });
    expect(Array.from(questionPoints(plan, given))).toEqual(
      Array.from(answerPoints(plan, given).points),
    );
  });

  it('refuses an answer that is not an option, as scoring does, instead of scoring NaN', () => {
    expect(() => questionPoints(plan, answers({ q1: 'excellent' }))).toThrow(
      /"excellent" is not an option of "q1"/,
    );
  });
});
