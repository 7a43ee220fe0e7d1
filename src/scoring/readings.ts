/**
 * Readings (issue 13): further numbers read from a strand's facts, beside its scores and never
 * changing them. A strand declares facets (the kinds of fact it records), its indicators name
 * the one each records, and a reading names the facets it reads
 * (`questionnaire/facets.ts`).
 *
 * - **An indicator's reading** is its own score.
 * - **A dimension's reading** is its own rule and weights applied to only its indicators that
 *   record one of the reading's facets: the others are left out and the weights renormalised,
 *   exactly as for missing answers. No such indicator with a score → no reading (null).
 * - **The strand's reading** is its own rule and weights applied to its dimensions' readings,
 *   the dimensions without a reading left out the same way.
 * - Coverage: resolved questions below the read indicators / questions below them.
 * - An `inverted` reading reports 100 − the aggregated value, at every node.
 *
 * Rules and weights are the compiled plan's, so an alternative method applies to readings as it
 * does to scores. Readings are compiled once per plan, on first use, and computed from a sheet's
 * scores only when asked (`readingsOf`): scoring itself is untouched, and costs the same with or
 * without readings.
 */
import type { Reading, Strand } from '../questionnaire/types.js';
import type { ScoringPlan } from './plan.js';
import type { SheetScores } from './score-sheet.js';

/** A reading compiled against a plan: which indicators and dimensions it reads, with weights. */
export interface CompiledReading {
  strand: Strand;
  reading: Reading;
  /** Node indices reported: every dimension of the strand in order (position j), then the strand. */
  nodes: Int32Array;
  /** Dimension j reads `indicators[from[j] .. from[j + 1])`, with `indicatorWeights`. */
  from: Int32Array;
  indicators: Int32Array;
  indicatorWeights: Float64Array;
  /** The strand reads the dimensions at positions `dimensions`, with `dimensionWeights`. */
  dimensions: Int32Array;
  dimensionWeights: Float64Array;
  /** Questions below the read indicators of each reported node (references followed). */
  leafCount: Float64Array;
}

const compiled = new WeakMap<ScoringPlan, CompiledReading[]>();

/** Every reading of the plan's questionnaire, compiled once per plan. */
export function compiledReadings(plan: ScoringPlan): CompiledReading[] {
  let readings = compiled.get(plan);
  if (!readings) {
    readings = plan.questionnaire.strands.flatMap((strand) =>
      (strand.readings ?? []).map((reading) => compileReading(plan, strand, reading)),
    );
    compiled.set(plan, readings);
  }
  return readings;
}

function compileReading(plan: ScoringPlan, strand: Strand, reading: Reading): CompiledReading {
  const facets = new Set(reading.facets);
  const dimensionCount = strand.children.length;
  const nodes = new Int32Array(dimensionCount + 1);
  const from = new Int32Array(dimensionCount + 1);
  const indicators: number[] = [];
  const indicatorWeights: number[] = [];
  const dimensions: number[] = [];
  const dimensionWeights: number[] = [];
  const leafCount = new Float64Array(dimensionCount + 1);
  const weightOf = (n: number) => plan.childWeight[plan.slot[n]!]!;
  strand.children.forEach((dimension, j) => {
    const d = plan.indexOf.get(dimension.id)!;
    nodes[j] = d;
    from[j] = indicators.length;
    if (dimension.kind !== 'composite') return;
    for (const indicator of dimension.children) {
      if (indicator.facet === undefined || !facets.has(indicator.facet)) continue;
      const i = plan.indexOf.get(indicator.id)!;
      indicators.push(i);
      indicatorWeights.push(weightOf(i));
      leafCount[j] = leafCount[j]! + plan.leafCount[i]!;
    }
    if (indicators.length > from[j]!) {
      dimensions.push(j);
      dimensionWeights.push(weightOf(d));
      leafCount[dimensionCount] = leafCount[dimensionCount]! + leafCount[j]!;
    }
  });
  nodes[dimensionCount] = plan.indexOf.get(strand.id)!;
  from[dimensionCount] = indicators.length;
  return {
    strand,
    reading,
    nodes,
    from,
    indicators: Int32Array.from(indicators),
    indicatorWeights: Float64Array.from(indicatorWeights),
    dimensions: Int32Array.from(dimensions),
    dimensionWeights: Float64Array.from(dimensionWeights),
    leafCount,
  };
}

/** One reading of one node: its value (null: none) and coverage, as reported. */
export interface ReadingValue {
  score: number | null;
  coverage: number;
}

