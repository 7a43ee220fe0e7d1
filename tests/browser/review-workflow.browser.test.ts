/**
 * The reviewed workflow as people use it, in Chromium: a coordinator opens edition 2025 and
 * assigns an expert and a reviewer to Austria; the expert carries the answers of 2024 forward and
 * confirms them one by one (a "Save draft" without changes confirms nothing), changes one answer,
 * cites the sources the evidence rules ask for and submits; the reviewer refuses to request
 * changes without a reason, requests them with one, and approves the fixed sheet; the coordinator
 * previews and publishes the edition as partial. The public site then labels 2025 partial and
 * its home page keeps 2024, the last complete edition.
 *
 * On the way every workspace page is checked with axe-core at 1280 and 390 px (no serious or
 * critical violation; nothing scrolls sideways on a phone), the strand form is filled and saved
 * with the keyboard alone with the focus visible, and the review and sheet pages are printed.
 * Screenshots go to SCREENSHOT_DIR when it is set.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { createApp } from '../../src/web/app.js';
import { createUser, type Role } from '../../src/storage/account-repository.js';
import { carriedForward } from '../../src/storage/review-repository.js';
import { QUESTIONNAIRE_DIR, sampleDatabase } from '../storage/helpers.js';
import { PASSWORD } from '../workspace/helpers.js';
import { audit as auditPage, type Finding, type Served, serve, withPage } from './browser.js';

const SHEET = '/workspace/sheets/AT/2025';
// Every strand with questions of its own (the language-tests strand's since questionnaire 1.1.0).
const STRANDS = ['family-reunification', 'access-to-nationality', 'language-tests'];
const CHANGED = 'fr-residence-period';

let db: Db;
let served: Served;
let origin: string;

beforeAll(async () => {
  db = sampleDatabase();
  const user = (email: string, role: Role) =>
    createUser(db, { email, name: email.split('@')[0]!, role, password: PASSWORD });
  user('coordinator@example.org', 'coordinator');
  user('expert@example.org', 'expert');
  user('reviewer@example.org', 'reviewer');
  served = await serve(
    createApp({
      db,
      questionnaireDir: QUESTIONNAIRE_DIR,
      publicUrl: 'https://index.example',
      log: () => {},
    }),
  );
  origin = served.origin;
});

afterAll(async () => {
  await served.close();
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) writeFileSync(join(dir, 'axe-results.json'), JSON.stringify(audits, null, 2));
});

/** Serious and critical axe-core violations seen, and sideways scrolling on a phone. */
const violations: Finding[] = [];
const overflowing: string[] = [];
/** Every violation seen, whatever its impact (written to SCREENSHOT_DIR). */
const audits: Finding[] = [];

/** The top of the page, and up to three more screens below it, as `name-N.png`. */
async function screenshot(page: Page, name: string) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  const { width, height } = page.viewportSize()!;
  const total = (await page.evaluate('document.documentElement.scrollHeight')) as number;
  const step = height * 2;
  for (let y = 0, n = 1; y < total && n <= 4; y += step, n++)
    await page.screenshot({
      path: join(dir, `${name}-${n}.png`),
      fullPage: true,
      clip: { x: 0, y, width, height: Math.min(step, total - y) },
    });
}

