/**
 * Nominal effective weights: how much each question weighs in its strand and in the overall score
 * when every question is answered. Because each level is a mean of its children, the weight of a
 * question is the product, along its path, of its node's weight divided by the sum of its
 * siblings' weights: a sub-item that is one of six items of one of five indicators of one of four
 * dimensions weighs 1/6 · 1/5 · 1/4 = 0.83 % of its strand.
 *
 * (Per sheet, skipped questions shift weight to their siblings; `contributions()` in
 * `score-sheet.ts` gives those actual weights.)
 */
import type { Questionnaire } from '../questionnaire/types.js';
import { DEFAULT_METHOD, type Method } from './method.js';
import { NodeKind, type ScoringPlan } from './plan.js';
import { planFor } from './score-sheet.js';

export interface EffectiveWeight {
  questionId: string;
  /** Weight in each strand that includes the question (its own, and cross-cutting ones). */
  inStrand: Record<string, number>;
  /** Weight in the overall score (0 if only in strands not counted there). */
  inOverall: number;
}

export function effectiveWeights(
  questionnaire: Questionnaire,
  method: Method = DEFAULT_METHOD,
): EffectiveWeight[] {
  const plan = planFor(questionnaire, method);
  const byQuestion = new Map<string, EffectiveWeight>(
    questionnaire.questions.map((q) => [q.id, { questionId: q.id, inStrand: {}, inOverall: 0 }]),
  );
  for (const strand of questionnaire.strands) {
    for (const [id, weight] of nominalWeights(plan, plan.indexOf.get(strand.id)!)) {
      byQuestion.get(id)!.inStrand[strand.id] = weight;
    }
  }
  for (const [id, weight] of nominalWeights(plan, plan.overall))
    byQuestion.get(id)!.inOverall = weight;
  return [...byQuestion.values()];
}

/** Weight of every question below node `start`, all answered: Π wᵢ / Σ w(siblings). */
export function nominalWeights(plan: ScoringPlan, start: number): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (n: number, factor: number) => {
    const kind = plan.kind[n];
    if (kind === NodeKind.Question) {
      out.set(plan.ids[n]!, (out.get(plan.ids[n]!) ?? 0) + factor);
    } else if (kind === NodeKind.Ref) {
      walk(plan.refTarget[n]!, factor);
    } else {
      const from = plan.childStart[n]!;
      const to = plan.childEnd[n]!;
      let total = 0;
      for (let e = from; e < to; e++) total += plan.childWeight[e]!;
      if (total === 0) return;
      for (let e = from; e < to; e++)
        walk(plan.children[e]!, (factor * plan.childWeight[e]!) / total);
    }
  };
  walk(start, 1);
  return out;
}
