/**
 * The strand form's script and layout in Chromium: the warning before leaving with unsaved
 * changes (only then, and not when saving), the "Add a source" button, the error summary taking
 * the focus, confirming a carried answer with its button, and the source fields' visible labels
 * on a phone. Screenshots at 1280 and 390 px go to SCREENSHOT_DIR when it is set.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { carriedForward } from '../../src/storage/review-repository.js';
import { workspaceSetup, type Setup } from '../workspace/helpers.js';
import { serve, signIn, withPage, type Served } from './browser.js';

const FORM = '/workspace/sheets/AT/2025/strands/family-reunification';
const QUESTION = 'fr-residence-period';

let setup: Setup;
let served: Served;
let origin: string;

beforeAll(async () => {
  setup = workspaceSetup();
  served = await serve(setup.app);
  origin = served.origin;
});

afterAll(() => served.close());

async function screenshot(page: Page, name: string) {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}

/** Records the beforeunload dialogs of a page, and lets the navigation go ahead. */
function unloadDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (dialog) => {
    seen.push(dialog.type());
    void dialog.accept();
  });
  return seen;
}

describe('the strand form in Chromium', () => {
  it('warns before leaving with unsaved changes only, adds source rows, and saves them', async () => {
    await withPage(async (page) => {
      const dialogs = unloadDialogs(page);
      await signIn(page, origin, 'expert-at@example.org');
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${origin}${FORM}`);
      await screenshot(page, 'form-1280');
      // Nothing changed: leaving asks nothing.
      await page.click('h1');
      await page.goto(`${origin}/workspace`);
      expect(dialogs).toEqual([]);

      await page.goto(`${origin}${FORM}`);
      await page.click(`#q-${QUESTION}--source-0-title`);
      await page.keyboard.type('Settlement and Residence Act');
      await page.goto(`${origin}/workspace`).catch(() => undefined);
      expect(dialogs).toEqual(['beforeunload']);

      // Typed and emptied again is no change.
      dialogs.length = 0;
      await page.goto(`${origin}${FORM}`);
      await page.click(`#q-${QUESTION}--comment`);
      await page.keyboard.type('x');
      await page.keyboard.press('Backspace');
      await page.goto(`${origin}/workspace`);
      expect(dialogs).toEqual([]);

      await page.goto(`${origin}${FORM}`);
      const add = page.locator(`.sources[data-sources="${QUESTION}"] button.add-source`);
      expect(await add.isVisible()).toBe(true);
      await page.fill(`#q-${QUESTION}--source-0-title`, 'Settlement and Residence Act');
      await page.fill(`#q-${QUESTION}--source-0-url`, 'https://legislation.example/at/nag#46');
      await page.fill(`#q-${QUESTION}--source-0-date`, '2024-12-01');
      await add.click();
      const second = page.getByLabel('Source 2 title').first();
      expect(await second.getAttribute('name')).toBe(`q.${QUESTION}.source.1.title`);
      expect(await page.locator(':focus').getAttribute('id')).toBe(`q-${QUESTION}--source-1-title`);
      await page.keyboard.type('Residence Regulation');
      expect(await page.locator(`#q-${QUESTION}--source-1-date`).getAttribute('type')).toBe('date');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\?saved=1$/);
      expect(dialogs).toEqual([]);
      const sources = getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet.answers.get(
        QUESTION,
      )!.sources;
      expect(sources.map((s) => s.title)).toEqual([
        'Settlement and Residence Act',
        'Residence Regulation',
      ]);
      expect(sources[0]!.date).toBe('2024-12-01');
    });
  });

  it('puts the focus on the error summary, and its links on the field', async () => {
    await withPage(async (page) => {
      await signIn(page, origin, 'expert-at@example.org');
      await page.goto(`${origin}${FORM}`);
      // An article without a title: the server refuses it.
      await page.fill(`#q-${QUESTION}--source-0-title`, '');
      await page.fill(`#q-${QUESTION}--source-0-article`, '§ 46');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForSelector('.error-summary');
      expect(await page.locator(':focus').getAttribute('class')).toBe('error-summary');
      await screenshot(page, 'form-errors-1280');
      await page.locator('.error-summary a').first().click();
      expect(await page.locator(':focus').getAttribute('id')).toBe(`q-${QUESTION}--source-0-title`);
      expect(
        await page.locator(`#q-${QUESTION}--source-0-title`).getAttribute('aria-invalid'),
      ).toBe('true');
    });
  });

  it('confirms a carried answer with its button; on a phone the index is above and source fields have visible labels', async () => {
    await withPage(async (page) => {
      await signIn(page, origin, 'expert-de@example.org');
      await page.goto(`${origin}/workspace/sheets/DE/2025`);
      await page.getByRole('button', { name: /Carry forward the answers of 2024/ }).click();
      await page.waitForURL(`${origin}/workspace/sheets/DE/2025`);
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, 'sheet-carried-1280');
      const sheetId = getSheet(setup.db, { country: 'DE', edition: '2025' })!.id;
      const before = carriedForward(setup.db, sheetId).size;

      await page.goto(`${origin}/workspace/sheets/DE/2025/strands/family-reunification`);
      await page.locator(`#q-${QUESTION}`).scrollIntoViewIfNeeded();
      await screenshot(page, 'carried-1280');
      await page
        .locator(`#q-${QUESTION}`)
        .getByRole('button', { name: 'Confirm this answer for 2025' })
        .click();
      await page.waitForURL(/\?confirmed=fr-residence-period#q-fr-residence-period$/);
      expect(await page.locator('.success').textContent()).toContain('Confirmed: 21');
      expect(carriedForward(setup.db, sheetId).size).toBe(before - 1);

      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${origin}/workspace/sheets/DE/2025/strands/family-reunification`);
      await screenshot(page, 'form-390');
      const index = await page.locator('.question-index').boundingBox();
      const form = await page.locator('form.answers-form').boundingBox();
      expect(index!.y + index!.height).toBeLessThanOrEqual(form!.y);
      const label = page.locator(`label[for="q-${QUESTION}--source-0-title"] .field-name`);
      const box = await label.boundingBox();
      expect(box!.width).toBeGreaterThan(20);
      expect(await label.textContent()).toBe('Source 1 title');
      await page.locator(`#q-fr-permit-duration`).scrollIntoViewIfNeeded();
      await screenshot(page, 'carried-390');
      await page.goto(`${origin}/workspace/sheets/DE/2025`);
      await screenshot(page, 'sheet-390');

      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${origin}/workspace/sheets/DE/2025/strands/family-reunification`);
      const wide = await label.boundingBox();
      expect(wide!.width).toBeLessThanOrEqual(1);
    });
  });

  it('shows a read-only form as text with links', async () => {
    await withPage(async (page) => {
      await signIn(page, origin, 'reviewer@example.org');
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${origin}${FORM}`);
      expect(await page.locator('input[name^="q."]').count()).toBe(0);
      expect(await page.locator(`#q-${QUESTION} a[href^="https://"]`).count()).toBeGreaterThan(0);
      await screenshot(page, 'read-only-1280');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'read-only-390');
    });
  });
});
