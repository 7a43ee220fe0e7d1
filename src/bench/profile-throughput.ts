/**
 * Throughput of a cached country profile page (`GET /countries/DE/2024`) against the bare-server
 * limit, measured from outside: three processes — the real server (`policy-index serve` on a
 * database made by a first start in a temp folder), a bare `node:http` server sending the very
 * same response (status, headers and body captured from the real one; bare-server.ts), and the
 * load generator, autocannon's command line in a child process with 50 connections. Each server
 * gets a short warm-up, then the same duration; the servers take turns, so drift on a shared
 * machine falls on both. No `Accept-Encoding` is sent: both send the identity body.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CapturedResponse } from './bare-server.js';
import type { PartReport } from './report.js';
import { startServer } from './soak-setup.js';

export interface ThroughputOptions {
  seconds: number;
  connections: number;
}

const PROFILE = '/countries/DE/2024';
const WARM_UP_SECONDS = 2;
/** Set by the connection or per message; the bare server's node:http adds its own. */
const HOP_HEADERS = new Set([
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
]);

interface LoadResult {
  /** 2xx answers per second. */
  rps: number;
  p99Ms: number;
  failures: number;
}

/** Runs autocannon in its own process against `url`; throws on any error or non-2xx answer. */
function loadFromOutside(url: string, seconds: number, connections: number): Promise<LoadResult> {
  const cli = createRequire(import.meta.url).resolve('autocannon');
  const child = spawn(
    process.execPath,
    [cli, '-c', String(connections), '-d', String(seconds), '-j', url],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err.slice(0, 500)}`));
      const result = JSON.parse(out) as {
        '2xx': number;
        non2xx: number;
        errors: number;
        timeouts: number;
        duration: number;
        latency: { p99: number };
      };
      const failures = result.non2xx + result.errors + result.timeouts;
      if (failures > 0) return reject(new Error(`${url}: ${failures} failed requests under load`));
      resolve({ rps: result['2xx'] / result.duration, p99Ms: result.latency.p99, failures });
    });
  });
}

/** Starts the bare server on the captured response; resolves with its URL and a stop. */
function startBareServer(
  responseFile: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const script = fileURLToPath(new URL('./bare-server.js', import.meta.url));
  const child = spawn(process.execPath, [script, responseFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(printed);
      if (match) resolve({ url: match[1]!, stop });
    });
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
}

export async function benchProfileThroughput(
  root: string,
  options: ThroughputOptions,
): Promise<PartReport> {
  const work = mkdtempSync(join(tmpdir(), 'policy-index-http-'));
  const server = await startServer(root, join(work, 'policy-index.sqlite'));
  let bare: { url: string; stop: () => Promise<void> } | null = null;
  try {
    const page = await fetch(`${server.url}${PROFILE}`);
    const body = Buffer.from(await page.arrayBuffer());
    if (page.status !== 200) throw new Error(`GET ${PROFILE}: ${page.status}`);
    const headers: Record<string, string> = {};
    page.headers.forEach((value, name) => {
      if (!HOP_HEADERS.has(name)) headers[name] = value;
    });
    const captured: CapturedResponse = { headers, body: body.toString('base64') };
    const responseFile = join(work, 'response.json');
    writeFileSync(responseFile, JSON.stringify(captured));
    bare = await startBareServer(responseFile);

    const { seconds, connections } = options;
    await loadFromOutside(`${server.url}${PROFILE}`, WARM_UP_SECONDS, connections);
    await loadFromOutside(`${bare.url}${PROFILE}`, WARM_UP_SECONDS, connections);
    const profile = await loadFromOutside(`${server.url}${PROFILE}`, seconds, connections);
    const limit = await loadFromOutside(`${bare.url}${PROFILE}`, seconds, connections);
    const ratio = profile.rps / limit.rps;
    const perRequest = (rps: number) => 1000 / rps;
    return {
      measurements: [
        {
          name: `GET ${PROFILE} (${body.length} bytes), ${connections} connections, ${seconds} s`,
          milliseconds: perRequest(profile.rps),
          note: `per request: ${profile.rps.toFixed(0)} requests/s, p99 ${profile.p99Ms} ms`,
        },
        {
          name: `bare node:http, the same response, ${connections} connections, ${seconds} s`,
          milliseconds: perRequest(limit.rps),
          note: `per request: ${limit.rps.toFixed(0)} requests/s, p99 ${limit.p99Ms} ms`,
        },
      ],
      ratios: {
        profile_over_node_http: ratio,
        profile_rps: profile.rps,
        node_http_rps: limit.rps,
      },
      checks: [
        {
          key: 'profile_over_node_http',
          value: ratio,
          comparison: '>=',
          limit: 0.8,
          unit: '×',
          what: 'profile page throughput / bare node:http, load from another process',
        },
      ],
    };
  } finally {
    await bare?.stop();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
