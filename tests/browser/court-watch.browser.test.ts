/**
 * Court-watch in Chromium: from an answer on a country profile to that rule's timeline (both
 * editions' answers, the points the change moved, the linked legal event), then to the same rule
 * in every country, filtered to a country group. Both new pages are checked with axe-core at 1280
 * and 390 px (no violation at all) and must not scroll sideways on a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.js';
import { createApp } from '../../src/web/app.js';
import { PublicData } from '../../src/published/public-data.js';
import { QUESTIONNAIRE_DIR, sampleDatabase } from '../storage/helpers.js';
import { audit, serve, withPage, type Served } from './browser.js';

let db: Db;
let site: Served;

beforeAll(async () => {
  db = sampleDatabase();
  site = await serve(createApp({ db, questionnaireDir: QUESTIONNAIRE_DIR, log: () => {} }));
});

afterAll(async () => {
  await site.close();
});

/** A sample legal event on a rule that changed from 2019 to 2024, with the changes page's row. */
async function changedRuleWithEvent() {
  for (const { event } of new PublicData(db).legalEvents())
    for (const country of event.countries) {
      const response = await fetch(
        `${site.origin}/api/v1/changes?country=${country}&from=2019&to=2024`,
      );
      const rows = ((await response.json()) as { rows: ChangeRow[] }).rows;
      const row = rows.find((r) => event.questions.includes(r.id));
      if (row) return { country, event, row };
    }
  throw new Error('no sample legal event on a rule that changed from 2019 to 2024');
}

interface ChangeRow {
  id: string;
  label: string;
  before: string;
  after: string;
  pointsOverallShown: string;
}

describe('court-watch in Chromium', () => {
  it('profile answer → rule timeline → the rule in every country, accessible on desktop and phone', async () => {
    const { country, event, row } = await changedRuleWithEvent();
    await withPage(async (page) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });

      await page.goto(`${site.origin}/countries/${country}/2024`);
      await page
        .getByRole('link', { name: `${row.label}: the rule over time and in other countries` })
        .click();
      await page.waitForURL(`${site.origin}/countries/${country}/rules/${row.id}`);
      expect(await page.locator('h1').textContent()).toContain(row.label);
      const editions = page.locator('#editions-heading + table tbody tr');
      expect(await editions.count()).toBe(2);
      expect(await page.locator('#edition-2019').textContent()).toContain(row.before);
      const latest = (await page.locator('#edition-2024').textContent())!;
      expect(latest).toContain(row.after);
      expect(latest).toContain(`${row.pointsOverallShown} overall`);
      expect(await page.locator(`#event-${event.id} h3`).textContent()).toBe(event.title);
      expect(await page.locator('svg.timeline-axis').isVisible()).toBe(true);
      const timeline = await audit(page, 'timeline');

      await page.getByRole('link', { name: 'This rule in every country' }).click();
      await page.waitForURL(`${site.origin}/rules/${row.id}/2024`);
      expect(await page.locator('h1').textContent()).toContain(row.label);
      expect(await page.locator(`#country-${country}`).textContent()).toContain(event.title);
      await page
        .getByRole('navigation', { name: 'Country groups' })
        .getByRole('link', { name: 'EU15' })
        .click();
      await page.waitForURL(`${site.origin}/rules/${row.id}/2024?group=eu15`);
      expect(await page.locator('.lead').textContent()).toContain('EU15 countries');
      expect(await page.locator('#country-CA').count()).toBe(0);
      const everyCountry = await audit(page, 'every country');

      expect([...timeline.violations, ...everyCountry.violations]).toEqual([]);
      expect([...timeline.wide, ...everyCountry.wide]).toEqual([]);
      expect(errors).toEqual([]);
    });
  });
});
