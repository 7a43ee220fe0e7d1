/** Every public page and API endpoint: happy path and bad input (supertest on the app factory). */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { testApp } from '../helpers/app.js';

let app: Express;
const logged: string[] = [];

beforeAll(() => {
  app = testApp({ log: (m) => logged.push(m) });
});

const pages: [string, string][] = [
  ['/', 'Ranking, edition 2024'],
  ['/?edition=2019', 'Ranking, edition 2019'],
  ['/?sort=country', 'Ranking, edition 2024'],
  ['/editions/2019', 'Ranking, edition 2019'],
  ['/editions/2024?sort=access-to-nationality', 'Ranking, edition 2024'],
  ['/countries/DE/2024', 'Germany'],
  ['/countries/de/2024', 'Germany'],
  ['/countries/DE/2024?revision=1', 'Germany'],
  ['/countries/FR/changes', 'France: what changed from 2019 to 2024'],
  ['/countries/FR/changes?from=2019&to=2024', 'France: what changed from 2019 to 2024'],
  ['/strands/family-reunification/2024', 'Family reunification, edition 2024'],
  ['/strands/language-tests/2019', 'Language and integration tests, edition 2019'],
  ['/compare', 'Compare countries'],
  ['/compare?countries=AT,DE,SE&edition=2024', 'questions differ between these countries'],
  ['/methodology', 'Methodology'],
  ['/downloads', 'Downloads'],
];

describe('pages', () => {
  it.each(pages)('%s', async (path, text) => {
    const response = await request(app).get(path);
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toContain(text);
    expect(response.text).toContain('Illustrative data.');
  });

  it('/countries/{code} redirects to the latest edition', async () => {
    const response = await request(app).get('/countries/DE');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/countries/DE/2024');
  });

  it('a profile shows score, band, rank, strands, sources, the citation and provenance', async () => {
    const { text } = await request(app).get('/countries/DE/2024');
    expect(text).toMatch(/class="score-big">59</);
    expect(text).toMatch(/rank <strong>4 of 8<\/strong>/);
    // The same change as the changes page's total (the exact difference, two decimals), never
    // the difference of the rounded scores ("+5").
    expect(text).toContain('Since 2019: <strong>+4.69</strong>');
    // Its two ends to the same two decimals, so that the line adds up (not "(54 → 59)").
    const [, from, to] = /Since 2019: <strong>\+4\.69<\/strong> \((\d+\.\d\d) → (\d+\.\d\d)\)/.exec(
      text,
    )!;
    expect(Math.abs(Number(to) - Number(from) - 4.69)).toBeLessThanOrEqual(0.01 + 1e-9);
    const changes = await request(app).get('/countries/DE/changes?from=2019&to=2024');
    // The changes page's total: the same change between the same two ends.
    expect(changes.text).toContain(
      `<th scope="row">Overall</th><td class="num">${from}</td><td class="num">${to}</td><td class="num">+4.69</td>`,
    );
    expect(text).toContain('<svg class="bars" role="img"');
    expect(text).toContain('Nationality Act (illustrative reference)');
    expect(text).toContain('@misc{policyindex_de_2024_r1,');
    expect(text).toMatch(
      /Questionnaire Migrant Policy Index questionnaire 1\.1\.0\.<\/p>\s*<details class="provenance-detail"><summary>[^<]+<\/summary>\s*<p>Questionnaire hash <code>sha256:[0-9a-f]{64}<\/code>, method <code>questionnaire-defaults<\/code>/,
    );
    expect(text).toContain('Strongest areas');
    expect(text).toContain('EU27');
    // The publication's note ends the provenance line once, with its own full stop.
    expect(text).toMatch(
      /published revision 1 of 1 on \d{4}-\d\d-\d\d — First publication, loaded from the sheet files in scores\/\.\n/,
    );
  });

  it('the comparison highlights differing rows', async () => {
    const { text } = await request(app).get('/compare?countries=AT,SE&edition=2024');
    expect(text).toMatch(/<tr class="question level-item differs">/);
  });
});

