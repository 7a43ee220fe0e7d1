/**
 * The methodology page of a questionnaire with readings (tests/fixtures/questionnaires/readings),
 * rendered from its view model with the site's template and style sheet: each reading in words
 * with its indicators' effective weights passes axe-core and does not scroll sideways at 390 px.
 * Screenshots at both widths go to `$SCREENSHOT_DIR` (or the OS temp folder).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPages, withPage, type Served } from './browser.js';
import { serveMethodology } from './methodology-page.js';

let served: Served;
let origin: string;

beforeAll(async () => {
  served = await serveMethodology('readings', 'Readings test questionnaire 1.0.0');
  origin = served.origin;
});

afterAll(() => served.close());

describe('methodology page with readings', () => {
  it('shows each reading in words with its effective weights, accessibly, without sideways scrolling', async () => {
    await withPage(async (page) => {
      const found = await auditPages(page, origin, [['readings', '/methodology']], 'methodology');
      const bar = page.locator('#tests-reading-bar');
      await expect(bar.textContent()).resolves.toBe('Height of the bar');
      const words = page.locator('#tests-reading-bar + p');
      await expect(words.textContent()).resolves.toMatch(
        /^Height of the bar: 100 minus the weighted mean/,
      );
      const weights = page.getByRole('region', {
        name: 'Height of the bar: indicators read and their effective weights',
      });
      // A heading row per dimension read (gate-d is read by no reading), then its indicators.
      await expect(weights.locator('tbody').count()).resolves.toBe(3);
      await expect(
        weights.locator('tbody th[scope="rowgroup"]').allTextContents(),
      ).resolves.toEqual(['Gate A', 'Gate B', 'Gate C']);
      await expect(weights.locator('tbody tr').nth(2).textContent()).resolves.toBe(
        'A levelLevel required75.00 %18.75 %',
      );
      expect(found.violations).toEqual([]);
      expect(found.wide).toEqual([]);
    });
  });
});
