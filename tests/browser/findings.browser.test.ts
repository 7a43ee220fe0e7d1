/**
 * The profile's findings section in a real browser (headless Chromium) at 1280 and 390 px: no
 * axe-core violation, no sideways scrolling; and the citation block on a strand page. Screenshots
 * of the section go to $SCREENSHOT_DIR (or the OS temp folder) as findings-{width}.png.
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

describe('the findings section of a profile in Chromium', () => {
  it('shows the findings with working links, without axe-core violations or sideways scrolling', async () => {
    await withPage(async (page) => {
      await page.goto(`${served.origin}/countries/DE/2024`);
      const items = page.locator('section.findings li');
      expect(await items.count()).toBeGreaterThan(2);
      const folder = process.env.SCREENSHOT_DIR ?? tmpdir();
      const { violations, wide } = await audit(page, 'findings', async (width) => {
        await page
          .locator('section.findings')
          .screenshot({ path: join(folder, `findings-${width}.png`) });
      });
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);
      await items.first().locator('a').click();
      expect(page.url()).toContain('/countries/DE/2024#groups-heading');
    });
  }, 180_000);

  it('cites the strand page: no violation with the citation block', async () => {
    await withPage(async (page) => {
      const { violations, wide } = await auditPages(
        page,
        served.origin,
        [['strand', '/strands/family-reunification/2024']],
        'findings-citation',
      );
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);
    });
  }, 180_000);
});
