/**
 * Numbers in the API are numbers: the robustness intervals, the changes totals (one country and
 * the hub) and the diff's score gap give scores at full precision, equal to the published scores
 * of /api/v1/scores, with the strings the pages display kept under `shown`.
 */
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatScore } from '../../src/scoring/rounding.js';
import { testApp } from '../helpers/app.js';
import { sampleDatabase } from '../storage/helpers.js';

let app: Express;
beforeAll(() => {
  app = testApp({ db: sampleDatabase(), log: () => {} });
});

const get = async (path: string) => {
  const response = await request(app).get(path);
  expect(response.status, path).toBe(200);
  return response.body;
};

/** The published score of a country's node in an edition, from the scores API. */
async function published(edition: string, country: string, node: string): Promise<number | null> {
  const body = await get(`/api/v1/scores?edition=${edition}&country=${country}&node=${node}`);
  return body.rows[0].score;
}

async function displayDecimals(edition: string): Promise<number> {
  return (await get(`/api/v1/questionnaire?edition=${edition}`)).display_decimals;
}

describe('API numbers as numbers, display strings under "shown"', () => {
  it('robustness: the published score and its interval', async () => {
    const body = await get('/api/v1/robustness?edition=2024&draws=20');
    const decimals = await displayDecimals('2024');
    expect(body.countries.length).toBeGreaterThan(3);
    for (const row of body.countries) {
      expect(row.score).toBe(await published('2024', row.code, 'overall'));
      expect(typeof row.scoreLow).toBe('number');
      expect(typeof row.scoreHigh).toBe('number');
      expect(row.scoreLow).toBeLessThanOrEqual(row.scoreHigh);
      expect(row.shown).toEqual({
        score: formatScore(row.score, decimals),
        scoreLow: formatScore(row.scoreLow, decimals),
        scoreHigh: formatScore(row.scoreHigh, decimals),
      });
    }
  });

  it('changes of one country: totals before, after and change at full precision', async () => {
    const body = await get('/api/v1/changes?country=FR&from=2019&to=2024');
    const overall = body.totals.find((t: { node: string }) => t.node === 'overall');
    const before = await published('2019', 'FR', 'overall');
    const after = await published('2024', 'FR', 'overall');
    expect(overall.before).toBeCloseTo(before!, 9);
    expect(overall.after).toBeCloseTo(after!, 9);
    expect(overall.change).toBeCloseTo(after! - before!, 9);
    expect(overall).not.toHaveProperty('exact');
    // Written beside the change, the two ends have its two decimals and the three add up.
    for (const end of ['before', 'after'] as const) {
      expect(overall.shown[end]).toMatch(/^\d+\.\d\d$/);
      expect(Math.abs(Number(overall.shown[end]) - overall[end])).toBeLessThanOrEqual(0.0050001);
    }
    expect(overall.shown.change).toMatch(/^([+-]\d+\.\d\d|±0)$/);
    const shownChange = Number(overall.shown.after) - Number(overall.shown.before);
    expect(Math.abs(shownChange - Number(overall.shown.change))).toBeLessThanOrEqual(0.0100001);
  });

  it('the changes hub and the diff give the same numbers', async () => {
    const hub = await get('/api/v1/changes?from=2019&to=2024');
    const fr = hub.countries.find((c: { code: string }) => c.code === 'FR');
    const one = await get('/api/v1/changes?country=FR&from=2019&to=2024');
    const total = one.totals.find((t: { node: string }) => t.node === 'overall');
    expect(fr.overall).toEqual({ node: 'overall', ...strip(total) });

    const diff = await get('/api/v1/diff?countries=AT,SE&edition=2024');
    const gap = diff.pairs[0].gap;
    expect(gap.before).toBe(await published('2024', 'AT', 'overall'));
    expect(gap.after).toBe(await published('2024', 'SE', 'overall'));
    expect(gap.change).toBeCloseTo(gap.after - gap.before, 9);
    expect(typeof gap.shown.before).toBe('string');
  });

  it('a profile: ranks, points, group averages and the change since 2019', async () => {
    const body = await get('/api/v1/countries/DE/2024');
    expect(body.overall).toMatchObject({ rank: 4, rankOf: 8, rankShown: '4 of 8' });
    const before = await published('2019', 'DE', 'overall');
    const after = await published('2024', 'DE', 'overall');
    expect(body.overall.change.before).toBe(before);
    expect(body.overall.change.delta).toBeCloseTo(after! - before!, 9);
    expect(body.overall.change.deltaShown).toBe('+4.69');
    const rows = body.strands.flatMap((s: { questions: unknown[] }) => s.questions);
    const answered = rows.filter((r: { kind: string; points: unknown }) => r.kind === 'question');
    expect(answered.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.points === null || typeof row.points === 'number').toBe(true);
      if (row.points === null) expect(row.pointsShown).toBe('–');
      else expect(Number(row.pointsShown)).toBeCloseTo(row.points, 0);
    }
    for (const group of body.groups) {
      expect(typeof group.overall).toBe('number');
      expect(group.strands).toHaveLength(group.strandsShown.length);
    }
  });

  it('a comparison: every cell’s score or points as a number, the text in pointsShown', async () => {
    const body = await get('/api/v1/compare?countries=AT,DE&edition=2024');
    const overall = body.rows.find((r: { id: string }) => r.id === 'overall');
    expect(overall.cells[1].points).toBe(await published('2024', 'DE', 'overall'));
    expect(overall.cells[1].pointsShown).toBe(
      formatScore(overall.cells[1].points, await displayDecimals('2024')),
    );
    for (const row of body.rows)
      for (const cell of row.cells)
        expect(cell.points === null || typeof cell.points === 'number', row.id).toBe(true);
    expect(typeof body.diffs[0].gap.change).toBe('number');
  });
});

function strip({ node: _node, label: _label, ...move }: Record<string, unknown>) {
  return move;
}

describe('a country’s changes run forwards in time, between two editions', () => {
  it.each([
    ['/api/v1/changes?country=FR&from=2024&to=2019', 'must be an edition before'],
    ['/api/v1/changes?country=FR&from=2024&to=2024', 'must name another edition'],
    ['/countries/FR/changes?from=2024&to=2019', 'must be an edition before'],
    ['/countries/FR/changes?from=2024&to=2024', 'must name another edition'],
  ])('%s → 400 naming "from"', async (path, message) => {
    const response = await request(app).get(path);
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
  });
});

describe('the comparison API', () => {
  it('says which revision it compared, as the other analysis endpoints do', async () => {
    const response = await request(app).get('/api/v1/compare?countries=AT,DE&edition=2024');
    expect(response.status).toBe(200);
    expect(response.body.revision).toBeGreaterThanOrEqual(1);
    expect(response.body.defaulted).toContain('revision');
  });

  it('an empty place in the list of countries is named as such', async () => {
    const response = await request(app).get('/api/v1/compare?countries=AT,,DE&edition=2024');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('empty place between commas');
  });
});
