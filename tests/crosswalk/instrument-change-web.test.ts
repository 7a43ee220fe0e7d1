/**
 * The instrument-change page and API through supertest, on a working database holding the
 * sample 2024 edition (2015 questionnaire) and a 2025 edition of Austria in the 2020
 * questionnaire, made with the crosswalk command and completed by hand for the one question it
 * cannot map — every step through the CLI.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { testApp } from '../helpers/app.js';
import { twoInstrumentDatabase } from './two-instruments.js';

let app: Express;
let close: () => void;

beforeAll(() => {
  const made = twoInstrumentDatabase();
  close = made.close;
  app = testApp({ db: made.db });
});

afterAll(() => close?.());

describe('GET /api/v1/countries/{C}/instrument-change', () => {
  it('splits the difference into instrument and coding parts that add up, overall and per strand', async () => {
    const res = await request(app)
      .get('/api/v1/countries/AT/instrument-change?from=2024&to=2025')
      .expect(200);
    const body = res.body;
    expect(body.from.questionnaire.id).toBe('migrant-policy-index');
    expect(body.to.questionnaire.id).toBe('migrant-policy-index-2020');
    expect(body.rows.map((r: { to_node: string }) => r.to_node)).toEqual([
      'overall',
      'family-reunion',
      'citizenship',
    ]);
    for (const row of body.rows) {
      expect(row.difference).toBeCloseTo(row.scores.b - row.scores.a, 9);
      expect(row.instrument + row.coding).toBeCloseTo(row.difference, 9);
    }
    // The 2025 answers are the 2024 ones re-coded (and eb84a, which 2015 cannot see, answered by
    // hand): nothing changed in the coding, so the whole difference is the instrument's.
    for (const row of body.rows) {
      expect(row.coding).toBe(0);
      expect(row.display.coding).toBe('±0');
    }
    expect(body.crossTerms.aRecoded).toEqual({ recoded: 0, unchanged: 20, notVisible: 1 });
    expect(body.crossTerms.bRecoded.recoded).toBe(0);
    expect(body.crossTerms.bRecoded.notVisible).toBeGreaterThan(40);
    expect(body.assumptions.join(' ')).toContain('cannot see did not change');
    // The questions 2015 has and the crosswalk cannot fill keep 2024's answers: full coverage.
    expect(body.coverage.a).toBe(1);
    expect(body.coverage.aRecoded).toBe(1); // eb84a is outside the overall score
    expect(body.coverage.bRecoded).toBe(1);
    expect(body.unmapped.aRecoded.map((u: { code: string }) => u.code)).toEqual(['eb84a']);
    expect(body.unmapped.bRecoded.length).toBeGreaterThan(40);
  });

  it('answers 400 for editions of the same questionnaire, pointing to the changes page', async () => {
    const res = await request(app)
      .get('/api/v1/countries/AT/instrument-change?from=2019&to=2024')
      .expect(400);
    expect(res.body.error.message).toContain('/countries/AT/changes?from=2019&to=2024');
  });

  it('answers 400 for a malformed or missing edition and 404 for an unknown one', async () => {
    await request(app).get('/api/v1/countries/AT/instrument-change?from=x!&to=2025').expect(400);
    await request(app).get('/api/v1/countries/AT/instrument-change?to=2025').expect(400);
    await request(app).get('/api/v1/countries/AT/instrument-change?from=2031&to=2025').expect(404);
    await request(app).get('/api/v1/countries/CA/instrument-change?from=2024&to=2025').expect(404);
  });
});

describe('GET /countries/{C}/instrument-change', () => {
  it('explains the method, shows the split table and the unmapped questions', async () => {
    const res = await request(app)
      .get('/countries/AT/instrument-change?from=2024&to=2025')
      .expect(200);
    expect(res.text).toContain('across two instruments');
    expect(res.text).toContain('Shapley split');
    expect(res.text).toMatch(/<th scope="col" class="num">Instrument<\/th>/);
    expect(res.text).toContain('questions not mapped');
    expect(res.text).toContain(
      'What the other questionnaire cannot see is assumed not to have changed',
    );
    expect(res.text).toMatch(
      /0 answers re-coded from 2024 \(coded differently\), 20 mapped and coded alike, 1 not visible/,
    );
    expect(res.text).toContain('no counterpart');
  });

  it('is the page the changes page links to across instruments', async () => {
    const res = await request(app).get('/countries/AT/changes?from=2024&to=2025').expect(200);
    expect(res.text).toContain('href="/countries/AT/instrument-change?from=2024&amp;to=2025"');
  });
});

describe('profiles of editions in two instruments', () => {
  it('a strand of its own left out of the overall is not called cross-cutting; a cross-cutting one is', async () => {
    const later = await request(app).get('/countries/AT/2025').expect(200);
    const row = later.text.match(/<th scope="row">[^]*?Permanent residence[^]*?<\/th>/i)?.[0];
    expect(row).toContain('(not in the overall score)');
    expect(later.text).not.toContain('cross-cutting, not in the overall score');
    const earlier = await request(app).get('/countries/AT/2024').expect(200);
    expect(earlier.text).toContain('(cross-cutting, not in the overall score)');
  });
});

describe('feeds over editions of two instruments', () => {
  it('the site-wide, country and strand feeds answer although the 2020 questionnaire has none of those strands', async () => {
    for (const path of [
      '/feeds/changes.atom',
      '/feeds/countries/AT.atom',
      '/feeds/strands/family-reunification.atom',
      '/feeds/strands/language-tests.atom',
    ]) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(200);
    }
  });
});
