/**
 * Property-based test of the public parameters: every public page and API route gets random
 * path segments, query strings (random and unicode text, repeated keys, huge values,
 * `__proto__`, broken percent-encoding) and, for the simulation, random JSON bodies. Whatever
 * comes in: no 5xx, no stack trace or file path in the body, nothing logged as an internal
 * error, and the database is not written (the data version and SQLite's change count stay).
 */
import fc from 'fast-check';
import { request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.js';
import { PublicData } from '../../src/published/public-data.js';
import { testApp } from '../helpers/app.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { sampleDatabase } from '../storage/helpers.js';

/** Runs per route family: enough variety, and the whole file stays well under 30 s. */
const RUNS = 120;

let db: Db;
let server: Server;
let port: number;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const logged: string[] = [];
let changesBefore: number;
let versionBefore: number;

const totalChanges = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

beforeAll(async () => {
  db = sampleDatabase();
  const app = testApp({ db, log: (m) => logged.push(m), analysisRateLimit: false });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
  changesBefore = totalChanges();
  versionBefore = new PublicData(db).dataVersion();
});

afterAll(async () => {
  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Reply {
  status: number;
  body: string;
}

/** A request with the path exactly as given (no URL normalisation, unlike fetch). */
function send(
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const STACK = /\bat [^\n]*:\d+:\d+|node_modules|\.ts:\d+/;

function expectSafe(what: string, reply: Reply) {
  expect(reply.status, what).toBeLessThan(500);
  expect(reply.body, what).not.toMatch(STACK);
  expect(reply.body, what).not.toContain(`${ROOT_DIR}/src/`);
  expect(logged.join('\n'), what).toBe('');
}

// ---- generators -------------------------------------------------------------------------

/** Text that means something to the routes: valid values, edge cases and near misses. */
const meaningful = fc.constantFrom(
  ...['2024', '2019', 'DE', 'de', 'AT', 'FR', 'SE', 'XX', 'D3', 'AT,DE', 'AT,DE,SE,FR,IT,NL,PL'],
  ...['AT,AT', ',', '', ' ', 'r1', '1', '2', '0', '-1', '1.5', '1e3', '1e309', 'NaN', '0x10'],
  ...['Infinity', '-0', '20001', '4294967296', 'true', 'false', 'csv', 'json', 'rank', 'country'],
  ...['family-reunification', 'overall', 'item', 'strand', 'fr-accommodation:none', 'a:b,c'],
  ...['fr-accommodation', 'none', 'not_applicable', '__proto__', 'constructor', 'toString'],
  ...['answers.csv', 'scores.json', 'datapackage.json', '../../etc/passwd', '..', '.', '%'],
);
const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);
const huge = fc
  .tuple(fc.constantFrom('9', 'a', 'é', ',', '%41', 'DE,'), fc.integer({ min: 500, max: 3000 }))
  .map(([unit, n]) => unit.repeat(n));
const value = fc.oneof(
  { weight: 4, arbitrary: meaningful },
  { weight: 4, arbitrary: anyText },
  { weight: 1, arbitrary: huge },
);

/** One character percent-encoded; a lone surrogate becomes the (invalid) UTF-8 bytes of one. */
const encodeChar = (c: string) => {
  try {
    return encodeURIComponent(c);
  } catch {
    return '%ED%A0%80';
  }
};

/**
 * Text for a URL: percent-encoded, or "raw", where printable ASCII is sent as it is (so that a
 * stray `%`, `+` or `%zz` reaches the server's decoder) and only what HTTP forbids is encoded.
 */
function encode(text: string, raw: boolean): string {
  return text.replace(raw ? /[^\x21-\x7e]|[#?&/=]/gu : /[^A-Za-z0-9\-_.!~*'()]/gu, encodeChar);
}

/** A query string: names the route reads and others, repeated keys, raw and encoded text. */
function queryOf(names: readonly string[]) {
  const name = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'a.', '') },
    { weight: 1, arbitrary: anyText.map((t) => `a.${t}`) },
    { weight: 1, arbitrary: anyText },
  );
  return fc
    .array(fc.tuple(name, value, fc.boolean(), fc.constantFrom('', '[]', '[0]', '[x]')), {
      maxLength: 6,
    })
    .map((pairs) =>
      pairs.map(([n, v, raw, suffix]) => `${encode(n, raw)}${suffix}=${encode(v, raw)}`).join('&'),
    );
}

/** A path segment: mostly values of the right kind, sometimes anything. */
const segment = (...valid: string[]) =>
  fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...valid) },
        { weight: 2, arbitrary: value },
      ),
      fc.boolean(),
    )
    .map(([text, raw]) => encode(text, raw) || '-');

const edition = segment('2024', '2019');
const country = segment('DE', 'AT', 'FR', 'de');

type Family = [string, fc.Arbitrary<string>];

