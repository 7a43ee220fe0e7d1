/**
 * Every operation the OpenAPI document lists answers as it says, on a seeded app: each is
 * requested with its parameters' examples (the document's own, so a new path is tested as soon
 * as it is documented) and the real response is validated against its schema with ajv (JSON
 * Schema 2020-12, OpenAPI 3.1's dialect). The `.json` / `.csv` suffix rule and the documented
 * error responses are checked the same way.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoInstrumentDatabase } from '../crosswalk/two-instruments.js';
import { testApp } from '../helpers/app.js';
import { sampleDatabase } from '../storage/helpers.js';

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  example?: string | number;
}
interface Response {
  content?: Record<string, { schema: { $ref?: string } }>;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: { $ref: string }; example: unknown }> };
  responses: Record<string, Response>;
}
interface OpenApi {
  components: { schemas: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

let app: Express;
let document: OpenApi;
let ajv: Ajv2020;
let close: (() => void) | undefined;

/** The validator of a `$ref` of the document. */
function validatorOf(ref: string): ValidateFunction {
  const validate = ajv.getSchema(`openapi${ref}`);
  if (!validate) throw new Error(`no schema ${ref}`);
  return validate;
}

function expectValid(ref: string, body: unknown, where: string) {
  const validate = validatorOf(ref);
  const valid = validate(body);
  // The first few errors say enough; a broken schema can give thousands.
  expect((validate.errors ?? []).slice(0, 5), `${where} against ${ref}`).toEqual([]);
  expect(valid).toBe(true);
}

/** `path` with its path parameters' examples, and the query of the examples of the rest. */
function exampleUrl(path: string, operation: Operation): string {
  const query = new URLSearchParams();
  let url = path;
  for (const parameter of operation.parameters ?? []) {
    if (parameter.example === undefined) continue;
    if (parameter.in === 'path')
      url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(parameter.example)));
    else query.set(parameter.name, String(parameter.example));
  }
  expect(url, `${path}: every path parameter has an example`).not.toMatch(/\{/);
  const search = query.toString();
  return search === '' ? url : `${url}?${search}`;
}

/** The example URL with `suffix` appended to its path. */
function withSuffix(url: string, suffix: string): string {
  const [path, search] = url.split('?');
  return search === undefined ? `${path}${suffix}` : `${path}${suffix}?${search}`;
}

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );

beforeAll(async () => {
  // The sample editions plus a 2025 edition coded with the 2020-generation questionnaire, so the
  // instrument-change example (2024 → 2025) has two instruments to split.
  const seeded = twoInstrumentDatabase();
  close = seeded.close;
  app = testApp({ db: seeded.db, analysisRateLimit: false });
  document = (await request(app).get('/api/openapi.json')).body as OpenApi;
  ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    formats: { date: /^\d{4}-\d{2}-\d{2}$/ },
  });
  // The schemas refer to each other as #/components/schemas/…: keep them at that place.
  ajv.addKeyword('components');
  ajv.addSchema({ $id: 'openapi', components: document.components });
});

afterAll(() => close?.());

describe('every documented operation answers as documented', () => {
  it('covers every operation of the document', () => {
    expect(operations().length).toBeGreaterThanOrEqual(14);
  });

  it('each 200 response matches its schema (requested with the examples)', async () => {
    const checked: string[] = [];
    for (const { path, method, operation } of operations()) {
      const url = exampleUrl(path, operation);
      const response =
        method === 'post'
          ? await request(app)
              .post(url)
              .send(operation.requestBody!.content['application/json']!.example as object)
          : await request(app).get(url);
      expect(response.status, `${method} ${url}: ${response.text.slice(0, 300)}`).toBe(200);
      const content = operation.responses['200']!.content!;
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expectValid(content['application/json']!.schema.$ref!, response.body, `${method} ${url}`);
      checked.push(`${method} ${path}`);
    }
    expect(checked).toHaveLength(operations().length);
  });

  it('each request body example matches its schema', () => {
    for (const { path, operation } of operations()) {
      const body = operation.requestBody?.content['application/json'];
      if (body) expectValid(body.schema.$ref, body.example, path);
    }
  });

  it('the response says which defaults it used', async () => {
    const scores = (await request(app).get('/api/v1/scores?country=DE')).body;
    expect(scores).toMatchObject({ edition: '2024', defaulted: ['edition', 'revision'] });
    expect(new Set(scores.rows.map((r: { edition: string }) => r.edition))).toEqual(
      new Set(['2024']),
    );
    const named = (await request(app).get('/api/v1/scores?edition=2019&revision=1&country=DE'))
      .body;
    expect(named).toMatchObject({ edition: '2019', revision: 1, defaulted: [] });
    expect((await request(app).get('/api/v1/questionnaire')).body).toMatchObject({
      edition: '2024',
      defaulted: ['edition'],
    });
    const robustness = (
      await request(app).get('/api/v1/robustness?edition=2024&draws=10&sensitivity_samples=0')
    ).body;
    expect(robustness.defaulted).toEqual([
      'revision',
      'seed',
      'weight_range',
      'geometric_share',
      'levels',
      'leave_one_out',
      'by_country',
    ]);
    expect(robustness.options).toMatchObject({ draws: 10, seed: 1, weightRange: 0.25 });
  });
});

