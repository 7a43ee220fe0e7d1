/**
 * Scoring of one answer sheet — the method of PRODUCT.md §4 in one pass:
 *
 * 1. a question scores the chosen option's score; "not applicable", "no data", "not assessed"
 *    and a missing answer score nothing (they are left out, never counted as 0);
 * 2. a composite node combines the children that have a score with its rule (weighted mean by
 *    default); none has a score → `null`;
 * 3. a reference node reports the node it refers to;
 * 4. coverage of a node = share of the questions below it that are resolved (answered with an
 *    option, or marked not applicable).
 *
 * Answers are used exactly as coded: skip logic is a matter for validation, not for scoring.
 * Full precision is kept; rounding is for display only (`rounding.ts`).
 */
import type { Questionnaire } from '../questionnaire/types.js';
import { DEFAULT_METHOD, type Method } from './method.js';
import { compilePlan, NodeKind, type ScoringPlan } from './plan.js';

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
}

const planCache = new WeakMap<Questionnaire, WeakMap<Method, ScoringPlan>>();

/** The compiled plan of a questionnaire and method, compiled once and reused. */
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

export function scoreSheet(
  questionnaire: Questionnaire,
  answers: AnswerMap,
  method: Method = DEFAULT_METHOD,
): SheetScores {
  return scoreWithPlan(planFor(questionnaire, method), answers);
}

export function scoreWithPlan(plan: ScoringPlan, answers: AnswerMap): SheetScores {
  const questionScores = new Float64Array(plan.questionNode.length).fill(NaN);
  const questionResolved = new Uint8Array(plan.questionNode.length);
  plan.questionnaire.questions.forEach((question, q) => {
    const answer = answers.get(question.id);
    if (answer === undefined) return;
    if (answer === 'not_applicable') {
      questionResolved[q] = 1;
      return;
    }
    const score = plan.optionScores[q]!.get(answer);
    if (score !== undefined) {
      questionScores[q] = score;
      questionResolved[q] = 1;
    } else if (answer !== 'no_data' && answer !== 'not_assessed') {
      throw new Error(
        `answer "${answer}" is not an option of "${question.id}" (validate sheets before scoring)`,
      );
    }
  });
  return evaluatePlan(plan, questionScores, questionResolved);
}

/**
 * Buffers of one scoring pass. Hot loops (benchmarks, robustness draws) allocate one and reuse
 * it; `edgeShares: null` skips the computation of shares when only scores are needed.
 */
export interface Workspace {
  scores: Float64Array;
  resolved: Float64Array;
  edgeShares: Float64Array | null;
}

export function createWorkspace(plan: ScoringPlan, withShares = true): Workspace {
  return {
    scores: new Float64Array(plan.size),
    resolved: new Float64Array(plan.size),
    edgeShares: withShares ? new Float64Array(plan.children.length) : null,
  };
}

/** The scoring pass proper, on question scores already decoded to numbers. */
export function evaluatePlan(
  plan: ScoringPlan,
  questionScores: Float64Array,
  questionResolved: Uint8Array,
): SheetScores {
  const workspace = createWorkspace(plan);
  evaluateInto(plan, questionScores, questionResolved, workspace);
  const edgeShares = workspace.edgeShares!;
  const shares = new Float64Array(plan.size);
  for (let n = 0; n < plan.size; n++) {
    const slot = plan.slot[n]!;
    shares[n] = slot >= 0 ? edgeShares[slot]! : n === plan.overall ? 1 : 0;
  }
  return { plan, scores: workspace.scores, resolved: workspace.resolved, shares };
}

/**
 * One pass over the nodes in evaluation order, writing scores and resolved counts into the
 * workspace. The weighted mean — the rule of nearly every node — is inlined; other rules call
 * their function in `aggregate.ts`.
 */
