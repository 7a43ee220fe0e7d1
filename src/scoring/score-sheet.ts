/**
 * Scoring of one answer sheet — the method of PRODUCT.md §4, read from the top down:
 * `scoreSheet` names the steps, and each step below says what it computes and with which
 * formula. Steps 2–4 run as one pass over the compiled questionnaire, the fast path in
 * `evaluate-plan.ts` beside this file; the arithmetic there is exactly the steps' own.
 *
 * Answers are used exactly as coded: skip logic is a matter for validation, not for scoring.
 * Full precision is kept throughout; rounding is for display only (`rounding.ts`: half up, to
 * the questionnaire's display decimals) and never feeds back into a score.
 */
import { isMissingValue, NOT_APPLICABLE } from '../answers/vocabulary.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { evaluatePlan } from './evaluate-plan.js';
import { DEFAULT_METHOD, type Method } from './method.js';
import { compilePlan, NodeKind, type ScoringPlan } from './plan.js';
import { readingsOf, type ReadingValue } from './readings.js';

/** The hot path for loops that score many variants of one sheet (robustness, attribution). */
export { evaluateScores } from './evaluate-plan.js';

/**
 * The scores of one sheet: every node's score, coverage and share in its parent.
 *
 * 1. **Answer → points**: a question scores the points of the chosen option
 *    (`answerPoints`).
 * 2. **Composites**: a composite node combines the children that have a score with its rule
 *    and their weights — by default the weighted mean Σ wᵢ·xᵢ / Σ wᵢ (`aggregate.ts`; the
 *    method may choose the geometric mean or the minimum). A child without a score is left out
 *    with its weight; no child with a score → no score.
 * 3. **References**: a cross-cutting node reports the node it refers to.
 * 4. **Coverage and weights**: coverage = resolved questions below a node / questions below it;
 *    a child's share in its parent is the factor its score enters with (wᵢ / Σ wⱼ for the mean),
 *    and a question's effective weight in any ancestor is the product of the shares on the way
 *    (`contributions`).
 */
export function scoreSheet(
  questionnaire: Questionnaire,
  answers: AnswerMap,
  method: Method = DEFAULT_METHOD,
): SheetScores {
  return scoreWithPlan(planFor(questionnaire, method), answers);
}

/** `scoreSheet` on a questionnaire and method already compiled (`planFor`). */
export function scoreWithPlan(plan: ScoringPlan, answers: AnswerMap): SheetScores {
  const { points, resolved } = answerPoints(plan, answers); // step 1
  return evaluatePlan(plan, points, resolved); // steps 2–4, evaluate-plan.ts
}

/**
 * Step 1, for every question: its points (NaN = none) and whether it is resolved (1) or not (0).
 * An option scores its points and resolves the question; "not applicable" resolves it without
 * points; "no data", "not assessed" and a missing answer leave it unresolved and without points.
 * A question without points is left out of every mean, never counted as 0.
 */
export function answerPoints(
  plan: ScoringPlan,
  answers: AnswerMap,
): { points: Float64Array; resolved: Uint8Array } {
  const points = new Float64Array(plan.questionNode.length).fill(NaN);
  const resolved = new Uint8Array(plan.questionNode.length);
  plan.questionnaire.questions.forEach((question, q) => {
    const answer = answers.get(question.id);
    if (answer === undefined) return;
    if (answer === NOT_APPLICABLE) {
      resolved[q] = 1;
      return;
    }
    const score = plan.optionScores[q]!.get(answer);
    if (score !== undefined) {
      points[q] = score;
      resolved[q] = 1;
    } else if (!isMissingValue(answer)) {
      throw new Error(
        `answer "${answer}" is not an option of "${question.id}" (validate sheets before scoring)`,
      );
    }
  });
  return { points, resolved };
}

/** A question's (or a whole table rule's, `lookedUp`) weight and points in an ancestor's score. */
export interface Contribution {
  weight: number;
  points: number;
  lookedUp: boolean;
}

/** Per question: an option id, or one of `not_applicable`, `no_data`, `not_assessed`. */
export type AnswerMap = ReadonlyMap<string, string>;

export interface SheetScores {
  plan: ScoringPlan;
  /** Score per node index; `NaN` = no score. */
  scores: Float64Array;
  /** Resolved questions below each node (references followed). */
  resolved: Float64Array;
  /** Share of each node in its parent (see `aggregate.ts`); indexed by node. */
  shares: Float64Array;
}

export interface NodeScore {
  score: number | null;
  coverage: number;
  level: string;
  code: string | null;
  /** Asked for only (`nodeScores(…, { readings: true })`): the node's readings by id (`readings.ts`). */
  readings?: Readonly<Record<string, ReadingValue>>;
}