describe('the .json and .csv suffix rule', () => {
  it('every GET path answers with .json the same JSON as without', async () => {
    for (const { path, method, operation } of operations()) {
      if (method !== 'get' || path === '/api/openapi.json') continue;
      const url = exampleUrl(path, operation);
      const plain = await request(app).get(url);
      const suffixed = await request(app).get(withSuffix(url, '.json'));
      expect(suffixed.status, withSuffix(url, '.json')).toBe(200);
      expect(suffixed.body, withSuffix(url, '.json')).toEqual(plain.body);
    }
  });

  it('the paths the static export writes answer on the server', async () => {
    for (const url of [
      '/api/v1/editions.json',
      '/api/v1/countries/DE/2024.json',
      '/api/v1/countries/de/2024.json',
      '/api/v1/editions/2024/scores.json',
      '/api/v1/editions/2024/scores.csv',
      '/api/v1/rules/fr-partners/2024.json',
      '/api/v1/countries/DE/rules/fr-partners.json',
      '/api/v1/countries/DE/rules/fr-partners.csv',
    ]) {
      const response = await request(app).get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(
        url.endsWith('.csv') ? /^text\/csv/ : /^application\/json/,
      );
    }
  });

  it('a path documented with text/csv answers CSV with .csv and format=csv', async () => {
    const withCsv = operations().filter(
      ({ operation }) => operation.responses['200']?.content?.['text/csv'] !== undefined,
    );
    expect(withCsv.map(({ path }) => path).sort()).toEqual([
      '/api/v1/countries/{code}/rules/{question}',
      '/api/v1/editions/{edition}/scores',
      '/api/v1/scores',
    ]);
    for (const { path, operation } of withCsv) {
      const url = exampleUrl(path, operation);
      const suffixed = await request(app).get(withSuffix(url, '.csv'));
      const asked = await request(app).get(`${url}${url.includes('?') ? '&' : '?'}format=csv`);
      const accepted = await request(app).get(url).set('Accept', 'text/csv');
      for (const response of [suffixed, asked, accepted]) {
        expect(response.status, path).toBe(200);
        expect(response.headers['content-type'], path).toMatch(/^text\/csv/);
        expect(response.text).toBe(suffixed.text);
      }
      expect(suffixed.text.split('\n').length).toBeGreaterThan(1);
    }
  });

  it('.csv on a resource without a CSV is a 404 that says so', async () => {
    const response = await request(app).get('/api/v1/countries/DE/2024.csv');
    expect(response.status).toBe(404);
    expectValid('#/components/schemas/Error', response.body, 'countries.csv');
    expect(response.body.error.message).toMatch(/served as JSON only/);
  });
});

