/**
 * The robustness model compiled once into flat typed arrays, so that a draw — one alternative
 * method, scored for every country — runs without lookups by id and without allocation.
 *
 * A draw is described by a point u ∈ [0, 1)ᵏ, one coordinate per uncertain choice (`inputs`):
 *
 * - `weight`: the weight of one dimension in its strand is multiplied by 1 + r · (2u − 1),
 *   i.e. drawn uniformly from [1 − r, 1 + r] times the published weight;
 * - `aggregation`: every composite of one level is aggregated with the geometric mean on the
 *   positive range (`positive-geometric-mean.ts`) when u < the geometric share, else with its
 *   published rule;
 * - `leave-out`: the dimension number ⌊u · D⌋ gets weight 0 (left out).
 *
 * The same point always gives the same scores, which is what both the Monte Carlo intervals
 * (u drawn at random) and the Sobol analysis (u from Saltelli's design) need.
 *
 * A composite with a table rule keeps its table in every draw (no weight or rule applies to a
 * lookup): it is folded like a question, its published score read as a constant.
 *
 * Compilation folds what no choice can change: a composite is *variable* when its level is
 * one whose aggregation varies, when one of its children's weights varies, or when one of its
 * children is variable. Every other node keeps its published score for every draw, so it is
 * computed once per country (with the engine's own `evaluateScores`) and read as a constant;
 * for the geometric mean its logarithm on the positive range is precomputed too. A draw then
 * evaluates only the variable nodes, in evaluation order, for each country.
 */
import type { Level } from '../questionnaire/types.js';
import {
  minimumOf,
  weightedGeometricMeanOf,
  weightedMeanOf,
  type AggregateFn,
} from '../scoring/aggregate.js';
import { NodeKind, type ScoringPlan } from '../scoring/plan.js';
import { evaluateScores } from '../scoring/score-sheet.js';
import {
  POSITIVE_RANGE,
  POSITIVE_SLOPE,
  positiveGeometricMean,
} from './positive-geometric-mean.js';

export interface UncertainInput {
  /** Stable id: `weight:<dimension id>`, `aggregation:<level>`, `leave-out`. */
  id: string;
  kind: 'weight' | 'aggregation' | 'leave-out';
  /** The dimension (weight) or level (aggregation) concerned; null for leave-out. */
  target: string | null;
}

export interface KernelSettings {
  /** Levels whose composites may be aggregated with the geometric mean instead. */
  levels: readonly Level[];
  /** r: weights vary in [1 − r, 1 + r] times the published weight. */
  weightRange: number;
  /** Probability that a level is aggregated geometrically in a draw. */
  geometricShare: number;
  /** Whether one dimension is left out of every draw. */
  leaveOneOut: boolean;
}

export interface RobustnessKernel {
  inputs: UncertainInput[];
  /** Number of countries (length of the `out` array of `evaluate`). */
  countries: number;
  /** The target's published score per country (the plan's own rules and weights). */
  published: Float64Array;
  /** Writes the target's score of every country under the method described by `u`. */
  evaluate(u: Float64Array, out: Float64Array): void;
}

/** The positive range of the geometric mean, as plain local numbers for the hot loops. */
const LOW = POSITIVE_RANGE.low;
const SLOPE = POSITIVE_SLOPE;

/** Rule codes of the compiled kernel. */
const MEAN = 0;
const GEOMETRIC = 1;
const MINIMUM = 2;
const POSITIVE_GEOMETRIC = 3;

function ruleCode(rule: AggregateFn): number {
  if (rule === weightedMeanOf) return MEAN;
  if (rule === weightedGeometricMeanOf) return GEOMETRIC;
  if (rule === minimumOf) return MINIMUM;
  throw new Error('robustness kernel: an aggregation rule it does not know');
}

