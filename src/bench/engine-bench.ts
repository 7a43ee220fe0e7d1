/**
 * The scoring engine against a hand-written Float64Array kernel doing the same arithmetic on
 * the project's two questionnaires (questionnaire-kernel.ts): the 2015 generation and the 2020
 * generation, whose table rules bb28 and bb29 the kernel looks up in tables of its own. For
 * each, 40 countries × 10 editions of random answers, the same decoded question scores for both. They alternate in {@link ROUNDS} rounds
 * (each side scoring every sheet {@link PASSES} times), and the ratio is the median of the
 * per-round ratios, with their spread (stats.ts). Both must agree on every overall score, or the
 * comparison means nothing and the bench stops.
 */
import { join } from 'node:path';
import { seededRandom } from '../analysis/random.js';
import { loadQuestionnaire } from '../questionnaire/load-questionnaire.js';
import { evaluateScores, planFor } from '../scoring/score-sheet.js';
import type { Questionnaire } from '../questionnaire/types.js';
import {
  GENERATION_2020_CODES,
  generation2020Kernel,
  QUESTION_CODES,
  questionnaireKernel,
  type Generation2020Out,
  type KernelOut,
} from './questionnaire-kernel.js';
import type { PartReport } from './report.js';
import { elapsed, roundsRatio } from './stats.js';

const SHEETS = 400;
/** Rounds counted; each side's time in a round is {@link PASSES} passes over the sheets. */
const ROUNDS = 61;
/** Passes per side and round: one pass takes tens of microseconds, too short to time alone. */
const PASSES = 20;

export async function benchEngine(root: string): Promise<PartReport> {
  const real = questionnaireMatching(root, 'questionnaire', QUESTION_CODES);
  const tables = questionnaireMatching(
    root,
    'questionnaire/generation-2020',
    GENERATION_2020_CODES,
  );
  const plan = planFor(real);
  const tablesPlan = planFor(tables);
  const random = seededRandom(7);
  const sheets = randomSheets(real, random);
  const tableSheets = randomSheets(tables, random);
  const scores = new Float64Array(plan.size);
  const tableScores = new Float64Array(tablesPlan.size);
  const engineOut = new Float64Array(SHEETS);
  const engineTablesOut = new Float64Array(SHEETS);
  const engineTables = () => {
    for (let i = 0; i < SHEETS; i++) {
      evaluateScores(tablesPlan, tableSheets[i]!, tableScores);
      engineTablesOut[i] = tableScores[tablesPlan.overall]!;
    }
  };
  const engine = () => {
    for (let i = 0; i < SHEETS; i++) {
      evaluateScores(plan, sheets[i]!, scores);
      engineOut[i] = scores[plan.overall]!;
    }
    engineTables();
  };
  const kernelOut: KernelOut = {
    overall: new Float64Array(SHEETS),
    familyReunification: new Float64Array(SHEETS),
    accessToNationality: new Float64Array(SHEETS),
    languageTests: new Float64Array(SHEETS),
  };
  const kernelTablesOut: Generation2020Out = {
    overall: new Float64Array(SHEETS),
    permanentResidence: new Float64Array(SHEETS),
  };
  const kernelTables = () => generation2020Kernel(tableSheets, kernelTablesOut);
  const kernel = () => {
    questionnaireKernel(sheets, kernelOut);
    kernelTables();
  };
  const passes = (work: () => void) => () =>
    elapsed(() => {
      for (let pass = 0; pass < PASSES; pass++) work();
    });
  const measured = await roundsRatio(passes(engine), passes(kernel), {
    rounds: ROUNDS,
    warmUp: 5,
  });
  // The 2020 generation alone, for the record: its kernel is far leaner per question than the
  // 2015 one, so this ratio measures the engine's cost per node on a small tree more than its
  // tables (scoring bb28 and bb29 as means instead changes it little).
  const tablesOnly = await roundsRatio(passes(engineTables), passes(kernelTables), {
    rounds: ROUNDS,
    warmUp: 5,
  });
  agree(engineOut, kernelOut.overall, 'questionnaire/');
  agree(engineTablesOut, kernelTablesOut.overall, 'questionnaire/generation-2020');
  const ratio = measured.median;
  const rounds = `${PASSES} passes; median of ${ROUNDS} interleaved rounds`;
  return {
    measurements: [
      {
        name: `engine: ${SHEETS} sheets (40 countries × 10 editions) of each questionnaire, tables included`,
        milliseconds: measured.numeratorMs,
        note: `compiled plan, reused buffer; ${rounds}`,
      },
      {
        name: `hand-written Float64Array kernels, the same ${2 * SHEETS} sheets`,
        milliseconds: measured.denominatorMs,
        note: rounds,
      },
    ],
    ratios: { engine_over_kernel: ratio, engine_over_kernel_2020_only: tablesOnly.median },
    checks: [
      {
        key: 'engine_over_kernel',
        value: ratio,
        comparison: '<=',
        limit: 1.5,
        unit: '×',
        what: 'scoring engine / hand-written kernel, same arithmetic (table rules included)',
        spread: measured,
      },
    ],
  };
}

/** The questionnaire in `folder`, which the hand-written kernel must still match. */
function questionnaireMatching(
  root: string,
  folder: string,
  codes: readonly string[],
): Questionnaire {
  const questionnaire = loadQuestionnaire(join(root, folder)).questionnaire;
  if (!questionnaire) throw new Error(`${folder} is invalid`);
  if (questionnaire.questions.map((question) => question.code).join() !== codes.join()) {
    throw new Error(`the hand-written kernel does not match ${folder} any more`);
  }
  return questionnaire;
}

/** Random points for every question (an option or none), in questionnaire order. */
function randomSheets(questionnaire: Questionnaire, random: () => number): Float64Array[] {
  return Array.from({ length: SHEETS }, () =>
    Float64Array.from(questionnaire.questions, (question) => {
      const pick = Math.floor(random() * (question.options.length + 1));
      return pick < question.options.length ? question.options[pick]!.score : NaN;
    }),
  );
}

/** Both sides must give the same overall score, or the comparison means nothing. */
function agree(engine: Float64Array, kernel: Float64Array, folder: string): void {
  for (let i = 0; i < engine.length; i++) {
    const a = engine[i]!;
    const b = kernel[i]!;
    if (!(Math.abs(a - b) < 1e-9 || (Number.isNaN(a) && Number.isNaN(b))))
      throw new Error(`engine and kernel disagree on sheet ${i} of ${folder}: ${a} vs ${b}`);
  }
}
