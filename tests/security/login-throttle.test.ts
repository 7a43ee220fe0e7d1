/**
 * Sign-in throttling through HTTP: per account and address, per address (password spraying), per
 * account (many addresses), overall; refused attempts hash nothing; attempts sent in parallel
 * cannot slip past the limits; and nobody can lock the real user out of a browser they signed
 * in from before.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordLoginFailure } from '../../src/storage/login-repository.js';
import { addressKey, LOGIN_LIMITS, throttleReason } from '../../src/workspace/login-throttle.js';
import { loginPage, PASSWORD, type Setup } from '../workspace/helpers.js';
import { attempt, countingHashes, proxiedSetup } from './login-helpers.js';

let app: Setup['app'];
let db: Setup['db'];
const failures = () =>
  (db.prepare('SELECT COUNT(*) AS n FROM login_failures').get() as { n: number }).n;

describe('login throttling', () => {
  beforeAll(() => {
    ({ app, db } = proxiedSetup());
  });
  // Each case starts with no failure and no known browser.
  beforeEach(() => {
    db.exec('DELETE FROM login_failures; DELETE FROM login_devices');
  });

  it('password spraying: 30 emails × 5 wrong passwords from one address are throttled, and refused attempts hash nothing', async () => {
    const browser = await loginPage(app);
    const statuses: number[] = [];
    const { hashes } = await countingHashes(async () => {
      for (let user = 0; user < 30; user++)
        for (let guess = 0; guess < 5; guess++)
          statuses.push(
            (await attempt(browser, `user${user}@example.org`, `guess ${guess}`, '198.51.100.7'))
              .status,
          );
    });
    expect(statuses.slice(0, LOGIN_LIMITS.perAddress).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(LOGIN_LIMITS.perAddress).every((s) => s === 429)).toBe(true);
    expect(hashes).toBe(LOGIN_LIMITS.perAddress);
    // Another address is not affected.
    expect((await attempt(browser, 'admin@example.org', PASSWORD, '198.51.100.8')).status).toBe(
      303,
    );
  });

  it('a throttled answer says why, sets Retry-After, takes no hashing and is not counted', async () => {
    const browser = await loginPage(app);
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++)
      expect((await attempt(browser, 'expert-de@example.org', 'wrong password')).status).toBe(401);
    const counted = failures();
    const { result, hashes } = await countingHashes(() =>
      attempt(browser, 'expert-de@example.org', PASSWORD),
    );
    expect(result.status).toBe(429);
    expect(result.headers['retry-after']).toBe(String(LOGIN_LIMITS.windowMinutes * 60));
    expect(result.text).toContain('Too many failed attempts');
    expect(hashes).toBe(0);
    expect(failures()).toBe(counted);
  });

  it('one account guessed from many addresses is throttled after 20 failures', async () => {
    const browser = await loginPage(app);
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_LIMITS.perAccount + 2; i++)
      statuses.push(
        (await attempt(browser, 'reviewer@example.org', 'wrong', `192.0.2.${i}`)).status,
      );
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_LIMITS.perAccount);
    expect(statuses.slice(LOGIN_LIMITS.perAccount)).toEqual([429, 429]);
    const fresh = await attempt(browser, 'reviewer@example.org', PASSWORD, '192.0.2.200');
    expect(fresh.status).toBe(429);
    expect(fresh.text).toContain('reset link');
  });

  it('the real user is not locked out of a browser they signed in from before, from any address', async () => {
    const own = await loginPage(app);
    const first = await attempt(own, 'expert-at@example.org', PASSWORD, '192.0.2.1');
    expect(first.status).toBe(303);
    expect(String(first.headers['set-cookie'])).toMatch(/pi_device=[^;]+; Path=\/login;.*HttpOnly/);
    // Someone else fails on the account from many addresses until it is throttled.
    const attacker = await loginPage(app);
    for (let i = 0; i < LOGIN_LIMITS.perAccount + 5; i++)
      await attempt(attacker, 'expert-at@example.org', 'guess', `198.51.100.${i}`);
    expect(
      (await attempt(attacker, 'expert-at@example.org', PASSWORD, '198.51.100.99')).status,
    ).toBe(429);
    // The user's own browser, at a fresh address (a train, a hotel), still gets in.
    const again = await loginPage(app, own.agent);
    expect((await attempt(again, 'expert-at@example.org', PASSWORD, '203.0.113.50')).status).toBe(
      303,
    );
  });

  it('a known browser has its own limit: 5 failures, then it waits too', async () => {
    const own = await loginPage(app);
    expect((await attempt(own, 'expert-de@example.org', PASSWORD)).status).toBe(303);
    const browser = await loginPage(app, own.agent);
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_LIMITS.perDevice + 1; i++)
      statuses.push(
        (await attempt(browser, 'expert-de@example.org', 'wrong', `192.0.2.${i}`)).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('under a broad attack only browsers that signed in before may try', async () => {
    const own = await loginPage(app);
    expect((await attempt(own, 'admin@example.org', PASSWORD)).status).toBe(303);
    for (let i = 0; i < LOGIN_LIMITS.overall; i++)
      recordLoginFailure(db, {
        email: `x${i}@example.org`,
        address: `10.0.${i >> 8}.${i & 255}`,
        device: null,
      });
    const stranger = await loginPage(app);
    const refused = await attempt(stranger, 'coordinator@example.org', PASSWORD, '203.0.113.9');
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('slowed down');
    const again = await loginPage(app, own.agent);
    expect((await attempt(again, 'admin@example.org', PASSWORD)).status).toBe(303);
  });

  it('attempts sent in parallel cannot get past the limit together', async () => {
    const browser = await loginPage(app);
    const { result, hashes } = await countingHashes(() =>
      Promise.all(
        Array.from({ length: 12 }, () => attempt(browser, 'expert-de@example.org', 'wrong')),
      ),
    );
    const statuses = result.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_LIMITS.perAccountAndAddress);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - LOGIN_LIMITS.perAccountAndAddress);
    expect(hashes).toBe(LOGIN_LIMITS.perAccountAndAddress);
  });

  it('failures older than the window no longer count', async () => {
    const browser = await loginPage(app);
    const old = new Date(Date.now() - (LOGIN_LIMITS.windowMinutes + 1) * 60_000).toISOString();
    for (let i = 0; i < 50; i++)
      db.prepare(
        'INSERT INTO login_failures (email, address, device, at) VALUES (?, ?, NULL, ?)',
      ).run('expert-de@example.org', '203.0.113.1', old);
    expect((await attempt(browser, 'expert-de@example.org', PASSWORD)).status).toBe(303);
  });

  it('a successful sign-in forgets the mistakes from that address, not the account-wide count', async () => {
    const browser = await loginPage(app);
    for (let i = 0; i < 3; i++)
      await attempt(browser, 'expert-de@example.org', 'typo', '192.0.2.1');
    for (let i = 0; i < 3; i++)
      await attempt(browser, 'expert-de@example.org', 'guess', '192.0.2.2');
    expect((await attempt(browser, 'expert-de@example.org', PASSWORD, '192.0.2.1')).status).toBe(
      303,
    );
    const left = db
      .prepare('SELECT address, COUNT(*) AS n FROM login_failures GROUP BY address')
      .all();
    expect(left).toEqual([{ address: '192.0.2.2', n: 3 }]);
  });
});

describe('the throttle rule', () => {
  const none = { pair: 0, account: 0, address: 0, overall: 0, device: null };
  it('names the limit reached, and a known browser only answers to its own', () => {
    expect(throttleReason(none)).toBeNull();
    expect(throttleReason({ ...none, pair: 5 })).toBe('account-and-address');
    expect(throttleReason({ ...none, address: 30 })).toBe('address');
    expect(throttleReason({ ...none, account: 20 })).toBe('account');
    expect(throttleReason({ ...none, overall: 300 })).toBe('overall');
    expect(
      throttleReason({ pair: 9, account: 99, address: 99, overall: 999, device: 4 }),
    ).toBeNull();
    expect(throttleReason({ ...none, device: 5 })).toBe('device');
  });

  it('counts IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey(undefined)).toBe('unknown');
  });
});
