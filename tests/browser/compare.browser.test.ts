/**
 * Compare made easy, in a real browser (headless Chromium; issue 14, item 3): a comparison is
 * built by picking two countries by name with the keyboard alone, the "only differences" filter
 * leaves only rows where a country differs, the header row stays in view while the table scrolls
 * at 390 px, and the compare pages (form, comparison, filtered, refused) have no axe-core
 * violation and no sideways scrolling at 1280 and 390 px. Screenshots go to the system's
 * temporary folder (`compare-NAME-WIDTH.png`).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { auditPages, serve, withPage, type Served } from './browser.js';

let served: Served;

beforeAll(async () => {
  served = await serve(testApp({ analysisRateLimit: false }));
});
afterAll(() => served.close());

/** Presses Tab until `focused` says the element wanted has the focus; fails after `limit` presses. */
async function tabTo(page: Page, what: string, focused: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(focused)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

const checkbox = (code: string) =>
  `document.activeElement?.matches('input[type=checkbox][name=countries][value=${code}]')`;

const PAGES: [string, string][] = [
  ['form', '/compare'],
  ['against', '/compare?edition=2024&against=AT'],
  ['six', '/compare?edition=2024&countries=AT,DE,SE,PT,ES,FR'],
  ['six-only', '/compare?edition=2024&countries=AT,DE,SE,PT,ES,FR&only_differences=1'],
  ['refused', '/compare?edition=2024&countries=AT,XX'],
];

describe('compare in Chromium', () => {
  it('a comparison is built by picking two countries by name, with the keyboard alone', async () => {
    await withPage(async (page) => {
      await page.goto(`${served.origin}/compare`);
      await tabTo(page, 'Austria', checkbox('AT'));
      expect(await page.evaluate('document.activeElement.labels[0].textContent.trim()')).toBe(
        'Austria',
      );
      await page.keyboard.press('Space');
      await tabTo(page, 'Sweden', checkbox('SE'));
      await page.keyboard.press('Space');
      await tabTo(page, 'the Compare button', `document.activeElement?.textContent === 'Compare'`);
      await page.keyboard.press('Enter');
      await page.waitForURL(/countries=AT&countries=SE/);
      const head = page.locator('table.compare thead th');
      expect(await head.allTextContents()).toEqual(['Item', 'Question', 'Austria', 'Sweden']);
      // Differences are marked in Sweden's column only: Austria is what it is compared with.
      expect(
        await page.locator('table.compare tbody tr td:nth-child(3).cell-differs').count(),
      ).toBe(0);
      const marked = await page.locator('table.compare tbody td.cell-differs').count();
      expect(marked).toBeGreaterThan(0);

      // The filter, from the keyboard too: only the rows where Sweden differs are left.
      const allRows = await page.locator('table.compare tbody tr.question').count();
      await tabTo(
        page,
        'the filter link',
        `document.activeElement?.textContent === 'Show only the rows that differ'`,
      );
      await page.keyboard.press('Enter');
      await page.waitForURL(/only_differences=1/);
      const questions = page.locator('table.compare tbody tr.question');
      expect(await questions.count()).toBe(marked);
      expect(await questions.count()).toBeLessThan(allRows);
      expect(
        await page.locator('table.compare tbody tr.question:not(:has(td.cell-differs))').count(),
      ).toBe(0);
      // The form, folded under the comparison, keeps the filter on for the next change.
      expect(await page.locator('input[name=only_differences]').isChecked()).toBe(true);
    });
  }, 120_000);

  it('the header row stays in view while the table scrolls, at 390 px', async () => {
    await withPage(async (page) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${served.origin}/compare?edition=2024&countries=AT,DE,SE,PT,ES,FR`);
      const box = page.locator('.compare-box');
      await box.evaluate((el) => {
        el.scrollIntoView();
        el.scrollTop = 3000;
        el.scrollLeft = 200;
      });
      expect(await box.evaluate((el) => el.scrollTop)).toBeGreaterThan(1000);
      const boxTop = (await box.boundingBox())!.y;
      const headTop = (await page.locator('table.compare thead th').nth(2).boundingBox())!.y;
      expect(Math.abs(headTop - boxTop)).toBeLessThan(3);
      await page.screenshot({ path: join(tmpdir(), 'compare-sticky-390.png') });
      // The page itself does not scroll sideways: the box does.
      expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBe(
        0,
      );
    });
  });

  it('has no axe-core violation and no sideways scrolling at 1280 and 390 px', async () => {
    await withPage(async (page) => {
      const { violations, wide } = await auditPages(page, served.origin, PAGES, 'compare');
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);
    });
  }, 180_000);
});
