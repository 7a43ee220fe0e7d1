/**
 * The hubs: the countries index and its search, the strands index, the changes hub and the About
 * page answer 200 with content; the search finds countries by name and by code; the changes hub
 * orders countries by the published changes (the country changes pages' own totals) and keeps
 * its form, with the reason, for editions that are unknown, the wrong way round or not
 * comparable; no input gives a 500.
 */
import express, { type Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { PublicData } from '../../src/published/public-data.js';
import { VIEWS_DIR } from '../../src/web/app.js';
import { errorHandler } from '../../src/web/http-error.js';
import { ResponseCache } from '../../src/web/response-cache.js';
import { hubRoutes } from '../../src/web/routes/hubs.js';
import { GLOSSARY } from '../../src/web/view-models/about.js';
import { pageLanguageLocals } from '../../src/web/i18n/localized-pages.js';
import { searchText } from '../../src/web/view-models/countries.js';
import { firstSentence } from '../../src/web/view-models/strands-index.js';
import { testApp } from '../helpers/app.js';
import { emptyDatabase, sampleDatabase } from '../storage/helpers.js';

let app: Express;
const logged: string[] = [];

beforeAll(() => {
  app = testApp({ analysisRateLimit: false, log: (m) => logged.push(m) });
});

/** The rows of a hub table: the text of each row's header cell (country name and code). */
function rowNames(html: string): string[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<th scope="row"><a href="[^"]*">([^<]+)<\/a>/g)].map(([, n]) => n!);
}

const decoded = (html: string) =>
  html.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('the hubs answer with content', () => {
  it.each([
    ['/countries', '<h1>Countries</h1>', '8 countries, by name'],
    ['/strands', '<h1>Strands</h1>', 'What it measures:</strong> How easily a foreign citizen'],
    ['/changes', '<h1>Changes from 2019 to 2024</h1>', 'Answers changed'],
    ['/about', '<h1>About this site</h1>', '<dt id="coverage">Coverage</dt>'],
  ])('%s', async (path, heading, content) => {
    const response = await request(app).get(path);
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toContain(heading);
    expect(response.text).toContain(content);
    expect(response.text).toContain('Illustrative data.');
  });

  it('the navigation lists the hubs and robustness, and marks the page shown', async () => {
    const { text } = await request(app).get('/strands');
    const nav = text.slice(text.indexOf('<nav aria-label="Main">'), text.indexOf('</nav>'));
    for (const href of ['/countries', '/strands', '/changes', '/robustness', '/about'])
      expect(nav).toContain(`href="${href}"`);
    expect(nav).toContain('<a href="/strands" aria-current="page">Strands</a>');
    expect(nav.match(/aria-current/g)).toHaveLength(1);
  });

  it('/robustness leads to the default edition, which the navigation marks', async () => {
    const response = await request(app).get('/robustness');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/robustness/2024');
    const { text } = await request(app).get('/robustness/2024?draws=10&sensitivity_samples=0');
    expect(text).toContain('<a href="/robustness" aria-current="page">Robustness</a>');
  });

  it('the countries index: every published country with its latest score, band and rank', async () => {
    const { text } = await request(app).get('/countries');
    expect(rowNames(text)).toEqual([
      'Austria',
      'Canada',
      'France',
      'Germany',
      'Netherlands',
      'Portugal',
      'Spain',
      'Sweden',
    ]);
    const profile = (await request(app).get('/api/v1/countries/DE/2024')).body;
    const germany = text.slice(
      text.indexOf('>Germany<'),
      text.indexOf('</tr>', text.indexOf('>Germany<')),
    );
    expect(germany).toContain(`<strong>${profile.overall.shown}</strong>`);
    expect(germany).toContain('4 of 8');
    expect(text).toContain('href="/countries/DE/2024"');
  });

  it('the strands index links every strand page of every edition', async () => {
    const { text } = await request(app).get('/strands');
    for (const strand of ['family-reunification', 'access-to-nationality', 'language-tests'])
      for (const edition of ['2019', '2024'])
        expect(text).toContain(`href="/strands/${strand}/${edition}"`);
    expect(text).toContain('<strong>Eligibility</strong>: Which residents may act as sponsor');
    expect(text).toContain('href="/about#cross-cutting"');
  });

  it('the glossary has every term the brief names, each with its own anchor', async () => {
    const { text } = await request(app).get('/about');
    const ids = GLOSSARY.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'strand',
      'dimension',
      'indicator',
      'composite',
      'weight',
      'effective-weight',
      'band',
      'coverage',
      'edition',
      'revision',
      'snapshot',
      'comparable-editions',
      'group-average',
      'change-attribution',
      'what-if',
      'robustness',
      'sobol-index',
      'legal-event',
      'illustrative',
    ])
      expect(text).toContain(`<dt id="${id}">`);
    // The pages' links into the glossary land on a term that exists.
    for (const path of ['/countries', '/strands', '/changes', '/about']) {
      const page = (await request(app).get(path)).text;
      for (const [, id] of page.matchAll(/href="\/about#([a-z-]+)"/g))
        expect(text, `${path} → #${id}`).toMatch(new RegExp(`id="${id}"`));
    }
  });
});

