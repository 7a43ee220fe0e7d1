/**
 * Hostile requests to the workspace and sign-in: oversized and misdirected bodies are refused
 * before they are read, broken addresses are the client's error, and nothing is stored.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSheet } from '../../src/storage/sheet-repository.js';
import {
  csrf,
  postForm,
  signIn,
  uploadSheet,
  workspaceSetup,
  type Setup,
} from '../workspace/helpers.js';

let setup: Setup;
const logged: string[] = [];

beforeAll(() => {
  setup = workspaceSetup({ log: (message) => logged.push(message) });
});

describe('bodies the workspace refuses before reading them', () => {
  it('a declared 200 MB multipart body to /login is refused with 413 at once', async () => {
    const response = await request(setup.app)
      .post('/login')
      .set('Content-Type', 'multipart/form-data; boundary=x')
      .set('Content-Length', String(200 * 1024 * 1024))
      .send('--x\r\n');
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
  });

  it('a multipart body to /logout is refused (415) whatever its size', async () => {
    const response = await request(setup.app).post('/logout').field('a', 'b');
    expect([401, 415]).toContain(response.status);
    expect(response.status).not.toBe(500);
  });

  it('multipart is refused on every workspace form but the upload', async () => {
    const agent = await signIn(setup.app, 'expert-at@example.org');
    const response = await agent
      .post('/workspace/sheets/AT/2025/comments')
      .field('_csrf', await csrf(agent))
      .field('body', 'hello');
    expect(response.status).toBe(415);
  });

  it('a form body over the limit is refused with 413', async () => {
    const agent = await signIn(setup.app, 'expert-at@example.org');
    const response = await postForm(agent, '/workspace/sheets/AT/2025/comments', {
      body: 'x'.repeat(300 * 1024),
    });
    expect(response.status).toBe(413);
  });

  it('POST /login without a body is a refused form, not a 500', async () => {
    const response = await request(setup.app).post('/login');
    expect(response.status).toBe(403);
  });
});

describe('addresses', () => {
  it.each(['/workspace/sheets/%/2025', '/workspace/sheets/AT/%E0%A4%A', '/reset/%zz'])(
    '%s with broken percent-encoding is a 400, not a logged 500',
    async (path) => {
      const agent = await signIn(setup.app, 'coordinator@example.org');
      const before = logged.length;
      const response = await agent.get(path);
      expect(response.status).toBe(400);
      expect(response.text).not.toMatch(/at .+\.js:\d+/);
      expect(logged.length).toBe(before);
    },
  );
});

describe('uploads whose structure is far beyond a sheet', () => {
  it('a 45,000-key upload under 1 MB is refused before it is parsed, and nothing is stored', async () => {
    const agent = await signIn(setup.app, 'expert-at@example.org');
    const yaml = `answers:\n${Array.from({ length: 45_000 }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`;
    expect(yaml.length).toBeLessThan(1024 * 1024);
    const before = getSheet(setup.db, { country: 'AT', edition: '2025' })?.revision ?? 0;
    // The yaml library would take about half a second to parse this on the event loop; the
    // count of lines and keys refuses it first (the parser's own limit words it differently).
    const response = await uploadSheet(
      agent,
      '/workspace/sheets/AT/2025/upload',
      before,
      yaml,
      'big.yaml',
    );
    expect(response.status).toBe(413);
    expect(response.text).toContain('too-many-keys');
    expect(response.text).toMatch(/lines; at most 20000 are accepted here/);
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })?.revision ?? 0).toBe(before);
  });
});

describe('error pages in the workspace', () => {
  it('say what was refused and lead back to the sheet, not to the public ranking', async () => {
    const agent = await signIn(setup.app, 'reviewer@example.org');
    const response = await agent
      .post('/workspace/sheets/AT/2025/review')
      .type('form')
      .send({ _csrf: await csrf(agent), action: 'request-changes' });
    // AT 2025 has not been submitted: nothing to review yet.
    expect(response.status).toBe(409);
    expect(response.text).toContain('<h1>Not possible now</h1>');
    expect(response.text).toContain('href="/workspace/sheets/AT/2025">Back to the sheet</a>');
  });
});

describe('uploads that are not UTF-8', () => {
  it('are refused at the first bad byte, never stored with replacement characters', async () => {
    const agent = await signIn(setup.app, 'expert-at@example.org');
    const before = getSheet(setup.db, { country: 'AT', edition: '2025' })?.revision ?? 0;
    // "comment: Régime" written in Latin-1: é is the single byte 0xE9.
    const latin1 = Buffer.concat([
      Buffer.from('country: AT\nedition: "2025"\nanswers:\n  fr-partners:\n    comment: R'),
      Buffer.from([0xe9]),
      Buffer.from('gime\n'),
    ]);
    const response = await uploadSheet(agent, '/workspace/sheets/AT/2025/upload', before, latin1);
    expect(response.status).toBe(422);
    expect(response.text).toContain('invalid-utf8');
    expect(response.text).toMatch(/line 5/);
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })?.revision ?? 0).toBe(before);
  });
});
