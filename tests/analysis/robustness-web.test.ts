/** The robustness analysis through the page, the API and the command line: options, explanation, errors. */
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HTTP_DRAWS, MAX_HTTP_SENSITIVITY_SAMPLES } from '../../src/web/params.js';
import { testApp } from '../helpers/app.js';
import { cli, temporaryWorkingDatabase } from '../helpers/cli.js';
import { SAMPLE_DEFAULT_INPUT_IDS } from './sample-inputs.js';

let app: Express;
beforeAll(() => {
  app = testApp();
});

describe('robustness API', () => {
  it('reports the default settings and one Sobol index per uncertain choice, reproducibly', async () => {
    const url = '/api/v1/robustness?edition=2024&draws=200&sensitivity_samples=200';
    const a = await request(app).get(url);
    expect(a.status).toBe(200);
    expect(a.body.options).toMatchObject({
      weightRange: 0.25,
      geometricShare: 0.5,
      levels: ['dimension', 'strand', 'overall'],
      sensitivitySamples: 200,
      sensitivityByCountry: false,
    });
    const s = a.body.sensitivity;
    expect(s.output).toBe('mean-absolute-rank-shift');
    expect(s.runs).toBe(200 * (s.indices.length + 2));
    expect(s.indices.map((i: { id: string }) => i.id)).toEqual(SAMPLE_DEFAULT_INPUT_IDS);
    expect(s.indices[0].label).toBe('Weight of Eligibility (Family reunification)');
    expect(s.byCountry).toEqual([]);
    expect((await request(app).get(`${url}&x=1`)).body.sensitivity).toEqual(s);
  });

  it('levels, leave-one-out and per-country indices change what is varied', async () => {
    const { body } = await request(app).get(
      '/api/v1/robustness?edition=2024&draws=50&levels=overall&weight_range=0&leave_one_out=1&sensitivity_samples=100&by_country=1',
    );
    expect(body.sensitivity.indices.map((i: { id: string }) => i.id)).toEqual([
      'aggregation:overall',
      'leave-out',
    ]);
    expect(body.sensitivity.byCountry).toHaveLength(8);
    expect(body.sensitivity.byCountry[0].total).toHaveLength(2);
    const none = await request(app).get(
      '/api/v1/robustness?edition=2024&draws=20&levels=none&weight_range=0',
    );
    expect(none.body.options.levels).toEqual([]);
    expect(none.body.sensitivity).toBeNull();
    for (const c of none.body.countries) expect(c.rankLow).toBe(c.publishedRank);
  });

  it.each([
    ['levels=item', 'levels'],
    ['levels=strand,strand', 'levels'],
    ['levels=overall,everything', 'levels'],
    ['sensitivity_samples=1', 'sensitivity_samples'],
    ['sensitivity_samples=5001', 'sensitivity_samples'],
    ['sensitivity_samples=2.5', 'sensitivity_samples'],
    ['by_country=maybe', 'by_country'],
    // Decimals only: Number() read these as 16, 1000, 100 and 0.5.
    ['draws=0x10', 'draws'],
    ['draws=1e3', 'draws'],
    ['draws=%20100', 'draws'],
    ['weight_range=0b1', 'weight_range'],
  ])('%s → 400 naming %s', async (q, name) => {
    const response = await request(app).get(`/api/v1/robustness?edition=2024&${q}`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(`"${name}"`);
  });
});

describe('robustness page', () => {
  it('explains what was varied, how to read the intervals and the indices, with a table of indices', async () => {
    const page = await request(app).get('/robustness/2024?draws=200&sensitivity_samples=200');
    expect(page.status).toBe(200);
    const text = page.text;
    expect(text).toContain('What was varied');
    expect(text).toContain('between 0.75 and 1.25');
    expect(text).toContain('x′ = 1 + 0.99 · x');
    expect(text).toContain('How to read them.');
    expect(text).toContain('How to read the indices.');
    expect(text).toContain(
      '<caption>Sobol indices of the mean absolute rank shift, per uncertain choice</caption>',
    );
    expect(text).toContain('<th scope="row">Aggregation rule at the strand level</th>');
    expect(text).toContain('name="levels" type="text" value="dimension,strand,overall"');
    // The form's limits are the ones the web accepts, not copies that could drift.
    expect(text).toContain(`name="draws" type="number" min="1" max="${MAX_HTTP_DRAWS}"`);
    expect(text).toContain(
      `name="sensitivity_samples" type="number" min="0" max="${MAX_HTTP_SENSITIVITY_SAMPLES}"`,
    );
  });

  it('a malformed option is a 400 page, not a 500', async () => {
    const page = await request(app).get('/robustness/2024?levels=item');
    expect(page.status).toBe(400);
  });
});

describe('policy-index robustness', () => {
  let cleanup: () => void;
  beforeAll(
    () => ({ cleanup } = temporaryWorkingDatabase('robustness-cli-', { firstStart: true })),
  );
  afterAll(() => cleanup());

  it('prints the intervals, then the Sobol indices of every choice', () => {
    const { code, out } = cli(
      'robustness',
      '--edition',
      '2024',
      '--draws',
      '100',
      '--sensitivity-samples',
      '100',
      '--levels',
      'strand,overall',
      '--leave-one-out',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/Sobol indices of the mean absolute rank shift \(100 samples, 1300 runs/);
    expect(out).toMatch(/Aggregation rule at the overall level +(\d\.\d\d ± \d\.\d\d *){2}$/m);
    expect(out).toMatch(/Which dimension is left out +(\d\.\d\d ± \d\.\d\d *){2}$/m);
    expect(out).not.toMatch(/dimension level/);
  });

  it.each([
    [['--levels', 'item'], /--levels must list distinct levels/],
    [['--sensitivity-samples', '1'], /sensitivity samples must be 0/],
    [['--weight-range', '1'], /weight range/],
  ])('refuses %s with a usage error', (args, message) => {
    const { code, err } = cli('robustness', '--edition', '2024', ...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('--by-country adds each country’s indices to the json', () => {
    const { out } = cli(
      'robustness',
      '--edition',
      '2024',
      '--draws',
      '20',
      '--sensitivity-samples',
      '50',
      '--by-country',
      '--format',
      'json',
    );
    const view = JSON.parse(out);
    expect(view.sensitivity.byCountry).toHaveLength(8);
    expect(view.options.sensitivityByCountry).toBe(true);
  });
});