const badPages: [string, number, string][] = [
  ['/nowhere', 404, 'not-found'],
  ['/countries/XX/2024', 404, 'not-found'],
  ['/countries/D3/2024', 400, 'invalid-parameter'],
  ['/countries/DE/1999', 404, 'not-found'],
  ['/countries/DE/2024?revision=9', 404, 'not-found'],
  ['/countries/DE/2024?revision=first', 400, 'invalid-parameter'],
  ['/countries/DE/2024?revision=1&revision=2', 400, 'invalid-parameter'],
  ['/countries/ZZ', 404, 'not-found'],
  ['/countries/DE/changes?from=2024&to=2024', 400, 'invalid-parameter'],
  ['/countries/DE/changes?from=1999', 404, 'not-found'],
  ['/strands/nothing/2024', 404, 'not-found'],
  ['/editions/../../etc', 404, 'not-found'],
  ['/editions/%3Cscript%3E', 400, 'invalid-parameter'],
  ['/compare?countries=AT', 400, 'invalid-parameter'],
  ['/compare?countries=AT,DE,SE,FR,NL,PT,ES', 400, 'invalid-parameter'],
  ['/compare?countries=AT,XX', 404, 'not-found'],
  ['/compare?countries=AT,DE&edition=nope', 404, 'not-found'],
  ['/?sort=shoe-size', 400, 'invalid-parameter'],
  ['/downloads/2024/r1/passwords.txt', 404, 'not-found'],
  ['/downloads/2024/latest/scores.csv', 400, 'invalid-parameter'],
  // Broken percent-encoding in a path parameter: the router cannot decode it.
  ['/countries/%/2024', 400, 'invalid-parameter'],
  ['/editions/%E0%A4', 400, 'invalid-parameter'],
  ['/downloads/2024/r1/%zz', 400, 'invalid-parameter'],
];

