/**
 * Analysis benchmarks: 10,000 robustness draws for 40 countries against the hand-written kernel
 * scoring the same 40 countries 10,000 times — alternating in interleaved rounds, the ratio the
 * median of the per-round ratios with their spread (stats.ts) — and the latency of a what-if
 * through HTTP.
 * `measureRobustness` is the robustness part alone (no database, no server).
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../analysis/random.js';
import { percentile } from '../analysis/sample-percentiles.js';
import {
  AGGREGATION_LEVELS,
  DEFAULT_ROBUSTNESS,
  robustness,
  type RobustnessOptions,
} from '../analysis/robustness.js';
import { loadQuestionnaire } from '../questionnaire/load-questionnaire.js';
import { planFor } from '../scoring/score-sheet.js';
import { bootstrap } from '../storage/bootstrap.js';
import { openDatabase } from '../storage/database.js';
import { createApp } from '../web/app.js';
import { questionnaireKernel } from './questionnaire-kernel.js';
import { elapsed, median, roundsRatio, type RoundsRatio } from './stats.js';

export interface RobustnessMeasurements {
  draws: number;
  countries: number;
  /**
   * Default levels (dimension, strand, overall), a dimension left out of every draw, over the
   * kernel: the median of interleaved rounds and its spread; the medians of each side in ms.
   */
  overKernel: RoundsRatio;
  /** The same with every composite level's rule varying: the whole tree scored per draw. */
  robustnessAllLevelsMs: number;
}

/** Interleaved rounds of robustness and kernel counted (after the warm-up runs). */
const ROUNDS = 9;

export interface AnalysisMeasurements extends RobustnessMeasurements {
  whatIfMedianMs: number;
  whatIfP95Ms: number;
  whatIfRequests: number;
}

/** 10,000 robustness draws × 40 countries and the kernel doing the same scoring, in-process. */
async function measureRobustness(root: string): Promise<RobustnessMeasurements> {
  const questionnaire = loadQuestionnaire(join(root, 'questionnaire')).questionnaire!;
  const plan = planFor(questionnaire);
  const random = seededRandom(11);
  const countries = Array.from({ length: 40 }, (_, i) => ({
    code: `C${i}`,
    points: Float64Array.from(
      questionnaire.questions,
      (q) => q.options[Math.floor(random() * q.options.length)]!.score,
    ),
  }));
  const draws = 10_000;
  // The page's defaults with a dimension left out of every draw (every kind of choice varies);
  // intervals only: the Sobol analysis is a separate cost, N · (k + 2) runs.
  const options: RobustnessOptions = {
    ...DEFAULT_ROBUSTNESS,
    draws,
    leaveOneOut: true,
    sensitivitySamples: 0,
  };
  // Every composite level varies too: nothing can be folded, the whole tree is scored per draw.
  const allLevels: RobustnessOptions = { ...options, levels: [...AGGREGATION_LEVELS] };
  const sheets = countries.map((c) => c.points);
  const out = {
    overall: new Float64Array(40),
    familyReunification: new Float64Array(40),
    accessToNationality: new Float64Array(40),
    languageTests: new Float64Array(40),
  };
  const kernel = (times: number) => {
    for (let i = 0; i < times; i++) questionnaireKernel(sheets, out);
  };
  robustness(plan, countries, { ...options, draws: 200 });
  robustness(plan, countries, { ...allLevels, draws: 200 });
  kernel(200);
  const overKernel = await roundsRatio(
    () => elapsed(() => robustness(plan, countries, options)),
    () => elapsed(() => kernel(draws)),
    { rounds: ROUNDS, warmUp: 0 },
  );
  const robustnessAllLevelsMs = elapsed(() => robustness(plan, countries, allLevels));
  return { draws, countries: countries.length, overKernel, robustnessAllLevelsMs };
}

export async function benchAnalysis(root: string): Promise<AnalysisMeasurements> {
  const robustnessPart = await measureRobustness(root);
  const db = openDatabase(':memory:');
  bootstrap(db, { questionnaireDir: join(root, 'questionnaire'), scoresDir: join(root, 'scores') });
  // 330 simulations from one address: the public rate limit would refuse most of them.
  const server = createApp({
    db,
    publicUrl: 'https://index.example',
    analysisRateLimit: false,
  }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/simulate`;
  const latencies: number[] = [];
  const requests = 300;
  try {
    for (let i = 0; i < requests + 30; i++) {
      const body = JSON.stringify({
        country: 'AT',
        edition: '2024',
        answers: {
          'fr-accommodation': ['none', 'general-standards', 'stricter'][i % 3],
          'atn-renunciation': i % 2 ? 'none' : 'required',
        },
      });
      const t = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`what-if: HTTP ${response.status}`);
      if (i >= 30) latencies.push(performance.now() - t);
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
  }
  latencies.sort((a, b) => a - b);
  return {
    ...robustnessPart,
    whatIfMedianMs: median(latencies),
    whatIfP95Ms: percentile(latencies, 0.95),
    whatIfRequests: requests,
  };
}
