/**
 * The static export never pretends. Served by a static server — which maps a path to a file and
 * ignores the query string — every link it contains leads to a file with a real result: sorted
 * rankings and changes between editions are pre-rendered under addresses of their own, pages
 * that need the server show a notice that links to the live site instead of a form, the OpenAPI
 * document lists only the files written, and a second export leaves nothing stale behind.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';
import { publishEdition } from '../../src/storage/snapshot-repository.js';
import { InputError } from '../../src/issues/issue.js';
import { exportSite, MARKER_FILE, staticFileFor } from '../../src/web/export-site.js';
import { cliAsync as cli, temporaryWorkingDatabase } from '../helpers/cli.js';
import { addLater2020Edition } from '../crosswalk/later-2020-edition.js';
import { twoInstrumentDatabase } from '../crosswalk/two-instruments.js';
import {
  emptyDatabase,
  QUESTIONNAIRE_DIR,
  sampleDatabase,
  SCORES_DIR,
  temporaryDir,
} from '../storage/helpers.js';

const BASE = 'https://index.example';

function allFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const full = join(root, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

const read = (dir: string, path: string) => readFileSync(join(dir, staticFileFor(path)), 'utf8');

/** The `href` and `src` values of an HTML file, as a browser reads them (`&amp;` → `&`). */
function linksOf(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map(([, v]) => v!.replace(/&amp;/g, '&'));
}

/** Why a file is an empty result (or a result a static server cannot give), or null. */
function emptyResult(file: string): string | null {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.html')) {
    if (/<form\b/.test(text)) return 'a form, which a static server cannot answer';
    if (/<tbody>\s*<\/tbody>/.test(text)) return 'a table without rows';
    if (!/<main[^>]*>[\s\S]*<(?:table|ul|ol|p|svg|aside)\b[\s\S]*<\/main>/.test(text))
      return 'a page with nothing in it';
    return null;
  }
  if (file.endsWith('.csv'))
    return text.trim().split('\n').length < 2 ? 'a CSV without rows' : null;
  if (file.endsWith('.json')) {
    const value: unknown = JSON.parse(text);
    const empty = (v: unknown) =>
      v === null || (typeof v === 'object' && Object.keys(v).length === 0);
    return empty(value) ? 'an empty JSON document' : null;
  }
  return text.trim() === '' ? 'an empty file' : null;
}

/** Where an exported redirect page (a meta refresh) leads, or null. */
function redirectTarget(html: string): string | null {
  return /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(html)?.[1] ?? null;
}

/**
 * What a static server answers for an internal path without query: null for a real result, else
 * why not. A redirect page is followed to its target.
 */
function resultAt(root: string, path: string, hops = 0): string | null {
  const file = join(root, staticFileFor(decodeURI(path)));
  if (!existsSync(file)) return 'no file';
  const target = file.endsWith('.html') ? redirectTarget(readFileSync(file, 'utf8')) : null;
  if (target === null) return emptyResult(file);
  if (hops > 3 || !target.startsWith('/') || target.includes('?')) return `a redirect to ${target}`;
  return resultAt(root, target.replace(/&amp;/g, '&'), hops + 1);
}

/** The rows of a ranking page: country names in the order shown. */
function rankingNames(html: string): string[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<th scope="row"><a [^>]*>([^<]+)<\/a>/g)].map(([, name]) => name!);
}

let db: Db;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  db = sampleDatabase();
  ({ dir, cleanup } = temporaryDir('site-'));
  await exportSite(db, dir, { questionnaireDir: QUESTIONNAIRE_DIR, publicUrl: BASE });
}, 240_000);
afterAll(() => cleanup());

/**
 * A crawl of every HTML file of an export: its pages, the internal links checked, and every
 * page or link that is broken (a query, a missing file or an empty result) with why.
 */
function crawl(root: string): { pages: number; checked: number; broken: string[] } {
  const pages = allFiles(root).filter((f) => f.endsWith('.html'));
  const broken: string[] = [];
  let checked = 0;
  for (const page of pages) {
    const from = page.slice(root.length);
    const why = redirectTarget(readFileSync(page, 'utf8')) === null ? emptyResult(page) : null;
    if (why !== null) broken.push(`${from}: ${why}`);
    for (const link of linksOf(readFileSync(page, 'utf8'))) {
      if (!link.startsWith('/') || link.startsWith('//')) continue;
      checked++;
      const path = link.split('#')[0]!;
      if (path.includes('?')) {
        broken.push(`${from} → ${link}: a query, which a static server ignores`);
        continue;
      }
      const why = resultAt(root, path);
      if (why !== null) broken.push(`${from} → ${link}: ${why}`);
    }
  }
  return { pages: pages.length, checked, broken };
}

