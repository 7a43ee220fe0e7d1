/**
 * The court-watch routes take a question by id or by its external code, as the command line and
 * the what-if page do (questionnaire/question-names.ts): a page reached by code redirects (301)
 * to the id's address, the API answers the same JSON.
 */
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { sampleDatabase } from '../storage/helpers.js';

let app: Express;
beforeAll(() => {
  app = testApp({ db: sampleDatabase(), log: () => {} });
});

// fr-partners has the code 24a in the sample questionnaire.
describe('question codes in court-watch addresses', () => {
  it('a timeline page reached by code redirects permanently to the id', async () => {
    const response = await request(app).get('/countries/FR/rules/24a');
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/countries/FR/rules/fr-partners');
  });

  it('a rule page reached by code redirects to the id and keeps the group', async () => {
    const response = await request(app).get('/rules/24a/2024?group=eu15');
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/rules/fr-partners/2024?group=eu15');
  });

  it.each([
    ['/api/v1/countries/FR/rules/24a', '/api/v1/countries/FR/rules/fr-partners'],
    ['/api/v1/countries/FR/rules/24a.json', '/api/v1/countries/FR/rules/fr-partners.json'],
    ['/api/v1/countries/FR/rules/24a.csv', '/api/v1/countries/FR/rules/fr-partners.csv'],
    ['/api/v1/rules/24a/2024', '/api/v1/rules/fr-partners/2024'],
    ['/api/v1/rules/24a/2024?group=eu15', '/api/v1/rules/fr-partners/2024?group=eu15'],
  ])('%s answers exactly what %s does', async (byCode, byId) => {
    const [code, id] = await Promise.all([request(app).get(byCode), request(app).get(byId)]);
    expect(id.status).toBe(200);
    expect(code.status).toBe(200);
    expect(code.type).toBe(id.type);
    expect(code.text).toBe(id.text);
  });

  it.each([
    ['/api/v1/countries/FR/rules/999', 404, /question "999"/],
    ['/api/v1/rules/999/2024', 404, /question "999" in edition 2024/],
    ['/api/v1/rules/24_a/2024', 400, /id such as fr-partners or a code such as 25/],
  ])('%s → %i naming the question as given', async (path, status, message) => {
    const response = await request(app).get(path);
    expect(response.status).toBe(status);
    expect(response.body.error.message).toMatch(message);
  });
});
