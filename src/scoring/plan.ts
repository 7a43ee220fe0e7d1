/**
 * Compiles a questionnaire and a method into flat typed arrays, once, so that scoring a sheet is
 * a single pass over numbers with no lookups by id and no allocation per node.
 *
 * Nodes are numbered in evaluation order: every child, and every node a reference points at,
 * comes before the node that needs it. The overall node is last.
 *
 * A composite with a table rule keeps its table under every method: no weight or rule of a
 * method applies to it or to its items. Its table is compiled here into a lookup array
 * (`tableCells` in `questionnaire/table-rule.ts`), and each of its items' points back to the
 * option index that the array is indexed by (the items' options score differently, which
 * validation ensures).
 */
import { tableCells } from '../questionnaire/table-rule.js';
import type { Level, Questionnaire, QuestionnaireNode } from '../questionnaire/types.js';
import {
  minimumOf,
  weightedGeometricMeanOf,
  weightedMeanOf,
  type AggregateFn,
} from './aggregate.js';
import { DEFAULT_METHOD, type Method } from './method.js';

export const enum NodeKind {
  Question = 0,
  Composite = 1,
  Ref = 2,
}

const RULES: Record<string, AggregateFn> = {
  mean: weightedMeanOf,
  geometric: weightedGeometricMeanOf,
  min: minimumOf,
};

export interface ScoringPlan {
  questionnaire: Questionnaire;
  method: Method;
  size: number;
  ids: string[];
  levels: Level[];
  codes: (string | null)[];
  indexOf: ReadonlyMap<string, number>;
  kind: Uint8Array;
  /** Aggregation function of each composite node (null for a table rule and other nodes). */
  rule: (AggregateFn | null)[];
  /** Start of a table rule's lookup array in `tableCells`, else -1. */
  tableAt: Int32Array;
  /** Every table's lookup array, one after the other (`tableCells`: NaN = no score). */
  tableCells: Float64Array;
  /**
   * Per edge of a table rule: the scores of the item's options are
   * `tableOptionScores[edgeOptionStart[e] .. + edgeOptionCount[e])`, and its option index k
   * (its option count when it has no points) adds k · `edgeStride[e]` to the cell.
   */
  edgeStride: Int32Array;
  edgeOptionStart: Int32Array;
  edgeOptionCount: Int32Array;
  tableOptionScores: Float64Array;
  /** 1 where the rule is the weighted mean (inlined in the scoring loop), else 0. */
  isMean: Uint8Array;
  /** Composite n's children are `children[childStart[n] .. childEnd[n])`, with `childWeight`. */
  childStart: Int32Array;
  childEnd: Int32Array;
  children: Int32Array;
  childWeight: Float64Array;
  /** Parent of each node (-1 for overall and for strands not counted in it). */
  parent: Int32Array;
  /** Position of each node in its parent's child list (index into `children`), or -1. */
  slot: Int32Array;
  /** Reference target (node index) of each ref node, else -1. */
  refTarget: Int32Array;
  /** Question index (into `questionnaire.questions`) of each question node, else -1. */
  question: Int32Array;
  /** Node index of each question. */
  questionNode: Int32Array;
  /** Number of questions below each node, references followed. */
  leafCount: Float64Array;
  /** Option id → score, per question index. */
  optionScores: ReadonlyMap<string, number>[];
  /** Index of the overall node. */
  overall: number;
  /** Composite and reference nodes in evaluation order (questions need no step). */
  steps: Int32Array;
}

