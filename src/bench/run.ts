/**
 * `npm run bench`: measures, in one run, what the quality bars ask for and prints ratios, so
 * results compare across machines. Writes the numbers to bench-results.json as well.
 *
 * 1. Validating and scoring 1,000 answer sheets of a 200-question synthetic questionnaire.
 * 2. The scoring engine against a hand-written Float64Array kernel doing the same arithmetic
 *    on the project's questionnaire, 40 countries × 10 editions (target: within 3×).
 * 3. Importing 1,000 real-size answer sheets into the database in one transaction, publishing
 *    them, and recomputing every published score from the frozen answers.
 * 4. Throughput of a country profile page against a static file of the same bytes, served by the
 *    same process.
 * 5. 10,000 robustness draws for 40 countries against the kernel doing the same scoring, and the
 *    latency of a what-if through HTTP.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseSheetText } from '../answers/load-sheet.js';
import { answerMap, type AnswerSheet } from '../answers/types.js';
import { loadQuestionnaireFromTexts } from '../questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { evaluateScores, planFor, scoreSheet } from '../scoring/score-sheet.js';
import { loadQuestionnaire } from '../questionnaire/load-questionnaire.js';
import { join } from 'node:path';
import { QUESTION_CODES, questionnaireKernel, type KernelOut } from './questionnaire-kernel.js';
import { benchStorage } from './storage-bench.js';
import { benchWeb } from './web-bench.js';
import { benchAnalysis } from './analysis-bench.js';
import { benchHostile } from './hostile-bench.js';
import { benchLogin } from './login-bench.js';
import {
  seededRandom,
  SYNTHETIC_QUESTIONS,
  syntheticQuestionnaireFiles,
  syntheticSheets,
} from './synthetic.js';

const SHEETS = 1000;

interface Measurement {
  name: string;
  milliseconds: number;
  note: string;
}

/** Best of `repeat` runs of `work` (after one warm-up unless `repeat` is 1), in milliseconds. */
function time(work: () => void, repeat = 5): number {
  if (repeat > 1) work();
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

async function main(): Promise<void> {
  const measurements: Measurement[] = [];
  let questionnaire: Questionnaire | null = null;
  const loadMs = time(() => {
    questionnaire = loadQuestionnaireFromTexts(syntheticQuestionnaireFiles()).questionnaire;
  });
  if (!questionnaire) throw new Error('synthetic questionnaire is invalid');
  const q: Questionnaire = questionnaire;
  if (q.questions.length !== SYNTHETIC_QUESTIONS)
    throw new Error('synthetic questionnaire has the wrong size');
  measurements.push({
    name: 'load + validate questionnaire (200 questions)',
    milliseconds: loadMs,
    note: '',
  });

  const texts = syntheticSheets(
    q.questions.map((question) => question.id),
    SHEETS,
  );
  let sheets: AnswerSheet[] = [];
  const validateMs = time(() => {
    sheets = texts.map((text, i) => {
      const { sheet, issues } = parseSheetText(`sheet-${i}.yaml`, text, { questionnaire: q });
      if (!sheet || issues.length > 0)
        throw new Error(`synthetic sheet ${i} is invalid: ${JSON.stringify(issues[0])}`);
      return sheet;
    });
  }, 1);
  measurements.push({
    name: `validate ${SHEETS} sheets (YAML parse, schema, skip logic)`,
    milliseconds: validateMs,
    note: `${(validateMs / SHEETS).toFixed(3)} ms per sheet`,
  });

  const maps = sheets.map(answerMap);
  const scoreMs = time(() => {
    for (const answers of maps) scoreSheet(q, answers);
  });
  measurements.push({
    name: `score ${SHEETS} sheets (from answers)`,
    milliseconds: scoreMs,
    note: `${((scoreMs / SHEETS) * 1000).toFixed(1)} µs per sheet`,
  });

  // The engine against a hand-written kernel for the project's questionnaire: 40 countries ×
  // 10 editions of random answers, the same decoded question scores for both.
  const real = loadQuestionnaire(join(process.cwd(), 'questionnaire')).questionnaire;
  if (!real) throw new Error('questionnaire/ is invalid');
  if (real.questions.map((question) => question.code).join() !== QUESTION_CODES.join()) {
    throw new Error('the hand-written kernel does not match questionnaire/ any more');
  }
  const plan = planFor(real);
  const random = seededRandom(7);
  const sheetsForKernel = Array.from({ length: 400 }, () =>
    Float64Array.from(real.questions, (question) => {
      const pick = Math.floor(random() * (question.options.length + 1));
      return pick < question.options.length ? question.options[pick]!.score : NaN;
    }),
  );
  const scoresBuffer = new Float64Array(plan.size);
  const engineOut = new Float64Array(sheetsForKernel.length);
  const engineMs = time(() => {
    for (let i = 0; i < sheetsForKernel.length; i++) {
      evaluateScores(plan, sheetsForKernel[i]!, scoresBuffer);
      engineOut[i] = scoresBuffer[plan.overall]!;
    }
  }, 50);
  const kernelOut: KernelOut = {
    overall: new Float64Array(sheetsForKernel.length),
    familyReunification: new Float64Array(sheetsForKernel.length),
    accessToNationality: new Float64Array(sheetsForKernel.length),
    languageTests: new Float64Array(sheetsForKernel.length),
  };
  const kernelMs = time(() => questionnaireKernel(sheetsForKernel, kernelOut), 50);
  for (let i = 0; i < sheetsForKernel.length; i++) {
    const a = engineOut[i]!;
    const b = kernelOut.overall[i]!;
    if (!(Math.abs(a - b) < 1e-9 || (Number.isNaN(a) && Number.isNaN(b)))) {
      throw new Error(`engine and kernel disagree on sheet ${i}: ${a} vs ${b}`);
    }
  }
  measurements.push({
    name: 'engine: 40 countries × 10 editions, full questionnaire',
    milliseconds: engineMs,
    note: 'compiled plan, reused buffer',
  });
  measurements.push({
    name: 'hand-written Float64Array kernel, same 400 sheets',
    milliseconds: kernelMs,
    note: '',
  });

  const storage = benchStorage(process.cwd());
  measurements.push({
    name: `import ${storage.sheets} sheets into the database (one transaction)`,
    milliseconds: storage.importMs,
    note: `${(storage.importMs / storage.sheets).toFixed(2)} ms per sheet, validation included`,
  });
  measurements.push({
    name: `publish ${storage.editions} editions (${storage.sheets} sheets, scores cached)`,
    milliseconds: storage.publishMs,
    note: '',
  });
  measurements.push({
    name: `recompute all published scores (${storage.sheets} sheets)`,
    milliseconds: storage.recomputeMs,
    note: `${((storage.recomputeMs / storage.sheets) * 1000).toFixed(0)} µs per sheet, compared with the published`,
  });

  const analysis = await benchAnalysis(process.cwd());
  measurements.push({
    name: `robustness: ${analysis.draws} draws × ${analysis.countries} countries`,
    milliseconds: analysis.robustnessMs,
    note: 'weights perturbed, geometric levels, one dimension left out',
  });
  measurements.push({
    name: `hand-written kernel: the same ${analysis.countries} countries × ${analysis.draws}`,
    milliseconds: analysis.kernelMs,
    note: '',
  });
  measurements.push({
    name: `what-if through HTTP (POST /api/v1/simulate), median of ${analysis.whatIfRequests}`,
    milliseconds: analysis.whatIfMedianMs,
    note: `p95 ${analysis.whatIfP95Ms.toFixed(2)} ms`,
  });

  const web = await benchWeb(process.cwd());
  measurements.push({
    name: `GET /countries/DE/2024 (${web.bytes} bytes), ${web.requests} requests`,
    milliseconds: (web.requests / web.profileRps) * 1000,
    note: `${web.profileRps.toFixed(0)} requests/s`,
  });
  measurements.push({
    name: `static file of the same bytes, ${web.requests} requests`,
    milliseconds: (web.requests / web.staticRps) * 1000,
    note: `${web.staticRps.toFixed(0)} requests/s`,
  });

  const login = await benchLogin(50);
  measurements.push({
    name: `failed sign-in, known email, median of ${login.attempts}`,
    milliseconds: login.knownMedianMs,
    note: '',
  });
  measurements.push({
    name: `failed sign-in, unknown email, median of ${login.attempts}`,
    milliseconds: login.unknownMedianMs,
    note: '',
  });

  const hostile = await benchHostile(process.cwd());
  measurements.push({
    name: 'POST /login with a 200 MB multipart body',
    milliseconds: hostile.bigBodyMs,
    note: `${hostile.bigBodyStatus}; server memory +${hostile.bigBodyRssGrowthMb.toFixed(1)} MB`,
  });
  measurements.push({
    name: 'upload of 45,000 keys (under 1 MB)',
    milliseconds: hostile.keysUploadMs,
    note: `${hostile.keysUploadStatus}`,
  });
  measurements.push({
    name: 'GET / alone, median of 30',
    milliseconds: hostile.homeAloneMedianMs,
    note: '',
  });
  measurements.push({
    name: 'GET / while the 45,000-key upload is handled, slowest',
    milliseconds: hostile.homeDuringUploadMaxMs,
    note: '',
  });

  const ratios = {
    robustnessToKernel: analysis.robustnessMs / analysis.kernelMs,
    robustnessSeconds: analysis.robustnessMs / 1000,
    staticToProfile: web.staticRps / web.profileRps,
    engineToKernel: engineMs / kernelMs,
    validateToScore: validateMs / scoreMs,
    importToRecompute: storage.importMs / storage.recomputeMs,
    loginKnownToUnknown: login.ratio,
    homeDuringUploadToAlone: hostile.homeDuringUploadMaxMs / hostile.homeAloneMedianMs,
  };
  const width = Math.max(...measurements.map((m) => m.name.length));
  console.log(
    `Policy Index Engine benchmark — node ${process.version}, ${new Date().toISOString()}`,
  );
  for (const m of measurements) {
    console.log(`${m.name.padEnd(width)}  ${m.milliseconds.toFixed(2).padStart(9)} ms  ${m.note}`);
  }
  console.log('');
  console.log(
    `ratio engine / kernel (same arithmetic):      ${ratios.engineToKernel.toFixed(2)}×  (target ≤ 3×)`,
  );
  console.log(
    `ratio validate / score (per sheet):           ${ratios.validateToScore.toFixed(1)}×`,
  );
  console.log(
    `ratio import / recompute (1,000 sheets):      ${ratios.importToRecompute.toFixed(1)}×`,
  );
  console.log(
    `ratio robustness / kernel (10,000 draws):     ${ratios.robustnessToKernel.toFixed(2)}×  (${ratios.robustnessSeconds.toFixed(2)} s; target about 1 s)`,
  );
  console.log(
    `ratio static file / profile page throughput:  ${ratios.staticToProfile.toFixed(2)}×  (target: close to 1)`,
  );
  console.log(
    `ratio sign-in time, slower / faster email:    ${ratios.loginKnownToUnknown.toFixed(2)}×  (target < 1.10×)`,
  );
  console.log(
    `200 MB body to /login: ${hostile.bigBodyStatus} after ${hostile.bigBodyMs.toFixed(0)} ms, server memory +${hostile.bigBodyRssGrowthMb.toFixed(1)} MB  (target: 413, < 20 MB)`,
  );
  console.log(
    `45,000-key upload: ${hostile.keysUploadStatus} after ${hostile.keysUploadMs.toFixed(0)} ms; GET / meanwhile ${hostile.homeDuringUploadMaxMs.toFixed(1)} ms, ${ratios.homeDuringUploadToAlone.toFixed(2)}× GET / alone  (target: < 1 s, GET / < 100 ms)`,
  );
  writeFileSync(
    'bench-results.json',
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, measurements, ratios }, null, 2)}\n`,
  );
  console.log('written to bench-results.json');
}

await main();
