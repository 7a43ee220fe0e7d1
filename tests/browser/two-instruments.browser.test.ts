/**
 * The pages that list editions of both questionnaires, in headless Chromium at 1280 and 390 px:
 * the downloads page with the feeds of every strand of both generations, a strand page of the
 * 2020 questionnaire with its feed, and a French profile of a 2020-questionnaire edition with
 * French labels. No axe-core violation, no sideways scrolling; screenshots as `two-instruments-*`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { addLater2020Edition } from '../crosswalk/later-2020-edition.js';
import { twoInstrumentDatabase } from '../crosswalk/two-instruments.js';
import { auditPages, serve, withPage, type Served } from './browser.js';

let served: Served;
let close: () => void;

beforeAll(async () => {
  const made = twoInstrumentDatabase();
  close = made.close;
  addLater2020Edition(made.db);
  served = await serve(testApp({ db: made.db, analysisRateLimit: false }));
}, 120_000);
afterAll(async () => {
  await served?.close();
  close?.();
});

describe('pages over editions of two questionnaires, in Chromium', () => {
  it('have no axe-core violation and no sideways scrolling at 1280 and 390 px', async () => {
    await withPage(async (page) => {
      const { violations, wide } = await auditPages(
        page,
        served.origin,
        [
          ['downloads', '/downloads'],
          ['strand-2020', '/strands/family-reunion/2026'],
          ['profile-2020-fr', '/fr/countries/AT/2026'],
        ],
        'two-instruments',
      );
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);
    });
  }, 240_000);
});
