/**
 * The compiled robustness kernel against an obvious, slow reference: the questionnaire tree
 * walked recursively, each draw's choices applied node by node with the plain-array rules.
 * Any folding, switching or log-domain shortcut of the kernel must give the same scores.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { questionPoints } from '../../src/analysis/attribution.js';
import { positiveGeometricMean } from '../../src/analysis/positive-geometric-mean.js';
import { seededRandom } from '../../src/analysis/random.js';
import {
  compileRobustnessKernel,
  type KernelSettings,
  type RobustnessKernel,
} from '../../src/analysis/robustness-kernel.js';
import { AGGREGATION_LEVELS } from '../../src/analysis/robustness.js';
import { loadSheets } from '../../src/answers/gather-sheets.js';
import { answerMap } from '../../src/answers/types.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import type { Questionnaire, QuestionnaireNode } from '../../src/questionnaire/types.js';
import { minimum, weightedGeometricMean, weightedMean } from '../../src/scoring/aggregate.js';
import { planFor } from '../../src/scoring/score-sheet.js';
import { fixtureQuestionnaire, ROOT_DIR } from '../helpers/fixtures.js';
import { SAMPLE_DEFAULT_INPUT_IDS } from './sample-inputs.js';

const PUBLISHED_RULES = { mean: weightedMean, geometric: weightedGeometricMean, min: minimum };

/** Scores of `root` for each country under the draw `u`, computed the slow, obvious way. */
function reference(
  questionnaire: Questionnaire,
  points: Float64Array[],
  root: string,
  kernel: RobustnessKernel,
  settings: KernelSettings,
  u: Float64Array,
): (number | null)[] {
  const inputIndex = new Map(kernel.inputs.map((input, i) => [input.id, i]));
  const dimensions = kernel.inputs.filter((i) => i.kind === 'weight').map((i) => i.target!);
  const leave = inputIndex.get('leave-out');
  const leftOut =
    leave === undefined ? null : dimensions[Math.floor(u[leave]! * dimensions.length)];
  const questionIndex = new Map(questionnaire.questions.map((q, i) => [q.id, i]));
  return points.map((p) => {
    const score = (node: QuestionnaireNode): number | null => {
      if (node.kind === 'question') {
        const x = p[questionIndex.get(node.id)!]!;
        return Number.isNaN(x) ? null : x;
      }
      if (node.kind === 'ref') return score(questionnaire.nodes.get(node.targetId)!);
      const values = node.children.map(score);
      const weights = node.children.map((child) => {
        const target = child.kind === 'ref' ? questionnaire.nodes.get(child.targetId)! : child;
        if (target.level !== 'dimension') return child.weight;
        if (target.id === leftOut) return 0;
        const i = inputIndex.get(`weight:${target.id}`);
        if (i === undefined) return child.weight; // weights not varied (range 0)
        return child.weight * (1 + settings.weightRange * (2 * u[i]! - 1));
      });
      const level = inputIndex.get(`aggregation:${node.level}`);
      if (level !== undefined && u[level]! < settings.geometricShare)
        return positiveGeometricMean(values, weights);
      // The published rules treat weight 0 as absent too.
      const kept = values.map((v, i) => (weights[i]! > 0 ? v : null));
      if (node.aggregation === 'table')
        throw new Error('the sample questionnaire has no table rule');
      return PUBLISHED_RULES[node.aggregation](kept, weights);
    };
    return score(questionnaire.nodes.get(root)!);
  });
}

function sampleEdition(edition: string) {
  const questionnaire = loadQuestionnaire(join(ROOT_DIR, 'questionnaire')).questionnaire!;
  const plan = planFor(questionnaire);
  const { sheets } = loadSheets([join(ROOT_DIR, 'scores', edition)], { questionnaire });
  return { questionnaire, plan, points: sheets.map((s) => questionPoints(plan, answerMap(s))) };
}

