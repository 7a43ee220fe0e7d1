/**
 * Citations that do not drift (issue 14, item 6): a profile's permalink and citation name its
 * revision, an older revision says that it was corrected and links to the current one, and the
 * citation gives the day it was accessed.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { Db } from '../../src/storage/database.js';
import { PUBLIC_URL, testApp } from '../helpers/app.js';
import { publishCorrection } from '../helpers/publish-correction.js';
import { sampleDatabase } from '../storage/helpers.js';
import { queryPages } from '../../src/web/export/site-paths.js';
import { addressBook, rewriteLinks } from '../../src/web/export/static-address.js';

/** The day the tests read the site on. */
const TODAY = new Date('2026-11-30T17:30:00Z');

/** The text of an element of `html` by its class, tags dropped and spaces folded. */
function textOf(html: string, className: string): string | null {
  const match = new RegExp(`class="${className}"[^>]*>([\\s\\S]*?)</(p|aside|pre|div)>`).exec(html);
  return match
    ? match[1]!
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim()
    : null;
}

describe('a profile with one revision', () => {
  let app: Express;
  beforeAll(() => {
    app = testApp({ now: () => TODAY });
  });

  it('cites its revision: the permalink and the citation link to ?revision=1', async () => {
    const { text, status } = await request(app).get('/countries/DE/2024');
    expect(status).toBe(200);
    const permalink = `${PUBLIC_URL}/countries/DE/2024?revision=1`;
    expect(text).toContain(`<a class="permalink" href="${permalink}">${permalink}</a>`);
    expect(textOf(text, 'citation')).toContain(`(revision 1). `);
    expect(textOf(text, 'citation')).toContain(`${permalink} (accessed 30 November 2026)`);
  });

  it('gives the access date in the text, the BibTeX and the API', async () => {
    const page = await request(app).get('/countries/DE/2024');
    expect(page.text).toContain('urldate = {2026-11-30}');
    expect(page.text).toContain(`url = {${PUBLIC_URL}/countries/DE/2024?revision=1}`);
    const api = await request(app).get('/api/v1/countries/DE/2024');
    expect(api.status).toBe(200);
    expect(api.body.permalink).toBe(`${PUBLIC_URL}/countries/DE/2024?revision=1`);
    expect(api.body.citation).toMatchObject({
      accessed: '2026-11-30',
      accessedText: '30 November 2026',
    });
    expect(api.body.citation.bibtex).toContain('urldate = {2026-11-30}');
  });

  it('shows no banner on the current revision', async () => {
    const { text } = await request(app).get('/countries/DE/2024');
    expect(text).not.toContain('revision-notice');
    expect(text).not.toContain('You are reading revision');
  });

  it('prints a header with the permalink and the access date', async () => {
    const { text } = await request(app).get('/countries/DE/2024');
    expect(textOf(text, 'print-header')).toBe(
      `${PUBLIC_URL}/countries/DE/2024?revision=1 · accessed 30 November 2026`,
    );
  });

  it('marks legal-source links for print, and prints their address after them', async () => {
    const { text } = await request(app).get('/countries/DE/2024');
    expect(text).toMatch(/<a class="source-link" href="https?:\/\//);
    const css = await request(app).get('/assets/site.css');
    expect(css.text).toMatch(/@media print\s*{[\s\S]*a\.source-link\[href\]::after/);
  });
});

describe('a profile after a correction', () => {
  let app: Express;
  let db: Db;
  beforeAll(() => {
    db = sampleDatabase();
    app = testApp({ db, now: () => TODAY });
    publishCorrection(db);
  });

  it('cites revision 2 on the current page, without a banner', async () => {
    const { text } = await request(app).get('/countries/AT/2024');
    expect(text).toContain(`href="${PUBLIC_URL}/countries/AT/2024?revision=2"`);
    expect(textOf(text, 'citation')).toContain('(revision 2)');
    expect(text).not.toContain('You are reading revision');
  });

  it('keeps revision 1 readable, citing revision 1, with a banner linking to the current one', async () => {
    const { text, status } = await request(app).get('/countries/AT/2024?revision=1');
    expect(status).toBe(200);
    expect(text).toContain(`href="${PUBLIC_URL}/countries/AT/2024?revision=1"`);
    expect(textOf(text, 'citation')).toContain('(revision 1)');
    expect(text).not.toContain('CORRECTED-COMMENT');
    const banner = textOf(text, 'revision-notice')!;
    expect(banner).toMatch(
      /^You are reading revision 1 of 2024 \(published \d{4}-\d\d-\d\d\)\. The current revision is 2 \(published \d{4}-\d\d-\d\d\)/,
    );
    expect(text).toContain('<a href="/countries/AT/2024?revision=2">read the current revision</a>');
    expect(text).toMatch(/<li>Revision 2, published \d{4}-\d\d-\d\d: correction<\/li>/);
    expect(text).toContain('href="/downloads#edition-2024"');
  });

  it('puts the banner in the API profile of the older revision only', async () => {
    const old = await request(app).get('/api/v1/countries/AT/2024?revision=1');
    expect(old.body.revisionNotice).toMatchObject({
      revision: 1,
      current: 2,
      currentHref: '/countries/AT/2024?revision=2',
    });
    const current = await request(app).get('/api/v1/countries/AT/2024');
    expect(current.body.revisionNotice).toBeNull();
  });

  it('has every revision of every profile in the static export, at an address without a query', async () => {
    const pages = queryPages(db);
    for (const revision of [1, 2])
      expect(pages).toContainEqual({
        url: `/countries/AT/2024?revision=${revision}`,
        at: `/countries/AT/2024/revision/${revision}`,
      });
    const { text } = await request(app).get('/countries/AT/2024?revision=1');
    expect(rewriteLinks(text, 'html', addressBook(pages), null)).toContain(
      '<a href="/countries/AT/2024/revision/2">read the current revision</a>',
    );
  });

  it('links the corrections list: the downloads page has the edition anchor', async () => {
    const { text } = await request(app).get('/downloads');
    expect(text).toContain('id="edition-2024"');
  });

  it('refuses a malformed or unknown revision with a clear error, never a 500', async () => {
    const bad = await request(app).get('/countries/AT/2024?revision=x');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('revision');
    const missing = await request(app).get('/countries/AT/2024?revision=9');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('published revisions: 1, 2');
  });
});

describe('the access date', () => {
  it('follows the day: a cached page is rendered again the next day', async () => {
    let now = TODAY;
    const app = testApp({ now: () => now });
    const first = await request(app).get('/countries/DE/2024');
    expect(first.text).toContain('accessed 30 November 2026');
    now = new Date('2026-12-01T00:00:01Z');
    // The cache reads its version again at most once a second (response-cache.ts).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const next = await request(app).get('/countries/DE/2024');
    expect(next.text).toContain('accessed 1 December 2026');
  });
});