describe('bad input on pages: a clear error page, never a 500', () => {
  it.each(badPages)('%s → %d', async (path, status, code) => {
    const response = await request(app).get(path).set('Accept', 'text/html');
    expect(response.status).toBe(status);
    expect(response.type).toBe('text/html');
    expect(response.text).toContain(`data-code="${code}"`);
    expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('the message names the parameter', async () => {
    const { text } = await request(app).get('/compare?countries=AT');
    expect(text).toContain(
      'parameter &#34;countries&#34; must list 2 to 6 different country codes',
    );
  });

  it('logged nothing: no user input caused an internal error', () => {
    expect(logged).toEqual([]);
  });
});

describe('API', () => {
  it('editions', async () => {
    const { body, status } = await request(app).get('/api/v1/editions');
    expect(status).toBe(200);
    expect(body.editions.map((e: { id: string }) => e.id)).toEqual(['2019', '2024']);
    expect((await request(app).get('/api/v1/editions.json')).body).toEqual(body);
  });

  it('countries and groups', async () => {
    const { body } = await request(app).get('/api/v1/countries');
    expect(body.countries.find((c: { code: string }) => c.code === 'DE')).toEqual({
      code: 'DE',
      name: 'Germany',
      editions: ['2019', '2024'],
    });
    expect(body.groups.find((g: { id: string }) => g.id === 'eu28').members).toHaveLength(28);
    expect(body.aliases.UK).toBe('GB');
  });

  it('questionnaire with effective weights', async () => {
    const { body } = await request(app).get('/api/v1/questionnaire?edition=2024');
    expect(body.strands.map((s: { id: string }) => s.id)).toEqual([
      'family-reunification',
      'access-to-nationality',
      'language-tests',
    ]);
    const conditions = body.strands[0].children[1];
    const preEntry = conditions.children.find((c: { code: string }) => c.code === '28');
    expect(preEntry.children[0].effective_weight.in_strand['family-reunification']).toBeCloseTo(
      1 / 120,
      12,
    );
  });

  it('scores, filtered, as JSON', async () => {
    const { body } = await request(app).get('/api/v1/scores?edition=2024&country=DE&level=strand');
    expect(body.rows.map((r: { node: string }) => r.node)).toEqual([
      'family-reunification',
      'access-to-nationality',
      'language-tests',
    ]);
    expect(body.questionnaire.hash).toMatch(/^sha256:/);
  });

  it('scores as CSV with .csv, with format=csv, and with Accept: text/csv', async () => {
    for (const response of [
      await request(app).get('/api/v1/scores.csv?edition=2024&node=overall'),
      await request(app).get('/api/v1/scores?edition=2024&node=overall&format=csv'),
      await request(app).get('/api/v1/scores?edition=2024&node=overall').set('Accept', 'text/csv'),
    ]) {
      expect(response.status).toBe(200);
      expect(response.type).toBe('text/csv');
      const lines = response.text.trim().split('\n');
      expect(lines[0]).toBe(
        'country,edition,revision,node,level,code,score,coverage,illustrative,licence',
      );
      expect(lines).toHaveLength(9);
    }
  });

  it('profile, compare and changes', async () => {
    const profile = await request(app).get('/api/v1/countries/DE/2024');
    expect(profile.body.overall).toMatchObject({ rank: 4, rankOf: 8, rankShown: '4 of 8' });
    const compare = await request(app).get('/api/v1/compare?countries=AT,DE&edition=2024');
    expect(compare.body.countries.map((c: { code: string }) => c.code)).toEqual(['AT', 'DE']);
    const changes = await request(app).get('/api/v1/changes?country=DE&from=2019&to=2024');
    expect(changes.body.rows.length).toBeGreaterThan(0);
    const moved = changes.body.rows.reduce(
      (sum: number, r: { pointsOverall: number }) => sum + r.pointsOverall,
      0,
    );
    const overall = changes.body.totals.find((t: { node: string }) => t.node === 'overall');
    expect(changes.body.method).toBe('exact');
    expect(moved).toBeCloseTo(overall.change, 9);
  });

  it.each([
    ['/api/v1/nothing', 404, 'not-found'],
    ['/api/v1/scores?edition=1999', 404, 'not-found'],
    ['/api/v1/scores?level=galaxy', 400, 'invalid-parameter'],
    ['/api/v1/scores?node=nope', 404, 'not-found'],
    ['/api/v1/scores?country=Germany', 400, 'invalid-parameter'],
    ['/api/v1/scores?format=xml', 400, 'invalid-parameter'],
    ['/api/v1/countries/DE/3000', 404, 'not-found'],
    ['/api/v1/compare', 400, 'invalid-parameter'],
    ['/api/v1/compare?countries=AT,AT', 400, 'invalid-parameter'],
    ['/api/v1/changes?country=DE&from=2019', 400, 'invalid-parameter'],
    ['/api/v1/changes?country=QQ&from=2019&to=2024', 404, 'not-found'],
    ['/api/v1/countries/%/2024', 400, 'invalid-parameter'],
    ['/api/v1/editions/%C0%AF/scores.json', 400, 'invalid-parameter'],
  ])('%s → %d JSON error', async (path, status, code) => {
    const response = await request(app).get(path);
    expect(response.status).toBe(status);
    expect(response.type).toBe('application/json');
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toMatch(/\w/);
  });
});

describe('HTTP behaviour', () => {
  it('ETag and Cache-Control on public responses; 304 when unchanged', async () => {
    const first = await request(app).get('/countries/DE/2024').set('Accept-Encoding', 'identity');
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.headers.etag).toMatch(/^"/);
    // A compressed body is other bytes: the same tag, made weak (RFC 9110 §8.8.1).
    const gzipped = await request(app).get('/countries/DE/2024').set('Accept-Encoding', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.etag).toBe(`W/${first.headers.etag}`);
    for (const [coding, tag] of [
      ['identity', first.headers.etag!],
      ['gzip', first.headers.etag!],
      ['identity', gzipped.headers.etag!],
      ['br', gzipped.headers.etag!],
    ]) {
      const again = await request(app)
        .get('/countries/DE/2024')
        .set('Accept-Encoding', coding!)
        .set('If-None-Match', tag!);
      expect(again.status).toBe(304);
    }
    // Built on each request (no cache), the compression middleware's body gets the weak tag too.
    const uncached = testApp({ responseCacheBytes: 0 });
    const plain = await request(uncached)
      .get('/countries/DE/2024')
      .set('Accept-Encoding', 'identity');
    const compressed = await request(uncached)
      .get('/countries/DE/2024')
      .set('Accept-Encoding', 'br');
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(plain.headers.etag).toMatch(/^"/);
    expect(compressed.headers.etag).toBe(`W/${plain.headers.etag}`);
    const api = await request(app).get('/api/v1/editions');
    expect(api.headers.etag).toBeDefined();
  });

  it('CORS open for GET on the API', async () => {
    const response = await request(app)
      .get('/api/v1/editions')
      .set('Origin', 'https://elsewhere.example');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const preflight = await request(app).options('/api/v1/scores');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('GET');
  });

  it('security headers with a CSP that allows no inline script', async () => {
    const response = await request(app).get('/');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.text).not.toMatch(/<script>|style="/);
  });

  it('another method on a page or API resource is a 405 saying which it takes, not a 404', async () => {
    for (const path of ['/', '/countries/DE/2024', '/fr/countries/DE/2024', '/api/v1/scores']) {
      const response = await request(app).post(path).type('form').send('a=1');
      expect(response.status, path).toBe(405);
      expect(response.headers.allow, path).toBe('GET, HEAD');
    }
    const put = await request(app).put('/api/v1/scores').set('Accept', 'application/json');
    expect(put.status).toBe(405);
    expect(put.body.error).toEqual({
      code: 'method-not-allowed',
      message: 'PUT is not taken at /api/v1/scores, which answers GET, HEAD',
    });
    // What takes a POST still does; what does not exist is still a 404.
    expect((await request(app).post('/api/v1/simulate').send({})).status).toBe(400);
    expect((await request(app).post('/no-such-page')).status).toBe(404);
    expect((await request(app).delete('/api/v1/no-such')).status).toBe(404);
  });

  it('serves the stylesheet', async () => {
    const response = await request(app).get('/assets/site.css');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/css');
  });
});
