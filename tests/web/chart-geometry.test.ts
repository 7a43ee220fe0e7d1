/**
 * The chart drawing functions (src/web/charts/), on numbers made up for the case: where marks
 * land, what happens to a missing score, that dots never overlap, and that every series colour
 * keeps a contrast of 3:1 on the white page.
 */
import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/web/charts/bar-chart.js';
import { SERIES_COLOURS, clip, contrast, type Mark } from '../../src/web/charts/chart-model.js';
import { stackLevels, stripChart } from '../../src/web/charts/strip-chart.js';
import { trendChart } from '../../src/web/charts/trend-chart.js';

const shown = (v: number | null) => (v === null ? '–' : v.toFixed(0));
const rects = (marks: Mark[]) => marks.filter((m) => m.type === 'rect');

describe('bar chart', () => {
  const single = barChart({
    id: 'c',
    kind: 'ranking',
    title: 't',
    description: 'd',
    rowHeading: 'Country',
    tableCaption: 'c',
    rows: [
      { key: 'AA', label: 'A country with a very long name indeed' },
      { key: 'BB', label: 'B' },
    ],
    series: [{ key: 'overall', label: 'Overall', short: 'Overall' }],
    values: [[100], [null]],
    shown,
  });

  it('draws 100 points as the full bar and no score as an empty one, said "–"', () => {
    const [full, none] = rects(single.marks);
    expect(full).toMatchObject({ x: 150, width: 200, data: { key: 'AA', value: '100' } });
    expect(none).toMatchObject({ width: 0, data: { key: 'BB', value: '' } });
    const texts = single.marks.filter((m) => m.type === 'text' && m.role === 'value');
    expect(texts.map((t) => (t.type === 'text' ? t.text : ''))).toEqual(['100', '–']);
    expect(single.table.rows.map((r) => r.cells)).toEqual([
      [{ text: '100', value: 100 }],
      [{ text: '–', value: null }],
    ]);
  });

  it('clips long labels so they never reach the bars, and keeps them whole in the table', () => {
    const label = single.marks.find((m) => m.type === 'text' && m.role === 'label');
    expect(label).toMatchObject({ text: 'A country with a…' });
    expect(single.table.rows[0]!.header).toBe('A country with a very long name indeed');
    expect(clip('short', 8)).toBe('short');
  });

  it('with several series: one bar per series under each row, in the series colours', () => {
    const chart = barChart({
      id: 'c',
      kind: 'compare',
      title: 't',
      description: 'd',
      rowHeading: 'Score',
      tableCaption: 'c',
      rows: [
        { key: 'overall', label: 'Overall' },
        { key: 'd', label: 'A dimension (its strand)', short: '· A dimension', sub: true },
      ],
      series: [
        { key: 'AT', label: 'Austria', short: 'AT' },
        { key: 'PT', label: 'Portugal', short: 'PT' },
      ],
      values: [
        [-5, 150],
        [50, 50],
      ],
      shown,
    });
    const bars = rects(chart.marks).slice(0, 2);
    // Scores outside 0–100 are clamped to the scale (they cannot occur, but never draw outside).
    expect(bars.map((b) => (b.type === 'rect' ? [b.width, b.fill] : []))).toEqual([
      [0, SERIES_COLOURS[0]],
      [280, SERIES_COLOURS[1]],
    ]);
    expect(chart.table.columns).toEqual(['Score', 'Austria', 'Portugal']);
    // A dimension's row is headed by its short label, not in bold; the table names its strand.
    const headings = chart.marks.filter((m) => m.type === 'text' && m.x === 0 && m.text.length > 2);
    expect(headings.map((m) => m.type === 'text' && [m.text, m.role])).toEqual([
      ['Overall', 'heading'],
      ['· A dimension', 'label'],
    ]);
    expect(chart.table.rows[1]!.header).toBe('A dimension (its strand)');
  });
});

describe('trend chart', () => {
  const chart = trendChart({
    id: 't',
    title: 't',
    description: 'd',
    tableCaption: 'c',
    editions: [
      { key: '2019', label: '2019', current: false },
      { key: '2024', label: '2024', current: true },
    ],
    series: [{ key: 'overall', label: 'Overall' }],
    values: [[0], [100]],
    shown,
  });

  it('puts 0 at the bottom and 100 at the top of the plot, editions left to right', () => {
    const dots = chart.marks.filter((m) => m.type === 'circle');
    expect(dots).toMatchObject([
      { cx: 60, cy: 210, data: { key: '2019', value: '0' } },
      { cx: 360, cy: 10, data: { key: '2024', value: '100' } },
    ]);
    expect(chart.marks.find((m) => m.type === 'polyline')).toMatchObject({
      points: '60,210 360,10',
    });
    expect(
      chart.marks.some((m) => m.type === 'text' && m.text === '2024' && m.role === 'heading'),
    ).toBe(true);
  });

  it('a missing score is no dot and no line', () => {
    const gap = trendChart({
      id: 't',
      title: 't',
      description: 'd',
      tableCaption: 'c',
      editions: [
        { key: 'a', label: 'a', current: false },
        { key: 'b', label: 'b', current: true },
      ],
      series: [{ key: 'overall', label: 'Overall' }],
      values: [[null], [50]],
      shown,
    });
    expect(gap.marks.some((m) => m.type === 'polyline')).toBe(false);
    expect(
      gap.marks.filter((m) => m.type === 'circle').map((m) => m.type === 'circle' && m.r),
    ).toEqual([0, 4]);
  });
});

describe('strip chart', () => {
  it('stacks dots closer than a diameter, and only those', () => {
    expect(stackLevels([50, 50, 55, 80, 62], 12)).toEqual([0, 1, 2, 0, 0]);
  });

  it('draws equal scores as separate dots, highest first in the table', () => {
    const chart = stripChart({
      id: 's',
      title: 't',
      description: 'd',
      tableCaption: 'c',
      rowHeading: 'Country',
      valueHeading: 'Score',
      points: [
        { key: 'AA', label: 'A', value: 40 },
        { key: 'BB', label: 'B', value: 40 },
        { key: 'CC', label: 'C', value: 90 },
      ],
      shown,
    });
    const dots = chart.marks.filter((m) => m.type === 'circle');
    expect(new Set(dots.map((d) => (d.type === 'circle' ? `${d.cx},${d.cy}` : ''))).size).toBe(3);
    expect(chart.table.rows.map((r) => r.key)).toEqual(['CC', 'AA', 'BB']);
    // Codes under the axis: AA and BB at the same score go on two rows, CC has room on the first.
    const labels = chart.marks.filter((m) => m.type === 'text' && m.role === 'label');
    expect(labels.map((m) => m.type === 'text' && [m.text, m.x, m.y])).toEqual([
      ['CC', 347.2, 52],
      ['AA', 163.2, 52],
      ['BB', 163.2, 69],
    ]);
  });
});

describe('colours', () => {
  it('every series colour has a contrast of at least 3:1 on white (WCAG 1.4.11)', () => {
    for (const colour of SERIES_COLOURS)
      expect(contrast(colour, '#ffffff')).toBeGreaterThanOrEqual(3);
  });

  it('contrast follows the WCAG formula', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
