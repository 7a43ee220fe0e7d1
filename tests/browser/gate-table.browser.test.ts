/**
 * A profile's gate table (issue 13) in headless Chromium at 1280 and 390 px: no axe-core
 * violation and no sideways scrolling on the whole page; the table shows a row per gate, a
 * column per facet and the readings; on a phone each gate stacks into one block that fits the
 * screen; printed, every source's address prints and the table fits the page. Screenshots of the section go to $SCREENSHOT_DIR (or the OS temp folder) as
 * gate-table-{width}.png; the strand page with its reading columns and the French profile as
 * gate-strand-{width}.png and gate-fr-profile-{width}.png.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { audit, auditPages, serve, withPage, type Served } from './browser.js';

let served: Served;

beforeAll(async () => {
  served = await serve(testApp({}));
});
afterAll(async () => {
  await served?.close();
});

describe('the gate table of a profile in Chromium', () => {
  it('shows gates × facets with sources and readings, accessibly, without sideways scrolling', async () => {
    await withPage(async (page) => {
      await page.goto(`${served.origin}/countries/FR/2024`);
      const section = page.locator('section.gate-table');
      const table = section.locator('table.gates');
      await expect(table.locator('tbody > tr').count()).resolves.toBe(3);
      await expect(table.locator('thead th').allTextContents()).resolves.toEqual([
        'Gate',
        'Form',
        'Level required',
        'Exemptions',
        'Support and cost',
        'Design and consequence',
      ]);
      expect(await table.locator('a.source-link').count()).toBeGreaterThan(10);
      await expect(section.locator('table.gate-readings tbody tr').count()).resolves.toBe(4);
      const folder = process.env.SCREENSHOT_DIR ?? tmpdir();
      const widths: Record<number, { table: number; viewport: number }> = {};
      const { violations, wide } = await audit(page, 'gate-table', async (width) => {
        widths[width] = (await page.evaluate(`({
          table: document.querySelector('table.gates').getBoundingClientRect().right,
          viewport: window.innerWidth,
        })`)) as { table: number; viewport: number };
        await section.screenshot({ path: join(folder, `gate-table-${width}.png`) });
      });
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);
      // Stacked on a phone: the table itself fits the screen (it does not scroll in its box).
      expect(widths[390]!.table).toBeLessThanOrEqual(widths[390]!.viewport);
      // On paper: every source's address is printed after it, and the table fits the page.
      await page.emulateMedia({ media: 'print' });
      const printed = (await page.evaluate(`(() => {
        const table = document.querySelector('table.gates');
        const link = table.querySelector('a.source-link');
        return {
          after: getComputedStyle(link, '::after').content,
          href: link.getAttribute('href'),
          overflow: table.parentElement.scrollWidth - table.parentElement.clientWidth,
        };
      })()`)) as { after: string; href: string; overflow: number };
      expect(printed.after).toBe(`" <${printed.href}>"`);
      expect(printed.overflow).toBeLessThanOrEqual(0);
      await page.emulateMedia({ media: 'screen' });
      // "all countries" leads to the same question in every country of the edition.
      await table.locator('#gate-lt-naturalisation-lt-nat-level a.all-countries').click();
      expect(page.url()).toBe(`${served.origin}/rules/lt-nat-level/2024`);
      await expect(page.locator('h1').textContent()).resolves.toContain('Language level');
    });
  }, 180_000);

  it('the strand page with its readings and the French profile, accessibly', async () => {
    await withPage(async (page) => {
      const { violations, wide } = await auditPages(
        page,
        served.origin,
        [
          ['strand', '/strands/language-tests/2024'],
          ['fr-profile', '/fr/countries/FR/2024'],
        ],
        'gate',
      );
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);
      // The strand's method is folded under the lead on screen, and printed on paper.
      await page.goto(`${served.origin}/strands/language-tests/2024`);
      const method = page.locator('details.lead-more > p');
      expect(await method.isVisible()).toBe(false);
      await page.emulateMedia({ media: 'print' });
      expect(await method.isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });
    });
  }, 180_000);
});
