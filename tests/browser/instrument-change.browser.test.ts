/**
 * The instrument-change page in a real browser (headless Chromium) at 1280 and 390 px: no
 * axe-core violation, no sideways scrolling. Its data is a 2025 edition in the 2020
 * questionnaire made with the crosswalk command (the sample data has none: see the README).
 * With it, the pages that list both questionnaires: the downloads page (the feeds of every
 * strand), a 2020 strand page and a French profile of the 2020 questionnaire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { twoInstrumentDatabase } from '../crosswalk/two-instruments.js';
import { auditPages, serve, withPage, type Served } from './browser.js';

let served: Served;
let close: () => void;

beforeAll(async () => {
  const made = twoInstrumentDatabase();
  close = made.close;
  served = await serve(testApp({ db: made.db, analysisRateLimit: false }));
});
afterAll(async () => {
  await served?.close();
  close?.();
});

describe('the instrument-change page and pages over two instruments, in Chromium', () => {
  it('have no axe-core violation and no sideways scrolling at 1280 and 390 px', async () => {
    await withPage(async (page) => {
      const { violations, wide } = await auditPages(
        page,
        served.origin,
        [
          ['instrument-change', '/countries/AT/instrument-change?from=2024&to=2025'],
          // Pages that list editions or strands of both questionnaires.
          ['downloads', '/downloads'],
          ['strand-2020', '/strands/family-reunion/2025'],
          ['profile-2020-fr', '/fr/countries/AT/2025'],
        ],
        'instrument-change',
      );
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);
    });
  }, 240_000);
});