export function evaluateInto(
  plan: ScoringPlan,
  questionScores: Float64Array,
  questionResolved: Uint8Array,
  workspace: Workspace,
): void {
  const { scores, resolved, edgeShares } = workspace;
  const { kind, question, refTarget, childStart, childEnd, children, childWeight, rule, isMean } =
    plan;
  for (let n = 0; n < plan.size; n++) {
    const k = kind[n];
    if (k === NodeKind.Question) {
      const q = question[n]!;
      scores[n] = questionScores[q]!;
      resolved[n] = questionResolved[q]!;
    } else if (k === NodeKind.Ref) {
      const t = refTarget[n]!;
      scores[n] = scores[t]!;
      resolved[n] = resolved[t]!;
    } else {
      const start = childStart[n]!;
      const end = childEnd[n]!;
      let count = 0;
      if (isMean[n] === 1) {
        let weightSum = 0;
        let total = 0;
        for (let e = start; e < end; e++) {
          const c = children[e]!;
          const x = scores[c]!;
          count += resolved[c]!;
          if (x === x) {
            const w = childWeight[e]!;
            weightSum += w;
            total += w * x;
          }
        }
        scores[n] = weightSum > 0 ? total / weightSum : NaN;
        if (edgeShares !== null) {
          for (let e = start; e < end; e++) {
            const x = scores[children[e]!]!;
            edgeShares[e] = x === x && weightSum > 0 ? childWeight[e]! / weightSum : 0;
          }
        }
      } else {
        scores[n] = rule[n]!(scores, children, childWeight, start, end, edgeShares);
        for (let e = start; e < end; e++) count += resolved[children[e]!]!;
      }
      resolved[n] = count;
    }
  }
}

/**
 * The scores alone, into `scores` (indexed by node; NaN = no score): no coverage, no shares.
 * The hot path of robustness draws and benchmarks; same arithmetic as `evaluateInto`.
 */
export function evaluateScores(
  plan: ScoringPlan,
  questionScores: Float64Array,
  scores: Float64Array,
): void {
  const {
    kind,
    questionNode,
    refTarget,
    childStart,
    childEnd,
    children,
    childWeight,
    rule,
    isMean,
    steps,
  } = plan;
  for (let q = 0; q < questionNode.length; q++) scores[questionNode[q]!] = questionScores[q]!;
  for (let i = 0; i < steps.length; i++) {
    const n = steps[i]!;
    if (kind[n] === NodeKind.Ref) {
      scores[n] = scores[refTarget[n]!]!;
    } else if (isMean[n] === 1) {
      let weightSum = 0;
      let total = 0;
      for (let e = childStart[n]!, end = childEnd[n]!; e < end; e++) {
        const x = scores[children[e]!]!;
        if (x === x) {
          const w = childWeight[e]!;
          weightSum += w;
          total += w * x;
        }
      }
      scores[n] = weightSum > 0 ? total / weightSum : NaN;
    } else {
      scores[n] = rule[n]!(scores, children, childWeight, childStart[n]!, childEnd[n]!, null);
    }
  }
}

export function scoreOf(result: SheetScores, nodeId: string): number | null {
  const n = result.plan.indexOf.get(nodeId);
  if (n === undefined) throw new Error(`unknown node "${nodeId}"`);
  const score = result.scores[n]!;
  return Number.isNaN(score) ? null : score;
}

export function coverageOf(result: SheetScores, n: number): number {
  const total = result.plan.leafCount[n]!;
  return total === 0 ? 0 : result.resolved[n]! / total;
}

/** Every node by id with score, coverage, level and code — the shape of `score --format json`. */
export function nodeScores(result: SheetScores): Record<string, NodeScore> {
  const { plan } = result;
  const out: Record<string, NodeScore> = {};
  // Report in questionnaire reading order: overall first, then each strand top-down.
  for (const n of readingOrder(plan)) {
    const score = result.scores[n]!;
    out[plan.ids[n]!] = {
      score: Number.isNaN(score) ? null : score,
      coverage: coverageOf(result, n),
      level: plan.levels[n]!,
      code: plan.codes[n]!,
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
 */
export function contributions(
  result: SheetScores,
  ancestorId: string,
): Map<string, { weight: number; points: number }> {
  const { plan } = result;
  const start = plan.indexOf.get(ancestorId);
  if (start === undefined) throw new Error(`unknown node "${ancestorId}"`);
  const out = new Map<string, { weight: number; points: number }>();
  const walk = (n: number, factor: number) => {
    const k = plan.kind[n];
    if (k === NodeKind.Question) {
      const id = plan.ids[n]!;
      const score = result.scores[n]!;
      const entry = out.get(id) ?? { weight: 0, points: 0 };
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
