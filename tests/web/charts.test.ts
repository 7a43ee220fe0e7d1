/**
 * Every chart of the site against the API: the page is fetched from a seeded app, the chart's SVG
 * and its table alternative are parsed, and every value is compared with the API's for the same
 * edition — the bars', lines' and dots' `data-value` to the full-precision score, the numbers
 * written in the chart and in its table to the same score as the site rounds it. Each chart also
 * has its accessible name (`role="img"`, `aria-labelledby` to its `<title>` and `<desc>`).
 */
import type { Express } from 'express';
import { XMLParser } from 'fast-xml-parser';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatScore } from '../../src/scoring/rounding.js';
import { testApp } from '../helpers/app.js';

let app: Express;
let decimals: number;

beforeAll(async () => {
  app = testApp({ analysisRateLimit: false });
  decimals = (await api('/api/v1/questionnaire')).display_decimals as number;
});

type Node = Record<string, unknown>;
/** A score as the site displays it, from the API's full-precision number. */
const displayed = (score: number | null) => formatScore(score, decimals);

async function api(path: string): Promise<Node> {
  const response = await request(app).get(path).set('Accept', 'application/json');
  expect(response.status, path).toBe(200);
  return response.body as Node;
}

interface Point {
  key: string;
  series: string;
  value: number | null;
  /** The number written next to the mark, when the chart writes one (bars). */
  label?: string;
}

interface Chart {
  svg: Node;
  points: Point[];
  /** Table rows: key → cells (text and data-value), in order. */
  table: { key: string; header: string; cells: { text: string; value: number | null }[] }[];
  columns: string[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  htmlEntities: true,
  preserveOrder: false,
  isArray: (name) =>
    ['rect', 'circle', 'text', 'line', 'tr', 'td', 'th', 'polyline'].includes(name),
});

const numberOrNull = (text: string) => (text === '' ? null : Number(text));
const textOf = (node: unknown): string =>
  typeof node === 'object' && node !== null ? String((node as Node)['#text'] ?? '') : String(node);

/** The chart `id` of a page: its marks with their values, and its table. */
async function chartOn(path: string, id: string): Promise<Chart> {
  const response = await request(app).get(path);
  expect(response.status, path).toBe(200);
  const html = response.text;
  const start = html.indexOf(`<figure class="chart`);
  const figures = html.slice(start).split('</figure>');
  const source = figures.find((f) => f.includes(`id="${id}"`));
  expect(source, `${id} on ${path}`).toBeDefined();
  const figure = parser.parse(`${source!.slice(source!.indexOf('<figure'))}</figure>`)
    .figure as Node;
  const svg = figure.svg as Node;
  const rects = (svg.rect as Node[] | undefined) ?? [];
  const circles = (svg.circle as Node[] | undefined) ?? [];
  const values = ((svg.text as Node[] | undefined) ?? []).filter((t) => t.class === 'chart-value');
  const points: Point[] = [
    ...rects.map((r, i) => ({
      key: String(r['data-key']),
      series: String(r['data-series']),
      value: numberOrNull(String(r['data-value'])),
      label: textOf(values[i]),
    })),
    ...circles.map((c) => ({
      key: String(c['data-key']),
      series: String(c['data-series']),
      value: numberOrNull(String(c['data-value'])),
    })),
  ];
  const table = ((figure.details as Node).div as Node).table as Node;
  const columns = (((table.thead as Node).tr as Node[])[0]!.th as Node[]).map(textOf);
  const rows = ((table.tbody as Node).tr as Node[]).map((tr) => ({
    key: String(tr['data-key']),
    header: textOf((tr.th as Node[])[0]),
    cells: (tr.td as Node[]).map((td) => ({
      text: textOf(td),
      value: numberOrNull(String(td['data-value'])),
    })),
  }));
  return { svg, points, table: rows, columns };
}

