/**
 * Compare made easy (issue 14, item 3): countries are picked by name from grouped checkboxes
 * (typed codes in the address still work), profiles and ranking rows link to the form with their
 * country chosen, "only differences" hides the rows where every country agrees, differences are
 * marked cell by cell against the first country, and a refused request keeps the form and the
 * choices with the reason at 400 or 404, never a bare error page or a 500.
 */
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { differingRows, type CompareRow } from '../../src/web/view-models/compare.js';
import { testApp } from '../helpers/app.js';

let app: Express;
const logged: string[] = [];

beforeAll(() => {
  app = testApp({ analysisRateLimit: false, log: (m) => logged.push(m) });
});

const page = (path: string) => request(app).get(path).set('Accept', 'text/html');

/** The codes of the checked country boxes, in the form's order. */
const checked = (html: string) =>
  [...html.matchAll(/name="countries" value="([A-Z]{2})" checked/g)].map(([, c]) => c!);

/** The country names heading the compare table's columns. */
const columns = (html: string) => {
  const head = html.slice(html.indexOf('<thead>'), html.indexOf('</thead>'));
  return [...head.matchAll(/<a href="\/countries\/[A-Z]{2}\/[^"]+">([^<]+)<\/a>/g)].map(
    ([, n]) => n!,
  );
};

/** The compare table's body rows: each row's class and its cells' classes. */
const bodyRows = (html: string) => {
  const body = html.slice(html.indexOf('<tbody>', html.indexOf('class="compare"')));
  const table = body.slice(0, body.indexOf('</tbody>'));
  return table
    .split('<tr class="')
    .slice(1)
    .map((row) => ({
      cls: row.slice(0, row.indexOf('"')),
      label: /<th scope="row">([^<]*)</.exec(row)![1]!,
      flagged: [...row.matchAll(/<td( class="cell-differs")?>/g)].slice(1).map((m) => !!m[1]),
    }));
};

describe('countries are picked by name', () => {
  it('the form lists the edition’s countries as named checkboxes, grouped, and no code field', async () => {
    const { status, text } = await page('/compare');
    expect(status).toBe(200);
    expect(text).toContain(
      '<label><input type="checkbox" name="countries" value="AT"> Austria</label>',
    );
    expect(text).toContain(
      '<label><input type="checkbox" name="countries" value="CA"> Canada</label>',
    );
    // Grouped: every country once, the non-European one under a group of its own.
    const legends = [...text.matchAll(/<legend>([^<]+)<\/legend>/g)].map(([, l]) => l);
    expect(legends[0]).toBe('Countries to compare (2 to 6)');
    expect(legends.slice(1)).toHaveLength(2);
    expect(legends[2]).toMatch(/^OECD, not in EU/);
    expect(text.match(/name="countries" value=/g)).toHaveLength(8);
    expect(text).not.toContain('<input name="countries"');
  });

  it('the checkboxes as a browser sends them compare those countries', async () => {
    const { status, text } = await page(
      '/compare?edition=2024&countries=AT&countries=DE&countries=SE',
    );
    expect(status).toBe(200);
    expect(columns(text)).toEqual(['Austria', 'Germany', 'Sweden']);
    expect(checked(text)).toEqual(['AT', 'DE', 'SE']);
  });

  it('typed codes still work, in any case, mixed with checkboxes', async () => {
    const { text } = await page('/compare?countries=at,de&countries=SE');
    expect(columns(text)).toEqual(['Austria', 'Germany', 'Sweden']);
  });

  it('"against" puts its country first: the others are marked against it', async () => {
    const { text } = await page('/compare?countries=AT&countries=DE&countries=SE&against=SE');
    expect(columns(text)).toEqual(['Sweden', 'Austria', 'Germany']);
    expect(text).toContain('<option value="SE" selected>Sweden</option>');
  });
});

