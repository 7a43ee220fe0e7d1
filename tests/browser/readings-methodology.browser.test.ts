/**
 * The methodology page of a questionnaire with readings (tests/fixtures/questionnaires/readings),
 * rendered from its view model with the site's template and style sheet: each reading in words
 * with its indicators' effective weights passes axe-core and does not scroll sideways at 390 px.
 * Screenshots at both widths go to `$SCREENSHOT_DIR` (or the OS temp folder).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ejs from 'ejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMethodology } from '../../src/web/view-models/methodology.js';
import { translate, type Values } from '../../src/web/i18n/catalogue.js';
import { fixtureQuestionnaire, ROOT_DIR } from '../helpers/fixtures.js';
import { auditPages, withPage } from './browser.js';

let server: Server;
let origin: string;

beforeAll(async () => {
  const view = buildMethodology(fixtureQuestionnaire('readings'), [], null);
  const html = await ejs.renderFile(join(ROOT_DIR, 'views', 'methodology.ejs'), {
    title: 'Methodology',
    view,
    edition: 'test',
    instrument: 'Readings test questionnaire 1.0.0',
    deviations: [],
    path: '/methodology',
    // The locals every page gets (web/i18n): English.
    lang: 'en',
    t: (key: string, values?: Values) => translate('en', key, values),
    untranslated: () => false,
  });
  const css = readFileSync(join(ROOT_DIR, 'views', 'assets', 'site.css'));
  server = createServer((req, res) => {
    const isCss = req.url === '/assets/site.css';
    res.writeHead(200, { 'content-type': isCss ? 'text/css' : 'text/html; charset=utf-8' });
    res.end(isCss ? css : html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('methodology page with readings', () => {
  it('shows each reading in words with its effective weights, accessibly, without sideways scrolling', async () => {
    await withPage(async (page) => {
      const found = await auditPages(page, origin, [['readings', '/methodology']], 'methodology');
      const bar = page.locator('#tests-reading-bar');
      await expect(bar.textContent()).resolves.toBe('Height of the bar');
      const words = page.locator('#tests-reading-bar + p');
      await expect(words.textContent()).resolves.toMatch(
        /^Height of the bar: 100 minus the weighted mean/,
      );
      const weights = page.getByRole('region', {
        name: 'Height of the bar: indicators read and their effective weights',
      });
      await expect(weights.locator('tbody tr').count()).resolves.toBe(4);
      await expect(weights.locator('tbody tr').nth(1).textContent()).resolves.toBe(
        'A levelLevel required75.00 %18.75 %',
      );
      expect(found.violations).toEqual([]);
      expect(found.wide).toEqual([]);
    });
  });
});
