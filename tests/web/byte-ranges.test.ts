/**
 * Range requests for downloads (src/web/byte-ranges.ts): a part of a file is the same bytes as
 * in the whole, on every path that can answer it — a first request (answered by the route), a
 * cached one (the response cache, before and after routing) and a server without a cache — and
 * never a part of a compressed body. Anything the RFC lets a server ignore gets the whole file.
 */
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rangeAnswer } from '../../src/web/byte-ranges.js';
import { sampleDatabase } from '../storage/helpers.js';
import { testApp } from '../helpers/app.js';
import { rawClient, type RawClient } from '../helpers/raw-http.js';

const CSV = '/downloads/2024/r1/answers.csv';
const JSON_FILE = '/downloads/2024/r1/scores.json';
const COMPRESSED = { 'Accept-Encoding': 'gzip, br' };

describe('rangeAnswer', () => {
  const get = (range: string | undefined, extra: Record<string, string> = {}) => ({
    method: 'GET',
    headers: { ...(range === undefined ? {} : { range }), ...extra },
  });
  const cases: [string | undefined, ReturnType<typeof rangeAnswer>][] = [
    [undefined, { kind: 'whole' }],
    ['bytes=0-9', { kind: 'part', start: 0, end: 9 }],
    ['bytes=10-', { kind: 'part', start: 10, end: 99 }],
    ['bytes=-10', { kind: 'part', start: 90, end: 99 }],
    ['bytes=-1000', { kind: 'part', start: 0, end: 99 }],
    ['bytes=90-1000', { kind: 'part', start: 90, end: 99 }],
    ['BYTES = 5 - 5', { kind: 'part', start: 5, end: 5 }],
    ['bytes=100-', { kind: 'unsatisfiable' }],
    ['bytes=100-200', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=9-0', { kind: 'whole' }],
    ['bytes=0-9,20-29', { kind: 'whole' }],
    ['bytes=-', { kind: 'whole' }],
    ['bytes=a-b', { kind: 'whole' }],
    ['items=0-9', { kind: 'whole' }],
    ['bytes=0-99999999999999999999', { kind: 'whole' }],
  ];
  it.each(cases)('reads %j of 100 bytes', (range, expected) => {
    expect(rangeAnswer(get(range), 100, '"x"')).toEqual(expected);
  });

  it('answers ranges of GET only, and of the file the client holds a part of (If-Range)', () => {
    expect(rangeAnswer({ method: 'HEAD', headers: { range: 'bytes=0-9' } }, 100, '"x"')).toEqual({
      kind: 'whole',
    });
    expect(rangeAnswer(get('bytes=0-9', { 'if-range': '"x"' }), 100, '"x"').kind).toBe('part');
    for (const other of ['"y"', 'W/"x"', 'Wed, 21 Oct 2015 07:28:00 GMT'])
      expect(rangeAnswer(get('bytes=0-9', { 'if-range': other }), 100, '"x"').kind).toBe('whole');
    // A weak tag never matches If-Range (RFC 9110 §13.1.5: strong comparison).
    expect(rangeAnswer(get('bytes=0-9', { 'if-range': 'W/"x"' }), 100, 'W/"x"').kind).toBe('whole');
    expect(rangeAnswer(get('bytes=0-'), 0, '"x"').kind).toBe('unsatisfiable');
  });
});

describe.each([
  ['with the response cache', {}],
  ['without a cache', { responseCacheBytes: 0 }],
])('a download asked for in parts, %s', (_name, options) => {
  let app: Express;
  let client: RawClient;
  beforeAll(async () => {
    app = testApp({ db: sampleDatabase(), analysisRateLimit: false, ...options });
    client = await rawClient(app);
  });
  afterAll(() => client.close());

  // Twice each: the first answer comes from the route (nothing cached yet), the second from the
  // cache when there is one.
  for (const round of ['first', 'again']) {
    it(`gives the bytes asked for, as in the whole file (${round})`, async () => {
      const ranged = await client.get(CSV, { Range: 'bytes=10-109', ...COMPRESSED });
      const whole = await client.get(CSV);
      expect(whole.status).toBe(200);
      expect(whole.headers['accept-ranges']).toBe('bytes');
      const length = whole.body.length;
      expect(ranged.status).toBe(206);
      expect(ranged.headers['content-range']).toBe(`bytes 10-109/${length}`);
      expect(ranged.headers['content-length']).toBe('100');
      expect(ranged.headers['content-encoding']).toBeUndefined();
      expect(ranged.headers['content-type']).toMatch(/^text\/csv/);
      expect(ranged.headers['content-disposition']).toBe(whole.headers['content-disposition']);
      expect(ranged.headers.etag).toBe(whole.headers.etag);
      expect(ranged.headers['content-security-policy']).toBe(
        whole.headers['content-security-policy'],
      );
      expect(ranged.body).toEqual(whole.body.subarray(10, 110));

      const last = await client.get(CSV, { Range: 'bytes=-20' });
      expect(last.status).toBe(206);
      expect(last.body).toEqual(whole.body.subarray(length - 20));
    });

    it(`puts a JSON file together again from its parts (${round})`, async () => {
      const whole = await client.get(JSON_FILE);
      const length = whole.body.length;
      const cut = [0, Math.floor(length / 3), Math.floor((2 * length) / 3)];
      const parts = await Promise.all(
        cut.map((start, i) =>
          client.get(JSON_FILE, {
            Range: `bytes=${start}-${i < cut.length - 1 ? cut[i + 1]! - 1 : ''}`,
            'If-Range': String(whole.headers.etag),
          }),
        ),
      );
      expect(parts.map((p) => p.status)).toEqual([206, 206, 206]);
      expect(Buffer.concat(parts.map((p) => p.body))).toEqual(whole.body);
    });

    it(`says when a range starts past the end, and sends the whole for what it ignores (${round})`, async () => {
      const whole = await client.get(CSV);
      const length = whole.body.length;
      const beyond = await client.get(CSV, { Range: `bytes=${length}-` });
      expect(beyond.status).toBe(416);
      expect(beyond.headers['content-range']).toBe(`bytes */${length}`);
      expect(beyond.headers['content-type']).toMatch(/^text\/plain/);
      expect(beyond.body.toString()).toContain(`which has ${length}`);

      const ignored: Record<string, string>[] = [
        { Range: 'bytes=0-9,20-29' },
        { Range: 'bytes=abc' },
        { Range: 'bytes=0-9', 'If-Range': '"another-file"' },
      ];
      for (const headers of ignored) {
        const answer = await client.get(CSV, headers);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual(whole.body);
      }
      const head = await client.head(CSV, { Range: 'bytes=0-9' });
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(String(length));
      // The client's copy is current: 304 comes before any range.
      const current = await client.get(CSV, {
        Range: 'bytes=0-9',
        'If-None-Match': String(whole.headers.etag),
      });
      expect(current.status).toBe(304);
    });
  }

  it('answers a range of a cached file asked for at another spelling of its address', async () => {
    const whole = await client.get(CSV);
    // Answered by the routes (the address is not the one cached), from the cached file if any.
    const other = await client.get(`${CSV}?from=elsewhere`, { Range: 'bytes=0-9', ...COMPRESSED });
    expect(other.status).toBe(206);
    expect(other.body).toEqual(whole.body.subarray(0, 10));
  });

  it('leaves pages whole: only downloads answer ranges', async () => {
    const page = await client.get('/countries/DE/2024', { Range: 'bytes=0-9' });
    expect(page.status).toBe(200);
    expect(page.headers['accept-ranges']).toBeUndefined();
  });
});
