/**
 * Every public page type, and a workspace strand form, in headless Chromium at 1280 and 390 px
 * (WCAG 2.2 AA, issue 14 items 1 and 8): axe-core finds no violation of any impact; nothing scrolls
 * the page sideways on a phone; and no table breaks inside a number or a word. A broken token is
 * found the way a reader sees it: the browser's boxes for one number ("100", "+1.04") or one word
 * lie on more than one line. Long web addresses and legal citations may wrap, but only inside
 * the elements that hold them (links to other sites, identifiers, code).
 *
 * Screenshots of each page at each width go to the system's temporary folder
 * (`public-a11y-NAME-WIDTH.png`), to be looked at after a layout change.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { workspaceSetup } from '../workspace/helpers.js';
import { audit, serve, signIn, withPage, type Finding, type Served } from './browser.js';

/** One page of every public type (the hubs have their own test: hubs.browser.test.ts). */
const PUBLIC_PAGES: [name: string, path: string][] = [
  ['ranking', '/'],
  ['ranking-by-strand', '/?sort=access-to-nationality'],
  ['profile', '/countries/SE/2024'],
  ['strand', '/strands/family-reunification/2024'],
  ['compare-6', '/compare?edition=2024&countries=AT%2CDE%2CSE%2CPT%2CES%2CFR'],
  ['compare-form', '/compare'],
  ['changes', '/countries/DE/changes?from=2019&to=2024'],
  ['changes-hub', '/changes'],
  ['what-if', '/countries/AT/2024/what-if?fr-residence-period=none'],
  ['methodology', '/methodology'],
  ['downloads', '/downloads'],
  ['robustness', '/robustness/2024?draws=50&sensitivity-samples=0'],
  ['timeline', '/countries/AT/rules/fr-residence-period'],
  ['rule-countries', '/rules/fr-residence-period/2024'],
  ['countries', '/countries'],
  ['strands', '/strands'],
  ['about', '/about'],
  ['ranking-fr', '/fr/'],
  ['profile-fr', '/fr/countries/SE/2024'],
];

/** A token of a table cell that the layout split over two lines. */
interface Broken {
  page: string;
  width: number;
  token: string;
  cell: string;
}

/**
 * Numbers and words in table cells whose boxes lie on more than one line (a break inside them).
 * Web addresses and identifiers may wrap where they are held: links to other sites, `code`,
 * `.identifier`. Hyphenated words count as their parts, which may wrap at the hyphen.
 */
const BROKEN_TOKENS = `(() => {
  const broken = [];
  const allowed = 'a[href^="http"], code, .identifier, .citation';
  for (const cell of document.querySelectorAll('main table :is(td, th)')) {
    if (cell.getClientRects().length === 0) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (text.parentElement.closest(allowed)) continue;
      if (text.parentElement.closest('td, th') !== cell) continue;
      for (const match of text.data.matchAll(/(?<![\\p{L}\\p{N}])[+\\u2212\\u00b1-]?\\d+(?:[.,]\\d+)*%?|[\\p{L}\\p{N}]+/gu)) {
        const range = document.createRange();
        range.setStart(text, match.index);
        range.setEnd(text, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push({ token: match[0], cell: cell.textContent.trim().slice(0, 60) });
      }
    }
  }
  return broken;
})()`;

/** Number cells (td class "num") whose content takes more than one line: a wrapped figure. */
const WRAPPED_NUMBER_CELLS = `(() => {
  const wrapped = [];
  for (const cell of document.querySelectorAll('main table td.num')) {
    if (cell.getClientRects().length === 0 || cell.textContent.trim() === '') continue;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lineHeight = parseFloat(getComputedStyle(cell).lineHeight) || 20;
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top / (lineHeight / 2))));
    const height = range.getBoundingClientRect().height;
    if (height > lineHeight * 1.6 && tops.size > 2) wrapped.push(cell.textContent.trim().slice(0, 60));
  }
  return wrapped;
})()`;

