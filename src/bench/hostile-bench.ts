/**
 * Hostile requests, measured through HTTP on loopback in one run:
 * - a 200 MB multipart body sent to `/login`: how soon it is refused and how much the server's
 *   memory grows (the limit is checked before any of it is read);
 * - a 45,000-key YAML upload (under 1 MB): how long until it is refused, and how long `GET /`
 *   takes while it is handled, against `GET /` alone.
 */
import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../storage/database.js';
import { bootstrap } from '../storage/bootstrap.js';
import { createEdition } from '../storage/edition-repository.js';
import { createApp } from '../web/app.js';
import { createAssignment, createSession, createUser } from '../storage/account-repository.js';
import { SESSION_COOKIE } from '../workspace/session.js';
import { median } from './stats.js';

export interface HostileMeasurements {
  bigBodyMs: number;
  bigBodyStatus: number;
  bigBodyRssGrowthMb: number;
  keysUploadMs: number;
  keysUploadStatus: number;
  homeAloneMedianMs: number;
  homeDuringUploadMaxMs: number;
}

const BODY_BYTES = 200 * 1024 * 1024;
const CHUNK = Buffer.alloc(1024 * 1024, 'a');

export async function benchHostile(root: string): Promise<HostileMeasurements> {
  const db = openDatabase(':memory:');
  bootstrap(db, { questionnaireDir: `${root}/questionnaire`, scoresDir: `${root}/scores` });
  createEdition(db, '2099', '2099-01-01', 1);
  const expert = createUser(db, {
    email: 'bench@example.org',
    name: 'Bench',
    role: 'expert',
    password: 'a long bench password',
  });
  createAssignment(db, {
    userId: expert.id,
    country: 'AT',
    edition: '2099',
    strand: null,
    task: 'expert',
  });
  const session = createSession(db, expert.id);
  const server = createApp({ db, log: () => {} }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const big = await timed(() => streamBigBody(port));
    const rssAfter = process.memoryUsage().rss;

    const home = async () => (await timed(() => get(port, '/'))).ms;
    await home();
    const alone: number[] = [];
    for (let i = 0; i < 30; i++) alone.push(await home());

    const yaml = `answers:\n${Array.from({ length: 45_000 }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`;
    let uploading = true;
    const upload = timed(() =>
      postUpload(port, session, yaml).finally(() => {
        uploading = false;
      }),
    );
    const during: number[] = [];
    do during.push(await home());
    while (uploading);
    const refused = await upload;
    return {
      bigBodyMs: big.ms,
      bigBodyStatus: big.value,
      bigBodyRssGrowthMb: (rssAfter - rssBefore) / 1024 / 1024,
      keysUploadMs: refused.ms,
      keysUploadStatus: refused.value,
      homeAloneMedianMs: median(alone),
      homeDuringUploadMaxMs: Math.max(...during),
    };
  } finally {
    server.close();
    db.close();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Sends up to 200 MB of multipart body, stopping as soon as the server answers. */
function streamBigBody(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/login',
        headers: {
          'Content-Type': 'multipart/form-data; boundary=x',
          'Content-Length': BODY_BYTES,
        },
      },
      (res) => {
        answered = true;
        res.resume();
        res.on('end', () => {
          req.destroy();
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', (error) => (answered ? undefined : reject(error)));
    let sent = 0;
    const pump = () => {
      while (!answered && sent < BODY_BYTES) {
        sent += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', path }, (res: IncomingMessage) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

function postUpload(
  port: number,
  session: { token: string; csrf: string },
  yaml: string,
): Promise<number> {
  const boundary = 'bench-boundary';
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.from(
    part('_csrf', session.csrf) +
      part('base_revision', '0') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.yaml"\r\nContent-Type: text/yaml\r\n\r\n${yaml}\r\n--${boundary}--\r\n`,
  );
  return new Promise((resolve, reject) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/workspace/sheets/AT/2099/upload',
        headers: {
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': body.length,
          Cookie: `${SESSION_COOKIE}=${session.token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
