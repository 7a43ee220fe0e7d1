/**
 * The French pages in a real browser (headless Chromium, issue 14 item 10): the French home,
 * profile, about, changes hub, compare and methodology pages have no axe-core violation and no sideways scrolling at 1280 and 390 px, and the
 * language switcher is reached from the keyboard and leads to the same page in English.
 * Screenshots go to $SCREENSHOT_DIR or the system's temporary folder (`i18n-NAME-WIDTH.png`).
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
  ['home-fr', '/fr/'],
  ['profile-fr', '/fr/countries/SE/2024'],
  ['about-fr', '/fr/about'],
  ['changes-fr', '/fr/changes?from=2019&to=2024'],
  ['compare-fr', '/fr/compare?edition=2024&countries=DE,FR,SE'],
  ['methodology-fr', '/fr/methodology'],
];

describe('French pages in Chromium', () => {
  it('have no axe-core violation and no sideways scrolling at 1280 and 390 px', async () => {
    await withPage(async (page) => {
      const { violations, wide } = await auditPages(page, served.origin, PAGES, 'i18n');
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);
    });
  }, 180_000);

  it('the switcher is reached from the keyboard and opens the English page', async () => {
    await withPage(async (page) => {
      await page.goto(`${served.origin}/fr/countries/SE/2024`);
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      let focused = '';
      for (let i = 0; i < 40 && focused !== 'en'; i++) {
        await page.keyboard.press('Tab');
        focused = (await page.evaluate(
          'document.activeElement?.getAttribute("hreflang") ?? ""',
        )) as string;
      }
      expect(focused).toBe('en');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${served.origin}/countries/SE/2024`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
    });
  }, 60_000);
});
