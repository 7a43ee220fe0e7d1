/**
 * The scoring engine against a hand-written Float64Array kernel doing the same arithmetic on
 * the project's questionnaire (questionnaire-kernel.ts): 40 countries × 10 editions of random
 * answers, the same decoded question scores for both, best of 50 runs each. Both must agree on
 * every overall score, or the comparison means nothing and the bench stops.
 */
import { join } from 'node:path';
import { seededRandom } from '../analysis/random.js';
import { loadQuestionnaire } from '../questionnaire/load-questionnaire.js';
import { evaluateScores, planFor } from '../scoring/score-sheet.js';
import { QUESTION_CODES, questionnaireKernel, type KernelOut } from './questionnaire-kernel.js';
import type { PartReport } from './report.js';
import { bestOf } from './stats.js';

const SHEETS = 400;
const REPEAT = 50;

export function benchEngine(root: string): PartReport {
  const real = loadQuestionnaire(join(root, 'questionnaire')).questionnaire;
  if (!real) throw new Error('questionnaire/ is invalid');
  if (real.questions.map((question) => question.code).join() !== QUESTION_CODES.join()) {
    throw new Error('the hand-written kernel does not match questionnaire/ any more');
  }
  const plan = planFor(real);
  const random = seededRandom(7);
  const sheets = Array.from({ length: SHEETS }, () =>
    Float64Array.from(real.questions, (question) => {
      const pick = Math.floor(random() * (question.options.length + 1));
      return pick < question.options.length ? question.options[pick]!.score : NaN;
    }),
  );
  const scores = new Float64Array(plan.size);
  const engineOut = new Float64Array(SHEETS);
  const engineMs = bestOf(() => {
    for (let i = 0; i < SHEETS; i++) {
      evaluateScores(plan, sheets[i]!, scores);
      engineOut[i] = scores[plan.overall]!;
    }
  }, REPEAT);
  const kernelOut: KernelOut = {
    overall: new Float64Array(SHEETS),
    familyReunification: new Float64Array(SHEETS),
    accessToNationality: new Float64Array(SHEETS),
    languageTests: new Float64Array(SHEETS),
  };
  const kernelMs = bestOf(() => questionnaireKernel(sheets, kernelOut), REPEAT);
  for (let i = 0; i < SHEETS; i++) {
    const a = engineOut[i]!;
    const b = kernelOut.overall[i]!;
    if (!(Math.abs(a - b) < 1e-9 || (Number.isNaN(a) && Number.isNaN(b))))
      throw new Error(`engine and kernel disagree on sheet ${i}: ${a} vs ${b}`);
  }
  const ratio = engineMs / kernelMs;
  return {
    measurements: [
      {
        name: `engine: ${SHEETS} sheets (40 countries × 10 editions), full questionnaire`,
        milliseconds: engineMs,
        note: `compiled plan, reused buffer; best of ${REPEAT}`,
      },
      {
        name: `hand-written Float64Array kernel, the same ${SHEETS} sheets`,
        milliseconds: kernelMs,
        note: `best of ${REPEAT}`,
      },
    ],
    ratios: { engine_over_kernel: ratio },
    checks: [
      {
        key: 'engine_over_kernel',
        value: ratio,
        comparison: '<=',
        limit: 1.5,
        unit: '×',
        what: 'scoring engine / hand-written kernel, same arithmetic',
      },
    ],
  };
}
