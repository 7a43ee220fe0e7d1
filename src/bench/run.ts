/**
 * `npm run bench`: measures, in one run, what the quality bars ask for and prints ratios, so
 * results compare across machines. Writes the numbers to bench-results.json as well.
 *
 * 1. Validating and scoring 1,000 answer sheets of a 200-question synthetic questionnaire.
 * 2. The scoring engine against a hand-written Float64Array kernel doing the same arithmetic
 *    (the engine's price for generality; target: within 3×).
 * 3. Importing 1,000 real-size answer sheets into the database in one transaction, publishing
 *    them, and recomputing every published score from the frozen answers.
 * 4. Throughput of a country profile page against a static file of the same bytes, served by the
 *    same process.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseSheetText } from '../answers/load-sheet.js';
import { answerMap, type AnswerSheet } from '../answers/types.js';
import { loadQuestionnaireFromTexts } from '../questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { createWorkspace, evaluateInto, planFor, scoreSheet } from '../scoring/score-sheet.js';
import { benchStorage } from './storage-bench.js';
import { benchWeb } from './web-bench.js';
import { SYNTHETIC_QUESTIONS, syntheticQuestionnaireFiles, syntheticSheets } from './synthetic.js';

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

/**
 * The reference kernel: the synthetic tree (strand → dimension → indicator → item), all
 * arithmetic means, written by hand over one Float64Array of question scores per sheet.
 */
function kernel(questionScores: Float64Array[], out: Float64Array): void {
  for (let sheet = 0; sheet < questionScores.length; sheet++) {
    const x = questionScores[sheet]!;
    let overall = 0;
    let strands = 0;
    let q = 0;
    for (let s = 0; s < 4; s++) {
      let strandSum = 0;
      let dims = 0;
      for (let d = 0; d < 5; d++) {
        let dimSum = 0;
        let inds = 0;
        for (let i = 0; i < 4; i++, q++) {
          const v = x[q]!;
          if (v === v) {
            dimSum += v;
            inds++;
          }
        }
        for (let c = 0; c < 2; c++) {
          let compSum = 0;
          let items = 0;
          for (let i = 0; i < 3; i++, q++) {
            const v = x[q]!;
            if (v === v) {
              compSum += v;
              items++;
            }
          }
          if (items > 0) {
            dimSum += compSum / items;
            inds++;
          }
        }
        if (inds > 0) {
          strandSum += dimSum / inds;
          dims++;
        }
      }
      if (dims > 0) {
        overall += strandSum / dims;
        strands++;
      }
    }
    out[sheet] = strands > 0 ? overall / strands : NaN;
  }
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

  // Engine core vs hand-written kernel, on the same decoded question scores.
  const plan = planFor(q);
  const decoded = maps.map((answers) =>
    Float64Array.from(q.questions, (question) => {
      const option = question.options.find((o) => o.id === answers.get(question.id));
      return option ? option.score : NaN;
    }),
  );
  const resolved = decoded.map((scores) => Uint8Array.from(scores, () => 1));
  const engineOut = new Float64Array(SHEETS);
  const workspace = createWorkspace(plan, false);
  const engineMs = time(() => {
    for (let i = 0; i < SHEETS; i++) {
      evaluateInto(plan, decoded[i]!, resolved[i]!, workspace);
      engineOut[i] = workspace.scores[plan.overall]!;
    }
  }, 20);
  const kernelOut = new Float64Array(SHEETS);
  const kernelMs = time(() => kernel(decoded, kernelOut), 20);
  for (let i = 0; i < SHEETS; i++) {
    if (Math.abs(engineOut[i]! - kernelOut[i]!) > 1e-9)
      throw new Error(`engine and kernel disagree on sheet ${i}`);
  }
  measurements.push({
    name: `engine scoring pass, ${SHEETS} sheets`,
    milliseconds: engineMs,
    note: 'compiled plan, reused buffers, scores and coverage',
  });
  measurements.push({
    name: `hand-written Float64Array kernel, ${SHEETS} sheets`,
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

  const ratios = {
    staticToProfile: web.staticRps / web.profileRps,
    engineToKernel: engineMs / kernelMs,
    validateToScore: validateMs / scoreMs,
    importToRecompute: storage.importMs / storage.recomputeMs,
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
    `ratio static file / profile page throughput:  ${ratios.staticToProfile.toFixed(2)}×  (target: close to 1)`,
  );
  writeFileSync(
    'bench-results.json',
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, measurements, ratios }, null, 2)}\n`,
  );
  console.log('written to bench-results.json');
}

await main();