/** The chart's accessible name: role img, labelled by its own title and description. */
function expectNamed(chart: Chart, id: string) {
  expect(chart.svg.role).toBe('img');
  expect(chart.svg['aria-labelledby']).toBe(`${id}-title ${id}-desc`);
  expect((chart.svg.title as Node).id).toBe(`${id}-title`);
  expect(textOf(chart.svg.title)).not.toBe('');
  expect(chart.svg.viewBox).toMatch(/^0 0 400 \d+(\.\d)?$/);
  expect(chart.svg.width).toBe('100%');
}

/** Every point of the chart has the API's value, and the table has the same values and numbers. */
function expectAgrees(chart: Chart, expected: Map<string, number | null>, seriesCount: number) {
  const key = (p: { key: string; series: string }) => `${p.key}/${p.series}`;
  expect(new Map(chart.points.map((p) => [key(p), p.value]))).toEqual(expected);
  expect(chart.points).toHaveLength(expected.size);
  for (const point of chart.points) {
    if (point.label !== undefined) expect(point.label).toBe(displayed(point.value));
  }
  const fromTable = new Map<string, number | null>();
  for (const row of chart.table) {
    expect(row.cells).toHaveLength(seriesCount);
    row.cells.forEach((cell) => expect(cell.text).toBe(displayed(cell.value)));
  }
  // The table's columns are the series, in the order of the chart's points for each row.
  for (const row of chart.table) {
    const series = chart.points.filter((p) => p.key === row.key).map((p) => p.series);
    row.cells.forEach((cell, i) => fromTable.set(`${row.key}/${series[i]}`, cell.value));
  }
  expect(fromTable).toEqual(expected);
}

/** Full-precision scores of an edition from the API: `country/node` → score. */
async function scores(edition: string, node?: string): Promise<Map<string, number | null>> {
  const query = node === undefined ? '' : `?node=${node}`;
  const body = await api(`/api/v1/editions/${edition}/scores.json${query}`);
  return new Map(
    (body.rows as { country: string; node: string; score: number | null }[]).map((r) => [
      `${r.country}/${r.node}`,
      r.score,
    ]),
  );
}

