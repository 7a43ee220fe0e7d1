/**
 * What-if and the workspace's answer history name a question the way the command line does: by
 * its id or by the code `agreement` and the changes tables print (fr-accommodation is 30,
 * atn-renunciation is 115a). The pages, the share link and the API answer the same for either.
 */
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { signIn, workspaceSetup } from '../workspace/helpers.js';

let app: Express;
beforeAll(() => {
  app = testApp();
});

describe('what-if: question ids and codes alike', () => {
  it('POST /api/v1/simulate takes a question code as a key', async () => {
    const send = (answers: Record<string, string>) =>
      request(app).post('/api/v1/simulate').send({ country: 'AT', edition: '2024', answers });
    const byId = await send({ 'fr-accommodation': 'none' });
    const byCode = await send({ '30': 'none' });
    expect(byCode.status).toBe(200);
    expect(byCode.body.applied).toEqual([
      { question: 'fr-accommodation', from: 'stricter', to: 'none' },
    ]);
    expect(byCode.body.after).toEqual(byId.body.after);
  });

  it('the page and its share link take codes in set= and in the form fields', async () => {
    const byCode = await request(app).get('/countries/AT/2024/what-if?set=30:none,115a:none');
    expect(byCode.status).toBe(200);
    // The share link names the questions by id, as the page does.
    expect(byCode.text).toContain(
      '/countries/AT/2024/what-if?set=fr-accommodation%3Anone%2Catn-renunciation%3Anone',
    );
    const form = await request(app).get('/countries/AT/2024/what-if?a.30=none');
    expect(form.status).toBe(200);
    expect(form.text).toContain('set=fr-accommodation%3Anone');
  });

  it('an unknown name is still refused, in the words given', async () => {
    const { status, body } = await request(app)
      .post('/api/v1/simulate')
      .send({ country: 'AT', edition: '2024', answers: { '999z': 'none' } });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('999z');
  });
});

describe('workspace answer history: question ids and codes alike', () => {
  it('/workspace/sheets/AT/2024/history/30 is the history of fr-accommodation', async () => {
    const { app } = workspaceSetup();
    const coordinator = await signIn(app, 'coordinator@example.org');
    const byId = await coordinator.get('/workspace/sheets/AT/2024/history/fr-accommodation');
    const byCode = await coordinator.get('/workspace/sheets/AT/2024/history/30');
    expect(byCode.status).toBe(200);
    expect(byCode.text).toBe(byId.text);
    expect((await coordinator.get('/workspace/sheets/AT/2024/history/999z')).status).toBe(404);
  });
});
