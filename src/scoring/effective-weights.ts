/**
 * Nominal effective weights: how much each question weighs in its strand and in the overall score
 * when every question is answered. Because each level is a mean of its children, the weight of a
 * question is the product, along its path, of its node's weight divided by the sum of its
 * siblings' weights: a sub-item that is one of six items of one of five indicators of one of four
 * dimensions weighs 1/6 · 1/5 · 1/4 = 0.83 % of its strand.
 *
 * An item of a table rule has no effective weight: its composite's points are looked up from the
 * combination of answers, so how much one item matters depends on the others. Its weights are
 * null ("looked up"), and `lookedUp` says what can be said: the table's own effective weight
 * (an ordinary weight among its siblings) and the most points of the table the item can move
 * on its own (`itemSwing`).
 *
 * (Per sheet, skipped questions shift weight to their siblings; `contributions()` in
 * `score-sheet.ts` gives those actual weights. A strand's readings weigh the indicators they
 * read: `readingWeights` in `readings.ts`.)
 */
import { itemSwing } from '../questionnaire/table-rule.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { DEFAULT_METHOD, type Method } from './method.js';
import { NodeKind, type ScoringPlan } from './plan.js';
import { planFor } from './score-sheet.js';

export interface EffectiveWeight {
  questionId: string;
  /** Weight in each strand that includes the question (its own, and cross-cutting ones); null: looked up. */
  inStrand: Record<string, number | null>;
  /** Weight in the overall score (0 if only in strands not counted there); null: looked up. */
  inOverall: number | null;
  /** For an item of a table rule: the table and what the item can do in it; else null. */
  lookedUp: LookedUp | null;
}

export interface LookedUp {
  /** The composite whose table the item is looked up in. */
  tableId: string;
  /** The most points of the table the item can move on its own (0–100). */
  swing: number;
  /** The table's effective weight in each strand that includes it, and overall. */
  tableInStrand: Record<string, number>;
  tableInOverall: number;
}

export function effectiveWeights(
  questionnaire: Questionnaire,
  method: Method = DEFAULT_METHOD,
): EffectiveWeight[] {
  const plan = planFor(questionnaire, method);
  const inStrand = new Map<string, Record<string, number>>();
  const inOverall = nominalWeights(plan, plan.overall);
  for (const strand of questionnaire.strands) {
    for (const [id, weight] of nominalWeights(plan, plan.indexOf.get(strand.id)!)) {
      inStrand.set(id, { ...inStrand.get(id), [strand.id]: weight });
    }
  }
  return questionnaire.questions.map((q) => {
    const parent = q.parentId === null ? undefined : questionnaire.nodes.get(q.parentId);
    if (parent?.kind === 'composite' && parent.table) {
      const tableInStrand = inStrand.get(parent.id) ?? {};
      return {
        questionId: q.id,
        inStrand: Object.fromEntries(Object.keys(tableInStrand).map((s) => [s, null])),
        inOverall: null,
        lookedUp: {
          tableId: parent.id,
          swing: itemSwing(parent, q.id),
          tableInStrand,
          tableInOverall: inOverall.get(parent.id) ?? 0,
        },
      };
    }
    return {
      questionId: q.id,
      inStrand: inStrand.get(q.id) ?? {},
      inOverall: inOverall.get(q.id) ?? 0,
      lookedUp: null,
    };
  });
}

/**
 * Weight of every question below node `start`, all answered: Π wᵢ / Σ w(siblings). A table rule
 * is weighed as a whole, under its own id: its items have no weight of their own.
 */
export function nominalWeights(plan: ScoringPlan, start: number): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (n: number, factor: number) => {
    const kind = plan.kind[n];
    if (kind === NodeKind.Question || plan.tableAt[n]! >= 0) {
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
