/**
 * The analysis endpoints share a per-address rate limit: 429 with Retry-After and the site's
 * usual error (JSON under /api, a page elsewhere); other pages are not limited.
 */
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp, type AppDeps } from '../../src/web/app.js';
import { QUESTIONNAIRE_DIR, sampleDatabase } from '../storage/helpers.js';

const db = sampleDatabase();
const logged: string[] = [];
const appWith = (deps: Partial<AppDeps> = {}) =>
  createApp({ db, questionnaireDir: QUESTIONNAIRE_DIR, log: (m) => logged.push(m), ...deps });

/** One request to each analysis endpoint, each cheap. */
const ANALYSIS: [string, (app: Express) => request.Test][] = [
  ['robustness API', (app) => request(app).get('/api/v1/robustness?draws=1')],
  ['robustness page', (app) => request(app).get('/robustness/2024?draws=1')],
  ['diff API', (app) => request(app).get('/api/v1/diff?countries=AT,DE')],
  ['compare API', (app) => request(app).get('/api/v1/compare?countries=AT,DE')],
  ['compare page', (app) => request(app).get('/compare?countries=AT,DE')],
  ['what-if page', (app) => request(app).get('/countries/AT/2024/what-if')],
  ['changes API', (app) => request(app).get('/api/v1/changes?country=FR&from=2019&to=2024')],
  ['changes page', (app) => request(app).get('/countries/FR/changes')],
  [
    'simulate API',
    (app) =>
      request(app).post('/api/v1/simulate').send({ country: 'AT', edition: '2024', answers: {} }),
  ],
];

describe('analysis rate limit', () => {
  let app: Express;
  beforeEach(() => {
    app = appWith({ analysisRateLimit: { limit: 3, windowMs: 60_000 } });
  });

  it.each(ANALYSIS)('%s: the 4th request in the window is refused with 429', async (_n, send) => {
    for (let i = 0; i < 3; i++) expect((await send(app)).status).toBe(200);
    const refused = await send(app);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('answers JSON under /api and a page elsewhere', async () => {
    for (let i = 0; i < 3; i++) await request(app).get('/api/v1/robustness?draws=1');
    const api = await request(app).get('/api/v1/robustness?draws=1');
    expect(api.type).toBe('application/json');
    expect(api.body.error.code).toBe('rate-limited');
    expect(api.body.error.message).toMatch(/at most 3 in 60 seconds/);
    const page = await request(app).get('/compare?countries=AT,DE').set('Accept', 'text/html');
    expect(page.status).toBe(429);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('rate-limited');
  });

  it('all analysis endpoints share one budget per address', async () => {
    const [, first] = ANALYSIS[0]!;
    const [, second] = ANALYSIS[4]!;
    const [, third] = ANALYSIS[8]!;
    expect((await first(app)).status).toBe(200);
    expect((await second(app)).status).toBe(200);
    expect((await third(app)).status).toBe(200);
    expect((await first(app)).status).toBe(429);
  });

  it('other public pages and the published data are not limited', async () => {
    for (let i = 0; i < 4; i++) await request(app).get('/api/v1/robustness?draws=1');
    for (const path of ['/', '/countries/DE/2024', '/api/v1/scores?edition=2024', '/downloads']) {
      expect((await request(app).get(path)).status, path).toBe(200);
    }
  });

  it('counts per client address as Express sees it (trust proxy)', async () => {
    app.set('trust proxy', 'loopback');
    const from = (address: string) =>
      request(app).get('/api/v1/robustness?draws=1').set('X-Forwarded-For', address);
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.1')).status).toBe(200);
    expect((await from('203.0.113.1')).status).toBe(429);
    expect((await from('203.0.113.2')).status).toBe(200);
  });

  it('without trust proxy, a forwarded-for header does not buy a new budget', async () => {
    const from = (address: string) =>
      request(app).get('/api/v1/robustness?draws=1').set('X-Forwarded-For', address);
    for (let i = 0; i < 3; i++) expect((await from(`203.0.113.${i}`)).status).toBe(200);
    expect((await from('203.0.113.9')).status).toBe(429);
  });
});

describe('settings', () => {
  it('the default is 60 analysis requests a minute', async () => {
    const app = appWith();
    for (let i = 0; i < 60; i++)
      expect((await request(app).get('/api/v1/robustness?draws=1')).status).toBe(200);
    const refused = await request(app).get('/api/v1/robustness?draws=1');
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/at most 60 in 60 seconds/);
  });

  it('false turns the limit off', async () => {
    const app = appWith({ analysisRateLimit: false });
    for (let i = 0; i < 70; i++)
      expect((await request(app).get('/api/v1/robustness?draws=1')).status).toBe(200);
  });

  it('a limit that is not a whole number of requests is refused at start', () => {
    expect(() => appWith({ analysisRateLimit: { limit: 0, windowMs: 1000 } })).toThrow(
      /whole number/,
    );
  });
});
