/**
 * The methodology page of a questionnaire with table rules (tests/fixtures/questionnaires/
 * table-rules), rendered from its view model with the site's template and style sheet: each
 * table shown as a table inside the composite's row passes axe-core and does not scroll
 * sideways at 390 px.
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
import { audit, withPage } from './browser.js';

let server: Server;
let origin: string;

beforeAll(async () => {
  const view = buildMethodology(fixtureQuestionnaire('table-rules'), [], null);
  const html = await ejs.renderFile(join(ROOT_DIR, 'views', 'methodology.ejs'), {
    title: 'Methodology',
    view,
    edition: 'test',
    instrument: 'Table rules test questionnaire 1.0.0',
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

describe('methodology page with table rules', () => {
  it('shows each table in words, accessibly, without sideways scrolling', async () => {
    await withPage(async (page) => {
      await page.goto(`${origin}/methodology`);
      const table = page.locator('table.table-rule').first();
      await expect(table.locator('caption').textContent()).resolves.toContain('Points looked up');
      await expect(table.locator('tbody tr').count()).resolves.toBe(7);
      const { violations, wide } = await audit(page, 'methodology-table-rule');
      expect(violations).toEqual([]);
      expect(wide).toEqual([]);
    });
  });
});
