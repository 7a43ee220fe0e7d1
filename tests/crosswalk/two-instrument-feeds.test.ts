/**
 * Strand feeds over editions of two questionnaires: every strand of a published edition's
 * questionnaire has a feed — the 2020 questionnaire's too — holding exactly that strand's
 * published changes, linked from its strand pages (in the page and the head) and listed on the
 * downloads page; a strand no published questionnaire has stays 404. An edition of a
 * questionnaire without a strand with facets has no `gates.csv`.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { testApp } from '../helpers/app.js';
import { q2020 } from './helpers.js';
import { addLater2020Edition, changed2026 } from './later-2020-edition.js';
import { twoInstrumentDatabase } from './two-instruments.js';

let app: Express;
let changed: Record<string, string>;
let close: () => void;

beforeAll(() => {
  const made = twoInstrumentDatabase();
  close = made.close;
  addLater2020Edition(made.db);
  changed = changed2026(made.db);
  app = testApp({ db: made.db });
}, 120_000);

afterAll(() => close?.());

/** The entry ids of a feed without their tag prefix: `changes/AT/2025/2026/fam-…`. */
const entryIds = (xml: string) =>
  [...xml.matchAll(/<entry>\s*<id>tag:[^:]+:([^<]+)<\/id>/g)].map(([, id]) => id!);

describe('GET /feeds/strands/{strand}.atom', () => {
  it.each(['family-reunion', 'citizenship', 'permanent-residence'])(
    'the 2020 strand %s answers with exactly its published changes',
    async (strand) => {
      const res = await request(app).get(`/feeds/strands/${strand}.atom`).expect(200);
      expect(res.type).toBe('application/atom+xml');
      const inStrand = Object.keys(changed).filter(
        (id) => q2020.nodes.get(id)!.strandId === strand,
      );
      expect(inStrand).toHaveLength(1);
      expect(entryIds(res.text)).toEqual(inStrand.map((id) => `changes/AT/2025/2026/${id}`));
      // The feed's page is the strand page of an edition that has the strand.
      expect(res.text).toMatch(
        new RegExp(
          `<link rel="alternate" href="[^"]*/strands/${strand}/202[56]" type="text/html"/>`,
        ),
      );
    },
  );

  it('the 2015 strands keep their feeds, without the 2020 editions', async () => {
    const res = await request(app).get('/feeds/strands/family-reunification.atom').expect(200);
    const ids = entryIds(res.text);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => /\/202[56]\//.test(id))).toEqual([]);
  });

  it('a strand no published questionnaire has is 404, and says so', async () => {
    const res = await request(app)
      .get('/feeds/strands/no-such-strand.atom')
      .set('Accept', 'application/json')
      .expect(404);
    expect(res.body.error.message).toBe(
      'strand "no-such-strand" in the questionnaire of any published edition not found',
    );
  });
});

describe('where the feeds are listed', () => {
  it('a 2020 strand page links its feed in the page and in the head', async () => {
    const res = await request(app).get('/strands/family-reunion/2026').expect(200);
    expect(res.text).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Changes in Family reunification" href="/feeds/strands/family-reunion.atom">',
    );
    expect(res.text).toContain(
      '<a href="/feeds/strands/family-reunion.atom" type="application/atom+xml">',
    );
  });

  it('the downloads page lists the feed of every strand of both questionnaires, each answering', async () => {
    const res = await request(app).get('/downloads').expect(200);
    const feeds = [
      ...res.text.matchAll(/<a href="(\/feeds\/[^"]+)" type="application\/atom\+xml">/g),
    ].map(([, href]) => href!);
    expect(feeds.sort()).toEqual([
      '/feeds/changes.atom',
      '/feeds/legal-events.atom',
      '/feeds/strands/access-to-nationality.atom',
      '/feeds/strands/citizenship.atom',
      '/feeds/strands/family-reunification.atom',
      '/feeds/strands/family-reunion.atom',
      '/feeds/strands/language-tests.atom',
      '/feeds/strands/permanent-residence.atom',
    ]);
    // Two strands of one name are told apart by their questionnaire.
    expect(res.text).toContain(
      'Changes in Family reunification (Migrant Policy Index questionnaire, 2020 generation)',
    );
    for (const href of feeds) expect((await request(app).get(href)).status, href).toBe(200);
  });
});

describe('gates.csv over editions of two questionnaires', () => {
  it('an edition whose questionnaire has no strand with facets has no gates.csv, listed nowhere', async () => {
    const res = await request(app)
      .get('/downloads/2026/r1/gates.csv')
      .set('Accept', 'application/json')
      .expect(404);
    expect(res.body.error.message).toContain('file "gates.csv"');
    const pkg = await request(app).get('/downloads/2026/r1/datapackage.json').expect(200);
    const paths = pkg.body.resources.map((r: { path: string }) => r.path);
    expect(paths).toEqual(['scores.csv', 'scores.json', 'answers.csv', 'codebook.csv']);
    const page = await request(app).get('/downloads').expect(200);
    expect(page.text).not.toContain('/downloads/2026/r1/gates.csv');
    expect(page.text).toContain('/downloads/2026/r1/codebook.csv');
  });

  it('an edition of the questionnaire with the language-tests strand keeps it', async () => {
    const res = await request(app).get('/downloads/2024/r1/gates.csv').expect(200);
    expect(res.text.split('\n').length).toBeGreaterThan(2);
  });
});
