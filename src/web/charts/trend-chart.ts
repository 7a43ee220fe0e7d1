/**
 * Scores across editions: one line per series (overall, each strand) over the editions, evenly
 * spaced in their order, on a fixed 0–100 scale. A missing score breaks nothing: the line joins
 * the editions that have one, and the table says "–".
 */
import { textIn } from '../i18n/catalogue.js';
import {
  CHART_WIDTH,
  at,
  dataValue,
  seriesColour,
  seriesDash,
  type ChartModel,
  type Mark,
} from './chart-model.js';

export interface TrendChartInput {
  id: string;
  title: string;
  description: string;
  tableCaption: string;
  /** In time order; `current` is the edition of the page (its label is in bold). */
  editions: { key: string; label: string; current: boolean }[];
  series: { key: string; label: string }[];
  /** `values[edition][series]`: full precision, null for no score. */
  values: (number | null)[][];
  shown: (value: number | null) => string;
}

const LEFT = 44;
const RIGHT = CHART_WIDTH - 24;
const TOP = 10;
const PLOT_HEIGHT = 200;

export function trendChart(input: TrendChartInput): ChartModel {
  const count = input.editions.length;
  const xOf = (i: number) =>
    count === 1 ? at((LEFT + RIGHT) / 2) : at(LEFT + 16 + (i * (RIGHT - LEFT - 32)) / (count - 1));
  const yOf = (score: number) =>
    at(TOP + PLOT_HEIGHT - (Math.max(0, Math.min(100, score)) / 100) * PLOT_HEIGHT);
  const marks: Mark[] = [];
  for (const step of [0, 25, 50, 75, 100]) {
    const y = yOf(step);
    marks.push(
      {
        type: 'line',
        x1: LEFT,
        y1: y,
        x2: RIGHT,
        y2: y,
        stroke: step === 0 ? '#59636e' : '#d1d9e0',
        role: step === 0 ? 'axis' : 'grid',
      },
      { type: 'text', x: LEFT - 6, y: at(y + 4), text: String(step), anchor: 'end', role: 'axis' },
    );
  }
  input.editions.forEach((edition, i) => {
    marks.push({
      type: 'text',
      x: xOf(i),
      y: TOP + PLOT_HEIGHT + 20,
      text: edition.label,
      anchor: 'middle',
      role: edition.current ? 'heading' : 'axis',
    });
  });
  input.series.forEach((series, s) => {
    const colour = seriesColour(s);
    const dash = seriesDash(s);
    const points = input.editions
      .map((_, e) => ({ e, value: input.values[e]?.[s] ?? null }))
      .filter((p): p is { e: number; value: number } => p.value !== null);
    if (points.length > 1) {
      marks.push({
        type: 'polyline',
        points: points.map((p) => `${xOf(p.e)},${yOf(p.value)}`).join(' '),
        stroke: colour,
        ...(dash ? { dash } : {}),
      });
    }
    input.editions.forEach((edition, e) => {
      const value = input.values[e]?.[s] ?? null;
      marks.push({
        type: 'circle',
        cx: xOf(e),
        cy: value === null ? TOP + PLOT_HEIGHT : yOf(value),
        r: value === null ? 0 : 4,
        fill: colour,
        data: { key: edition.key, series: series.key, value: dataValue(value) },
      });
    });
  });
  return {
    id: input.id,
    kind: 'trend',
    title: input.title,
    description: input.description,
    width: CHART_WIDTH,
    height: TOP + PLOT_HEIGHT + 30,
    marks,
    legend: input.series.map((s, i) => ({
      label: s.label,
      colour: seriesColour(i),
      ...(seriesDash(i) ? { dash: seriesDash(i) } : {}),
    })),
    table: {
      caption: input.tableCaption,
      columns: [textIn('col.edition'), ...input.series.map((s) => s.label)],
      rows: input.editions.map((edition, e) => ({
        key: edition.key,
        header: edition.label,
        cells: input.series.map((_, s) => {
          const value = input.values[e]?.[s] ?? null;
          return { text: input.shown(value), value };
        }),
      })),
    },
  };
}
