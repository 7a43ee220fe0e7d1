/**
 * The methodology page of a questionnaire with table rules (tests/fixtures/questionnaires/
 * table-rules), rendered from its view model with the site's template and style sheet: each
 * table shown as a table inside the composite's row passes axe-core and does not scroll
 * sideways at 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, withPage, type Served } from './browser.js';
import { serveMethodology } from './methodology-page.js';

let served: Served;
let origin: string;

beforeAll(async () => {
  served = await serveMethodology('table-rules', 'Table rules test questionnaire 1.0.0');
  origin = served.origin;
});

afterAll(() => served.close());

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
