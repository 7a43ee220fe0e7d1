/**
 * Smoke test of the browser harness: a tiny local HTTP server, a click through a link, a button
 * that changes the page, and a CSV download served as an attachment.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPage } from './browser.js';

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Smoke</title></head>
  <body>
    <h1>Start</h1>
    <p><a id="next" href="/next">Next page</a></p>
    <p><button id="greet" type="button">Greet</button> <output id="greeting"></output></p>
    <script>
      document.getElementById('greet').addEventListener('click', () => {
        document.getElementById('greeting').textContent = 'Hello';
      });
    </script>
  </body>
</html>`;

const NEXT_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Next</title></head>
  <body>
    <h1>Second page</h1>
    <p><a id="csv" href="/scores.csv">Download scores</a></p>
  </body>
</html>`;

const CSV = 'country,score\nAT,42\nBE,57\n';

function startServer(): Promise<Server> {
  const server = createServer((req, res) => {
    switch (req.url) {
      case '/':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(INDEX_HTML);
        return;
      case '/next':
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(NEXT_HTML);
        return;
      case '/scores.csv':
        res.writeHead(200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': 'attachment; filename="scores.csv"',
        });
        res.end(CSV);
        return;
      default:
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

let server: Server | undefined;
let baseUrl = '';

beforeAll(async () => {
  server = await startServer();
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  const running = server;
  if (!running) return;
  running.closeAllConnections();
  await new Promise<void>((resolve) => running.close(() => resolve()));
});

// No skip when Chromium is missing: `npm run test:browser` is run on purpose, and a skipped suite
// would hide a missing install in CI. launchBrowser() fails with an install hint instead.
describe('browser harness (headless Chromium)', () => {
  it('follows a link, clicks a button and downloads a CSV attachment', async () => {
    await withPage(async (page) => {
      await page.goto(`${baseUrl}/`);
      expect(await page.textContent('h1')).toBe('Start');

      await page.click('#greet');
      expect(await page.textContent('#greeting')).toBe('Hello');

      await Promise.all([page.waitForURL(`${baseUrl}/next`), page.click('#next')]);
      expect(await page.textContent('h1')).toBe('Second page');

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
      expect(download.suggestedFilename()).toBe('scores.csv');
      const file = await download.path();
      const text = await readFile(file, 'utf8');
      expect(text.split('\n')[0]).toBe('country,score');
    });
  });
});