describe('every link of the export leads to a real result', () => {
  it('a crawl of every HTML file finds no query, no missing file and no empty result', () => {
    const { pages, checked, broken } = crawl(dir);
    expect(pages).toBeGreaterThan(30);
    expect(checked).toBeGreaterThan(500);
    expect(broken).toEqual([]);
  }, 180_000);

  it('writes pages, API JSON and CSV downloads', () => {
    for (const path of [
      '/',
      '/countries/DE/2024',
      '/api/v1/editions',
      '/api/v1/editions/2024/scores.csv',
    ])
      expect(existsSync(join(dir, staticFileFor(path))), path).toBe(true);
    expect(allFiles(join(dir, 'downloads')).some((f) => f.endsWith('datapackage.json'))).toBe(true);
    expect(JSON.parse(read(dir, '/api/v1/editions')).editions).toHaveLength(2);
  });
});

describe('pages rendered for a query get an address of their own', () => {
  it('every sort order of every ranking, each really sorted', () => {
    const byRank = rankingNames(read(dir, '/editions/2024'));
    expect(byRank.length).toBeGreaterThan(3);
    const byCountry = rankingNames(read(dir, '/editions/2024/sort/country'));
    expect(byCountry).toEqual([...byRank].sort((a, b) => a.localeCompare(b)));
    expect(byCountry).not.toEqual(byRank);
    for (const edition of ['2019', '2024']) {
      const html = read(dir, `/editions/${edition}`);
      const sorts = [...html.matchAll(/href="\/editions\/\d+\/sort\/([a-z-]+)"/g)].map(
        ([, s]) => s,
      );
      expect(sorts.length, edition).toBeGreaterThan(2);
      for (const sort of sorts) {
        const sorted = read(dir, `/editions/${edition}/sort/${sort}`);
        expect(sorted, `${edition} by ${sort}`).toMatch(
          new RegExp(`aria-sort="[a-z]+"><a href="/editions/${edition}/sort/${sort}"`),
        );
      }
    }
    // The front page sorts as the latest edition does.
    expect(read(dir, '/')).toContain('href="/editions/2024/sort/country"');
  });

  it('the changes of every country between its editions, linked from pages and JSON', () => {
    const html = read(dir, '/countries/FR/changes/2019/2024');
    expect(html).toMatch(/<h1>France: what changed from 2019 to 2024<\/h1>/);
    expect(read(dir, '/countries/FR/changes')).toContain('href="/countries/FR/changes/2019/2024"');
    const timeline = read(dir, '/api/v1/countries/FR/rules/fr-pre-entry-language-form');
    expect(timeline).toContain('"/countries/FR/changes/2019/2024"');
    expect(timeline).not.toMatch(/changes\?from=/);
  });

  it('the changes hub of every comparable pair, in each of its orders (routes/hubs.ts)', () => {
    const hub = read(dir, '/changes');
    expect(hub).toMatch(/<h1>Changes from 2019 to 2024<\/h1>/);
    expect(hub).toContain('href="/changes/2019/2024"');
    expect(hub).toContain('href="/changes/2019/2024/sort/access-to-nationality"');
    expect(hub).toContain('href="/countries/DE/changes/2019/2024"');
    const byStrand = read(dir, '/changes/2019/2024/sort/access-to-nationality');
    expect(byStrand).toMatch(
      /Ordered by the size of the change in the Access to nationality score/,
    );
    expect(byStrand).not.toEqual(read(dir, '/changes/2019/2024'));
    // The countries index lists every country (its search needs the live site).
    const countries = read(dir, '/countries');
    for (const code of ['AT', 'CA', 'DE', 'ES', 'FR', 'NL', 'PT', 'SE'])
      expect(countries).toContain(`href="/countries/${code}/2024"`);
    for (const path of ['/countries', '/strands', '/about'])
      expect(read(dir, path), path).toMatch(/<h1>[A-Z]/);
  });

  it('JSON links to pages the export cannot have name the live site', () => {
    const rule = JSON.parse(read(dir, '/api/v1/rules/fr-pre-entry-language-form/2024'));
    const filters = rule.filters.map((f: { href: string }) => f.href);
    expect(filters[0]).toBe('/rules/fr-pre-entry-language-form/2024');
    expect(filters.slice(1).length).toBeGreaterThan(0);
    for (const href of filters.slice(1))
      expect(href).toMatch(
        /^https:\/\/index\.example\/rules\/fr-pre-entry-language-form\/2024\?group=/,
      );
  });
});