/** Route families: a path generator each (query parameters are those the routes read). */
const FAMILIES: Family[] = [
  [
    'ranking',
    fc.oneof(
      queryOf(['edition', 'sort']).map((q) => `/?${q}`),
      fc.tuple(edition, queryOf(['sort'])).map(([e, q]) => `/editions/${e}?${q}`),
    ),
  ],
  [
    'country profile',
    fc.oneof(
      fc
        .tuple(country, edition, queryOf(['revision']))
        .map(([c, e, q]) => `/countries/${c}/${e}?${q}`),
      country.map((c) => `/countries/${c}`),
      fc
        .tuple(country, edition, queryOf(['revision']))
        .map(([c, e, q]) => `/api/v1/countries/${c}/${e}?${q}`),
    ),
  ],
  [
    'changes',
    fc.oneof(
      fc.tuple(country, queryOf(['from', 'to'])).map(([c, q]) => `/countries/${c}/changes?${q}`),
      queryOf(['country', 'from', 'to']).map((q) => `/api/v1/changes?${q}`),
    ),
  ],
  [
    'what-if',
    fc
      .tuple(country, edition, queryOf(['set', 'a.fr-accommodation', 'a.atn-renunciation']))
      .map(([c, e, q]) => `/countries/${c}/${e}/what-if?${q}`),
  ],
  [
    'robustness',
    fc.oneof(
      fc
        .tuple(
          edition,
          queryOf(['draws', 'seed', 'weight_range', 'geometric_share', 'leave_one_out']),
        )
        .map(([e, q]) => `/robustness/${e}?${q}`),
      queryOf([
        'edition',
        'revision',
        'draws',
        'seed',
        'weight_range',
        'geometric_share',
        'leave_one_out',
      ]).map((q) => `/api/v1/robustness?${q}`),
    ),
  ],
  [
    'compare and diff',
    fc
      .tuple(
        fc.constantFrom('/compare', '/api/v1/compare', '/api/v1/diff'),
        queryOf(['countries', 'edition', 'revision']),
      )
      .map(([p, q]) => `${p}?${q}`),
  ],
  [
    'scores',
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom('/api/v1/scores', '/api/v1/scores.csv', '/api/v1/scores.json'),
          queryOf(['edition', 'revision', 'country', 'node', 'level', 'format']),
        )
        .map(([p, q]) => `${p}?${q}`),
      fc
        .tuple(edition, fc.constantFrom('json', 'csv'), queryOf(['country', 'node', 'level']))
        .map(([e, ext, q]) => `/api/v1/editions/${e}/scores.${ext}?${q}`),
    ),
  ],
  [
    'reference pages and API',
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom(
            '/methodology',
            '/downloads',
            '/schemas/answer-sheet.schema.json',
            '/api/openapi.json',
            '/api/v1/editions',
            '/api/v1/countries.json',
            '/api/v1/questionnaire',
          ),
          queryOf(['edition']),
        )
        .map(([p, q]) => `${p}?${q}`),
      fc
        .tuple(segment('family-reunification', 'language-tests'), edition)
        .map(([s, e]) => `/strands/${s}/${e}`),
      fc
        .tuple(
          edition,
          segment('r1', 'r2', '1'),
          segment('answers.csv', 'codebook.csv', 'scores.json'),
        )
        .map(([e, r, f]) => `/downloads/${e}/${r}/${f}`),
    ),
  ],
];

const ACCEPT = fc.constantFrom('*/*', 'text/html', 'application/json', 'text/csv', 'x/y;q=', '');

describe('fuzzed public parameters', () => {
  it.each(FAMILIES)('%s: never a 5xx, a stack trace or a write', async (_name, paths) => {
    await fc.assert(
      fc.asyncProperty(paths, ACCEPT, async (path, accept) => {
        const reply = await send('GET', path, undefined, accept ? { Accept: accept } : {});
        expectSafe(path, reply);
      }),
      { numRuns: RUNS },
    );
    expect(totalChanges()).toBe(changesBefore);
    expect(new PublicData(db).dataVersion()).toBe(versionBefore);
  });

  it('simulate: random JSON bodies never give a 5xx, a stack trace or a write', async () => {
    const field = fc.oneof(value, fc.jsonValue({ maxDepth: 2 }));
    const answers = fc.oneof(
      fc.dictionary(fc.oneof(meaningful, anyText), fc.oneof(value, fc.jsonValue({ maxDepth: 1 })), {
        maxKeys: 5,
      }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const body = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .record({ country: field, edition: field, answers }, { requiredKeys: [] })
          .map((b) => JSON.stringify(b)),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: anyText },
      {
        weight: 1,
        arbitrary: fc.constant(
          '{"country":"AT","edition":"2024","answers":{"__proto__":{"x":"y"}}}',
        ),
      },
    );
    const type = fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      '',
    );
    await fc.assert(
      fc.asyncProperty(body, type, async (text, contentType) => {
        const reply = await send('POST', '/api/v1/simulate', text, {
          ...(contentType ? { 'Content-Type': contentType } : {}),
          'Content-Length': String(Buffer.byteLength(text)),
        });
        expectSafe(`simulate ${text.slice(0, 200)}`, reply);
      }),
      { numRuns: RUNS },
    );
    expect(totalChanges()).toBe(changesBefore);
    expect(new PublicData(db).dataVersion()).toBe(versionBefore);
  });
});
