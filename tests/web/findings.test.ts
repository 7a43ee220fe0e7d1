/**
 * Automatic findings (issue 14, item 5): sentences generated from the published numbers, checked
 * against values derived by hand from the API's own numbers; a finding that would need a missing
 * number is left out; the first edition says nothing about change.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { testApp } from '../helpers/app.js';
import { sampleDatabase } from '../storage/helpers.js';
import { PublicData } from '../../src/published/public-data.js';
import { automaticFindings } from '../../src/published/findings.js';
import { translate } from '../../src/web/i18n/catalogue.js';
import { labelText } from '../../src/questionnaire/types.js';

/** The findings' words in English, as the API has them. */
const english = {
  say: (key: string, values?: Record<string, string | number>) => translate('en', key, values),
  label: labelText,
};

interface ApiFinding {
  kind: string;
  text: string;
  href: string;
}

/** A score to two decimals, rounded half up, as the sentences give it (by hand). */
const twoDecimals = (score: number) => (Math.round(score * 100) / 100).toFixed(2);

describe('automatic findings', () => {
  let app: Express;
  beforeAll(() => {
    app = testApp({});
  });

  it('are in the API profile and on the page', async () => {
    const api = await request(app).get('/api/v1/countries/DE/2024');
    expect(api.status).toBe(200);
    const findings = api.body.findings as ApiFinding[];
    expect(findings.map((f) => f.kind)).toContain('strongest');
    const page = await request(app).get('/countries/DE/2024');
    expect(page.text).toContain('id="findings-heading"');
    for (const f of findings) expect(page.text).toContain(f.href.replace(/&/g, '&amp;'));
  });

  it('agree with the API numbers: position, strongest and weakest by hand', async () => {
    const { body } = await request(app).get('/api/v1/countries/DE/2024');
    const findings = body.findings as ApiFinding[];
    const strands = (body.strands as { label: string; score: number; shown: string }[])
      .filter((s) => s.score !== null)
      .sort((a, b) => b.score - a.score);
    const strongest = findings.find((f) => f.kind === 'strongest')!;
    expect(strongest.text).toContain(`${strands[0]!.label} (${strands[0]!.shown}`);
    const weakest = findings.find((f) => f.kind === 'weakest')!;
    expect(weakest.text).toContain(`${strands.at(-1)!.label} (${strands.at(-1)!.shown}`);
    const positions = findings.filter((f) => f.kind === 'position');
    const groups = body.groups as { label: string; overall: number; overallShown: string }[];
    expect(positions.length).toBeGreaterThan(0);
    // Groups with the same averages share one sentence: every group is named once.
    const named = positions.flatMap((p) => groups.filter((g) => p.text.includes(g.label)));
    expect(new Set(named.map((g) => g.label)).size).toBe(named.length);
    for (const p of positions) {
      const group = groups.find(
        (g) =>
          p.text.includes(g.label) &&
          / averages? \(/.test(p.text) &&
          p.text.includes(`(${twoDecimals(g.overall)})`),
      );
      expect(group, p.text).toBeDefined();
      // The score and the average to the two decimals of their difference, so the three agree.
      expect(p.text).toContain(`scores ${twoDecimals(body.overall.score)} overall`);
      // By hand: the exact difference, to two decimals, as every change on the site.
      const difference = body.overall.score - group!.overall;
      const size = (Math.round(Math.abs(difference) * 100) / 100).toFixed(2);
      expect(p.text).toContain(
        size === '0.00'
          ? 'level with'
          : `${size} point${size === '1.00' ? '' : 's'} ${difference > 0 ? 'above' : 'below'}`,
      );
    }
  });

  it('name the biggest change since the previous comparable edition and its rules', async () => {
    const { body } = await request(app).get('/api/v1/countries/DE/2024');
    const change = (body.findings as ApiFinding[]).find((f) => f.kind === 'change');
    const previous = body.overall.change;
    if (!previous?.comparable) {
      expect(change).toBeUndefined();
      return;
    }
    expect(change!.href).toBe(`/countries/DE/changes?from=${previous.from}&to=2024`);
    const changes = await request(app).get(
      `/api/v1/changes?country=DE&from=${previous.from}&to=2024`,
    );
    expect(changes.status).toBe(200);
    type Total = {
      node: string;
      label: string;
      before: number;
      after: number;
      change: number;
      shown: { change: string };
    };
    const totals = (changes.body.totals as Total[])
      .filter((t) => t.node !== 'overall')
      .sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
    const biggest = totals[0]!;
    if (biggest.shown.change === '±0') expect(change!.text).toContain('No strand score changed');
    else
      expect(change!.text).toContain(
        `is in ${biggest.label}: ${biggest.shown.change} (${twoDecimals(biggest.before)} → ${twoDecimals(biggest.after)})`,
      );
  });

  it('say nothing about change in the first edition, and nothing for a missing country', () => {
    const data = new PublicData(sampleDatabase());
    const first = data.edition(data.publishedEditions()[0]!.id)!;
    const code = first.countries[0]!;
    expect(automaticFindings(data, first, code, english).some((f) => f.kind === 'change')).toBe(
      false,
    );
    expect(automaticFindings(data, first, 'XX', english)).toEqual([]);
  });

  it('leave out a position when the group average is missing', () => {
    const data = new PublicData(sampleDatabase());
    const id = data.latestEditionId()!;
    const edition = data.edition(id)!;
    const code = edition.countries[0]!;
    const withoutAverages = {
      ...edition,
      groupAverages: edition.groupAverages.map((g) => ({
        ...g,
        averages: new Map([...g.averages.keys()].map((k) => [k, null])),
      })),
    };
    const findings = automaticFindings(data, withoutAverages, code, english);
    expect(findings.some((f) => f.kind === 'position')).toBe(false);
    expect(automaticFindings(data, edition, code, english).some((f) => f.kind === 'position')).toBe(
      true,
    );
  });
});