function checkAgainstReference(
  questionnaire: Questionnaire,
  points: Float64Array[],
  root: string,
  settings: KernelSettings,
  draws: number,
) {
  const plan = planFor(questionnaire);
  const kernel = compileRobustnessKernel(plan, points, plan.indexOf.get(root)!, settings);
  const random = seededRandom(9);
  const u = new Float64Array(kernel.inputs.length);
  const out = new Float64Array(points.length);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < u.length; i++) u[i] = random();
    kernel.evaluate(u, out);
    const expected = reference(questionnaire, points, root, kernel, settings, u);
    expected.forEach((value, c) => {
      if (value === null) expect(out[c]).toBeNaN();
      else expect(out[c]).toBeCloseTo(value, 9);
    });
  }
}

describe('compiled robustness kernel', () => {
  const sample = sampleEdition('2024');
  const settings: KernelSettings = {
    levels: ['dimension', 'strand', 'overall'],
    weightRange: 0.25,
    geometricShare: 0.5,
    leaveOneOut: true,
  };

  it('lists one input per dimension weight, per level, and the leave-out', () => {
    const kernel = compileRobustnessKernel(
      sample.plan,
      sample.points,
      sample.plan.overall,
      settings,
    );
    expect(kernel.inputs.map((i) => i.id)).toEqual([...SAMPLE_DEFAULT_INPUT_IDS, 'leave-out']);
  });

  it('with every choice at its published value, reproduces the published scores bit for bit', () => {
    const kernel = compileRobustnessKernel(sample.plan, sample.points, sample.plan.overall, {
      ...settings,
      leaveOneOut: false,
    });
    const u = new Float64Array(kernel.inputs.length).fill(0.5); // factor 1; 0.5 ≥ share: published rule
    const out = new Float64Array(sample.points.length);
    kernel.evaluate(u, out);
    expect([...out]).toEqual([...kernel.published]);
  });

  it('matches the reference on the sample edition (default levels)', () => {
    checkAgainstReference(sample.questionnaire, sample.points, 'overall', settings, 200);
  });

  it('matches the reference with fixed weights (only rules vary, dimensions folded)', () => {
    checkAgainstReference(
      sample.questionnaire,
      sample.points,
      'overall',
      { ...settings, weightRange: 0, leaveOneOut: false },
      200,
    );
  });

  it('matches the reference with every composite level varying', () => {
    checkAgainstReference(
      sample.questionnaire,
      sample.points,
      'overall',
      { ...settings, levels: [...AGGREGATION_LEVELS], geometricShare: 0.3 },
      200,
    );
  });

  it('matches the reference on a strand as target and on a questionnaire with a min rule and gaps', () => {
    checkAgainstReference(
      sample.questionnaire,
      sample.points,
      'family-reunification',
      settings,
      50,
    );
    const tiny = fixtureQuestionnaire('tiny');
    const tinyPlan = planFor(tiny);
    const answers = [
      {
        q1: 'good',
        q2: 'bad',
        i1: 'mid',
        i2: 'bad',
        q3: 'most',
        q4: 'good',
        q5: 'bad',
        q6: 'mid',
        q7: 'bad',
      },
      { q1: 'mid', q2: 'mid', i1: 'good', q4: 'mid', q6: 'good', q7: 'good' }, // alpha-two and q5 unanswered
      {
        q1: 'bad',
        q2: 'bad',
        i1: 'bad',
        i2: 'bad',
        q3: 'none',
        q4: 'bad',
        q5: 'bad',
        q6: 'bad',
        q7: 'bad',
      },
    ].map((a) => questionPoints(tinyPlan, new Map(Object.entries(a))));
    for (const levels of [['dimension', 'strand', 'overall'], [...AGGREGATION_LEVELS]] as const)
      checkAgainstReference(tiny, answers, 'overall', { ...settings, levels: [...levels] }, 300);
  });
});
