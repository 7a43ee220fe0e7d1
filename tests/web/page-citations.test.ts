/**
 * Citations on every page that can be cited (issue 14, item 5): the strand, ranking and
 * methodology pages carry the same "Cite this" block as the profile, with the revision in the
 * permalink and the access date, and an older revision stays readable at its permalink.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { Db } from '../../src/storage/database.js';
import { PUBLIC_URL, testApp } from '../helpers/app.js';
import { publishCorrection } from '../helpers/publish-correction.js';
import { sampleDatabase } from '../storage/helpers.js';
import { queryPages } from '../../src/web/export/site-paths.js';

const TODAY = new Date('2026-11-30T17:30:00Z');

/** Each citable page: where it is read, and the permalink of its revision `r`. */
const PAGES = [
  { name: 'ranking', url: '/', permalink: (r: number) => `/editions/2024?revision=${r}` },
  {
    name: 'strand',
    url: '/strands/family-reunification/2024',
    permalink: (r: number) => `/strands/family-reunification/2024?revision=${r}`,
  },
  {
    name: 'methodology',
    url: '/methodology?edition=2024',
    permalink: (r: number) => `/methodology?edition=2024&revision=${r}`,
  },
];

describe('citations on the strand, ranking and methodology pages', () => {
  let app: Express;
  let db: Db;
  beforeAll(() => {
    db = sampleDatabase();
    app = testApp({ db, now: () => TODAY });
  });

  for (const page of PAGES)
    it(`the ${page.name} page cites its revision and the access date`, async () => {
      const { text, status } = await request(app).get(page.url);
      expect(status).toBe(200);
      const permalink = `${PUBLIC_URL}${page.permalink(1)}`.replace(/&/g, '&amp;');
      expect(text).toContain(`<a class="permalink" href="${permalink}">`);
      expect(text).toContain('(revision 1)');
      expect(text).toContain('(accessed 30 November 2026)');
      expect(text).toContain('urldate = {2026-11-30}');
      expect(text).toMatch(/<p class="print-header">[^<]*accessed 30 November 2026<\/p>/);
    });

  it('keeps each revision at its permalink after a correction, and in the static export', async () => {
    publishCorrection(db);
    // The cache reads its version again at most once a second (response-cache.ts).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    for (const page of PAGES) {
      const current = await request(app).get(page.url);
      expect(current.text).toContain('(revision 2)');
      const old = await request(app).get(page.permalink(1));
      expect(old.status).toBe(200);
      expect(old.text).toContain('(revision 1)');
    }
    const pages = queryPages(db);
    expect(pages).toContainEqual({
      url: '/strands/family-reunification/2024?revision=1',
      at: '/strands/family-reunification/2024/revision/1',
    });
    expect(pages).toContainEqual({
      url: '/methodology?edition=2024&revision=2',
      at: '/methodology/2024/revision/2',
    });
  });

  it('refuses a malformed revision on these pages with a 400, never a 500', async () => {
    const bad = await request(app).get('/strands/family-reunification/2024?revision=x');
    expect(bad.status).toBe(400);
  });
});