describe('"compare with…" links', () => {
  it('a profile links to the form with its country chosen, and the form offers its group peers', async () => {
    const profile = await page('/countries/AT/2024');
    expect(profile.text).toContain(
      '<a href="/compare?edition=2024&amp;against=AT">Compare with…</a>',
    );
    const { status, text } = await page('/compare?edition=2024&against=AT');
    expect(status).toBe(200);
    expect(checked(text)).toEqual(['AT']);
    expect(text).toContain('Choose 1 to 5 more countries to compare with Austria.');
    expect(text).not.toContain('class="compare"');
    // Quick picks: Austria and its nearest peers of a group, Austria first.
    const picks = [...text.matchAll(/href="(\/compare\?edition=2024&amp;countries=AT,[^"]+)"/g)];
    expect(picks.length).toBeGreaterThan(0);
    const pick = await page(picks[0]![1]!.replace(/&amp;/g, '&'));
    expect(pick.status).toBe(200);
    expect(columns(pick.text)[0]).toBe('Austria');
    expect(columns(pick.text)).toHaveLength(6);
  });

  it('every ranking row links to the form with its country chosen', async () => {
    const { text } = await page('/');
    const links = [
      ...text.matchAll(
        /<a class="compare-with" href="\/compare\?edition=2024&amp;against=([A-Z]{2})">compare<span class="visually-hidden"> ([^<]+) with…<\/span><\/a>/g,
      ),
    ];
    expect(links).toHaveLength(8);
    expect(links.find(([, code]) => code === 'DE')![2]).toBe('Germany');
  });
});

describe('differences are marked against the first country', () => {
  it('a cell is marked where its answer is another than the first country’s, as the API says', async () => {
    const codes = 'AT,DE,SE,PT,ES,FR';
    const api = await request(app).get(`/api/v1/compare?edition=2024&countries=${codes}`);
    const { text } = await page(`/compare?edition=2024&countries=${codes}`);
    const rows = bodyRows(text).filter((r) => r.cls.startsWith('question'));
    const apiRows = (api.body.rows as CompareRow[]).filter((r) => r.kind === 'question');
    expect(rows).toHaveLength(apiRows.length);
    let marked = 0;
    apiRows.forEach((apiRow, i) => {
      // Computed here from the answer texts, not from the view model's flags.
      const expected = apiRow.cells.map((c) => c.text !== apiRow.cells[0]!.text);
      expect(rows[i]!.flagged).toEqual(expected);
      expect(apiRow.cells.map((c) => c.differs)).toEqual(expected);
      marked += expected.filter(Boolean).length;
    });
    expect(marked).toBeGreaterThan(0);
    // The first column is never marked; cells that agree with it are not marked either.
    expect(rows.every((r) => r.flagged[0] === false)).toBe(true);
    expect(rows.some((r) => r.flagged.some((f) => !f) && r.flagged.slice(1).some(Boolean))).toBe(
      true,
    );
    expect(text).toContain(
      'Each country is compared with the first column, <strong>Austria</strong>',
    );
  });
});

describe("a cross-cutting strand's own questions", () => {
  it('are compared answer by answer like any other question (language tests since 1.1.0)', async () => {
    const api = await request(app).get('/api/v1/compare?edition=2024&countries=AT,SE');
    const ids = (api.body.rows as CompareRow[])
      .filter((r) => r.kind === 'question')
      .map((r) => r.id);
    expect(ids).toContain('lt-nat-level');
    expect(ids.filter((id) => id.startsWith('lt-'))).toHaveLength(19);
    const { text } = await page('/compare?edition=2024&countries=AT,SE');
    expect(
      bodyRows(text).some((r) => r.label.includes('Language level required for naturalisation')),
    ).toBe(true);
  });
});

