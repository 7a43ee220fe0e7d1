/**
 * The public response cache: canonical keys (only the parameters a route reads, as it parsed
 * them), a byte budget with least-recently-used eviction, and a fresh start at each publication.
 */
import express, { type Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.js';
import { createApp, responseCacheOf } from '../../src/web/app.js';
import { ResponseCache, cacheKey } from '../../src/web/response-cache.js';
import { testApp } from '../helpers/app.js';
import { withCachedPage } from '../helpers/cached-page-server.js';
import { publishCorrection } from '../helpers/publish-correction.js';
import { QUESTIONNAIRE_DIR, sampleDatabase } from '../storage/helpers.js';

const cacheOf = (app: Express) => responseCacheOf(app)!;

describe('canonical keys', () => {
  let app: Express;
  beforeAll(() => {
    app = testApp({ analysisRateLimit: false });
  });

  it('parameters a route does not read add no entry (300 URLs, one entry)', async () => {
    const first = await request(app).get('/api/v1/robustness?draws=5');
    expect(first.status).toBe(200);
    const before = cacheOf(app).stats();
    for (let x = 0; x < 300; x++) {
      const response = await request(app).get(`/api/v1/robustness?draws=5&x=${x}`);
      expect(response.status).toBe(200);
      expect(response.text).toBe(first.text);
    }
    expect(cacheOf(app).stats()).toEqual(before);
  });

  it.each([
    [
      '/countries/DE/2024',
      ['/countries/de/2024', '/countries/DE/2024?utm_source=x', '/countries/De/2024?revision=1'],
    ],
    ['/api/v1/scores?edition=2024&country=DE', ['/api/v1/scores?country=de&edition=2024&junk=1']],
    [
      '/compare?countries=AT,DE',
      ['/compare?countries=AT,DE&edition=2024', '/compare?countries=at,de'],
    ],
    [
      '/countries/AT/2024/what-if?set=fr-accommodation:none,atn-renunciation:none',
      [
        '/countries/AT/2024/what-if?set=atn-renunciation:none,fr-accommodation:none',
        '/countries/AT/2024/what-if?a.atn-renunciation=none&a.fr-accommodation=none',
      ],
    ],
  ])('%s: spellings of the same request share one entry', async (path, variants) => {
    const first = await request(app).get(path);
    expect(first.status).toBe(200);
    const before = cacheOf(app).stats().entries;
    for (const variant of variants) {
      const response = await request(app).get(variant);
      expect(response.status, variant).toBe(200);
      expect(response.text, variant).toBe(first.text);
    }
    expect(cacheOf(app).stats().entries).toBe(before);
  });

  it('a page reached by another spelling of its path marks the same navigation item', async () => {
    const variant = await request(app).get('/METHODOLOGY/');
    const page = await request(app).get('/methodology');
    expect(variant.status).toBe(200);
    expect(page.text).toBe(variant.text);
    expect(page.text).toContain('<a href="/methodology" aria-current="page">');
  });

  it('different values of a parameter the route reads are different entries', async () => {
    const a = await request(app).get('/api/v1/robustness?draws=5&seed=1');
    const b = await request(app).get('/api/v1/robustness?draws=5&seed=2');
    expect(a.body.options.seed).toBe(1);
    expect(b.body.options.seed).toBe(2);
  });

  it('JSON and CSV of the same scores are kept apart', async () => {
    const json = await request(app).get('/api/v1/scores?edition=2024');
    const csv = await request(app).get('/api/v1/scores?edition=2024').set('Accept', 'text/csv');
    expect(json.type).toBe('application/json');
    expect(csv.type).toBe('text/csv');
    expect(csv.headers.vary).toMatch(/Accept/);
  });

  it('a what-if page with invalid answers is not kept', async () => {
    const before = cacheOf(app).stats().entries;
    for (let i = 0; i < 20; i++) {
      const response = await request(app).get(`/countries/AT/2024/what-if?a.nope-${i}=x`);
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
    }
    expect(cacheOf(app).stats().entries).toBe(before);
  });

  it('a download served from the cache keeps its file name', async () => {
    for (let i = 0; i < 2; i++) {
      const response = await request(app).get('/downloads/2019/r1/answers.csv');
      expect(response.headers['content-disposition']).toMatch(/policy-index-2019-r1-answers\.csv/);
      expect(response.headers.etag).toBeTruthy();
    }
  });
});

describe('the byte budget', () => {
  it('no sequence of requests grows the cache beyond its budget', async () => {
    const maxBytes = 200_000;
    const app = createApp({
      db: sampleDatabase(),
      questionnaireDir: QUESTIONNAIRE_DIR,
      analysisRateLimit: false,
      responseCacheBytes: maxBytes,
    });
    const paths = [
      ...Array.from({ length: 60 }, (_, seed) => `/api/v1/robustness?draws=1&seed=${seed}`),
      ...['AT', 'DE', 'FR', 'SE'].flatMap((c) => [`/countries/${c}/2024`, `/countries/${c}/2019`]),
    ];
    for (const path of paths) {
      expect((await request(app).get(path)).status, path).toBe(200);
      const { bytes, entries } = cacheOf(app).stats();
      expect(bytes).toBeLessThanOrEqual(maxBytes);
      expect(entries).toBeGreaterThan(0);
    }
    expect(cacheOf(app).stats().entries).toBeLessThan(paths.length);
  });

  it('evicts the least recently used entry first', async () => {
    let rendered = 0;
    const body = 'x'.repeat(1000);
    const appWith = (cache: ResponseCache) => {
      const app = express();
      app.get('/item', (req, res) => {
        if (cache.serve(req, res, cacheKey(req, '', [req.query.id]))) return;
        rendered++;
        res.type('text/plain').send(`${String(req.query.id)}${body}`);
      });
      return app;
    };
    // Room for three entries of this size, not four.
    const probe = new ResponseCache(() => 1);
    await request(appWith(probe)).get('/item?id=p');
    const cache = new ResponseCache(() => 1, Math.floor(3.5 * probe.stats().bytes));
    const app = appWith(cache);
    rendered = 0;
    const get = async (id: string) => (await request(app).get(`/item?id=${id}`)).text.slice(0, 1);
    for (const id of ['a', 'b', 'c']) expect(await get(id)).toBe(id);
    expect(rendered).toBe(3);
    expect(await get('a')).toBe('a'); // a hit: a becomes the most recently used
    expect(rendered).toBe(3);
    expect(await get('d')).toBe('d'); // evicts b, the least recently used
    expect(rendered).toBe(4);
    expect(cache.stats().entries).toBe(3);
    await get('a');
    await get('c');
    expect(rendered).toBe(4);
    await get('b');
    expect(rendered).toBe(5);
  });

  it('a response larger than the whole budget is not kept', async () => {
    const cache = new ResponseCache(() => 1, 500);
    const app = express();
    app.get('/big', (req, res) => {
      if (cache.serve(req, res, cacheKey(req, '', []))) return;
      res.send('y'.repeat(1000));
    });
    expect((await request(app).get('/big')).text).toHaveLength(1000);
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});

describe('requests that arrive while a response is being prepared', () => {
  it('wait for it: the page is rendered and compressed once, and each gets the same body', async () => {
    await withCachedPage(`<p>${'compressible text '.repeat(4000)}</p>`, async (page) => {
      // All sent before the first is prepared: its gzip and brotli bodies take milliseconds.
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => page.get(i % 2 === 0 ? 'br' : 'identity')),
      );
      expect(page.rendered()).toBe(1);
      const bodies = await Promise.all(responses.map((r) => r.text()));
      expect(new Set(bodies).size).toBe(1);
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(responses[0]!.headers.get('content-encoding')).toBe('br');
      expect(responses[1]!.headers.get('content-encoding')).toBeNull();
      // One tag for every coding (weak, as this bare app's Express makes it), the same for all.
      expect(new Set(responses.map((r) => r.headers.get('etag'))).size).toBe(1);
      expect(page.cache.stats().entries).toBe(1);
    });
  });
});

describe('a publication', () => {
  let db: Db;
  let app: Express;
  beforeAll(() => {
    db = sampleDatabase();
    app = createApp({ db, questionnaireDir: QUESTIONNAIRE_DIR, analysisRateLimit: false });
  });

  it('empties the cache, so the new numbers are served at once', async () => {
    await request(app).get('/countries/AT/2024');
    await request(app).get('/countries/DE/2024');
    expect(cacheOf(app).stats().entries).toBe(2);
    publishCorrection(db);
    const { text } = await request(app).get('/countries/AT/2024');
    expect(text).toContain('CORRECTED-COMMENT');
    expect(cacheOf(app).stats().entries).toBe(1);
  });
});