describe('an export of editions coded with two questionnaires', () => {
  // Austria: 2019 and 2024 in the 2015 questionnaire, 2025 and 2026 in the 2020 one.
  let site: { dir: string; cleanup: () => void } | undefined;
  let close: (() => void) | undefined;
  beforeAll(async () => {
    const made = twoInstrumentDatabase();
    close = made.close;
    addLater2020Edition(made.db);
    site = temporaryDir('site-two-');
    await exportSite(made.db, site.dir, { questionnaireDir: QUESTIONNAIRE_DIR, publicUrl: BASE });
  }, 300_000);
  afterAll(() => {
    site?.cleanup();
    close?.();
  }, 60_000);

  it('a crawl of every HTML file finds no broken link', () => {
    const { checked, broken } = crawl(site!.dir);
    expect(checked).toBeGreaterThan(500);
    expect(broken.slice(0, 40)).toEqual([]);
  }, 180_000);

  it('writes the instrument-change page of every pair of editions in two instruments, in both languages', () => {
    const pairs = [
      ['2019', '2025'],
      ['2019', '2026'],
      ['2024', '2025'],
      ['2024', '2026'],
    ];
    for (const [from, to] of pairs) {
      const english = read(site!.dir, `/countries/AT/instrument-change/${from}/${to}`);
      expect(english).toContain(`<h1>Austria: from ${from} to ${to} across two instruments</h1>`);
      expect(english).toMatch(/<th scope="col" class="num">Instrument<\/th>/);
      const french = read(site!.dir, `/fr/countries/AT/instrument-change/${from}/${to}`);
      expect(french).toContain('<html lang="fr">');
      expect(french).toContain(`href="/fr/countries/AT/${to}"`);
    }
    // Editions of one questionnaire have none: their changes page says what changed.
    expect(existsSync(join(site!.dir, 'countries/AT/instrument-change/2019/2024'))).toBe(false);
    expect(existsSync(join(site!.dir, 'countries/AT/instrument-change/2025/2026'))).toBe(false);
  });

  it('the changes page and the profile link to it at its static address', () => {
    const link = 'href="/countries/AT/instrument-change/2024/2025"';
    expect(read(site!.dir, '/countries/AT/changes/2024/2025')).toContain(link);
    expect(read(site!.dir, '/countries/AT/2025')).toContain(link);
    expect(read(site!.dir, '/fr/countries/AT/changes/2024/2025')).toContain(
      'href="/fr/countries/AT/instrument-change/2024/2025"',
    );
  });

  it('writes the feed of every strand of both questionnaires', () => {
    const feed = read(site!.dir, '/feeds/strands/family-reunion.atom');
    expect(feed).toContain(':changes/AT/2025/2026/fam-dependent-relatives</id>');
    for (const strand of ['citizenship', 'permanent-residence', 'family-reunification'])
      expect(existsSync(join(site!.dir, `feeds/strands/${strand}.atom`)), strand).toBe(true);
  });
});

describe('pages that need the server say so and link to the live site', () => {
  it.each([
    ['/compare', `${BASE}/compare?edition=2024`],
    ['/compare/2019', `${BASE}/compare?edition=2019`],
    ['/countries/DE/2024/what-if', `${BASE}/countries/DE/2024/what-if`],
    ['/robustness/2024', `${BASE}/robustness/2024`],
    ['/countries', `${BASE}/countries`],
    ['/changes', `${BASE}/changes`],
  ])('%s', (path, live) => {
    const html = read(dir, path);
    expect(html).toMatch(/<aside class="warning live-only" role="note">/);
    expect(html).toContain(`<a href="${live}">`);
    expect(html).not.toMatch(/<form\b/);
  });

  it('the robustness page keeps the default run', () => {
    const html = read(dir, '/robustness/2024');
    expect(html).toMatch(/<svg class="intervals"/);
    expect(html.match(/<td class="num">\d+–\d+<\/td>/g)!.length).toBeGreaterThan(3);
  });
});

