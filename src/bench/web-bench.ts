/**
 * Web benchmark: throughput of a country profile page against a static file of the same bytes,
 * both served by the same process (express.static next to the application), measured with the
 * same client and concurrency in one run.
 */
import express from 'express';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bootstrap } from '../storage/bootstrap.js';
import { openDatabase } from '../storage/database.js';
import { createApp } from '../web/app.js';

export interface WebMeasurements {
  profileRps: number;
  staticRps: number;
  bytes: number;
  requests: number;
}

async function load(url: string, requests: number, concurrency: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next++;
      const response = await fetch(url);
      if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
      await response.arrayBuffer();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return requests / ((performance.now() - start) / 1000);
}

export async function benchWeb(
  root: string,
  requests = 2000,
  concurrency = 8,
): Promise<WebMeasurements> {
  const work = mkdtempSync(join(tmpdir(), 'policy-index-web-'));
  const db = openDatabase(join(work, 'bench.sqlite'));
  bootstrap(db, { questionnaireDir: join(root, 'questionnaire'), scoresDir: join(root, 'scores') });
  const outer = express();
  outer.use('/static-copy', express.static(work));
  outer.use(
    createApp({
      db,
      questionnaireDir: join(root, 'questionnaire'),
      publicUrl: 'https://index.example',
    }),
  );
  const server = outer.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const page = await (await fetch(`${origin}/countries/DE/2024`)).text();
    writeFileSync(join(work, 'profile.html'), page);
    await load(`${origin}/countries/DE/2024`, 200, concurrency);
    await load(`${origin}/static-copy/profile.html`, 200, concurrency);
    const profileRps = await load(`${origin}/countries/DE/2024`, requests, concurrency);
    const staticRps = await load(`${origin}/static-copy/profile.html`, requests, concurrency);
    return { profileRps, staticRps, bytes: Buffer.byteLength(page), requests };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
    rmSync(work, { recursive: true, force: true });
  }
}
