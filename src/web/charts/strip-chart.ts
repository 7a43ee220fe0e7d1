/**
 * How countries spread over 0–100 on one score: a dot per country on one axis; dots closer than
 * their width stack upwards, so two countries with the same score are two dots, never one. Codes
 * under the axis name the dots where there is room (the table names them all).
 */
import {
  CHART_WIDTH,
  at,
  dataValue,
  scaled,
  seriesColour,
  type ChartModel,
  type Mark,
} from './chart-model.js';

export interface StripChartInput {
  id: string;
  title: string;
  description: string;
  tableCaption: string;
  /** What the points are (the table's first column heading), e.g. "Country". */
  rowHeading: string;
  /** The score's name (the table's value column heading). */
  valueHeading: string;
  points: { key: string; label: string; value: number | null }[];
  shown: (value: number | null) => string;
}

const LEFT = 16;
const LENGTH = CHART_WIDTH - 2 * LEFT;
const RADIUS = 6;
const STEP = 2 * RADIUS + 1;
/** Room for a two-letter label of 15 units, with a space. */
const LABEL_GAP = 28;

/**
 * Stack level of each x (in the order given): the lowest level with no dot closer than one
 * diameter. Points sorted by x give a compact stack; any order gives non-overlapping dots.
 */
export function stackLevels(xs: readonly number[], diameter: number): number[] {
  const placed: { x: number; level: number }[] = [];
  return xs.map((x) => {
    let level = 0;
    while (placed.some((p) => p.level === level && Math.abs(p.x - x) < diameter)) level++;
    placed.push({ x, level });
    return level;
  });
}

export function stripChart(input: StripChartInput): ChartModel {
  const sorted = [...input.points].sort(
    (a, b) => (b.value ?? -1) - (a.value ?? -1) || a.label.localeCompare(b.label),
  );
  const scored = sorted.filter((p) => p.value !== null);
  const xs = scored.map((p) => scaled(p.value!, LEFT, LENGTH));
  const levels = stackLevels(xs, 2 * RADIUS);
  const top = 8;
  const baseline = top + (Math.max(0, ...levels) + 1) * STEP;
  // Each dot's key (the country code) under the axis, on the first of three rows where it
  // clears the labels already placed; a dot whose label fits nowhere is named in the table only.
  const labelRows: number[][] = [[], [], []];
  const labels: Mark[] = [];
  scored.forEach((point, i) => {
    const x = xs[i]!;
    const row = labelRows.findIndex((placed) => placed.every((o) => Math.abs(o - x) >= LABEL_GAP));
    if (row < 0) return;
    labelRows[row]!.push(x);
    labels.push({
      type: 'text',
      x,
      y: baseline + 18 + row * 17,
      text: point.key,
      anchor: 'middle',
      role: 'label',
    });
  });
  const scaleY = baseline + 22 + labelRows.filter((r) => r.length > 0).length * 17;
  const marks: Mark[] = [];
  for (const step of [0, 25, 50, 75, 100]) {
    const x = scaled(step, LEFT, LENGTH);
    marks.push(
      {
        type: 'line',
        x1: x,
        y1: top,
        x2: x,
        y2: baseline + 4,
        stroke: step === 0 ? '#59636e' : '#d1d9e0',
        role: step === 0 ? 'axis' : 'grid',
      },
      { type: 'text', x, y: scaleY, text: String(step), anchor: 'middle', role: 'axis' },
    );
  }
  marks.push({
    type: 'line',
    x1: LEFT,
    y1: baseline,
    x2: LEFT + LENGTH,
    y2: baseline,
    stroke: '#59636e',
    role: 'axis',
  });
  marks.push(...labels);
  scored.forEach((point, i) => {
    marks.push({
      type: 'circle',
      cx: xs[i]!,
      cy: at(baseline - RADIUS - 1 - levels[i]! * STEP),
      r: RADIUS,
      fill: seriesColour(0),
      data: { key: point.key, series: 'score', value: dataValue(point.value) },
    });
  });
  for (const point of sorted.filter((p) => p.value === null)) {
    marks.push({
      type: 'circle',
      cx: LEFT,
      cy: baseline,
      r: 0,
      fill: seriesColour(0),
      data: { key: point.key, series: 'score', value: '' },
    });
  }
  return {
    id: input.id,
    kind: 'distribution',
    title: input.title,
    description: input.description,
    width: CHART_WIDTH,
    height: scaleY + 8,
    marks,
    legend: [],
    table: {
      caption: input.tableCaption,
      columns: [input.rowHeading, input.valueHeading],
      rows: sorted.map((p) => ({
        key: p.key,
        header: p.label,
        cells: [{ text: input.shown(p.value), value: p.value }],
      })),
    },
  };
}