describe('the charts agree with the API', () => {
  it.each([
    ['/', '2024'],
    ['/editions/2019', '2019'],
  ])('ranking on %s: every country’s overall score, highest first', async (path, edition) => {
    const chart = await chartOn(path, 'chart-ranking');
    expectNamed(chart, 'chart-ranking');
    const expected = await scores(edition, 'overall');
    expectAgrees(chart, expected, 1);
    const values = chart.points.map((p) => p.value ?? -1);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    // The bar's length is its score: 200 units for 100 points.
    for (const rect of chart.svg.rect as Node[])
      expect(Number(rect.width)).toBeCloseTo(Number(rect['data-value']) * 2, 0);
    expect(chart.columns).toEqual(['Country', 'Overall']);
  });

  it('trend on the profile: overall and strand scores in every comparable edition', async () => {
    const chart = await chartOn('/countries/AT/2024', 'chart-trend');
    expectNamed(chart, 'chart-trend');
    const expected = new Map<string, number | null>();
    for (const edition of ['2019', '2024']) {
      const profile = await api(`/api/v1/countries/AT/${edition}`);
      expected.set(`${edition}/overall`, (profile.overall as Node).score as number);
      for (const strand of profile.strands as Node[])
        expected.set(`${edition}/${String(strand.id)}`, strand.score as number);
    }
    const strands = (await api('/api/v1/countries/AT/2024')).strands as Node[];
    expectAgrees(chart, expected, 1 + strands.length);
    expect(chart.table.map((r) => r.key)).toEqual(['2019', '2024']);
    expect(chart.columns).toEqual(['Edition', 'Overall', ...strands.map((s) => String(s.label))]);
  });

  it('groups on the profile: the country and each group’s average, per strand and dimension', async () => {
    const chart = await chartOn('/countries/DE/2024', 'chart-groups');
    expectNamed(chart, 'chart-groups');
    const all = await scores('2024');
    const profile = await api('/api/v1/countries/DE/2024');
    const registry = await api('/api/v1/countries');
    const shownGroups = new Map((profile.groups as Node[]).map((g) => [String(g.label), g]));
    const nodes = [
      'overall',
      ...(profile.strands as Node[]).flatMap((s) => [
        String(s.id),
        ...(s.dimensions as Node[]).map((d) => String(d.id)),
      ]),
    ];
    const expected = new Map<string, number | null>();
    const groupIds: string[] = [];
    for (const group of registry.groups as { id: string; label: string; members: string[] }[]) {
      if (!shownGroups.has(group.label)) continue;
      groupIds.push(group.id);
      for (const node of nodes) {
        const values = group.members
          .map((m) => all.get(`${m}/${node}`))
          .filter((v): v is number => typeof v === 'number');
        expected.set(
          `${node}/${group.id}`,
          values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length,
        );
      }
    }
    expect(groupIds.length).toBeGreaterThan(0);
    for (const node of nodes) expected.set(`${node}/DE`, all.get(`DE/${node}`)!);
    // Group averages are means in member order, like the API's: equal to the last bit.
    expectAgrees(chart, expected, 1 + groupIds.length);
    // The averages in the table are the profile API's (a number there is shown rounded here).
    const asShown = (value: unknown) =>
      typeof value === 'number' || value === null ? displayed(value) : value;
    for (const [label, group] of shownGroups) {
      const column = chart.columns.indexOf(`${label} average`) - 1;
      const row = (key: string) => chart.table.find((r) => r.key === key)!.cells[column]!.text;
      expect(row('overall')).toBe(asShown(group.overall));
      (profile.strands as Node[]).forEach((s, i) =>
        expect(row(String(s.id))).toBe(asShown((group.strands as unknown[])[i])),
      );
    }
  });

  it('distribution on each strand page: a dot per country', async () => {
    const questionnaire = await api('/api/v1/questionnaire?edition=2024');
    for (const strand of questionnaire.strands as Node[]) {
      const id = String(strand.id);
      const chart = await chartOn(`/strands/${id}/2024`, 'chart-distribution');
      expectNamed(chart, 'chart-distribution');
      const expected = new Map(
        [...(await scores('2024', id))].map(([k, v]) => [`${k.split('/')[0]}/score`, v]),
      );
      expectAgrees(chart, expected, 1);
      // Dots never overlap: two dots of one level are at least a diameter apart.
      const dots = (chart.svg.circle as Node[]).map((c) => ({
        x: Number(c.cx),
        y: Number(c.cy),
        r: Number(c.r),
      }));
      for (const a of dots)
        for (const b of dots)
          if (a !== b && a.y === b.y) expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual(a.r + b.r);
    }
  });

  it('compare: the countries side by side on every strand and dimension', async () => {
    const chart = await chartOn('/compare?edition=2024&countries=PT,AT,SE', 'chart-compare');
    expectNamed(chart, 'chart-compare');
    const all = await scores('2024');
    const compare = await api('/api/v1/compare?edition=2024&countries=PT,AT,SE');
    const scoreRows = (compare.rows as Node[]).filter(
      (r) => r.kind === 'score' && ['overall', 'strand', 'dimension'].includes(String(r.level)),
    );
    const expected = new Map<string, number | null>();
    for (const row of scoreRows)
      for (const code of ['PT', 'AT', 'SE'])
        expected.set(`${String(row.id)}/${code}`, all.get(`${code}/${String(row.id)}`)!);
    expectAgrees(chart, expected, 3);
    // The numbers written are those of the compare API, row by row.
    for (const row of scoreRows) {
      const cells = chart.table.find((r) => r.key === row.id)!.cells.map((c) => c.text);
      expect(cells).toEqual((row.cells as Node[]).map((c) => c.text));
    }
    expect(chart.columns).toEqual(['Score', 'Portugal', 'Austria', 'Sweden']);
  });
});
