/**
 * Static export of the public side: every page, API JSON and CSV written as files that any static
 * web server or CDN can serve. The application itself renders them (on a loopback port), so the
 * export is exactly what the server shows — except that it never pretends: a page rendered for
 * a query gets an address of its own (`export/static-address.ts`), pages that need the server
 * show a notice linking to the live site, and the OpenAPI document lists only the files written
 * (`export/export-openapi.ts`). A redirect becomes a small HTML page that links (and refreshes)
 * to its target. The folder is rebuilt cleanly on every export (`export/export-folder.ts`).
 */
import { writeOutputFile, makeDirectories } from '../source/write-file.js';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Db } from '../storage/database.js';
import { InputError, issueAt, NOWHERE } from '../issues/issue.js';
import { PublicData } from '../published/public-data.js';
import { createApp } from './app.js';
import { openExportFolder } from './export/export-folder.js';
import { exportOpenApi } from './export/export-openapi.js';
import { queryPages, sitePaths } from './export/site-paths.js';
import { addressBook, rewriteLinks, staticFileFor } from './export/static-address.js';

export { sitePaths, queryPages } from './export/site-paths.js';
export { staticFileFor } from './export/static-address.js';
export { MARKER_FILE } from './export/export-folder.js';

const OPENAPI_PATH = '/api/openapi.json';

export async function exportSite(
  db: Db,
  outDir: string,
  options: { questionnaireDir?: string | null; publicUrl?: string } = {},
): Promise<{ files: number }> {
  if (new PublicData(db).publishedEditions().length === 0)
    throw new InputError([
      issueAt(NOWHERE, 'nothing-published', 'no edition is published yet: nothing to export'),
    ]);
  const publicUrl = (options.publicUrl ?? '').replace(/\/$/, '');
  const app = createApp({
    db,
    questionnaireDir: options.questionnaireDir ?? null,
    publicUrl,
    staticSite: true,
    // The export requests every what-if, changes and robustness page once: not a client to slow.
    analysisRateLimit: false,
  });
  // Where the notices of pages that need the server link to (views/partials/live-only.ejs).
  app.locals.liveSite = publicUrl === '' ? null : publicUrl;
  const folder = openExportFolder(outDir);
  let files: number;
  try {
    files = await listening(app, (origin) => writeSite(db, origin, folder.staging, publicUrl));
  } catch (error) {
    folder.discard();
    throw error;
  }
  folder.commit();
  return { files };
}

/** Runs `work` with the app listening on a loopback port, and closes it afterwards. */
async function listening<T>(app: Express, work: (origin: string) => Promise<T>): Promise<T> {
  const server = app.listen(0, '127.0.0.1');
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    return await work(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Renders every path and query page into `root`; returns the number of files written. */
async function writeSite(db: Db, origin: string, root: string, publicUrl: string) {
  const pages = queryPages(db);
  const book = addressBook(pages);
  // Server URL → export address; a query page shared by several URLs is rendered once.
  const work = new Map<string, string>(sitePaths(db).map((path) => [path, path]));
  const addresses = new Set(work.values());
  for (const page of pages)
    if (!addresses.has(page.at)) {
      addresses.add(page.at);
      work.set(page.url, page.at);
    }
  const served: string[] = [];
  let openApi: Buffer | null = null;
  for (const [url, at] of work) {
    const body = await render(`${origin}${url}`, url);
    const file = staticFileFor(at);
    served.push(`/${file}`);
    if (url === OPENAPI_PATH) openApi = body;
    else write(root, file, linksRewritten(file, body, book, publicUrl || null));
  }
  // Last: only now is it known which files the export holds.
  const document = exportOpenApi(JSON.parse(openApi!.toString('utf8')), served, publicUrl);
  write(root, staticFileFor(OPENAPI_PATH), Buffer.from(JSON.stringify(document)));
  return served.length;
}

/** The body the server answers `url` with; a redirect becomes a page that leads to its target. */
async function render(address: string, url: string): Promise<Buffer> {
  const response = await fetch(address, { redirect: 'manual' });
  if (response.status >= 300 && response.status < 400)
    return Buffer.from(redirectPage(response.headers.get('location') ?? '/'));
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Text files get their links to pre-rendered query pages pointed at the export's addresses. */
function linksRewritten(
  file: string,
  body: Buffer,
  book: ReadonlyMap<string, string>,
  liveSite: string | null,
): Buffer {
  const type = file.endsWith('.html')
    ? 'html'
    : file.endsWith('.atom')
      ? 'xml'
      : file.endsWith('.json')
        ? 'json'
        : null;
  return type === null
    ? body
    : Buffer.from(rewriteLinks(body.toString('utf8'), type, book, liveSite));
}

function write(root: string, file: string, body: Buffer): void {
  const path = join(root, file);
  makeDirectories(dirname(path));
  writeOutputFile(path, body);
}

function redirectPage(target: string): string {
  const escaped = target.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${escaped}"><title>Moved</title></head><body><p><a href="${escaped}">${escaped}</a></p></body></html>\n`;
}
