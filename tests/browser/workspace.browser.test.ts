/**
 * The expert workflow in a real browser: an expert signs in, fills a strand, saves a draft,
 * reloads and finds it, completes and submits; a reviewer comments and approves; a coordinator
 * publishes; the public profile shows the new answer and score.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerMap } from '../../src/answers/types.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { scoreOf, scoreSheet } from '../../src/scoring/score-sheet.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';
import {
  firstAnswers as firstAnswersOf,
  workspaceSetup,
  type Setup,
} from '../workspace/helpers.js';
import { serve, signIn, withPage, type Served } from './browser.js';

const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;
const firstAnswers = firstAnswersOf(questionnaire);

let setup: Setup;
let served: Served;
let origin: string;

beforeAll(async () => {
  setup = workspaceSetup();
  served = await serve(setup.app);
  origin = served.origin;
});

afterAll(() => served.close());

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${origin}/`);
}

async function answerStrand(page: Page, strand: string) {
  for (const question of questionnaire.questions.filter((q) => q.strandId === strand)) {
    const answer = firstAnswers.get(question.id);
    if (!answer) continue;
    await page.check(`input[name="q.${question.id}.answer"][value="${answer}"]`);
    // The questionnaire's evidence rules require a legal source for every answer.
    await page.fill(`input[name="q.${question.id}.source.0.title"]`, 'Act (test)');
  }
}

describe('the expert workspace in Chromium', () => {
  it('draft → reload → submit → comment and approve → publish → public profile', async () => {
    await withPage(async (page) => {
      await signIn(page, origin, 'expert-at@example.org');
      await page.getByRole('link', { name: 'Austria' }).click();
      await page.waitForURL(`${origin}/workspace/sheets/AT/2025`);
      await page
        .locator('a[href="/workspace/sheets/AT/2025/strands/family-reunification"]')
        .click();
      await answerStrand(page, 'family-reunification');
      await page.getByLabel('Source 1 title').first().fill('Settlement and Residence Act');
      await page
        .locator('textarea[name="q.fr-residence-period.comment"]')
        .fill('Browser-entered: no waiting period.');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\?saved=1$/);
      expect(await page.locator('.success').textContent()).toBe('Saved.');

      await page.goto(`${origin}/workspace/sheets/AT/2025/strands/family-reunification`);
      expect(
        await page.locator('input[name="q.fr-residence-period.answer"][value="none"]').isChecked(),
      ).toBe(true);
      expect(
        await page.locator('textarea[name="q.fr-residence-period.comment"]').inputValue(),
      ).toBe('Browser-entered: no waiting period.');

      // The other strands with questions of their own (language tests' since questionnaire 1.1.0).
      for (const strand of ['access-to-nationality', 'language-tests']) {
        await page.goto(`${origin}/workspace/sheets/AT/2025/strands/${strand}`);
        await answerStrand(page, strand);
        await page.getByRole('button', { name: 'Save draft' }).click();
        await page.waitForURL(/\?saved=1$/);
      }
      await page.goto(`${origin}/workspace/sheets/AT/2025`);
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await page.waitForURL(`${origin}/workspace/sheets/AT/2025`);
      expect(await page.locator('.status').first().textContent()).toBe('submitted');
      await signOut(page);

      await signIn(page, origin, 'reviewer@example.org');
      await page.goto(`${origin}/workspace/sheets/AT/2025`);
      await page.getByLabel('Comment').fill('Checked against the act: fine.');
      await page.getByRole('button', { name: 'Add comment' }).click();
      await page.waitForURL(`${origin}/workspace/sheets/AT/2025`);
      expect(await page.locator('ul.comments').textContent()).toContain(
        'Checked against the act: fine.',
      );
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.waitForURL(`${origin}/workspace/sheets/AT/2025`);
      expect(await page.locator('.status').first().textContent()).toBe('approved');
      await signOut(page);

      await signIn(page, origin, 'coordinator@example.org');
      await page.getByRole('link', { name: 'Preview and publish 2025' }).click();
      await page.waitForURL(`${origin}/workspace/editions/2025/publish`);
      // Austria alone: the preview offers to publish it as partial (the default choice).
      expect(await page.locator('#coverage').textContent()).toContain('1 of 8');
      expect(await page.getByLabel(/Publish as partial/).isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Publish revision 1 of edition 2025' }).click();
      await page.waitForURL(`${origin}/editions/2025`);
      expect(await page.locator('#partial-edition').textContent()).toContain('Partial edition.');
      await page.goto(`${origin}/countries/AT/2025`);
      expect(await page.locator('main').textContent()).toContain(
        'Browser-entered: no waiting period.',
      );
      const expected = scoreOf(
        scoreSheet(
          questionnaire,
          answerMap(getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet),
        ),
        'overall',
      )!;
      expect(await page.locator('.score-big').textContent()).toContain(
        String(Math.round(expected)),
      );
    });
  });
});
