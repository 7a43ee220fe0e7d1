/**
 * Behind a reverse proxy (TRUST_PROXY): client addresses and HTTPS as the proxy reports them, so
 * throttling counts each client and the session cookie is Secure; without the setting the
 * forwarded headers are ignored (a client cannot choose its address or claim HTTPS).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { parseTrustProxy } from '../../src/http/trust-proxy.js';
import { LOGIN_LIMITS } from '../../src/workspace/login-throttle.js';
import { serveWith } from '../helpers/cli.js';
import { loginPage, PASSWORD, workspaceSetup } from '../workspace/helpers.js';
import { attempt, proxiedSetup } from './login-helpers.js';

let direct: Express;
let proxied: Express;
beforeAll(() => {
  direct = workspaceSetup().app;
  proxied = proxiedSetup().app;
});

async function signInOver(app: Express, headers: Record<string, string>) {
  const browser = await loginPage(app);
  return browser.agent
    .post('/login')
    .set(headers)
    .type('form')
    .send({ _login: browser.token, email: 'admin@example.org', password: PASSWORD });
}

const sessionCookie = (response: { headers: Record<string, unknown> }) =>
  (response.headers['set-cookie'] as string[]).find((c) => c.startsWith('pi_session='))!;

describe('TRUST_PROXY', () => {
  it('the session cookie is Secure when the trusted proxy says the request came over HTTPS', async () => {
    const response = await signInOver(proxied, { 'X-Forwarded-Proto': 'https' });
    expect(response.status).toBe(303);
    expect(sessionCookie(response)).toMatch(/; Secure/);
    expect(sessionCookie(await signInOver(proxied, {}))).not.toMatch(/; Secure/);
  });

  it('without the setting, X-Forwarded-Proto is not believed', async () => {
    const response = await signInOver(direct, { 'X-Forwarded-Proto': 'https' });
    expect(response.status).toBe(303);
    expect(sessionCookie(response)).not.toMatch(/; Secure/);
  });

  it('behind the proxy, one client failing does not throttle the others', async () => {
    const browser = await loginPage(proxied);
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++)
      await attempt(browser, 'coordinator@example.org', 'wrong', '198.51.100.1');
    expect(
      (await attempt(browser, 'coordinator@example.org', PASSWORD, '198.51.100.1')).status,
    ).toBe(429);
    expect(
      (await attempt(browser, 'coordinator@example.org', PASSWORD, '198.51.100.2')).status,
    ).toBe(303);
  });

  it('without the setting, a client cannot escape the throttle by claiming another address', async () => {
    const browser = await loginPage(direct);
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++)
      await attempt(browser, 'reviewer@example.org', 'wrong', `198.51.100.${i}`);
    expect((await attempt(browser, 'reviewer@example.org', PASSWORD, '198.51.100.77')).status).toBe(
      429,
    );
  });

  it('reads a hop count, names, addresses and subnets; refuses true and nonsense', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('loopback, 10.0.0.0/8,fd00::/8, 192.0.2.1')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.1',
    ]);
    expect(() => parseTrustProxy('true')).toThrow(/hop count|number of proxies/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/"10.0.0.0\/33"/);
    expect(() => parseTrustProxy('proxy.example')).toThrow(/"proxy.example"/);
  });

  it('serve refuses a TRUST_PROXY it cannot read, as wrong usage, before opening anything', async () => {
    const { code, err } = await serveWith({ TRUST_PROXY: 'true' });
    expect(code).toBe(2);
    expect(err).toContain('TRUST_PROXY=true');
  });
});