/** Axe-core, sideways scrolling, broken tokens and wrapped number cells of the open page. */
async function check(page: Page, name: string) {
  const broken: Broken[] = [];
  const wrapped: string[] = [];
  const found = await audit(page, name, async (width) => {
    for (const token of (await page.evaluate(BROKEN_TOKENS)) as Omit<Broken, 'page' | 'width'>[])
      broken.push({ page: name, width, ...token });
    for (const cell of (await page.evaluate(WRAPPED_NUMBER_CELLS)) as string[])
      wrapped.push(`${name} at ${width} px: ${cell}`);
    await page.screenshot({
      path: join(tmpdir(), `public-a11y-${name}-${width}.png`),
      fullPage: true,
    });
  });
  return { ...found, broken, wrapped };
}

interface Results {
  violations: Finding[];
  wide: string[];
  broken: Broken[];
  wrapped: string[];
}

function collect(into: Results, from: Results) {
  into.violations.push(...from.violations);
  into.wide.push(...from.wide);
  into.broken.push(...from.broken);
  into.wrapped.push(...from.wrapped);
}

/** One assertion over every finding, so that a failure lists them all at once. */
function expectClean(results: Results) {
  const violations = results.violations.map(
    (v) => `${v.page} at ${v.width} px: ${v.id} (${v.impact}) ${v.targets.join(' | ')}`,
  );
  const broken = results.broken.map(
    (b) => `${b.page} at ${b.width} px: "${b.token}" in "${b.cell}"`,
  );
  expect({ ...results, violations, broken }).toEqual({
    violations: [],
    wide: [],
    broken: [],
    wrapped: [],
  });
}

describe('public pages in Chromium at 1280 and 390 px', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(testApp({ analysisRateLimit: false }));
  });
  afterAll(() => served.close());

  it('have no axe-core violation, no sideways scrolling and no broken number or word', async () => {
    await withPage(async (page) => {
      const results: Results = { violations: [], wide: [], broken: [], wrapped: [] };
      for (const [name, path] of PUBLIC_PAGES) {
        const response = await page.goto(`${served.origin}${path}`);
        expect(response?.status(), path).toBe(200);
        collect(results, await check(page, name));
      }
      expectClean(results);
    });
  }, 300_000);

  it('a phone gets a profile of reasonable height, its sources folded away', async () => {
    await withPage(async (page) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${served.origin}/countries/SE/2024`);
      const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
      // The language-tests gate table (questionnaire 1.1.0: 3 gates, 26 answers, one block per
      // gate on a phone) has a budget of its own; the rest of the page keeps the one it had.
      const gates = (await page.evaluate(
        "document.getElementById('gates-language-tests').getBoundingClientRect().height",
      )) as number;
      expect(gates).toBeLessThan(5_500);
      // Was 38,000 px: one answer per screen in 7 squeezed columns, every source spelled out.
      expect(height - gates).toBeLessThan(22_000);
      const folded = page.locator('main details.sources-more ul.sources li').first();
      expect(await folded.isVisible()).toBe(false);
      // On paper the folded sources are printed all the same.
      await page.emulateMedia({ media: 'print' });
      expect(await folded.isVisible()).toBe(true);
    });
  });
});

describe('a workspace strand form in Chromium at 1280 and 390 px', () => {
  const setup = workspaceSetup();
  let served: Served;
  beforeAll(async () => {
    served = await serve(setup.app);
  });
  afterAll(() => served.close());

  it('has no axe-core violation and no sideways scrolling', async () => {
    await withPage(async (page) => {
      await signIn(page, served.origin, 'expert-at@example.org');
      await page.goto(`${served.origin}/workspace/sheets/AT/2025/strands/family-reunification`);
      const results: Results = { violations: [], wide: [], broken: [], wrapped: [] };
      collect(results, await check(page, 'workspace-strand-form'));
      expectClean(results);
    });
  }, 120_000);
});
