/**
 * A profile on paper (issue 14, item 6), in headless Chromium with print media: a header gives
 * the permalink with its revision and the access date, every legal source's address is printed
 * after its title, the navigation and search forms are gone; an older revision keeps its banner.
 * On screen the print header is not shown.
 *
 * The print-mode screenshot and PDF go to the system's temporary folder
 * (`print-profile.png`, `print-profile-sources.png`, `print-profile.pdf`), to be looked at after a change to the print rules.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL, testApp } from '../helpers/app.js';
import { publishCorrection } from '../helpers/publish-correction.js';
import { sampleDatabase } from '../storage/helpers.js';
import { serve, withPage, type Served } from './browser.js';

const TODAY = new Date('2026-11-30T12:00:00Z');

let served: Served;
beforeAll(async () => {
  const db = sampleDatabase();
  publishCorrection(db);
  served = await serve(testApp({ db, now: () => TODAY }));
});
afterAll(() => served.close());

/** The text a `::after` rule adds to the first element matching `selector`. */
const afterContent = (page: Page, selector: string) =>
  page.evaluate(
    `getComputedStyle(document.querySelector(${JSON.stringify(selector)}), '::after').content`,
  ) as Promise<string>;

describe('a profile printed', () => {
  it('has a header with the permalink and access date, source addresses, no navigation', async () => {
    await withPage(async (page) => {
      await page.goto(`${served.origin}/countries/AT/2024?revision=1`);
      expect(await page.locator('.print-header').isVisible()).toBe(false);
      const sourceUrl = await page.locator('a.source-link').first().getAttribute('href');
      expect(sourceUrl).toMatch(/^https?:\/\//);
      expect(await afterContent(page, 'a.source-link')).toBe('none');

      await page.emulateMedia({ media: 'print' });
      const header = page.locator('.print-header');
      expect(await header.isVisible()).toBe(true);
      expect(await header.innerText()).toBe(
        `${PUBLIC_URL}/countries/AT/2024?revision=1 · accessed 30 November 2026`,
      );
      expect(await afterContent(page, 'a.source-link')).toBe(`" <${sourceUrl}>"`);
      // The main navigation and the language switcher.
      const navs = await page.locator('header.site nav').all();
      expect(navs.length).toBe(2);
      for (const nav of navs) expect(await nav.isVisible()).toBe(false);
      expect(await page.locator('.revision-notice').isVisible()).toBe(true);
      expect(await page.locator('.revision-notice').innerText()).toContain(
        'You are reading revision 1 of 2024',
      );
      await page.screenshot({ path: join(tmpdir(), 'print-profile.png'), fullPage: false });
      await page
        .locator('ul.sources')
        .first()
        .screenshot({ path: join(tmpdir(), 'print-profile-sources.png') });
      const pdf = await page.pdf({ path: join(tmpdir(), 'print-profile.pdf') });
      expect(pdf.length).toBeGreaterThan(10_000);
    });
  });

  it('hides the search and pick forms', async () => {
    await withPage(async (page) => {
      await page.emulateMedia({ media: 'print' });
      await page.goto(`${served.origin}/countries`);
      expect(await page.locator('form.hub-search').isVisible()).toBe(false);
      await page.goto(`${served.origin}/compare`);
      expect(await page.locator('form.compare-pick').isVisible()).toBe(false);
    });
  });
});
