/**
 * The hubs in a real browser (headless Chromium): the countries index, the strands index, the
 * changes hub and the About page hold at 1280 and 390 px with no axe-core violation of any
 * impact and no sideways scrolling, and the country search works from the keyboard alone.
 * Screenshots of each page at each width go to the system's temporary folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { auditPages, serve, withPage, type Served } from './browser.js';

let served: Served;

beforeAll(async () => {
  served = await serve(testApp({ analysisRateLimit: false }));
});
afterAll(() => served.close());

const PAGES: [string, string][] = [
  ['countries', '/countries'],
  ['countries-search', '/countries?q=swe'],
  ['countries-none', '/countries?q=zz'],
  ['strands', '/strands'],
  ['changes', '/changes'],
  ['changes-by-strand', '/changes?from=2019&to=2024&sort=access-to-nationality'],
  ['changes-refused', '/changes?from=2024&to=2019'],
  ['about', '/about'],
];

describe('the hubs in Chromium', () => {
  it('have no axe-core violation and no sideways scrolling at 1280 and 390 px', async () => {
    await withPage(async (page) => {
      const { violations, wide } = await auditPages(page, served.origin, PAGES, 'hubs');
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);
    });
  }, 180_000);

  it('the country search works from the keyboard alone', async () => {
    await withPage(async (page) => {
      await page.goto(`${served.origin}/countries`);
      // Tab from the top of the page until the search field has the focus.
      let focused = '';
      for (let i = 0; i < 30 && focused !== 'country-search'; i++) {
        await page.keyboard.press('Tab');
        focused = (await page.evaluate('document.activeElement?.id ?? ""')) as string;
      }
      expect(focused).toBe('country-search');
      await page.keyboard.type('swed');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${served.origin}/countries?q=swed`);
      const rows = page.locator('table.hub-table tbody tr');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().locator('th').textContent()).toContain('Sweden');
      // On to the profile with the keyboard: Tab to the country's link, Enter.
      for (let i = 0; i < 40 && focused !== 'Sweden'; i++) {
        await page.keyboard.press('Tab');
        focused = (await page.evaluate('document.activeElement?.textContent ?? ""')) as string;
      }
      expect(focused).toBe('Sweden');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/countries\/SE\/2024$/);
    });
  });

  it('the navigation leads to every hub, and marks the current one', async () => {
    await withPage(async (page) => {
      await page.goto(`${served.origin}/`);
      for (const [label, heading] of [
        ['Countries', 'Countries'],
        ['Strands', 'Strands'],
        ['Changes', 'Changes from 2019 to 2024'],
        ['About', 'About this site'],
        ['Robustness', 'How robust are the ranks?'],
      ]) {
        await page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: label })
          .click();
        expect(await page.locator('h1').textContent()).toContain(heading);
      }
      await page.goto(`${served.origin}/strands`);
      expect(
        await page
          .getByRole('navigation', { name: 'Main' })
          .locator('[aria-current="page"]')
          .textContent(),
      ).toBe('Strands');
    });
  });
});