describe('only differences', () => {
  it('hides the rows where every country agrees, keeping the headings above a difference', async () => {
    const all = bodyRows((await page('/compare?countries=AT,DE,SE')).text);
    const { status, text } = await page('/compare?countries=AT,DE,SE&only_differences=1');
    expect(status).toBe(200);
    const only = bodyRows(text);
    expect(all.some((r) => r.cls.startsWith('question') && !r.cls.includes('differs'))).toBe(true);
    expect(only.filter((r) => r.cls.startsWith('question'))).toEqual(
      all.filter((r) => r.cls.startsWith('question') && r.cls.includes('differs')),
    );
    // A score row that is kept either differs or has a difference below it.
    expect(only.length).toBeLessThan(all.length);
    expect(text).toContain(`${all.length - only.length} rows where all agree are hidden`);
    expect(text).toContain('<input type="checkbox" name="only_differences" value="1" checked>');
    expect(text).toContain('href="/compare?edition=2024&amp;countries=AT,DE,SE">show all rows</a>');
  });

  it('the API takes against and only_differences as the page does, with the same rows', async () => {
    const path = 'countries=AT,DE,SE&against=SE&only_differences=1&edition=2024';
    const api = await request(app).get(`/api/v1/compare?${path}`);
    expect(api.status).toBe(200);
    expect(api.body.countries.map((c: { code: string }) => c.code)).toEqual(['SE', 'AT', 'DE']);
    expect(api.body.onlyDifferences).toBe(true);
    const rows = api.body.rows as CompareRow[];
    const all = (await request(app).get('/api/v1/compare?countries=SE,AT,DE&edition=2024')).body;
    expect(all.onlyDifferences).toBe(false);
    expect(rows.length).toBeLessThan(all.rows.length);
    expect(rows.map((r) => r.id)).toEqual(differingRows(all.rows).map((r) => r.id));
    expect(api.body.differing).toBe(all.differing);
    const { text } = await page(`/compare?${path}`);
    expect(bodyRows(text).map((r) => r.label.replaceAll('&#39;', "'"))).toEqual(
      rows.map((r) => r.label),
    );
  });

  it.each([
    ['only_differences=yes', 'only_differences'],
    ['only_differences=1&only_differences=0', 'only_differences'],
    ['against=Austria', 'against'],
  ])('the API refuses %s with a 400 naming the parameter', async (bad, name) => {
    const res = await request(app).get(`/api/v1/compare?countries=AT,DE&edition=2024&${bad}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid-parameter');
    expect(res.body.error.message).toContain(`"${name}"`);
  });

  it('keeps a heading row above a difference and drops one with none below', () => {
    const row = (
      id: string,
      level: CompareRow['level'],
      kind: CompareRow['kind'],
      differs: boolean,
    ) => ({ id, code: '', label: id, level, kind, differs, cells: [] }) as CompareRow;
    const rows = [
      row('overall', 'overall', 'score', false),
      row('s1', 'strand', 'score', false),
      row('d1', 'dimension', 'score', false),
      row('q1', 'indicator', 'question', false),
      row('d2', 'dimension', 'score', false),
      row('q2', 'indicator', 'question', true),
      row('s2', 'strand', 'score', false),
      row('q3', 'indicator', 'question', false),
      row('s3', 'strand', 'score', true),
    ];
    expect(differingRows(rows).map((r) => r.id)).toEqual(['overall', 's1', 'd2', 'q2', 's3']);
  });

  it('a value other than 0 or 1 keeps the form and says so', async () => {
    const { status, text } = await page('/compare?countries=AT,DE&only_differences=maybe');
    expect(status).toBe(400);
    expect(text).toContain('parameter &#34;only_differences&#34; must be 0 or 1');
    expect(checked(text)).toEqual(['AT', 'DE']);
  });
});

describe('refused requests keep the form and the choices', () => {
  it.each([
    [
      'an unknown country',
      '/compare?countries=AT,XX',
      404,
      'not-found',
      ['AT'],
      'Not compared:</strong> country &#34;XX&#34; in edition 2024 not found.',
    ],
    [
      'a malformed code',
      '/compare?countries=AT,D1',
      400,
      'invalid-parameter',
      ['AT'],
      'must be a two-letter country code',
    ],
    [
      'one country',
      '/compare?countries=AT',
      400,
      'invalid-parameter',
      ['AT'],
      'must list 2 to 6 different country codes (1 chosen)',
    ],
    [
      'seven countries',
      '/compare?countries=AT&countries=DE&countries=SE&countries=FR&countries=NL&countries=PT&countries=ES',
      400,
      'invalid-parameter',
      ['AT', 'FR', 'DE', 'NL', 'PT', 'ES', 'SE'],
      'must list 2 to 6 different country codes (7 chosen)',
    ],
    [
      'an edition that does not exist',
      '/compare?edition=1999&countries=AT,DE',
      404,
      'not-found',
      ['AT', 'DE'],
      'edition &#34;1999&#34; not found (published editions: 2019, 2024)',
    ],
    [
      'a malformed edition',
      '/compare?edition=..%2Fetc&countries=AT,DE',
      400,
      'invalid-parameter',
      ['AT', 'DE'],
      'must be an edition id',
    ],
  ])('%s → %d with the form', async (_what, path, status, code, kept, message) => {
    const response = await page(path);
    expect(response.status).toBe(status);
    expect(response.type).toBe('text/html');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.text).toContain(`role="alert" data-code="${code}"`);
    expect(response.text).toContain(message);
    expect(response.text).toContain('<form method="get" action="/compare"');
    expect(checked(response.text)).toEqual(kept);
    expect(response.text).not.toContain('class="compare"');
  });

  it('a script that asks for JSON gets the error as JSON', async () => {
    const response = await request(app)
      .get('/compare?countries=AT,XX')
      .set('Accept', 'application/json');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not-found');
  });

  it('logged nothing: no input caused an internal error', () => {
    expect(logged).toEqual([]);
  });
});
