/**
 * The review page of an imported sheet that deviates from the skip logic, in Chromium at 1280 and
 * 390 px: its deviations section and the "approve as coded" confirmation pass axe-core (no serious
 * or critical violation) and nothing scrolls sideways; the browser will not send the approval
 * without the confirmation ticked, and with it the sheet is approved; the publish preview then
 * lists the same deviations, as accessibly. Full-page screenshots go to SCREENSHOT_DIR (or the OS
 * temp folder) as review-as-coded-{width}.png and publish-as-coded-{width}.png.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { testApp } from '../helpers/app.js';
import {
  answeredWhereSkipped,
  PASSWORD,
  saveAnswers,
  workspaceSetup,
} from '../workspace/helpers.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';
import { audit, serve, withPage, type Served } from './browser.js';

const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;
const setup = workspaceSetup();
let served: Served;

beforeAll(async () => {
  const { answers } = answeredWhereSkipped(setup.db, questionnaire);
  saveAnswers(setup.db, questionnaire, {
    country: 'AT',
    edition: '2025',
    status: 'imported',
    answers,
  });
  served = await serve(testApp({ db: setup.db, log: () => {} }));
});
afterAll(async () => {
  await served?.close();
});

describe('approving an imported sheet as coded, in Chromium', () => {
  it('lists the deviations accessibly and approves only with the confirmation', async () => {
    await withPage(async (page) => {
      await page.goto(`${served.origin}/login`);
      await page.getByLabel('Email').fill('coordinator@example.org');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${served.origin}/workspace`);
      await page.goto(`${served.origin}/workspace/sheets/AT/2025/review`);
      const folder = process.env.SCREENSHOT_DIR ?? tmpdir();
      const found = await audit(page, 'review-as-coded', async (width) => {
        await page.screenshot({
          path: join(folder, `review-as-coded-${width}.png`),
          fullPage: true,
        });
      });
      expect(
        found.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? '')),
      ).toEqual([]);
      expect(found.wide).toEqual([]);
      const deviations = await page.locator('#deviations tbody tr').count();
      expect(deviations).toBeGreaterThan(0);
      await page.locator('#deviations').screenshot({
        path: join(folder, 'review-as-coded-deviations.png'),
      });
      await page
        .locator('form.decision')
        .first()
        .screenshot({
          path: join(folder, 'review-as-coded-approve.png'),
        });

      const approve = page.getByRole('button', { name: 'Approve as coded' });
      await approve.click();
      // The required confirmation keeps the form from being sent.
      expect(page.url()).toContain('/review');
      expect(getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet.status).toBe('imported');
      await page.getByLabel(/Approve as coded: keep the/).check();
      await approve.click();
      await page.waitForURL(/\/workspace\/sheets\/AT\/2025\/review#decisions$/);
      expect(getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet.status).toBe('approved');

      // The publish preview lists the deviations publishing will record, as accessibly.
      await page.goto(`${served.origin}/workspace/editions/2025/publish`);
      const preview = await audit(page, 'publish-as-coded', async (width) => {
        await page.screenshot({
          path: join(folder, `publish-as-coded-${width}.png`),
          fullPage: true,
        });
      });
      expect(
        preview.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? '')),
      ).toEqual([]);
      expect(preview.wide).toEqual([]);
      await expect(page.locator('#publish-deviations tbody tr').count()).resolves.toBe(deviations);
    });
  }, 180_000);
});
