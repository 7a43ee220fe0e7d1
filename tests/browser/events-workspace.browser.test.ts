/**
 * Legal events in the workspace, in Chromium, as an expert uses them: the list, the form (a
 * mistyped ECLI comes back with the error named and everything typed kept), the event's page,
 * and submitting it with the keyboard alone. Each page is checked with axe-core at 1280 and
 * 390 px (no violation at all, no sideways scrolling on a phone) and the event's page in print.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLegalEvent } from '../../src/storage/legal-event-repository.js';
import { workspaceSetup } from '../workspace/helpers.js';
import { audit, serve, signIn, withPage, type Finding, type Served } from './browser.js';

const setup = workspaceSetup();
let site: Served;

beforeAll(async () => {
  site = await serve(setup.app);
});

afterAll(async () => {
  await site.close();
});

const EVENT = {
  Id: 'at-2024-constitutional-court-waiting-period',
  'Case name or title of the act': 'Waiting period for family members (browser test)',
  'Date of the decision or adoption': '2024-05-02',
  'Court (court decisions)': 'Constitutional Court',
  "Summary, in the project's words": 'The court upheld the waiting period.',
  'Link to the text (https://…)': 'https://courts.example/at/2024/g-17',
  Countries: 'AT',
  Questions: 'fr-autonomous-permit',
};

describe('legal events in the workspace', () => {
  it('an expert adds an event, corrects a located error and submits it by keyboard', async () => {
    const violations: Finding[] = [];
    const wide: string[] = [];
    const check = async (page: Parameters<typeof audit>[0], name: string) => {
      const found = await audit(page, name);
      violations.push(...found.violations);
      wide.push(...found.wide);
      const dir = process.env.SCREENSHOT_DIR;
      if (dir) {
        await page.setViewportSize({ width: 390, height: 844 });
        await page.screenshot({
          path: join(dir, `${name.replace(/ /g, '-')}-390.png`),
          fullPage: true,
        });
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    };
    await withPage(async (page) => {
      await signIn(page, site.origin, 'expert-at@example.org');
      await page.goto(`${site.origin}/workspace/events`);
      await check(page, 'events list');
      await page.getByRole('link', { name: 'Add a legal event' }).click();
      await check(page, 'new event form');

      for (const [label, value] of Object.entries(EVENT)) await page.getByLabel(label).fill(value);
      await page.getByLabel('Kind').selectOption('court-decision');
      await page.getByLabel('Edition').selectOption('2025');
      await page.getByLabel('Outcome (court decisions)').selectOption('upheld');
      await page.getByLabel('ECLI (court decisions, where one exists)').fill('ECLI:AT:VfGH:24');
      await page.getByRole('button', { name: 'Add the event (as a draft)' }).press('Enter');

      const summary = page.locator('.error-summary');
      await expect.poll(() => summary.isVisible()).toBe(true);
      expect(await summary.innerText()).toMatch(/ECLI/);
      expect(await page.getByLabel('Case name or title of the act').inputValue()).toBe(
        EVENT['Case name or title of the act'],
      );
      expect(getLegalEvent(setup.db, EVENT.Id)).toBeNull();
      await check(page, 'event form with an error');

      await page
        .getByLabel('ECLI (court decisions, where one exists)')
        .fill('ECLI:AT:VFGH:2024:G17.2024');
      await page.getByRole('button', { name: 'Add the event (as a draft)' }).press('Enter');
      await page.waitForURL(`${site.origin}/workspace/events/${EVENT.Id}`);
      expect(getLegalEvent(setup.db, EVENT.Id)).toMatchObject({ status: 'draft' });
      await check(page, 'event page');

      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('main').innerText()).toContain('ECLI:AT:VFGH:2024:G17.2024');
      await page.emulateMedia({ media: 'screen' });

      // Keyboard only: Tab to "Submit for review" and press Enter.
      const focused = async () =>
        ((await page.evaluate('document.activeElement?.textContent ?? ""')) as string).trim();
      await page.locator('body').focus();
      for (let i = 0; i < 60 && (await focused()) !== 'Submit for review'; i++)
        await page.keyboard.press('Tab');
      expect(await focused()).toBe('Submit for review');
      await page.keyboard.press('Enter');
      await expect.poll(() => getLegalEvent(setup.db, EVENT.Id)?.status).toBe('submitted');
    });
    expect(violations).toEqual([]);
    expect(wide).toEqual([]);
  }, 120_000);
});
