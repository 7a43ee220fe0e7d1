/**
 * The Atom feeds (RFC 4287): each parses as XML and keeps the Atom rules (feed id, title,
 * updated, author and self link; every entry's id, title, updated and alternate link; absolute
 * links; ids unique and the same from a second app on the same data); their entries are exactly
 * the published changes (the changes pages' rows) and the published legal events; hostile text
 * is escaped; a correction updates only the entries it changed.
 */
import type { Express } from 'express';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { publishEdition } from '../../src/storage/snapshot-repository.js';
import { PublicData } from '../../src/published/public-data.js';
import { PUBLIC_URL, testApp } from '../helpers/app.js';
import { sampleDatabase } from '../storage/helpers.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const FEEDS = [
  '/feeds/changes.atom',
  '/feeds/countries/FR.atom',
  '/feeds/countries/DE.atom',
  '/feeds/strands/family-reunification.atom',
  '/feeds/strands/language-tests.atom',
  '/feeds/legal-events.atom',
];

interface Link {
  '@_rel'?: string;
  '@_href': string;
  '@_type'?: string;
}
interface Entry {
  id: string;
  title: string | { '#text': string };
  updated: string;
  link: Link[];
  summary: string | { '#text': string };
  category: { '@_term': string }[];
}
interface Feed {
  id: string;
  title: string | { '#text': string };
  updated: string;
  author: { name: string };
  link: Link[];
  entry?: Entry[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => ['entry', 'link', 'category'].includes(name),
});
const textOf = (value: string | { '#text': string }) =>
  typeof value === 'string' ? value : value['#text'];

