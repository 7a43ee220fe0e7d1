/**
 * The charts in a real browser (headless Chromium): pages with charts have no axe-core
 * violation and no sideways scrolling at 1280 and 390 px, each chart fits its column at 390 px
 * with text no smaller than 11 px, and its table opens from the keyboard. Screenshots of each
 * page at each width go to the system's temporary folder.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { auditPages, serve, withPage, type Served } from './browser.js';

let served: Served;

beforeAll(async () => {
  served = await serve(testApp({ analysisRateLimit: false }));
});
afterAll(() => served.close());

const PAGES: [string, string][] = [
  ['ranking', '/'],
  ['profile', '/countries/DE/2024'],
  ['strand', '/strands/access-to-nationality/2024'],
];

describe('the charts in Chromium', () => {
  it('have no axe-core violation and no sideways scrolling at 1280 and 390 px', async () => {
    await withPage(async (page) => {
      const { violations, wide } = await auditPages(page, served.origin, PAGES, 'charts');
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);
    });
  }, 180_000);

  it('at 390 px every chart fits the page, its text is readable, its table opens', async () => {
    await withPage(async (page) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${served.origin}/countries/DE/2024`);
      const charts = page.locator('figure.chart');
      expect(await charts.count()).toBe(2);
      // Text is drawn in the viewBox's units: its size on screen is scaled with the SVG.
      const smallest = (await page.evaluate(
        `[...document.querySelectorAll('svg.chart-svg')].map((svg) => {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return Math.min(...[...svg.querySelectorAll('text')].map(
            (t) => parseFloat(getComputedStyle(t).fontSize) * scale));
        })`,
      )) as number[];
      expect(smallest).toHaveLength(2);
      for (const size of smallest) expect(size).toBeGreaterThanOrEqual(11);
      for (const chart of await charts.all()) {
        const box = (await chart.locator('svg.chart-svg').boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(390);
        const summary = chart.locator('details.chart-table summary');
        await summary.focus();
        await page.keyboard.press('Enter');
        expect(await chart.locator('details.chart-table table').isVisible()).toBe(true);
      }
      await page.screenshot({
        path: join(tmpdir(), 'charts-profile-tables-390.png'),
        fullPage: true,
      });
    });
  }, 120_000);
});
