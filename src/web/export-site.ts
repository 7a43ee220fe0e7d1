/**
 * Static export of the public side: every page, API JSON and CSV written as files that any static
 * web server or CDN can serve. The application itself renders them (on a loopback port), so the
 * export is exactly what the server shows. Paths map to files as follows: `/x/y` → `x/y/index.html`,
 * an API path without extension → `path.json`, anything with an extension → that file. A
 * redirect becomes a small HTML page that links (and refreshes) to its target.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Db } from '../storage/database.js';
import { createApp } from './app.js';
import { DATASET_FILES, datasetPath } from './datasets.js';
import { PublicData } from '../published/public-data.js';
import { feedPaths } from './view-models/feeds.js';
import { editionsWith } from './view-models/rule-changes.js';
import { ruleCountriesHref, timelineHref } from './view-models/timeline.js';

export function staticFileFor(path: string): string {
  const clean = path.replace(/^\/+/, '');
  if (clean === '') return 'index.html';
  if (/\.[a-z]+$/.test(clean)) return clean;
  if (clean.startsWith('api/')) return `${clean}.json`;
  return `${clean}/index.html`;
}

/** Every public path of the site. */
export function sitePaths(db: Db): string[] {
  const data = new PublicData(db);
  const paths = ['/', '/compare', '/methodology', '/downloads', '/assets/site.css'];
  paths.push('/api/openapi.json', '/api/v1/editions', '/api/v1/countries', '/api/v1/questionnaire');
  const countries = new Set<string>();
  for (const { id } of data.publishedEditions()) {
    const edition = data.edition(id)!;
    paths.push(
      `/editions/${id}`,
      `/robustness/${id}`,
      `/api/v1/editions/${id}/scores.json`,
      `/api/v1/editions/${id}/scores.csv`,
    );
    for (const strand of edition.questionnaire.strands) paths.push(`/strands/${strand.id}/${id}`);
    for (const code of edition.countries) {
      countries.add(code);
      paths.push(
        `/countries/${code}/${id}`,
        `/countries/${code}/${id}/what-if`,
        `/api/v1/countries/${code}/${id}`,
      );
    }
    for (const revision of edition.revisions) {
      const at = data.edition(id, revision.revision)!;
      for (const file of DATASET_FILES) paths.push(datasetPath(at, file));
    }
  }
  for (const code of countries) {
    paths.push(`/countries/${code}`);
    const editions = data.publishedEditions().filter((e) => data.edition(e.id)!.scores.has(code));
    if (editions.length >= 2) paths.push(`/countries/${code}/changes`);
  }
  paths.push(...courtWatchPaths(data, [...countries]));
  return paths;
}

/**
 * Rule timelines (page, JSON, CSV) of every country and question, every rule in every country
 * per edition (page, JSON; the country-group filter is a query and has no static twin), and the
 * Atom feeds.
 */
function courtWatchPaths(data: PublicData, countries: string[]): string[] {
  const paths = [feedPaths.changes, feedPaths.legalEvents];
  const editions = data.publishedEditions().map((e) => data.edition(e.id)!);
  for (const edition of editions)
    for (const question of edition.questionnaire.questions)
      paths.push(
        ruleCountriesHref(question.id, edition.edition.id),
        `/api/v1${ruleCountriesHref(question.id, edition.edition.id)}.json`,
      );
  for (const code of countries) {
    paths.push(feedPaths.country(code));
    const asked = new Set(
      editionsWith(data, code).flatMap((e) => e.questionnaire.questions.map((q) => q.id)),
    );
    for (const question of asked) {
      const page = timelineHref(code, question);
      paths.push(page, `/api/v1${page}.json`, `/api/v1${page}.csv`);
    }
  }
  // The strand feeds follow the strands of the default edition, as their route does.
  const latest = data.latestEditionId();
  for (const strand of latest === null ? [] : data.edition(latest)!.questionnaire.strands)
    paths.push(feedPaths.strand(strand.id));
  return [...new Set(paths)];
}

export async function exportSite(
  db: Db,
  outDir: string,
  options: { questionnaireDir?: string | null; publicUrl?: string } = {},
): Promise<{ files: number }> {
  const app = createApp({
    db,
    questionnaireDir: options.questionnaireDir ?? null,
    publicUrl: options.publicUrl ?? '',
    staticSite: true,
    // The export requests every what-if, changes and robustness page once: not a client to slow.
    analysisRateLimit: false,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let files = 0;
  try {
    for (const path of sitePaths(db)) {
      const response = await fetch(`${origin}${path}`, { redirect: 'manual' });
      let body: Buffer;
      if (response.status >= 300 && response.status < 400) {
        const target = response.headers.get('location') ?? '/';
        body = Buffer.from(redirectPage(target));
      } else if (response.ok) {
        body = Buffer.from(await response.arrayBuffer());
      } else {
        throw new Error(`${path}: HTTP ${response.status}`);
      }
      const file = join(outDir, staticFileFor(path));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, body);
      files++;
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return { files };
}

function redirectPage(target: string): string {
  const escaped = target.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${escaped}"><title>Moved</title></head><body><p><a href="${escaped}">${escaped}</a></p></body></html>\n`;
}