/** One part of the page, at 1280 and at 390 px, as `name-WIDTH.png`. */
async function screenshotOf(page: Page, selector: string, name: string) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  for (const [width, height] of [
    [1280, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.locator(selector).screenshot({ path: join(dir, `${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Checks the page as it stands at 1280 and at 390 px (axe-core, and sideways scrolling on the
 * phone), keeping the serious and critical violations, and screenshots it at each width.
 */
async function audit(page: Page, name: string) {
  const found = await auditPage(page, name, (width) => screenshot(page, `${name}-${width}`));
  audits.push(...found.violations);
  violations.push(
    ...found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
  );
  overflowing.push(...found.wide);
}

/** Signs in through the login page with the keyboard: type, Tab to the next field, Enter. */
async function signIn(page: Page, email: string, auditAs?: string) {
  await page.goto(`${origin}/login`);
  if (auditAs) await audit(page, auditAs);
  await page.getByLabel('Email').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${origin}/workspace`);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${origin}/`);
}

/** The titles of the sources of one answer of Austria's 2025 sheet, as stored. */
function sourcesOf(question: string): string[] {
  const sheet = getSheet(db, { country: 'AT', edition: '2025' })!.sheet;
  return (sheet.answers.get(question)?.sources ?? []).map((s) =>
    `${s.title} ${s.article ?? ''}`.trim(),
  );
}

function carried(): Set<string> {
  const sheet = getSheet(db, { country: 'AT', edition: '2025' });
  return sheet ? new Set(carriedForward(db, sheet.id).keys()) : new Set();
}

function statusOf(): string {
  return getSheet(db, { country: 'AT', edition: '2025' })!.sheet.status;
}

interface Focused {
  id: string;
  name: string;
  /** Its text (a button's words). */
  text: string;
  /**
   * Whether the focus can be seen: the element shows an outline or a shadow, and the centre of
   * its first box (a link may wrap) is not hidden under something else (the sticky save bar).
   */
  visible: boolean;
}

async function focused(page: Page): Promise<Focused> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
      style.boxShadow !== 'none';
    const box = el.getClientRects()[0] ?? el.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return {
      id: el.id,
      name: el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''),
      text: el.textContent.trim(),
      visible: ring && top !== null && (el === top || el.contains(top)),
    };
  })()`)) as Focused;
}

/**
 * Presses Tab until `reached` says the focused element is the one wanted (at most `limit`
 * times), checking on the way that every element taking the focus shows it.
 */
async function tabUntil(page: Page, reached: (f: Focused) => boolean, limit: number) {
  for (let n = 0; n < limit; n++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    expect(now.visible, `the focus can be seen on ${now.name}#${now.id}`).toBe(true);
    if (reached(now)) return;
  }
  throw new Error(`not reached with ${limit} presses of Tab`);
}

/** Clicks every "Confirm this answer" button of the form, one question at a time. */
async function confirmEach(page: Page): Promise<number> {
  let confirmed = 0;
  const button = page.getByRole('button', { name: /^Confirm this answer for 2025$/ }).first();
  while ((await button.count()) > 0) {
    const question = (await button.getAttribute('form'))!;
    await button.click();
    await page.waitForURL(/\?confirmed=[^#]+#q-/);
    expect(await page.locator('.success').textContent()).toMatch(/^Confirmed: /);
    confirmed++;
    expect(confirmed, `confirming ${question} made progress`).toBeLessThan(60);
  }
  return confirmed;
}

/**
 * Emulates print and checks that the web addresses of the sources are printed after their links
 * (links print as plain text), and that the workspace's navigation and forms are left out.
 */
async function printed(page: Page, name: string): Promise<string[]> {
  await page.emulateMedia({ media: 'print' });
  const result = (await page.evaluate(`(() => {
    const shown = (el) => el.getClientRects().length > 0;
    const links = [...document.querySelectorAll('main a[href^="http"]')].filter(shown);
    return {
      bar: [...document.querySelectorAll('.workspace-bar, main form')].filter(shown).length,
      urls: links.map((a) => [a.href, getComputedStyle(a, '::after').content]),
    };
  })()`)) as { bar: number; urls: [string, string][] };
  await screenshot(page, `${name}-print`);
  await page.emulateMedia({ media: 'screen' });
  expect(result.bar, `${name}: navigation and forms are not printed`).toBe(0);
  for (const [href, after] of result.urls) expect(after).toContain(href);
  return result.urls.map(([href]) => href);
}

describe('the reviewed workflow in Chromium', () => {
  it('carry forward and confirm one by one → request changes → approve → publish as partial', async () => {
    await withPage(async (page) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });

      // ---- The coordinator opens the edition and assigns an expert and a reviewer ------------
      await signIn(page, 'coordinator@example.org', 'login');
      await page.getByLabel('Edition id').fill('2025');
      await page.getByLabel('Reference date').fill('2025-01-01');
      await page.getByRole('button', { name: 'Open the edition' }).click();
      await page.waitForURL(`${origin}/workspace`);
      await audit(page, 'dashboard-coordinator');
      await page
        .getByRole('navigation', { name: 'Workspace' })
        .getByRole('link', { name: 'Users and assignments' })
        .click();
      for (const [email, task] of [
        ['expert@example.org', 'expert'],
        ['reviewer@example.org', 'reviewer'],
      ] as const) {
        const form = page.locator('form[action="/workspace/assignments"]');
        await form.getByLabel('User').selectOption(email);
        await form.getByLabel('Task').selectOption(task);
        await form.getByLabel('Country').selectOption('AT');
        await form.getByLabel('Edition').selectOption('2025');
        await form.getByRole('button', { name: 'Assign' }).click();
        await page.waitForURL(`${origin}/workspace/users`);
      }
      await audit(page, 'users');
      await signOut(page);
      // ---- The expert carries 2024 forward: nothing is done until confirmed ------------------
      await signIn(page, 'expert@example.org');
      await audit(page, 'dashboard-expert');
      await page.getByRole('link', { name: 'Austria' }).click();
      await page.waitForURL(`${origin}${SHEET}`);
      await page.getByRole('button', { name: 'Carry forward the answers of 2024' }).click();
      await page.waitForURL(`${origin}${SHEET}`);
      const carriedAtFirst = carried();
      expect(carriedAtFirst.size).toBeGreaterThan(50);
      // Nothing is left to carry: the button is not offered again (it could only be refused).
      expect(await page.getByRole('button', { name: /Carry forward/ }).count()).toBe(0);
      const progress = await page.locator('#strands tbody td.num').allTextContents();
      expect(progress).toHaveLength(STRANDS.length);
      for (const done of progress) expect(done).toMatch(/^0 of \d+$/);
      await audit(page, 'sheet-carried');
      // "Save draft" without a change confirms nothing.
      await page.goto(`${origin}${SHEET}/strands/${STRANDS[0]}`);
      await audit(page, 'strand-carried');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\?saved=1$/);
      expect(carried()).toEqual(carriedAtFirst);

      // The law changed in 2025: the expert, on a phone with a keyboard, changes question 21
      // with the keyboard alone (from the top of the page through "Next unanswered", another
      // option with the arrow keys) and removes the 2024 source, which no longer says so; Enter
      // saves. Every element reached shows its focus, clear of the sticky save bar.
      const q = `q-${CHANGED}`;
      await page.setViewportSize({ width: 390, height: 844 });
      await tabUntil(page, (f) => f.name.includes('next-unanswered'), 60);
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`#${q}$`));
      await tabUntil(page, (f) => f.id === `${q}--answer--none`, 5);
      await page.keyboard.press('ArrowDown');
      await tabUntil(page, (f) => f.id === `${q}--source-0-title`, 3);
      for (let field = 0; field < 3; field++) {
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.press('Backspace');
        await page.keyboard.press('Tab');
      }
      // The date field's month, day and year are cleared one by one.
      for (let part = 0; part < 3; part++) {
        await page.keyboard.press('Backspace');
        if (part < 2) await page.keyboard.press('Tab');
      }
      expect(await page.locator(`#${q}--source-0-date`).inputValue()).toBe('');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\?saved=1$/);
      expect(carried().has(CHANGED)).toBe(false);
      // The evidence rules: an answer citing no source cannot be submitted.
      await page.goto(`${origin}${SHEET}`);
      const finding = page.locator('ul.evidence-errors li[data-code="source-required"]');
      expect(await finding.count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Submit for review' }).isDisabled()).toBe(true);
      await finding.getByRole('link').click();
      await page.waitForURL(new RegExp(`#${q}$`));
      await tabUntil(page, (f) => f.id === `${q}--source-0-title`, 6);
      await page.keyboard.type('Settlement and Residence Act (amended 2025)');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.type('https://legislation.example/at/nag-2025#s-20');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\?saved=1$/);
      expect(sourcesOf(CHANGED)).toEqual(['Settlement and Residence Act (amended 2025)']);
      await page.setViewportSize({ width: 1280, height: 900 });
      // Every other carried answer is confirmed with its own button: the first with the keyboard
      // (through "Next unanswered", Tab to its button, Space), the others by clicking.
      await page.goto(`${origin}${SHEET}/strands/${STRANDS[0]}`);
      await tabUntil(page, (f) => f.name.includes('next-unanswered'), 60);
      await page.keyboard.press('Enter');
      await page.waitForURL(/#q-fr-permit-duration$/);
      await tabUntil(page, (f) => f.text === 'Confirm this answer for 2025', 3);
      await page.keyboard.press('Space');
      await page.waitForURL(/\?confirmed=fr-permit-duration#q-fr-permit-duration$/);
      let confirmed = 1;
      for (const strand of STRANDS) {
        await page.goto(`${origin}${SHEET}/strands/${strand}`);
        confirmed += await confirmEach(page);
      }
      expect(confirmed).toBe(carriedAtFirst.size - 1);
      expect(carried()).toEqual(new Set());
      await page.goto(`${origin}${SHEET}`);
      expect(await page.locator('ul.evidence-errors').count()).toBe(0);
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await page.waitForURL(`${origin}${SHEET}`);
      expect(statusOf()).toBe('submitted');
      await audit(page, 'sheet-submitted');
      await printed(page, 'sheet-submitted');
      await signOut(page);
      // ---- The reviewer: differences, the effect of approving, a reason for changes ----------
      await signIn(page, 'reviewer@example.org');
      await page.getByRole('link', { name: 'Review', exact: true }).click();
      await page.waitForURL(`${origin}${SHEET}/review`);
      expect(await page.locator(`#diff-${CHANGED}`).textContent()).toContain(
        'A minimum period of one year or less',
      );
      expect(await page.locator('#effect tbody tr').count()).toBeGreaterThan(0);
      await audit(page, 'review');
      const urls = await printed(page, 'review');
      expect(urls).toContain('https://legislation.example/at/nag-2025#s-20');
      // No reason: the browser refuses, and so does the server when the browser is bypassed.
      await screenshotOf(page, '#decisions', 'review-decide');
      const requestChanges = page.getByRole('button', { name: 'Request changes' });
      await requestChanges.click();
      expect(page.url()).toBe(`${origin}${SHEET}/review`);
      expect(
        await page.evaluate('document.getElementById("review-reason").validity.valueMissing'),
      ).toBe(true);
      expect(errors).toEqual([]);
      await page.evaluate('document.getElementById("review-reason").removeAttribute("required")');
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        requestChanges.click(),
      ]);
      expect(refused.status()).toBe(400);
      expect(await page.locator('main .error').textContent()).toContain('reason');
      // The one error the console is expected to show: the refused request itself.
      await expect.poll(() => errors.length).toBe(1);
      expect(errors.splice(0)).toEqual([expect.stringContaining('400 (Bad Request)')]);
      await screenshot(page, 'review-refused');
      expect(statusOf()).toBe('submitted');
      await page.goto(`${origin}${SHEET}/review`);
      await page.locator('#review-reason').fill('Cite the article of the amended act for 21.');
      await requestChanges.click();
      await page.waitForURL(`${origin}${SHEET}/review#decisions`);
      expect(statusOf()).toBe('draft');
      await screenshotOf(page, '#decisions', 'review-decisions');
      expect(await page.locator('#decisions tbody').textContent()).toContain(
        'Cite the article of the amended act for 21.',
      );
      await signOut(page);
      // ---- The expert fixes and resubmits -----------------------------------------------------
      await signIn(page, 'expert@example.org');
      await page.goto(`${origin}${SHEET}`);
      // Why the sheet is a draft again, at the top of its page.
      expect(await page.locator('#changes-requested').textContent()).toContain(
        'Cite the article of the amended act for 21.',
      );
      await screenshotOf(page, 'main', 'sheet-changes-requested');
      await page.goto(`${origin}${SHEET}/strands/${STRANDS[0]}`);
      await page.locator(`#${q}--source-0-article`).fill('§ 20(4a)');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\?saved=1$/);
      await page.goto(`${origin}${SHEET}`);
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await page.waitForURL(`${origin}${SHEET}`);
      expect(statusOf()).toBe('submitted');
      expect(await page.locator('#changes-requested').count()).toBe(0);
      await signOut(page);

      // ---- The reviewer approves ---------------------------------------------------------------
      await signIn(page, 'reviewer@example.org');
      await page.goto(`${origin}${SHEET}/review`);
      expect(await page.locator(`#diff-${CHANGED}`).textContent()).toContain('§ 20(4a)');
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.waitForURL(`${origin}${SHEET}/review#decisions`);
      expect(statusOf()).toBe('approved');
      await signOut(page);
      // ---- The coordinator previews and publishes a partial edition -------------------------
      await signIn(page, 'coordinator@example.org');
      await page.getByRole('link', { name: 'Preview and publish 2025' }).click();
      await page.waitForURL(`${origin}/workspace/editions/2025/publish`);
      expect(await page.locator('#included tbody').textContent()).toContain('Austria');
      expect(await page.locator('#missing tbody tr').count()).toBe(7);
      await audit(page, 'publish-preview');
      await page.getByLabel(/Publish as partial/).check();
      await page.getByRole('button', { name: 'Publish revision 1 of edition 2025' }).click();
      await page.waitForURL(`${origin}/editions/2025`);
      expect(await page.locator('#partial-edition').textContent()).toContain('Partial edition');
      await page.goto(`${origin}/countries/AT/2025`);
      expect(await page.locator('#partial-edition').textContent()).toContain('Partial edition');
      await page.goto(`${origin}/`);
      expect(await page.locator('h1').textContent()).toBe('Ranking, edition 2024');
      expect(await page.locator('#partial-edition').count()).toBe(0);

      expect(errors).toEqual([]);
    });
    expect(violations).toEqual([]);
    expect(overflowing).toEqual([]);
  }, 180_000);
});
