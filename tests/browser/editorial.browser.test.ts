/**
 * The editors' key findings and recommendations in Chromium: an expert opens the form from the
 * sheet page, a mistake comes back located with what was typed kept, the text is saved and
 * submitted; once approved and published, the profile shows the section. The form (also with its
 * errors) and the profile are checked with axe-core at 1280 and 390 px (no violation, no sideways
 * scrolling). Screenshots go to $SCREENSHOT_DIR when set.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEditorial, saveEditorial } from '../../src/storage/editorial-repository.js';
import { storedQuestionnaire } from '../../src/storage/questionnaire-repository.js';
import { publishEdition } from '../../src/storage/snapshot-repository.js';
import { publishedAnswers, saveAnswers, workspaceSetup } from '../workspace/helpers.js';
import { audit, serve, signIn, withPage, type Finding, type Served } from './browser.js';

const setup = workspaceSetup();
let site: Served;

beforeAll(async () => {
  site = await serve(setup.app);
});
afterAll(async () => {
  await site.close();
});

describe("the editors' text in Chromium", () => {
  it('an expert writes it, fixes a located error and submits it; the published profile shows it', async () => {
    const violations: Finding[] = [];
    const wide: string[] = [];
    const dir = process.env.SCREENSHOT_DIR;
    const check = async (page: Parameters<typeof audit>[0], name: string, selector = 'main') => {
      const found = await audit(page, name, async (width) => {
        if (dir)
          await page
            .locator(selector)
            .first()
            .screenshot({ path: join(dir, `${name.replace(/ /g, '-')}-${width}.png`) });
      });
      violations.push(...found.violations);
      wide.push(...found.wide);
    };
    await withPage(async (page) => {
      await signIn(page, site.origin, 'expert-at@example.org');
      await page.goto(`${site.origin}/workspace/sheets/AT/2025`);
      await page.getByRole('link', { name: 'Key findings and recommendations' }).click();
      expect(page.url()).toContain('/workspace/sheets/AT/2025/editorial');
      await check(page, 'editorial form');

      await page.getByLabel('Key finding 1', { exact: true }).fill('x'.repeat(700));
      // Empty boxes after the first are folded: opened on demand.
      expect(await page.getByLabel('Key finding 2', { exact: true }).isVisible()).toBe(false);
      await page.getByText('Room for 7 more key findings').click();
      await page.getByLabel('Key finding 2', { exact: true }).fill('Partners wait longer.');
      await page.getByLabel('Recommendation 1', { exact: true }).fill('Shorten the wait.');
      await page.getByLabel('Recommendation 1 is about').fill('no-such-strand');
      await page.getByRole('button', { name: 'Save as a draft' }).click();
      await expect.poll(() => page.locator('.error-summary li').count()).toBe(2);
      await check(page, 'editorial form errors');
      expect(await page.getByLabel('Key finding 2', { exact: true }).inputValue()).toBe(
        'Partners wait longer.',
      );
      await page.locator('.error-summary a').first().click();
      expect(await page.evaluate('document.activeElement.id')).toBe('editorial-finding-1');

      await page
        .getByLabel('Key finding 1', { exact: true })
        .fill('Family reunification became harder: partners now wait two years.');
      await page.getByLabel('Recommendation 1 is about').fill('family-reunification');
      await page.getByRole('button', { name: 'Save as a draft' }).click();
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await expect.poll(() => page.locator('#editorial-status').textContent()).toBe('submitted');
    });

    const submitted = getEditorial(setup.db, 'AT', '2025')!;
    saveEditorial(setup.db, {
      ...submitted,
      status: 'approved',
      baseRevision: submitted.revision,
      user: 'reviewer@example.org',
      change: 'approved',
    });
    saveAnswers(setup.db, storedQuestionnaire(setup.db, 1), {
      country: 'AT',
      edition: '2025',
      status: 'approved',
      answers: publishedAnswers(setup.db, '2024', 'AT'),
    });
    publishEdition(setup.db, '2025', { user: 'coordinator', acceptPartial: true });

    await withPage(async (page) => {
      await page.goto(`${site.origin}/countries/AT/2025`);
      const section = page.locator('section.editorial');
      expect(await section.locator('li').count()).toBe(3);
      await check(page, 'editorial profile', 'section.editorial');
      // On paper: the section prints, its items whole.
      await page.emulateMedia({ media: 'print' });
      expect(await section.isVisible()).toBe(true);
      expect(
        await page.evaluate(
          "getComputedStyle(document.querySelector('section.editorial li')).breakInside",
        ),
      ).toBe('avoid');
      if (dir) await section.screenshot({ path: join(dir, 'editorial-profile-print.png') });
      await page.emulateMedia({ media: 'screen' });
      await section.getByRole('link').first().click();
      expect(page.url()).toContain('/strands/family-reunification/2025');
    });
    expect(violations).toEqual([]);
    expect(wide).toEqual([]);
  }, 240_000);
});