export function compilePlan(
  questionnaire: Questionnaire,
  method: Method = DEFAULT_METHOD,
): ScoringPlan {
  const order: QuestionnaireNode[] = [];
  const placed = new Set<string>();
  const place = (node: QuestionnaireNode): void => {
    if (placed.has(node.id)) return;
    placed.add(node.id);
    if (node.kind === 'composite') node.children.forEach(place);
    if (node.kind === 'ref') place(questionnaire.nodes.get(node.targetId)!);
    order.push(node);
  };
  for (const strand of questionnaire.strands) place(strand);
  place(questionnaire.overall);

  const size = order.length;
  const indexOf = new Map(order.map((node, i) => [node.id, i]));
  const questionIndex = new Map(questionnaire.questions.map((q, i) => [q.id, i]));
  const edgeCount = order.reduce(
    (sum, node) => sum + (node.kind === 'composite' ? node.children.length : 0),
    0,
  );

  const plan: ScoringPlan = {
    questionnaire,
    method,
    size,
    ids: order.map((node) => node.id),
    levels: order.map((node) => node.level),
    codes: order.map((node) => node.code),
    indexOf,
    kind: new Uint8Array(size),
    rule: new Array<AggregateFn | null>(size).fill(null),
    tableAt: new Int32Array(size).fill(-1),
    tableCells: new Float64Array(0),
    edgeStride: new Int32Array(edgeCount),
    edgeOptionStart: new Int32Array(edgeCount),
    edgeOptionCount: new Int32Array(edgeCount),
    tableOptionScores: new Float64Array(0),
    isMean: new Uint8Array(size),
    childStart: new Int32Array(size),
    childEnd: new Int32Array(size),
    children: new Int32Array(edgeCount),
    childWeight: new Float64Array(edgeCount),
    parent: new Int32Array(size).fill(-1),
    slot: new Int32Array(size).fill(-1),
    refTarget: new Int32Array(size).fill(-1),
    question: new Int32Array(size).fill(-1),
    questionNode: new Int32Array(questionnaire.questions.length),
    leafCount: new Float64Array(size),
    optionScores: questionnaire.questions.map(
      (q) => new Map(q.options.map((option) => [option.id, option.score])),
    ),
    overall: indexOf.get(questionnaire.overall.id)!,
    steps: Int32Array.from(order.flatMap((node, i) => (node.kind === 'question' ? [] : [i]))),
  };

  const cells: number[] = [];
  const optionScores: number[] = [];
  let edge = 0;
  order.forEach((node, n) => {
    if (node.kind === 'question') {
      plan.kind[n] = NodeKind.Question;
      const q = questionIndex.get(node.id)!;
      plan.question[n] = q;
      plan.questionNode[q] = n;
      plan.leafCount[n] = 1;
      return;
    }
    if (node.kind === 'ref') {
      plan.kind[n] = NodeKind.Ref;
      const target = indexOf.get(node.targetId)!;
      plan.refTarget[n] = target;
      plan.leafCount[n] = plan.leafCount[target]!;
      return;
    }
    plan.kind[n] = NodeKind.Composite;
    plan.childStart[n] = edge;
    if (node.table) {
      plan.tableAt[n] = cells.length;
      cells.push(...tableCells(node));
      let stride = 1;
      for (const child of node.children) {
        const c = indexOf.get(child.id)!;
        const options = child.kind === 'question' ? child.options : [];
        plan.children[edge] = c;
        plan.childWeight[edge] = child.weight;
        plan.edgeStride[edge] = stride;
        plan.edgeOptionStart[edge] = optionScores.length;
        plan.edgeOptionCount[edge] = options.length;
        optionScores.push(...options.map((option) => option.score));
        stride *= options.length + 1;
        plan.parent[c] = n;
        plan.slot[c] = edge;
        plan.leafCount[n] = plan.leafCount[n]! + plan.leafCount[c]!;
        edge++;
      }
      plan.childEnd[n] = edge;
      return;
    }
    const rule =
      method.aggregationByNode?.[node.id] ??
      method.aggregationByLevel?.[node.level] ??
      node.aggregation;
    plan.rule[n] = RULES[rule]!;
    plan.isMean[n] = rule === 'mean' ? 1 : 0;
    for (const child of node.children) {
      const c = indexOf.get(child.id)!;
      plan.children[edge] = c;
      plan.childWeight[edge] = method.weights?.[child.id] ?? child.weight;
      plan.parent[c] = n;
      plan.slot[c] = edge;
      plan.leafCount[n] = plan.leafCount[n]! + plan.leafCount[c]!;
      edge++;
    }
    plan.childEnd[n] = edge;
  });
  plan.tableCells = Float64Array.from(cells);
  plan.tableOptionScores = Float64Array.from(optionScores);
  return plan;
}
