/**
 * Horizontal bars on a 0–100 scale, in rows: with one series, one labelled bar per row (the
 * ranking); with several, a heading per row and one short-labelled bar per series under it (a
 * country against its groups, countries side by side). Scores are 0–100 everywhere on the site,
 * so the scale is fixed: bars of different charts can be compared by eye.
 */
import {
  CHART_WIDTH,
  at,
  clip,
  dataValue,
  scaled,
  seriesColour,
  type ChartModel,
  type Mark,
} from './chart-model.js';

export interface BarChartInput {
  id: string;
  kind: ChartModel['kind'];
  title: string;
  description: string;
  /** What the rows are (the table's first column heading), e.g. "Country". */
  rowHeading: string;
  tableCaption: string;
  /**
   * `label` names the row in the table; `short`, when given, in the chart (where a dimension
   * needs no strand after it: it is drawn under its strand). A `sub` row's heading is not bold.
   */
  rows: { key: string; label: string; short?: string; sub?: boolean }[];
  /** `short` labels the bar (≤ 8 characters shown), `label` the table column. */
  series: { key: string; label: string; short: string }[];
  /** `values[row][series]`: full precision, null for no score. */
  values: (number | null)[][];
  /** A value as the site displays it. */
  shown: (value: number | null) => string;
}

const SINGLE = { labelWidth: 150, barLength: 200, rowHeight: 22, barHeight: 15 };
const MULTI = { labelWidth: 64, barLength: 280, headingHeight: 20, rowHeight: 18, barHeight: 13 };
const TOP = 4;
const AXIS_HEIGHT = 26;

export function barChart(input: BarChartInput): ChartModel {
  const single = input.series.length === 1;
  const barStart = single ? SINGLE.labelWidth : MULTI.labelWidth;
  const barLength = single ? SINGLE.barLength : MULTI.barLength;
  const marks: Mark[] = [];
  let y = TOP;
  const bar = (row: number, series: number, top: number, height: number) => {
    const value = input.values[row]?.[series] ?? null;
    const end = value === null ? barStart : scaled(value, barStart, barLength);
    marks.push({
      type: 'rect',
      x: barStart,
      y: at(top),
      width: at(end - barStart),
      height,
      fill: seriesColour(single ? 0 : series),
      data: {
        key: input.rows[row]!.key,
        series: input.series[series]!.key,
        value: dataValue(value),
      },
    });
    marks.push({
      type: 'text',
      x: at(end + 4),
      y: at(top + height - 2),
      text: input.shown(value),
      anchor: 'start',
      role: 'value',
    });
  };
  input.rows.forEach((row, r) => {
    if (single) {
      marks.push({
        type: 'text',
        x: 0,
        y: at(y + SINGLE.barHeight - 2),
        text: clip(row.label, 18),
        anchor: 'start',
        role: 'label',
      });
      bar(r, 0, y, SINGLE.barHeight);
      y += SINGLE.rowHeight;
      return;
    }
    marks.push({
      type: 'text',
      x: 0,
      y: at(y + 14),
      text: clip(row.short ?? row.label, 40),
      anchor: 'start',
      role: row.sub ? 'label' : 'heading',
    });
    y += MULTI.headingHeight;
    input.series.forEach((series, s) => {
      marks.push({
        type: 'text',
        x: 0,
        y: at(y + MULTI.barHeight - 2),
        text: clip(series.short, 8),
        anchor: 'start',
        role: 'label',
      });
      bar(r, s, y, MULTI.barHeight);
      y += MULTI.rowHeight;
    });
    y += 6;
  });
  marks.unshift(...scaleMarks(barStart, barLength, TOP, y));
  return {
    id: input.id,
    kind: input.kind,
    title: input.title,
    description: input.description,
    width: CHART_WIDTH,
    height: at(y + AXIS_HEIGHT),
    marks,
    legend: [],
    table: {
      caption: input.tableCaption,
      columns: [input.rowHeading, ...input.series.map((s) => s.label)],
      rows: input.rows.map((row, r) => ({
        key: row.key,
        header: row.label,
        cells: input.series.map((_, s) => {
          const value = input.values[r]?.[s] ?? null;
          return { text: input.shown(value), value };
        }),
      })),
    },
  };
}

/** Grid lines at 0, 25, 50, 75 and 100 behind the bars, the baseline, and the scale under them. */
function scaleMarks(start: number, length: number, top: number, bottom: number): Mark[] {
  return [0, 25, 50, 75, 100].flatMap((step): Mark[] => {
    const x = scaled(step, start, length);
    return [
      {
        type: 'line',
        x1: x,
        y1: top,
        x2: x,
        y2: at(bottom + 4),
        stroke: step === 0 ? '#59636e' : '#d1d9e0',
        role: step === 0 ? 'axis' : 'grid',
      },
      { type: 'text', x, y: at(bottom + 18), text: String(step), anchor: 'middle', role: 'axis' },
    ];
  });
}