describe("the export's OpenAPI document describes the export", () => {
  it('only files it holds, as files: GET, no query parameters, its base URL', () => {
    const document = JSON.parse(read(dir, '/api/openapi.json'));
    expect(document.servers).toEqual([{ url: BASE }]);
    const templates = Object.keys(document.paths);
    const patterns = templates.map(
      (t) => new RegExp(`^${t.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    );
    const apiFiles = allFiles(join(dir, 'api')).map((f) => f.slice(dir.length));
    // Every path names files written, and every API file written is described.
    templates.forEach((template, i) =>
      expect(
        apiFiles.some((f) => patterns[i]!.test(f)),
        template,
      ).toBe(true),
    );
    for (const file of apiFiles.filter((f) => f !== '/api/openapi.json'))
      expect(
        patterns.some((p) => p.test(file)),
        file,
      ).toBe(true);
    for (const [template, item] of Object.entries(document.paths) as [string, object][]) {
      expect(template).toMatch(/\.(json|csv)$/);
      expect(
        Object.keys(item).filter((k) => k !== 'parameters'),
        template,
      ).toEqual(['get']);
      const get = (item as { get: { parameters?: { in?: string }[] } }).get;
      expect(get.parameters?.filter((p) => p.in === 'query') ?? [], template).toEqual([]);
    }
    expect(templates).toContain('/api/v1/editions.json');
    expect(templates).not.toContain('/api/v1/simulate');
    expect(templates).not.toContain('/api/v1/compare.json');
  });
});

describe('the command line', () => {
  let env: { dir: string; cleanup: () => void };
  beforeAll(() => {
    env = temporaryWorkingDatabase('export-cli-', {
      firstStart: true,
      env: { PUBLIC_URL: undefined },
    });
  });
  afterAll(() => env.cleanup());

  it('without --base-url: exports, and warns on stderr that citations are relative', async () => {
    const out = join(env.dir, 'site');
    const result = await cli('export-site', out);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^wrote \d+ files to /);
    expect(result.err).toMatch(
      /^warning\[no-base-url\]: no --base-url and no PUBLIC_URL: citations/,
    );
    expect(result.err).toContain('--base-url https://');
    // The notices say why they cannot link to the live site.
    expect(read(out, '/compare')).toContain('exported without its address');
    expect(JSON.parse(read(out, '/api/openapi.json')).servers).toEqual([{ url: '/' }]);
  }, 240_000);

  it('refuses a folder that holds something other than an export, and touches nothing', async () => {
    const folder = join(env.dir, 'documents');
    mkdirSync(folder);
    writeFileSync(join(folder, 'thesis.tex'), 'keep me\n');
    const result = await cli('export-site', '--base-url', BASE, folder);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /^.*documents: error\[not-an-export-folder\]: the folder is not empty/,
    );
    expect(readdirSync(folder)).toEqual(['thesis.tex']);
  });

  it('refuses a base URL that is not an absolute http(s) address', async () => {
    const result = await cli('export-site', '--base-url', 'index.example', join(env.dir, 'x'));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--base-url must be an absolute http or https address/);
    expect(existsSync(join(env.dir, 'x'))).toBe(false);
  });
});

describe('a second export into the same folder', () => {
  it('refuses a non-empty folder without the marker (exportSite itself)', async () => {
    const { dir: other, cleanup: done } = temporaryDir('not-an-export-');
    try {
      writeFileSync(join(other, 'notes.txt'), 'mine\n');
      const error = await exportSite(db, other).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).code).toBe('not-an-export-folder');
      expect(readdirSync(other)).toEqual(['notes.txt']);
    } finally {
      done();
    }
  });

  it('leaves no stale file: a stray file, a removed edition and a removed country are gone', async () => {
    expect(existsSync(join(dir, MARKER_FILE))).toBe(true);
    writeFileSync(join(dir, 'stray.html'), 'old\n');
    mkdirSync(join(dir, 'countries/ZZ/2024'), { recursive: true });
    writeFileSync(join(dir, 'countries/ZZ/2024/index.html'), 'old\n');
    expect(existsSync(join(dir, 'editions/2019/index.html'))).toBe(true);
    expect(existsSync(join(dir, 'countries/SE/2024/index.html'))).toBe(true);

    // The same site with only edition 2024, without Sweden.
    const { dir: scores, cleanup: done } = temporaryDir('scores-');
    try {
      cpSync(join(SCORES_DIR, '2024'), join(scores, '2024'), { recursive: true });
      rmSync(join(scores, '2024', 'SE.yaml'));
      const smaller = emptyDatabase();
      importSheetFiles(smaller, [scores], { user: 'system', reason: 'test' });
      publishEdition(smaller, '2024', { user: 'system', note: 'test', acceptPartial: true });
      await exportSite(smaller, dir, { questionnaireDir: QUESTIONNAIRE_DIR, publicUrl: BASE });
    } finally {
      done();
    }

    const files = allFiles(dir).map((f) => f.slice(dir.length + 1));
    expect(files).not.toContain('stray.html');
    expect(files.filter((f) => f.startsWith('countries/ZZ'))).toEqual([]);
    expect(files.filter((f) => f.includes('2019'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('countries/SE') || f.includes('/SE.'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('.export-staging-'))).toEqual([]);
    expect(files).toContain(MARKER_FILE);
    expect(files).toContain('countries/DE/2024/index.html');
    expect(JSON.parse(read(dir, '/api/v1/editions')).editions).toHaveLength(1);
  }, 240_000);
});
