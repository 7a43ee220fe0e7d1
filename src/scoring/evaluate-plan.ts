/**
 * The fast path of the method in `score-sheet.ts`: steps 2–4 (composites, references, coverage,
 * shares) as one pass over the compiled plan's typed arrays (`plan.ts`), in evaluation order,
 * with no lookup by id and no allocation per node. The weighted mean — the rule of nearly every
 * node — is inlined; other rules call their function in `aggregate.ts`, and a table rule reads
 * its compiled lookup array (`lookUpTable`). The arithmetic is the rules' own, in the same order,
 * so the results are the same to the last bit.
 */
import { NodeKind, type ScoringPlan } from './plan.js';
import type { SheetScores } from './score-sheet.js';

/**
 * Scores, resolved counts and shares of every node, from the points of every question
 * (`questionScores`, NaN = no points) and whether each is resolved (1) or not (0).
 */
export function evaluatePlan(
  plan: ScoringPlan,
  questionScores: Float64Array,
  questionResolved: Uint8Array,
): SheetScores {
  const scores = new Float64Array(plan.size);
  const resolved = new Float64Array(plan.size);
  const edgeShares = new Float64Array(plan.children.length);
  evaluateInto(plan, questionScores, questionResolved, scores, resolved, edgeShares);
  const shares = new Float64Array(plan.size);
  for (let n = 0; n < plan.size; n++) {
    const slot = plan.slot[n]!;
    shares[n] = slot >= 0 ? edgeShares[slot]! : n === plan.overall ? 1 : 0;
  }
  return { plan, scores, resolved, shares };
}

/**
 * One pass over the nodes in evaluation order, writing scores, resolved counts and each edge's
 * share (the child's share in its parent) into the buffers.
 */
function evaluateInto(
  plan: ScoringPlan,
  questionScores: Float64Array,
  questionResolved: Uint8Array,
  scores: Float64Array,
  resolved: Float64Array,
  edgeShares: Float64Array,
): void {
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
      if (plan.tableAt[n]! >= 0) {
        scores[n] = lookUpTable(plan, scores, n);
        // A looked-up score is no combination of the items' scores: they have no share in it.
        for (let e = start; e < end; e++) {
          count += resolved[children[e]!]!;
          edgeShares[e] = 0;
        }
      } else if (isMean[n] === 1) {
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
        for (let e = start; e < end; e++) {
          const x = scores[children[e]!]!;
          edgeShares[e] = x === x && weightSum > 0 ? childWeight[e]! / weightSum : 0;
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
 * The hot path of robustness draws, attribution and benchmarks, which score many variants of a
 * sheet into one reused buffer; same arithmetic as `evaluatePlan`.
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
    tableAt,
  } = plan;
  for (let q = 0; q < questionNode.length; q++) scores[questionNode[q]!] = questionScores[q]!;
  for (let i = 0; i < steps.length; i++) {
    const n = steps[i]!;
    if (kind[n] === NodeKind.Ref) {
      scores[n] = scores[refTarget[n]!]!;
    } else if (tableAt[n]! >= 0) {
      scores[n] = lookUpTable(plan, scores, n);
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

/**
 * The points of table rule `n` for its items' scores: each item's points give its option index
 * (its option count when it has none), and the indexes the cell of the lookup array. NaN when
 * no row holds and an item has no points.
 */
export function lookUpTable(plan: ScoringPlan, scores: Float64Array, n: number): number {
  const { children, edgeStride, edgeOptionStart, edgeOptionCount, tableOptionScores } = plan;
  let cell = plan.tableAt[n]!;
  for (let e = plan.childStart[n]!, end = plan.childEnd[n]!; e < end; e++) {
    const x = scores[children[e]!]!;
    const from = edgeOptionStart[e]!;
    const count = edgeOptionCount[e]!;
    let k = 0;
    while (k < count && tableOptionScores[from + k] !== x) k++;
    cell += k * edgeStride[e]!;
  }
  return plan.tableCells[cell]!;
}
