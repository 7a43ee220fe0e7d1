/**
 * Sign-in timing: the median response time of a failed sign-in for an email that has an account
 * (wrong password) and for one that does not, through HTTP. They should differ by well under
 * 10 %: both verify against a hash with the same parameters, so the time does not tell which
 * emails exist. Attempts alternate between the two kinds, in pairs whose order alternates too
 * (drift hits both alike); each comes from its own address and known attempts go to their own
 * accounts, so the throttle never answers instead of the password check.
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../storage/database.js';
import { createApp } from '../web/app.js';
import { createUser } from '../storage/account-repository.js';
import { hashPasswordSync } from '../storage/passwords.js';
import { median } from './stats.js';

export interface LoginMeasurements {
  attempts: number;
  knownMedianMs: number;
  unknownMedianMs: number;
  /** The slower median over the faster: 1 means no difference. */
  ratio: number;
}

const WARM_UP = 5;

export async function benchLogin(attempts = 50): Promise<LoginMeasurements> {
  const db = openDatabase(':memory:');
  const passwordHash = hashPasswordSync('the real password');
  for (let i = 0; i < attempts + WARM_UP; i++)
    createUser(db, {
      email: `known${i}@bench.example`,
      name: `Known ${i}`,
      role: 'expert',
      passwordHash,
    });
  const app = createApp({ db, log: () => {}, trustProxy: ['loopback'] });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const page = await fetch(`${origin}/login`);
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const token = /name="_login" value="([^"]+)"/.exec(await page.text())![1]!;
    let address = 0;
    const timed = async (email: string): Promise<number> => {
      address++;
      const start = performance.now();
      const response = await fetch(`${origin}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': `10.${address >> 8}.${address & 255}.1`,
        },
        body: new URLSearchParams({ _login: token, email, password: 'a wrong password' }),
      });
      await response.arrayBuffer();
      const ms = performance.now() - start;
      if (response.status !== 401)
        throw new Error(`sign-in bench: expected 401, got ${response.status}`);
      return ms;
    };
    for (let i = 0; i < WARM_UP; i++) {
      await timed(`known${attempts + i}@bench.example`);
      await timed(`nobody${attempts + i}@bench.example`);
    }
    const known: number[] = [];
    const unknown: number[] = [];
    // Which kind goes first alternates too (known, unknown, unknown, known, …): whatever else the
    // process does between two pairs (a collection, a timer of an earlier part) falls on both
    // kinds alike rather than always on the first of a pair.
    for (let i = 0; i < attempts; i++) {
      const pair: [number[], string][] = [
        [known, `known${i}@bench.example`],
        [unknown, `nobody${i}@bench.example`],
      ];
      if (i % 2 === 1) pair.reverse();
      for (const [times, email] of pair) times.push(await timed(email));
    }
    const knownMedianMs = median(known);
    const unknownMedianMs = median(unknown);
    return {
      attempts,
      knownMedianMs,
      unknownMedianMs,
      ratio: Math.max(knownMedianMs, unknownMedianMs) / Math.min(knownMedianMs, unknownMedianMs),
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
  }
}