/** Fetches a feed, checks it is well-formed Atom by the RFC's rules, and returns it parsed. */
async function atom(app: Express, path: string): Promise<Feed> {
  const response = await request(app).get(path);
  expect(response.status, path).toBe(200);
  expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
  expect(XMLValidator.validate(response.text)).toBe(true);
  const document = parser.parse(response.text) as { feed: Feed & { '@_xmlns': string } };
  const feed = document.feed;
  expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
  expect(feed.id).toMatch(/^tag:index\.example,\d{4}-\d{2}-\d{2}:feeds\//);
  expect(textOf(feed.title)).toMatch(/^Policy Index: /);
  expect(feed.updated).toMatch(RFC3339);
  expect(feed.author.name).toBeTruthy();
  expect(feed.link.find((l) => l['@_rel'] === 'self')!['@_href']).toBe(`${PUBLIC_URL}${path}`);
  const entries = feed.entry ?? [];
  for (const entry of entries) {
    expect(entry.id).toMatch(/^tag:index\.example,\d{4}-\d{2}-\d{2}:/);
    expect(textOf(entry.title)).toBeTruthy();
    expect(entry.updated).toMatch(RFC3339);
    expect(entry.updated <= feed.updated).toBe(true);
    const alternate = entry.link.filter((l) => (l['@_rel'] ?? 'alternate') === 'alternate');
    expect(alternate.length).toBeGreaterThan(0);
    for (const link of entry.link) expect(link['@_href']).toMatch(/^https?:\/\//);
    expect(alternate[0]!['@_href'].startsWith(`${PUBLIC_URL}/`)).toBe(true);
  }
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  return feed;
}

let db: Db;
let app: Express;

beforeAll(() => {
  db = sampleDatabase();
  app = testApp({ db, log: () => {} });
});

/** Every published change as the changes pages list it: "country/from/to/question". */
async function publishedChanges(filter: (country: string, question: string) => boolean) {
  const countries = (await request(app).get('/api/v1/countries')).body.countries as {
    code: string;
    editions: string[];
  }[];
  const keys: string[] = [];
  for (const { code, editions } of countries)
    for (let i = 1; i < editions.length; i++) {
      const { body } = await request(app).get(
        `/api/v1/changes?country=${code}&from=${editions[i - 1]}&to=${editions[i]}`,
      );
      for (const row of body.rows as { id: string }[])
        if (filter(code, row.id)) keys.push(`${code}/${editions[i - 1]}/${editions[i]}/${row.id}`);
    }
  return keys.sort();
}

const changeKeys = (feed: Feed) =>
  (feed.entry ?? []).map((e) => e.id.replace(/^tag:[^:]+:changes\//, '')).sort();

describe('Atom feeds', () => {
  it.each(FEEDS)('%s is valid Atom with stable ids', async (path) => {
    const first = await atom(app, path);
    // A second app on the same data: nothing cached is shared, the ids must still be the same.
    const again = await atom(testApp({ db, log: () => {} }), path);
    expect(again.id).toBe(first.id);
    expect((again.entry ?? []).map((e) => [e.id, e.updated])).toEqual(
      (first.entry ?? []).map((e) => [e.id, e.updated]),
    );
  });

  it('the site-wide feed holds exactly the published changes', async () => {
    const feed = await atom(app, '/feeds/changes.atom');
    const expected = await publishedChanges(() => true);
    expect(expected.length).toBeGreaterThan(10);
    expect(changeKeys(feed)).toEqual(expected);
  });

  it('a country feed holds exactly that country’s changes, with the changes page’s points', async () => {
    const feed = await atom(app, '/feeds/countries/FR.atom');
    expect(changeKeys(feed)).toEqual(await publishedChanges((country) => country === 'FR'));
    const { body } = await request(app).get('/api/v1/changes?country=FR&from=2019&to=2024');
    for (const row of body.rows as { id: string; pointsOverallShown: string }[]) {
      const entry = feed.entry!.find((e) => e.id.endsWith(`/${row.id}`))!;
      expect(textOf(entry.summary)).toContain(`Points moved: ${row.pointsOverallShown} overall`);
      expect(entry.link[0]!['@_href']).toBe(
        `${PUBLIC_URL}/countries/FR/rules/${row.id}#edition-2024`,
      );
    }
  });

  it('a strand feed holds the changes of that strand’s questions, a cross-cutting one through its references', async () => {
    const questionnaire = (await request(app).get('/api/v1/questionnaire')).body;
    const ids = (strand: string) => {
      const found = new Set<string>();
      const byId = new Map<string, { kind: string; ref?: string; children?: unknown[] }>();
      const index = (n: { id: string; kind: string; children?: unknown[] }) => {
        byId.set(n.id, n);
        (n.children ?? []).forEach((c) => index(c as typeof n));
      };
      questionnaire.strands.forEach(index);
      const visit = (n: { id: string; kind: string; ref?: string; children?: unknown[] }) => {
        if (n.kind === 'question') found.add(n.id);
        else if (n.kind === 'ref') visit({ ...(byId.get(n.ref!) as typeof n), id: n.ref! });
        else (n.children ?? []).forEach((c) => visit(c as typeof n));
      };
      visit(byId.get(strand) as { id: string; kind: string });
      return found;
    };
    for (const strand of ['family-reunification', 'language-tests']) {
      const feed = await atom(app, `/feeds/strands/${strand}.atom`);
      const inStrand = ids(strand);
      const expected = await publishedChanges((_c, question) => inStrand.has(question));
      expect(expected.length, strand).toBeGreaterThan(0);
      expect(changeKeys(feed)).toEqual(expected);
    }
  });

  it('the legal-events feed holds every published event, linked to its rule timelines', async () => {
    const feed = await atom(app, '/feeds/legal-events.atom');
    const events = new PublicData(db).legalEvents();
    expect(events.length).toBeGreaterThan(0);
    expect(
      (feed.entry ?? []).map((e) => e.id.replace(/^tag:[^:]+:legal-events\//, '')).sort(),
    ).toEqual(events.map((e) => e.event.id).sort());
    for (const { event, publishedAt } of events) {
      const entry = feed.entry!.find((e) => e.id.endsWith(`/${event.id}`))!;
      expect(entry.updated).toBe(publishedAt);
      expect(entry.link[0]!['@_href']).toBe(
        `${PUBLIC_URL}/countries/${event.countries[0]}/rules/${event.questions[0]}#event-${event.id}`,
      );
      expect(textOf(entry.title)).toContain(event.title);
    }
  });

  it('unknown country or strand → 404', async () => {
    expect((await request(app).get('/feeds/countries/XX.atom')).status).toBe(404);
    expect((await request(app).get('/feeds/countries/X1.atom')).status).toBe(400);
    expect((await request(app).get('/feeds/strands/nothing.atom')).status).toBe(404);
  });

  it('pages list their feeds, in the head and in the page', async () => {
    const head = (path: string) =>
      request(app)
        .get(path)
        .then((r) => r.text);
    const profile = await head('/countries/FR/2024');
    expect(profile).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Changes in France" href="/feeds/countries/FR.atom">',
    );
    expect(profile).toContain('href="/feeds/countries/FR.atom" type="application/atom+xml">');
    for (const path of ['/', '/countries/FR/changes', '/strands/family-reunification/2024']) {
      const html = await head(path);
      expect(html, path).toContain(
        '<link rel="alternate" type="application/atom+xml" title="Published changes" href="/feeds/changes.atom">',
      );
      expect(html, path).toContain(
        '<link rel="alternate" type="application/atom+xml" title="Published legal events" href="/feeds/legal-events.atom">',
      );
    }
    expect(await head('/strands/family-reunification/2024')).toContain(
      'href="/feeds/strands/family-reunification.atom"',
    );
    expect(await head('/countries/FR/changes')).toContain('href="/feeds/countries/FR.atom"');
  });
});

describe('a correction', () => {
  const payload = '<script>alert("x")</script> & ]]> \u0001';
  let corrected: Db;
  let correctedApp: Express;
  let before: Feed;

  beforeAll(async () => {
    corrected = sampleDatabase();
    correctedApp = testApp({ db: corrected, log: () => {} });
    before = await atom(testApp({ db: corrected, log: () => {} }), '/feeds/countries/FR.atom');
    // France 2024, corrected: a changed answer gets a hostile source title; the rest stays.
    const france = getSheet(corrected, { country: 'FR', edition: '2024' })!;
    const answers = new Map(france.sheet.answers);
    const entry = answers.get('fr-pre-entry-language-form')!;
    answers.set('fr-pre-entry-language-form', {
      ...entry,
      sources: [{ ...entry.sources[0]!, title: payload }],
    });
    saveSheet(corrected, {
      sheet: { ...france.sheet, status: 'approved', answers },
      baseRevision: france.revision,
      user: 'test',
    });
    publishEdition(corrected, '2024', { user: 'test', note: 'Correction of a source' });
  });

  it('escapes hostile text, and updates only the entry it changed', async () => {
    const response = await request(correctedApp).get('/feeds/countries/FR.atom');
    expect(response.text).not.toContain('<script>');
    expect(response.text).not.toContain('\u0001');
    const after = await atom(correctedApp, '/feeds/countries/FR.atom');
    expect(after.entry!.map((e) => e.id).sort()).toEqual(before.entry!.map((e) => e.id).sort());
    const changed = after.entry!.find((e) => e.id.endsWith('/fr-pre-entry-language-form'))!;
    expect(textOf(changed.summary)).toContain('<script>alert("x")</script> & ]]>');
    const previous = new Map(before.entry!.map((e) => [e.id, e.updated]));
    expect(changed.updated > previous.get(changed.id)!).toBe(true);
    for (const entry of after.entry!)
      if (entry !== changed) expect(entry.updated, entry.id).toBe(previous.get(entry.id));
    // The corrected entry is the newest, so it comes first.
    expect(after.entry![0]!.id).toBe(changed.id);
    expect(after.updated).toBe(changed.updated);
  });
});