export function compileRobustnessKernel(
  plan: ScoringPlan,
  points: readonly Float64Array[],
  target: number,
  settings: KernelSettings,
): RobustnessKernel {
  const resolve = (n: number): number => {
    let node = n;
    while (plan.kind[node] === NodeKind.Ref) node = plan.refTarget[node]!;
    return node;
  };
  const root = resolve(target);
  if (plan.kind[root] !== NodeKind.Composite)
    throw new RangeError(`node "${plan.ids[target]}" is not a composite: nothing to aggregate`);
  if (plan.tableAt[root]! >= 0)
    throw new RangeError(
      `node "${plan.ids[target]}" looks its points up in a table, which every method keeps: nothing varies`,
    );

  // The composites of the target's tree, in evaluation order (plan order puts children first).
  const inTree = new Uint8Array(plan.size);
  // A table rule keeps its table under every method: like a question, it is a fixed input.
  const mark = (n: number): void => {
    if (inTree[n] === 1 || plan.kind[n] !== NodeKind.Composite || plan.tableAt[n]! >= 0) return;
    inTree[n] = 1;
    for (let e = plan.childStart[n]!; e < plan.childEnd[n]!; e++) mark(resolve(plan.children[e]!));
  };
  mark(root);
  const composites: number[] = [];
  for (let n = 0; n < plan.size; n++) if (inTree[n] === 1) composites.push(n);

  // Uncertain inputs: one weight per dimension edge, one rule per level, then the leave-out.
  const inputs: UncertainInput[] = [];
  const dimensionEdges: number[] = [];
  const edgeInput = new Map<number, number>();
  for (const n of composites) {
    for (let e = plan.childStart[n]!; e < plan.childEnd[n]!; e++) {
      const child = resolve(plan.children[e]!);
      if (plan.levels[child] !== 'dimension') continue;
      dimensionEdges.push(e);
      if (settings.weightRange > 0) {
        edgeInput.set(e, inputs.length);
        inputs.push({ id: `weight:${plan.ids[child]}`, kind: 'weight', target: plan.ids[child]! });
      }
    }
  }
  const levelInput = new Map<Level, number>();
  for (const level of settings.levels) {
    levelInput.set(level, inputs.length);
    inputs.push({ id: `aggregation:${level}`, kind: 'aggregation', target: level });
  }
  const leaveOut = settings.leaveOneOut && dimensionEdges.length > 1 ? inputs.length : -1;
  if (leaveOut >= 0) inputs.push({ id: 'leave-out', kind: 'leave-out', target: null });
  // An edge's weight varies when it is drawn or may be left out; otherwise it is the published one.
  const dimensionIndex = new Map(dimensionEdges.map((e, d) => [e, d]));
  const weightVaries = (e: number): boolean =>
    edgeInput.has(e) || (leaveOut >= 0 && dimensionIndex.has(e));

  // Which composites vary at all (bottom-up: plan order puts children first).
  const varies = new Uint8Array(plan.size);
  for (const n of composites) {
    let changes = n === root || levelInput.has(plan.levels[n]!);
    for (let e = plan.childStart[n]!; e < plan.childEnd[n]!; e++) {
      if (varies[resolve(plan.children[e]!)] === 1 || weightVaries(e)) changes = true;
    }
    varies[n] = changes ? 1 : 0;
  }
  // A composite whose only uncertainty is its own rule (fixed children, fixed weights) has two
  // possible scores per country: both are computed here, and a draw merely picks one.
  const twoValued = (n: number): boolean => {
    if (n === root || !levelInput.has(plan.levels[n]!)) return false;
    for (let e = plan.childStart[n]!; e < plan.childEnd[n]!; e++) {
      if (varies[resolve(plan.children[e]!)] === 1 || weightVaries(e)) return false;
    }
    return true;
  };
  // Variable composites, numbered 0..V−1 in evaluation order; the target is the last.
  const variable = new Int32Array(plan.size).fill(-1);
  const variables: number[] = [];
  for (const n of composites) {
    if (varies[n] === 1 && !twoValued(n)) {
      variable[n] = variables.length;
      variables.push(n);
    }
  }

  // Constants: the distinct fixed children of variable composites — a two-valued child gives
  // two, its score under the published rule and under the geometric mean. Sources of an edge
  // are numbered constants first (0..C−1), then variables (C..C+V−1).
  const constantOf = new Map<string, number>();
  const constants: { node: number; geometric: boolean }[] = [];
  const constant = (node: number, geometric: boolean): number => {
    const key = `${node}:${geometric}`;
    let c = constantOf.get(key);
    if (c === undefined) {
      c = constants.length;
      constantOf.set(key, c);
      constants.push({ node, geometric });
    }
    return c;
  };
  const sourceOf = (child: number): number =>
    variable[child]! >= 0 ? -1 - variable[child]! : constant(child, false);
  const switchEdges: { edge: number; input: number; published: number; geometric: number }[] = [];
  const edgeCount = variables.reduce((sum, n) => sum + plan.childEnd[n]! - plan.childStart[n]!, 0);
  const V = variables.length;
  const nodeStart = new Int32Array(V);
  const nodeEnd = new Int32Array(V);
  const publishedRule = new Uint8Array(V);
  const ruleInput = new Int32Array(V);
  const rule = new Uint8Array(V);
  const rawSource = new Int32Array(edgeCount);
  const baseWeight = new Float64Array(edgeCount);
  const weight = new Float64Array(edgeCount);
  const weightInput = new Int32Array(edgeCount).fill(-1);
  const leaveOutEdge = new Int32Array(dimensionEdges.length);
  let edge = 0;
  variables.forEach((n, v) => {
    nodeStart[v] = edge;
    publishedRule[v] = ruleCode(plan.rule[n]!);
    ruleInput[v] = levelInput.get(plan.levels[n]!) ?? -1;
    for (let e = plan.childStart[n]!; e < plan.childEnd[n]!; e++) {
      const child = resolve(plan.children[e]!);
      rawSource[edge] = sourceOf(child);
      if (varies[child] === 1 && variable[child] === -1) {
        const input = levelInput.get(plan.levels[child]!)!;
        const geometric = constant(child, true);
        switchEdges.push({ edge, input, published: rawSource[edge]!, geometric });
      }
      baseWeight[edge] = plan.childWeight[e]!;
      weightInput[edge] = edgeInput.get(e) ?? -1;
      const d = dimensionIndex.get(e);
      if (d !== undefined) leaveOutEdge[d] = edge;
      edge++;
    }
    nodeEnd[v] = edge;
  });
  const C = constants.length;
  const stride = C + V;
  const source = Int32Array.from(rawSource, (s) => (s >= 0 ? s : C - 1 - s));
  weight.set(baseWeight);
  rule.set(publishedRule);
  const switchEdge = Int32Array.from(switchEdges, (x) => x.edge);
  const switchInput = Int32Array.from(switchEdges, (x) => x.input);
  const switchPublished = Int32Array.from(switchEdges, (x) => x.published);
  const switchGeometric = Int32Array.from(switchEdges, (x) => x.geometric);

  // Node-major tables: the value of source s for country c sits at s · count + c, so that a
  // node is computed for all countries in tight loops over contiguous numbers. Sources are the
  // constants (with their logarithms on the positive range precomputed), then the variables
  // (with the logarithm of those aggregated geometrically in the draw, which is exact).
  const count = points.length;
  const values = new Float64Array(stride * count);
  const constantLogs = new Float64Array(C * count);
  const variableLogs = new Float64Array(V * count);
  const published = new Float64Array(count);
  const scores = new Float64Array(plan.size);
  points.forEach((p, c) => {
    evaluateScores(plan, p, scores);
    published[c] = scores[target]!;
    constants.forEach(({ node, geometric }, i) => {
      const x = geometric ? positiveGeometricOfChildren(node, scores) : scores[node]!;
      values[i * count + c] = x;
      constantLogs[i * count + c] = Math.log(LOW + SLOPE * x);
    });
  });
  const total = new Float64Array(count);
  const weightSum = new Float64Array(count);
  const hasZero = new Uint8Array(count);
  /** Whether a variable's linear value is read in this draw (else its logarithm suffices). */
  const needLinear = new Uint8Array(V);
  needLinear[V - 1] = 1;

  const { weightRange, geometricShare } = settings;
  const D = dimensionEdges.length;
  const evaluate = (u: Float64Array, out: Float64Array): void => {
    for (let e = 0; e < edgeCount; e++) {
      const i = weightInput[e]!;
      weight[e] = i < 0 ? baseWeight[e]! : baseWeight[e]! * (1 + weightRange * (2 * u[i]! - 1));
    }
    if (leaveOut >= 0) weight[leaveOutEdge[Math.floor(u[leaveOut]! * D)]!] = 0;
    for (let v = 0; v < V; v++) {
      const i = ruleInput[v]!;
      rule[v] = i >= 0 && u[i]! < geometricShare ? POSITIVE_GEOMETRIC : publishedRule[v]!;
    }
    for (let i = 0; i < switchEdge.length; i++) {
      const geometric = u[switchInput[i]!]! < geometricShare;
      source[switchEdge[i]!] = geometric ? switchGeometric[i]! : switchPublished[i]!;
    }
    for (let v = 0; v < V - 1; v++) needLinear[v] = 0;
    for (let v = 0; v < V; v++) {
      if (rule[v] === POSITIVE_GEOMETRIC) continue;
      for (let e = nodeStart[v]!; e < nodeEnd[v]!; e++) {
        if (source[e]! >= C) needLinear[source[e]! - C] = 1;
      }
    }
    for (let v = 0; v < V; v++) {
      const r = rule[v]!;
      if (r === MEAN) mean(v);
      else if (r === POSITIVE_GEOMETRIC) positiveGeometric(v);
      else if (r === GEOMETRIC) geometric(v);
      else minimum(v);
    }
    out.set(values.subarray((stride - 1) * count, stride * count));
  };

  /** A two-valued composite's score under the geometric mean, from its children's scores. */
  function positiveGeometricOfChildren(n: number, scores: Float64Array): number {
    const children: number[] = [];
    const weights: number[] = [];
    for (let e = plan.childStart[n]!; e < plan.childEnd[n]!; e++) {
      children.push(scores[resolve(plan.children[e]!)]!);
      weights.push(plan.childWeight[e]!);
    }
    return positiveGeometricMean(children, weights) ?? NaN;
  }

  function clear(): void {
    for (let c = 0; c < count; c++) {
      total[c] = 0;
      weightSum[c] = 0;
      hasZero[c] = 0;
    }
  }

  /** Weighted mean, as `evaluateScores` computes it (same order of additions, same bits). */
  function mean(v: number): void {
    clear();
    for (let e = nodeStart[v]!; e < nodeEnd[v]!; e++) {
      const w = weight[e]!;
      if (w === 0) continue; // adds 0 to both sums: the same as absent
      const at = source[e]! * count;
      for (let c = 0; c < count; c++) {
        const x = values[at + c]!;
        if (x === x) {
          weightSum[c] = weightSum[c]! + w;
          total[c] = total[c]! + w * x;
        }
      }
    }
    const to = (C + v) * count;
    for (let c = 0; c < count; c++) {
      values[to + c] = weightSum[c]! > 0 ? total[c]! / weightSum[c]! : NaN;
    }
  }

  /** Geometric mean on the positive range (`positive-geometric-mean.ts`), in the log domain. */
  function positiveGeometric(v: number): void {
    clear();
    for (let e = nodeStart[v]!; e < nodeEnd[v]!; e++) {
      const w = weight[e]!;
      if (!(w > 0)) continue;
      const s = source[e]!;
      const logs = s < C ? constantLogs : rule[s - C] === POSITIVE_GEOMETRIC ? variableLogs : null;
      if (logs !== null) {
        const at = (s < C ? s : s - C) * count;
        for (let c = 0; c < count; c++) {
          const l = logs[at + c]!;
          if (l === l) {
            weightSum[c] = weightSum[c]! + w;
            total[c] = total[c]! + w * l;
          }
        }
      } else {
        const at = s * count;
        for (let c = 0; c < count; c++) {
          const x = values[at + c]!;
          if (x === x) {
            weightSum[c] = weightSum[c]! + w;
            total[c] = total[c]! + w * Math.log(LOW + SLOPE * x);
          }
        }
      }
    }
    const logTo = v * count;
    const to = (C + v) * count;
    const linear = needLinear[v] === 1;
    for (let c = 0; c < count; c++) {
      const l = weightSum[c]! > 0 ? total[c]! / weightSum[c]! : NaN;
      variableLogs[logTo + c] = l;
      if (linear) values[to + c] = (Math.exp(l) - LOW) / SLOPE;
    }
  }

  /** The published geometric mean (`weightedGeometricMeanOf`): a child at 0 gives 0. */
  function geometric(v: number): void {
    clear();
    for (let e = nodeStart[v]!; e < nodeEnd[v]!; e++) {
      const w = weight[e]!;
      if (!(w > 0)) continue;
      const at = source[e]! * count;
      for (let c = 0; c < count; c++) {
        const x = values[at + c]!;
        if (x === x) {
          weightSum[c] = weightSum[c]! + w;
          if (x <= 0) hasZero[c] = 1;
          else total[c] = total[c]! + w * Math.log(x);
        }
      }
    }
    const to = (C + v) * count;
    for (let c = 0; c < count; c++) {
      values[to + c] =
        weightSum[c] === 0 ? NaN : hasZero[c] === 1 ? 0 : Math.exp(total[c]! / weightSum[c]!);
    }
  }

  /** The minimum (`minimumOf`) over the children with a score and a weight above 0. */
  function minimum(v: number): void {
    const to = (C + v) * count;
    for (let c = 0; c < count; c++) values[to + c] = Infinity;
    for (let e = nodeStart[v]!; e < nodeEnd[v]!; e++) {
      if (!(weight[e]! > 0)) continue;
      const at = source[e]! * count;
      for (let c = 0; c < count; c++) {
        const x = values[at + c]!;
        if (x === x && x < values[to + c]!) values[to + c] = x;
      }
    }
    for (let c = 0; c < count; c++) if (values[to + c] === Infinity) values[to + c] = NaN;
  }

  return { inputs, countries: count, published, evaluate };
}
