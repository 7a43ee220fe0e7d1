/** What-if, rule differences and robustness through the site and the API. */
import type { Express } from 'express';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { cli } from '../helpers/cli.js';
import { QUESTIONNAIRE_DIR, SCORES_DIR } from '../storage/helpers.js';

let app: Express;
beforeAll(() => {
  app = testApp();
});

const simulate = (body: unknown) =>
  request(app)
    .post('/api/v1/simulate')
    .send(body as object);

describe('what-if', () => {
  it('changing no answer returns the published scores', async () => {
    const { body, status } = await simulate({ country: 'AT', edition: '2024', answers: {} });
    expect(status).toBe(200);
    const published = (await request(app).get('/api/v1/scores?edition=2024&country=AT')).body.rows;
    for (const row of published) expect(body.after[row.node].score).toBe(row.score);
    expect(body.applied).toEqual([]);
    expect(body.ranks.overall.before).toBe(body.ranks.overall.after);
  });

  it('changing one answer returns what the CLI computes for the edited sheet', async () => {
    const { body } = await simulate({
      country: 'AT',
      edition: '2024',
      answers: { 'fr-accommodation': 'none' },
    });
    expect(body.applied).toEqual([{ question: 'fr-accommodation', from: 'stricter', to: 'none' }]);
    const dir = mkdtempSync(join(tmpdir(), 'what-if-'));
    try {
      const sheet = readFileSync(join(SCORES_DIR, '2024', 'AT.yaml'), 'utf8');
      const edited = sheet.replace(/( {2}fr-accommodation:\n {4}answer: )stricter/, '$1none');
      expect(edited).not.toBe(sheet);
      writeFileSync(join(dir, 'AT.yaml'), edited);
      const scored = cli('score', '--questionnaire', QUESTIONNAIRE_DIR, '--answers', dir);
      expect(scored.code).toBe(0);
      const nodes = JSON.parse(scored.out).results[0].nodes;
      for (const [node, value] of Object.entries(
        nodes as Record<string, { score: number | null }>,
      )) {
        expect(body.after[node].score, node).toBe(value.score);
      }
      expect(body.share).toBe('/countries/AT/2024/what-if?set=fr-accommodation%3Anone');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the page shows the new scores and rank, with a shareable link', async () => {
    const { text, status } = await request(app).get(
      '/countries/AT/2024/what-if?set=fr-accommodation:none,atn-renunciation:none',
    );
    expect(status).toBe(200);
    expect(text).toContain('What if: Austria, edition 2024');
    expect(text).toContain(
      '/countries/AT/2024/what-if?set=fr-accommodation%3Anone%2Catn-renunciation%3Anone',
    );
    const form = await request(app).get('/countries/AT/2024/what-if?a.fr-accommodation=none');
    expect(form.text).toContain('set=fr-accommodation%3Anone');
  });

  it("the page offers a cross-cutting strand's own questions, which move only that strand", async () => {
    const page = await request(app).get('/countries/AT/2024/what-if');
    expect(page.text).toContain('<select name="a.lt-nat-level">');
    expect(page.text).toContain(
      'Cross-cutting: these questions count only in this strand, not in the overall score.',
    );
    const { body } = await simulate({
      country: 'AT',
      edition: '2024',
      answers: { 'lt-nat-level': 'b2-or-above' },
    });
    expect(body.applied).toEqual([{ question: 'lt-nat-level', from: 'b1', to: 'b2-or-above' }]);
    expect(body.after['language-tests'].score).not.toBe(body.before['language-tests'].score);
    for (const node of ['overall', 'family-reunification', 'access-to-nationality'])
      expect(body.after[node].score).toBe(body.before[node].score);
    const form = await request(app).get('/countries/AT/2024/what-if?a.lt-nat-level=b2-or-above');
    expect(form.text).toContain('set=lt-nat-level%3Ab2-or-above');
  });

  it.each([
    [
      { country: 'AT', edition: '2024', answers: { 'fr-accommodation': 'maybe' } },
      400,
      'invalid-answers',
    ],
    [
      { country: 'AT', edition: '2024', answers: { 'no-such-question': 'none' } },
      400,
      'invalid-answers',
    ],
    [{ country: 'AT', edition: '2024', answers: ['x'] }, 400, 'invalid-parameter'],
    [{ country: 'Austria', edition: '2024', answers: {} }, 400, 'invalid-parameter'],
    [{ country: 'AT', edition: '1900', answers: {} }, 404, 'not-found'],
    [
      { country: 'AT', edition: '2024', answers: { 'fr-accommodation': 7 } },
      400,
      'invalid-parameter',
    ],
  ])('refuses bad input %#', async (body, status, code) => {
    const response = await simulate(body);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });

  it('malformed JSON → 400, an oversized body → 413, never a 500', async () => {
    const bad = await request(app)
      .post('/api/v1/simulate')
      .set('Content-Type', 'application/json')
      .send('{"country":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid-body');
    const big = await simulate({
      country: 'AT',
      edition: '2024',
      answers: { x: 'y'.repeat(70_000) },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('body-too-large');
  });

  it('a malformed change list is a 400 naming the parameter', async () => {
    const { status, text } = await request(app).get('/countries/AT/2024/what-if?set=oops');
    expect(status).toBe(400);
    expect(text).toContain('parameter &#34;set&#34;');
  });
});

describe('rule differences', () => {
  it('lists differing rules with points that add up to the score gap', async () => {
    const { body } = await request(app).get('/api/v1/diff?countries=AT,SE&edition=2024');
    const [pair] = body.pairs;
    expect(pair.reference).toBe('AT');
    expect(pair.other).toBe('SE');
    expect(pair.rows.length).toBeGreaterThan(10);
    const sum = pair.rows.reduce((s: number, r: { points: number }) => s + r.points, 0);
    expect(sum).toBeCloseTo(pair.gap.change, 9);
  });

  it('the comparison page shows what the differences are worth', async () => {
    const { text } = await request(app).get('/compare?countries=AT,SE&edition=2024');
    expect(text).toContain('What the differences are worth');
  });
});

describe('robustness', () => {
  it('page and API, reproducible with a seed', async () => {
    const page = await request(app).get('/robustness/2024?draws=300&seed=7');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg class="intervals"');
    const a = (await request(app).get('/api/v1/robustness?edition=2024&draws=300&seed=7')).body;
    const b = (await request(app).get('/api/v1/robustness?edition=2024&draws=300&seed=7&x=1')).body;
    expect(a.countries).toHaveLength(8);
    expect(b.countries).toEqual(a.countries);
    const none = (
      await request(app).get(
        '/api/v1/robustness?edition=2024&draws=50&weight_range=0&geometric_share=0',
      )
    ).body;
    for (const c of none.countries)
      expect([c.rankLow, c.rankHigh]).toEqual([c.publishedRank, c.publishedRank]);
  });

  it.each([
    ['draws=0', 'draws'],
    ['draws=999999', 'draws'],
    ['weight_range=1', 'weight_range'],
    ['geometric_share=2', 'geometric_share'],
    ['seed=-1', 'seed'],
    ['leave_one_out=maybe', 'leave_one_out'],
  ])('%s → 400 naming %s', async (q, name) => {
    const response = await request(app).get(`/api/v1/robustness?edition=2024&${q}`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(`"${name}"`);
  });
});

describe('what-if: a body that is not what the API takes says what is wrong', () => {
  it('a body sent as text is a 415', async () => {
    const response = await request(app)
      .post('/api/v1/simulate')
      .set('Content-Type', 'text/plain')
      .send('{"country":"AT","edition":"2024","answers":{}}');
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('unsupported-body');
  });

  it('an edition given as a number is named as such, not as missing', async () => {
    const { status, body } = await simulate({ country: 'AT', edition: 2024, answers: {} });
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      'parameter "edition" must be text (a string in quotes), not 2024',
    );
  });
});

it('a compressed body that does not inflate is named as the body, not the address', async () => {
  const response = await request(app)
    .post('/api/v1/simulate')
    .set('Content-Type', 'application/json')
    .set('Content-Encoding', 'gzip')
    .send(Buffer.from('not gzip at all'));
  expect(response.status).toBe(400);
  expect(response.body.error).toEqual({
    code: 'invalid-body',
    message: 'the request body could not be read',
  });
});
