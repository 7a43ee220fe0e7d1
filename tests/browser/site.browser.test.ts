/**
 * The public site in a real browser (headless Chromium): from the ranking into a profile, a
 * comparison through the form, and a CSV download — what an advocate or a researcher does.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/web/app.js';
import { QUESTIONNAIRE_DIR, sampleDatabase } from '../storage/helpers.js';
import { withPage } from './browser.js';

let server: Server;
let origin: string;

beforeAll(async () => {
  const app = createApp({ db: sampleDatabase(), questionnaireDir: QUESTIONNAIRE_DIR });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the public site in Chromium', () => {
  it('ranking → country profile → comparison → CSV download', async () => {
    await withPage(async (page) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));

      await page.goto(`${origin}/`);
      expect(await page.locator('h1').textContent()).toBe('Ranking, edition 2024');
      expect(await page.locator('.banner').isVisible()).toBe(true);
      expect(await page.locator('table.ranking tbody tr').count()).toBe(8);

      await page.getByRole('link', { name: 'Germany', exact: true }).click();
      await page.waitForURL(`${origin}/countries/DE/2024`);
      expect(await page.locator('h1').textContent()).toContain('Germany');
      expect(await page.locator('.score-big').textContent()).toContain('59');
      expect(await page.locator('svg.bars').first().isVisible()).toBe(true);
      expect(await page.locator('.cite .citation').textContent()).toContain('/countries/DE/2024');

      await page.getByRole('link', { name: 'Compare', exact: true }).click();
      for (const name of ['Austria', 'Germany', 'Sweden'])
        await page.getByRole('checkbox', { name }).check();
      await page.getByRole('button', { name: 'Compare' }).click();
      await page.waitForURL(/\/compare\?edition=2024&countries=AT&countries=DE&countries=SE/);
      expect(await page.locator('table.compare thead th').allTextContents()).toEqual([
        'Item',
        'Question',
        'Austria',
        'Germany',
        'Sweden',
      ]);
      expect(await page.locator('tr.question.differs').count()).toBeGreaterThan(5);

      await page.getByRole('link', { name: 'Downloads' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('a[href="/downloads/2024/r1/scores.csv"]').click(),
      ]);
      const file = await download.path();
      expect(download.suggestedFilename()).toBe('policy-index-2024-r1-scores.csv');
      expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(
        'country,edition,revision,node,level,code,score,coverage,illustrative,licence',
      );

      expect(errors).toEqual([]);
    });
  });

  it('is readable on a phone and prints without navigation', async () => {
    await withPage(async (page) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${origin}/countries/SE/2024`);
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      expect(overflow).toBeLessThanOrEqual(1);
      await page.emulateMedia({ media: 'print' });
      // The main navigation and the language switcher.
      const navs = await page.locator('header.site nav').all();
      expect(navs.length).toBe(2);
      for (const nav of navs) expect(await nav.isVisible()).toBe(false);
    });
  });

  it('wraps a citation whose address is longer than a phone is wide', async () => {
    // A real host name is longer than the loopback address: the citation's address is plain text.
    const app = createApp({
      db: sampleDatabase(),
      questionnaireDir: QUESTIONNAIRE_DIR,
      publicUrl: 'https://policyindexdemonstration.instituteformigrationresearch.example.org',
    });
    const longHost = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => longHost.once('listening', resolve));
    const at = `http://127.0.0.1:${(longHost.address() as AddressInfo).port}`;
    try {
      await withPage(async (page) => {
        await page.setViewportSize({ width: 390, height: 844 });
        for (const path of [
          '/countries/DE/2024',
          '/fr/countries/DE/2024',
          '/countries/PT/2019',
          '/strands/language-tests/2024',
        ]) {
          await page.goto(`${at}${path}`);
          expect(await page.locator('p.citation').textContent()).toContain(
            'policyindexdemonstration.instituteformigrationresearch.example.org',
          );
          const overflow = Number(
            await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
          );
          expect(overflow, path).toBeLessThanOrEqual(1);
        }
      });
    } finally {
      await new Promise<void>((resolve) => longHost.close(() => resolve()));
    }
  });
});