describe('the countries search (server-side, no JavaScript)', () => {
  it.each([
    ['swed', ['Sweden']],
    ['SWEDEN', ['Sweden']],
    ['  Portu ', ['Portugal']],
    ['se', ['Sweden']],
    // A code typed exactly comes first, then the names that contain the text.
    ['de', ['Germany', 'Sweden']],
    ['DE', ['Germany', 'Sweden']],
    ['an', ['Canada', 'France', 'Germany', 'Netherlands']],
  ])('q=%s', async (q, names) => {
    const { status, text } = await request(app).get(`/countries?q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
    expect(rowNames(text)).toEqual(names);
    expect(text).toContain(`${names.length} of 8 countries match`);
    expect(text).toMatch(/<form method="get" action="\/countries"/);
  });

  it('ignores accents and case, on both sides', () => {
    expect(searchText('Türkiye')).toBe('turkiye');
    expect(searchText('ÅLAND ')).toBe('aland');
    expect(searchText('Curaçao')).toContain(searchText('CURACAO'));
  });

  it('no match says so and keeps the form with the text typed', async () => {
    const { status, text } = await request(app).get('/countries?q=Atlantis');
    expect(status).toBe(200);
    expect(text).toContain('No country matches “Atlantis”');
    expect(text).toContain('name="q" value="Atlantis"');
    expect(text).not.toContain('<tbody>');
  });

  it('a search too long is a 400 that keeps the form', async () => {
    const { status, text } = await request(app).get(`/countries?q=${'x'.repeat(101)}`);
    expect(status).toBe(400);
    expect(text).toContain('The search is too long');
    expect(text).toMatch(/<form method="get" action="\/countries"/);
    expect(text).toContain('aria-invalid="true"');
  });

  it('control characters typed into the search are dropped, never echoed into the page', async () => {
    const { status, text } = await request(app).get('/countries?q=Ger%00ma%1bny');
    expect(status).toBe(200);
    expect(text.includes('\u0000') || text.includes('\u001b')).toBe(false);
    expect(text).toContain('name="q" value="Germany"');
  });

  it('markup typed into the search comes back as text', async () => {
    const { text } = await request(app).get(`/countries?q=${encodeURIComponent('<b>"x')}`);
    expect(text).not.toContain('<b>"x');
    expect(text).toContain('&lt;b&gt;&#34;x');
  });
});

describe('the changes hub', () => {
  /** Every country's own changes between the editions, as its changes page has them. */
  async function published(from: string, to: string) {
    const codes = (await request(app).get(`/api/v1/editions`)).body.editions.find(
      (e: { id: string }) => e.id === to,
    ).countries as string[];
    return Promise.all(
      codes.map(async (code) => {
        const body = (
          await request(app).get(`/api/v1/changes?country=${code}&from=${from}&to=${to}`)
        ).body;
        return {
          code,
          name: body.name as string,
          totals: body.totals as { node: string; change: number; shown: { change: string } }[],
        };
      }),
    );
  }

  it.each(['overall', 'family-reunification', 'access-to-nationality'])(
    'orders countries by the absolute published change (%s), with the changes pages’ own numbers',
    async (sort) => {
      const countries = await published('2019', '2024');
      const size = (c: (typeof countries)[number]) =>
        Math.abs(c.totals.find((t) => t.node === sort)!.change);
      const expected = [...countries]
        .sort((a, b) => size(b) - size(a) || a.name.localeCompare(b.name))
        .map((c) => c.name);
      const query = sort === 'overall' ? '' : `&sort=${sort}`;
      const page = await request(app).get(`/changes?from=2019&to=2024${query}`);
      expect(page.status).toBe(200);
      expect(rowNames(page.text)).toEqual(expected);
      const api = (await request(app).get(`/api/v1/changes?from=2019&to=2024${query}`)).body;
      expect(api.countries.map((c: { name: string }) => c.name)).toEqual(expected);
      for (const country of countries) {
        const row = api.countries.find((c: { code: string }) => c.code === country.code);
        const overall = country.totals.find((t) => t.node === 'overall')!;
        expect(row.overall).toMatchObject({ change: overall.change, shown: overall.shown });
        expect(row.href).toBe(`/countries/${country.code}/changes?from=2019&to=2024`);
        // The page shows the same rounded change as the country's changes page.
        expect(decoded(page.text)).toContain(
          `href="/countries/${country.code}/changes?from=2019&to=2024">`,
        );
      }
      // Sizes really decrease down the page (the fixture has movers of different sizes).
      const sizes = expected.map((name) => size(countries.find((c) => c.name === name)!));
      expect(sizes[0]).toBeGreaterThan(sizes.at(-1)!);
    },
  );

  it('defaults to the latest comparable pair and says so in the API', async () => {
    const body = (await request(app).get('/api/v1/changes')).body;
    expect(body).toMatchObject({ from: '2019', to: '2024', sort: 'overall' });
    expect(body.defaulted).toEqual(['from', 'to', 'sort']);
    expect(body.pairs).toEqual([{ from: '2019', to: '2024' }]);
    const named = (await request(app).get('/api/v1/changes?to=2024')).body;
    expect(named).toMatchObject({ from: '2019', defaulted: ['from', 'sort'] });
  });

  it.each([
    [
      '/changes?from=1999&to=2024',
      404,
      'Edition "1999" not found (published editions: 2019, 2024)',
    ],
    ['/changes?from=2019&to=2031', 404, 'Edition "2031" not found'],
    ['/changes?from=2024&to=2019', 400, 'Parameter "from" must be an edition before "to" (2019)'],
    ['/changes?from=2024&to=2024', 400, 'Parameter "from" must name another edition than "to"'],
    ['/changes?to=2019', 400, 'No published edition before 2019 is comparable with it'],
    ['/changes?sort=nope', 400, 'Parameter "sort" must be one of overall, family-reunification'],
    ['/changes?from=%3Cb%3E', 400, 'Parameter "from"'],
  ])('%s is a %i that keeps the form and says why', async (path, status, message) => {
    const response = await request(app).get(path);
    expect(response.status).toBe(status);
    expect(response.type).toBe('text/html');
    expect(decoded(response.text)).toContain(message);
    expect(response.text).toMatch(/<form method="get" action="\/changes"/);
    expect(response.text).toContain('role="alert"');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('editions that do not score alike are refused with the form (400 editions-not-comparable)', async () => {
    const db = sampleDatabase();
    const data = Object.assign(Object.create(new PublicData(db)) as PublicData, {
      comparable: () => false,
    });
    const hubs = express();
    hubs.set('view engine', 'ejs');
    hubs.set('views', VIEWS_DIR);
    hubs.use(
      // The locals every page gets in the app (the language, its catalogue).
      pageLanguageLocals('en', () => 'https://index.example'),
      hubRoutes({
        data,
        baseUrl: () => 'https://index.example',
        cache: new ResponseCache(() => data.dataVersion(), 0),
        analysisLimit: (_req, _res, next) => next(),
      }),
      errorHandler(() => {}),
    );
    const page = await request(hubs).get('/changes?from=2019&to=2024');
    expect(page.status).toBe(400);
    expect(page.text).toContain('Editions 2019 and 2024 are not comparable');
    expect(page.text).toMatch(/<form method="get" action="\/changes"/);
    const api = await request(hubs).get('/api/v1/changes?from=2019&to=2024');
    expect(api.status).toBe(400);
    expect(api.body.error.code).toBe('editions-not-comparable');
    // With no comparable pair at all, the hub says so instead of showing an empty table.
    const empty = await request(hubs).get('/changes');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('No two published editions are comparable yet');
    expect(empty.text).not.toContain('<table');
  });

  it('the API refuses bad editions with coded JSON errors', async () => {
    const wrong = await request(app).get('/api/v1/changes?from=2024&to=2019');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invalid-parameter');
    const unknown = await request(app).get('/api/v1/changes?from=1999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not-found');
  });
});

describe('before anything is published', () => {
  it('the hubs say so instead of showing empty tables', async () => {
    const empty = testApp({ db: emptyDatabase() });
    for (const [path, text] of [
      ['/countries', 'Nothing is published yet.'],
      ['/countries?q=de', 'Nothing is published yet.'],
      ['/strands', 'Nothing is published yet.'],
      ['/changes', 'No two published editions are comparable yet'],
      ['/about', 'Glossary'],
    ]) {
      const response = await request(empty).get(path!);
      expect(response.status, path).toBe(200);
      expect(response.text, path).toContain(text);
      expect(response.text, path).not.toContain('<tbody>');
    }
    expect((await request(empty).get('/robustness')).status).toBe(404);
    const api = await request(empty).get('/api/v1/changes');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not-found');
  });
});

describe('never a 500', () => {
  it.each([
    '/countries?q=a&q=b',
    '/countries?q=%E2%80%AE',
    `/countries?q=${'é'.repeat(500)}`,
    '/changes?from=a&from=b',
    '/changes?to[x]=1',
    `/changes?from=${'9'.repeat(400)}`,
    '/changes?sort=',
    '/api/v1/changes?sort[]=x',
    '/api/v1/changes?from=..%2F..',
  ])('%s', async (path) => {
    const response = await request(app).get(path);
    expect(response.status).toBeLessThan(500);
    expect(response.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('nothing was logged as an internal error', () => {
    expect(logged.filter((m) => /internal|Error/.test(m))).toEqual([]);
  });
});

describe('helpers', () => {
  it('firstSentence stops at the first sentence, not at an abbreviation', () => {
    expect(firstSentence('How open it is. Answer for ordinary cases.')).toBe('How open it is.');
    expect(firstSentence('One sentence only')).toBe('One sentence only');
    expect(firstSentence('Rules (e.g. fees) apply. Then more.')).toBe('Rules (e.g. fees) apply.');
  });
});

describe('pages link their key terms to the glossary', () => {
  it.each([
    ['/', '/about#band'],
    ['/countries/FR/changes?from=2019&to=2024', '/about#change-attribution'],
    ['/strands/language-tests/2024', '/about#cross-cutting'],
    ['/methodology', '/about#effective-weight'],
    ['/countries', '/about#band'],
    ['/changes', '/about#comparable-editions'],
    ['/countries/DE/2024', '/about#group-average'],
    ['/strands/family-reunification/2024', '/about#group-average'],
    ['/robustness/2024?draws=10&sensitivity_samples=4', '/about#sobol-index'],
  ])('%s → %s', async (path, href) => {
    const { text } = await request(app).get(path);
    expect(text).toContain(`href="${href}"`);
  });
});
