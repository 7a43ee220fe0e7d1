/**
 * The scoring engine against a hand-written Float64Array kernel doing the same arithmetic on
 * the project's questionnaire (questionnaire-kernel.ts): 40 countries × 10 editions of random
 * answers, the same decoded question scores for both. They alternate in {@link ROUNDS} rounds
 * (each side scoring every sheet {@link PASSES} times), and the ratio is the median of the
 * per-round ratios, with their spread (stats.ts). Both must agree on every overall score, or the
 * comparison means nothing and the bench stops.
 */
import { join } from 'node:path';
import { seededRandom } from '../analysis/random.js';
import { loadQuestionnaire } from '../questionnaire/load-questionnaire.js';
import { evaluateScores, planFor } from '../scoring/score-sheet.js';
import { QUESTION_CODES, questionnaireKernel, type KernelOut } from './questionnaire-kernel.js';
import type { PartReport } from './report.js';
import { elapsed, roundsRatio } from './stats.js';

const SHEETS = 400;
/** Rounds counted; each side's time in a round is {@link PASSES} passes over the sheets. */
const ROUNDS = 61;
/** Passes per side and round: one pass takes tens of microseconds, too short to time alone. */
const PASSES = 20;

export async function benchEngine(root: string): Promise<PartReport> {
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
  const engine = () => {
    for (let i = 0; i < SHEETS; i++) {
      evaluateScores(plan, sheets[i]!, scores);
      engineOut[i] = scores[plan.overall]!;
    }
  };
  const kernelOut: KernelOut = {
    overall: new Float64Array(SHEETS),
    familyReunification: new Float64Array(SHEETS),
    accessToNationality: new Float64Array(SHEETS),
    languageTests: new Float64Array(SHEETS),
  };
  const kernel = () => questionnaireKernel(sheets, kernelOut);
  const passes = (work: () => void) => () =>
    elapsed(() => {
      for (let pass = 0; pass < PASSES; pass++) work();
    });
  const measured = await roundsRatio(passes(engine), passes(kernel), {
    rounds: ROUNDS,
    warmUp: 5,
  });
  for (let i = 0; i < SHEETS; i++) {
    const a = engineOut[i]!;
    const b = kernelOut.overall[i]!;
    if (!(Math.abs(a - b) < 1e-9 || (Number.isNaN(a) && Number.isNaN(b))))
      throw new Error(`engine and kernel disagree on sheet ${i}: ${a} vs ${b}`);
  }
  const ratio = measured.median;
  const rounds = `${PASSES} passes; median of ${ROUNDS} interleaved rounds`;
  return {
    measurements: [
      {
        name: `engine: ${SHEETS} sheets (40 countries × 10 editions), full questionnaire`,
        milliseconds: measured.numeratorMs,
        note: `compiled plan, reused buffer; ${rounds}`,
      },
      {
        name: `hand-written Float64Array kernel, the same ${SHEETS} sheets`,
        milliseconds: measured.denominatorMs,
        note: rounds,
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
        spread: measured,
      },
    ],
  };
}