/** Node id (dimension or strand) → reading id → value, for the strands that declare readings. */
export type SheetReadings = ReadonlyMap<string, Readonly<Record<string, ReadingValue>>>;

const computed = new WeakMap<SheetScores, SheetReadings>();

/**
 * The readings of a scored sheet, computed on first use and kept with the result: every
 * dimension and the strand of each strand that declares readings. Empty when none does.
 */
export function readingsOf(result: SheetScores): SheetReadings {
  let readings = computed.get(result);
  if (!readings) {
    const out = new Map<string, Record<string, ReadingValue>>();
    for (const reading of compiledReadings(result.plan)) readInto(result, reading, out);
    readings = out;
    computed.set(result, readings);
  }
  return readings;
}

function readInto(
  result: SheetScores,
  compiledReading: CompiledReading,
  out: Map<string, Record<string, ReadingValue>>,
): void {
  const { plan, scores, resolved } = result;
  const { nodes, from, indicators, indicatorWeights, leafCount, reading } = compiledReading;
  const last = nodes.length - 1;
  const values = new Float64Array(nodes.length);
  const counts = new Float64Array(nodes.length);
  for (let j = 0; j < last; j++) {
    const start = from[j]!;
    const end = from[j + 1]!;
    values[j] =
      start === end
        ? NaN
        : plan.rule[nodes[j]!]!(scores, indicators, indicatorWeights, start, end, null);
    for (let e = start; e < end; e++) counts[j] = counts[j]! + resolved[indicators[e]!]!;
    counts[last] = counts[last]! + counts[j]!;
  }
  const { dimensions, dimensionWeights } = compiledReading;
  values[last] =
    dimensions.length === 0
      ? NaN
      : plan.rule[nodes[last]!]!(values, dimensions, dimensionWeights, 0, dimensions.length, null);
  const inverted = reading.direction === 'inverted';
  for (let j = 0; j <= last; j++) {
    const value = values[j]!;
    const id = plan.ids[nodes[j]!]!;
    const entry = out.get(id) ?? {};
    entry[reading.id] = {
      score: Number.isNaN(value) ? null : inverted ? 100 - value : value,
      coverage: leafCount[j] === 0 ? 0 : counts[j]! / leafCount[j]!,
    };
    out.set(id, entry);
  }
}

/** An indicator's nominal effective weight in a reading (every question answered). */
export interface ReadingIndicatorWeight {
  indicatorId: string;
  dimensionId: string;
  facet: string;
  /** Weight in its dimension's reading: its weight / the weights of the dimension's read indicators. */
  inDimension: number;
  /** Weight in the strand's reading: the above × its dimension's share among the read dimensions. */
  inStrand: number;
}

export interface ReadingWeights {
  strandId: string;
  reading: Reading;
  indicators: ReadingIndicatorWeight[];
}

/**
 * Nominal effective weights of every reading (of strand `strandId` only, when given), per
 * indicator: like `effective-weights.ts`, the product along the path of each weight over the sum
 * of its read siblings' weights.
 */
export function readingWeights(plan: ScoringPlan, strandId?: string): ReadingWeights[] {
  const readings = compiledReadings(plan).filter(
    (r) => strandId === undefined || r.strand.id === strandId,
  );
  return readings.map((compiledReading) => {
    const { nodes, from, indicators, indicatorWeights, dimensions, dimensionWeights } =
      compiledReading;
    const dimensionTotal = dimensionWeights.reduce((sum, w) => sum + w, 0);
    const out: ReadingIndicatorWeight[] = [];
    dimensions.forEach((j, k) => {
      const start = from[j]!;
      const end = from[j + 1]!;
      let total = 0;
      for (let e = start; e < end; e++) total += indicatorWeights[e]!;
      for (let e = start; e < end; e++) {
        // A method may weigh a node 0 (robustness): then it has no weight here either.
        const inDimension = total > 0 ? indicatorWeights[e]! / total : 0;
        const indicatorId = plan.ids[indicators[e]!]!;
        out.push({
          indicatorId,
          dimensionId: plan.ids[nodes[j]!]!,
          facet: plan.questionnaire.nodes.get(indicatorId)!.facet!,
          inDimension,
          inStrand: dimensionTotal > 0 ? (inDimension * dimensionWeights[k]!) / dimensionTotal : 0,
        });
      }
    });
    return {
      strandId: compiledReading.strand.id,
      reading: compiledReading.reading,
      indicators: out,
    };
  });
}