const planCache = new WeakMap<Questionnaire, WeakMap<Method, ScoringPlan>>();

/**
 * The questionnaire and method compiled into flat arrays (`plan.ts`: nodes in evaluation order,
 * each composite with its rule, children and weights), once per pair and reused.
 */
export function planFor(
  questionnaire: Questionnaire,
  method: Method = DEFAULT_METHOD,
): ScoringPlan {
  let byMethod = planCache.get(questionnaire);
  if (!byMethod) {
    byMethod = new WeakMap();
    planCache.set(questionnaire, byMethod);
  }
  let plan = byMethod.get(method);
  if (!plan) {
    plan = compilePlan(questionnaire, method);
    byMethod.set(method, plan);
  }
  return plan;
}

/** The reported score of a node by id (null: no score). */
export function scoreOf(result: SheetScores, nodeId: string): number | null {
  const n = result.plan.indexOf.get(nodeId);
  if (n === undefined) throw new Error(`unknown node "${nodeId}"`);
  const score = result.scores[n]!;
  return Number.isNaN(score) ? null : score;
}

/** Step 4: the share of the questions below node `n` that are resolved (0 without questions). */
export function coverageOf(result: SheetScores, n: number): number {
  const total = result.plan.leafCount[n]!;
  return total === 0 ? 0 : result.resolved[n]! / total;
}

/**
 * Every node by id with score, coverage, level and code — the shape of `score --format json`.
 * With `readings: true`, the dimensions and strand of every strand that declares readings also
 * carry them (`readings.ts`: computed only when asked).
 */
export function nodeScores(
  result: SheetScores,
  options: { readings?: boolean } = {},
): Record<string, NodeScore> {
  const { plan } = result;
  const readings = options.readings ? readingsOf(result) : null;
  const out: Record<string, NodeScore> = {};
  // Report in questionnaire reading order: overall first, then each strand top-down.
  for (const n of readingOrder(plan)) {
    const score = result.scores[n]!;
    const id = plan.ids[n]!;
    const nodeReadings = readings?.get(id);
    out[id] = {
      score: Number.isNaN(score) ? null : score,
      coverage: coverageOf(result, n),
      level: plan.levels[n]!,
      code: plan.codes[n]!,
      ...(nodeReadings ? { readings: nodeReadings } : {}),
    };
  }
  return out;
}

const readingOrders = new WeakMap<ScoringPlan, number[]>();

/** Node indices top-down, as a reader meets them: overall, then each strand depth-first. */
export function readingOrder(plan: ScoringPlan): number[] {
  let order = readingOrders.get(plan);
  if (order) return order;
  order = [];
  const visit = (n: number) => {
    order!.push(n);
    for (let e = plan.childStart[n]!; e < plan.childEnd[n]!; e++) visit(plan.children[e]!);
  };
  visit(plan.overall);
  for (const strand of plan.questionnaire.strands) {
    if (!strand.countInOverall) visit(plan.indexOf.get(strand.id)!);
  }
  readingOrders.set(plan, order);
  return order;
}

/**
 * How much each question weighs in `ancestorId`'s score for this sheet, and how many points it
 * contributes: weight = product of the shares on the path (references followed), contribution =
 * weight × question score. Contributions add up to the ancestor's score.
 *
 * A table rule contributes as a whole, under its own id (`lookedUp: true`): its points are looked
 * up from the combination of its items' answers, so no item has a share of them, and its items
 * are not listed.
 */
export function contributions(result: SheetScores, ancestorId: string): Map<string, Contribution> {
  const { plan } = result;
  const start = plan.indexOf.get(ancestorId);
  if (start === undefined) throw new Error(`unknown node "${ancestorId}"`);
  const out = new Map<string, Contribution>();
  const walk = (n: number, factor: number) => {
    const k = plan.kind[n];
    if (k === NodeKind.Question || plan.tableAt[n]! >= 0) {
      const id = plan.ids[n]!;
      const score = result.scores[n]!;
      const entry = out.get(id) ?? { weight: 0, points: 0, lookedUp: k !== NodeKind.Question };
      entry.weight += factor;
      entry.points += Number.isNaN(score) ? 0 : factor * score;
      out.set(id, entry);
    } else if (k === NodeKind.Ref) {
      walk(plan.refTarget[n]!, factor);
    } else {
      for (let e = plan.childStart[n]!; e < plan.childEnd[n]!; e++) {
        const c = plan.children[e]!;
        walk(c, factor * result.shares[c]!);
      }
    }
  };
  walk(start, 1);
  return out;
}