describe('documented error responses are real, and have the error shape', () => {
  // One request per documented (operation, status): the table must cover the document exactly.
  const cases: [string, string, string, (string | object)?][] = [
    ['get /api/v1/questionnaire', '400', '/api/v1/questionnaire?edition=no%20such'],
    ['get /api/v1/questionnaire', '404', '/api/v1/questionnaire?edition=1999'],
    ['get /api/v1/scores', '400', '/api/v1/scores?revision=1'],
    ['get /api/v1/scores', '404', '/api/v1/scores?edition=1999'],
    ['get /api/v1/editions/{edition}/scores', '400', '/api/v1/editions/2024/scores?level=x'],
    ['get /api/v1/editions/{edition}/scores', '404', '/api/v1/editions/2024/scores?revision=9'],
    ['get /api/v1/countries/{code}/{edition}', '400', '/api/v1/countries/DEU/2024'],
    ['get /api/v1/countries/{code}/{edition}', '404', '/api/v1/countries/DE/1999'],
    ['get /api/v1/compare', '400', '/api/v1/compare?countries=AT'],
    ['get /api/v1/compare', '404', '/api/v1/compare?countries=AT,ZZ'],
    ['get /api/v1/diff', '400', '/api/v1/diff'],
    ['get /api/v1/diff', '404', '/api/v1/diff?countries=AT,DE&edition=1999'],
    ['get /api/v1/robustness', '400', '/api/v1/robustness?draws=0'],
    ['get /api/v1/robustness', '404', '/api/v1/robustness?edition=1999'],
    ['post /api/v1/simulate', '400', '/api/v1/simulate', { country: 'AT', edition: '2024' }],
    [
      'post /api/v1/simulate',
      '404',
      '/api/v1/simulate',
      { country: 'AT', edition: '1999', answers: {} },
    ],
    ['get /api/v1/changes', '400', '/api/v1/changes?country=FR&from=2019'],
    ['get /api/v1/changes', '404', '/api/v1/changes?country=FR&from=2019&to=1999'],
    [
      'get /api/v1/countries/{code}/instrument-change',
      '400',
      '/api/v1/countries/AT/instrument-change?from=2019&to=2024',
    ],
    [
      'get /api/v1/countries/{code}/instrument-change',
      '404',
      '/api/v1/countries/AT/instrument-change?from=2019&to=1999',
    ],
    ['get /api/v1/countries/{code}/rules/{question}', '400', '/api/v1/countries/DE/rules/No_Id'],
    ['get /api/v1/countries/{code}/rules/{question}', '404', '/api/v1/countries/DE/rules/nope'],
    ['get /api/v1/rules/{question}/{edition}', '400', '/api/v1/rules/fr-partners/2024?group=x'],
    ['get /api/v1/rules/{question}/{edition}', '404', '/api/v1/rules/fr-partners/1999'],
  ];

  it('the table covers every documented 400 and 404', () => {
    const documentedErrors = operations().flatMap(({ path, method, operation }) =>
      Object.keys(operation.responses)
        .filter((status) => status === '400' || status === '404')
        .map((status) => `${method} ${path} ${status}`),
    );
    expect(cases.map(([operation, status]) => `${operation} ${status}`).sort()).toEqual(
      documentedErrors.sort(),
    );
  });

  it.each(cases)('%s %s', async (operation, status, url, body) => {
    const response = operation.startsWith('post')
      ? await request(app)
          .post(url)
          .send(body as object)
      : await request(app).get(url);
    expect(response.status, response.text).toBe(Number(status));
    const [method, path] = operation.split(' ') as [string, string];
    const ref =
      document.paths[path]![method]!.responses[status]!.content!['application/json']!.schema.$ref!;
    expectValid(ref, response.body, url);
  });

  it('an unknown edition names the published ones', async () => {
    const { body } = await request(app).get('/api/v1/scores?edition=1999');
    expect(body.error).toEqual({
      code: 'not-found',
      message: 'edition "1999" not found (published editions: 2019, 2024, 2025)',
    });
  });

  it('an answer the question does not have is a 400 with one issue per answer', async () => {
    const response = await request(app)
      .post('/api/v1/simulate')
      .send({ country: 'AT', edition: '2024', answers: { 'fr-accommodation': 'nonsense' } });
    expect(response.status).toBe(400);
    expectValid('#/components/schemas/Error', response.body, 'simulate');
    expect(response.body.error.code).toBe('invalid-answers');
    expect(response.body.error.issues).toMatchObject([
      { code: 'invalid-answer', path: ['answers', 'fr-accommodation'], line: null },
    ]);
  });

  it('the analysis endpoints answer 429 as documented once over the limit', async () => {
    const limited = testApp({
      db: sampleDatabase(),
      analysisRateLimit: { limit: 1, windowMs: 60_000 },
    });
    const analysis = operations().filter(({ operation }) => operation.responses['429']);
    expect(analysis.map(({ method, path }) => `${method} ${path}`).sort()).toEqual([
      'get /api/v1/changes',
      'get /api/v1/compare',
      'get /api/v1/countries/{code}/instrument-change',
      'get /api/v1/diff',
      'get /api/v1/robustness',
      'post /api/v1/simulate',
    ]);
    await request(limited).get('/api/v1/diff?countries=AT,DE');
    for (const { path, method, operation } of analysis) {
      const url = exampleUrl(path, operation);
      const response =
        method === 'post'
          ? await request(limited).post(url).send({})
          : await request(limited).get(url);
      expect(response.status, path).toBe(429);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expectValid(
        operation.responses['429']!.content!['application/json']!.schema.$ref!,
        response.body,
        path,
      );
    }
  });
});
