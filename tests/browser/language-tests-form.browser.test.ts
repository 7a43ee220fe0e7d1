/**
 * The workspace form of the language-tests strand (questionnaire 1.1.0: questions of its own in a
 * cross-cutting strand) in Chromium: no axe-core violation and no horizontal overflow at 1280 and
 * 390 px, and a level chosen on a phone is saved. Screenshots go to SCREENSHOT_DIR when it is set.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { workspaceSetup, type Setup } from '../workspace/helpers.js';
import { audit, serve, signIn, withPage, type Served } from './browser.js';

const FORM = '/workspace/sheets/AT/2025/strands/language-tests';

let setup: Setup;
let served: Served;

beforeAll(async () => {
  setup = workspaceSetup();
  served = await serve(setup.app);
});

afterAll(() => served.close());

async function screenshot(page: Page, name: string) {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}

describe('the language-tests strand form in Chromium', () => {
  it('passes axe-core without overflow, and saves a level chosen on a phone', async () => {
    await withPage(async (page) => {
      await signIn(page, served.origin, 'expert-at@example.org');
      await page.goto(`${served.origin}${FORM}`);
      const { violations, wide } = await audit(page, FORM, async (width) =>
        screenshot(page, `language-tests-form-${width}`),
      );
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);

      await page.setViewportSize({ width: 390, height: 844 });
      await page.check('input[name="q.lt-nat-level.answer"][value="b1"]');
      await page.fill('#q-lt-nat-level--source-0-title', 'Citizenship Act');
      await Promise.all([
        page.waitForURL(/saved=1/),
        page.click('.save-bar button[type="submit"]'),
      ]);
      const stored = getSheet(setup.db, { country: 'AT', edition: '2025' })!;
      expect(stored.sheet.answers.get('lt-nat-level')?.answer).toBe('b1');
    });
  });
});
