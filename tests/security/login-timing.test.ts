/**
 * Response time must not tell which emails have accounts: an unknown email, a disabled account
 * and a wrong password each cost exactly one password key derivation with the same parameters.
 * Checked by counting derivations through the seam in passwords.ts, not with a clock (the
 * medians are printed by `npm run bench`, src/bench/login-bench.ts). And hashing never holds
 * the event loop.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScryptOptions } from 'node:crypto';
import { accountByEmail, setDisabled } from '../../src/storage/account-repository.js';
import { hashPassword, useKeyDerivation, verifyPassword } from '../../src/storage/passwords.js';
import { loginPage, type Setup } from '../workspace/helpers.js';
import { attempt, proxiedSetup } from './login-helpers.js';

let setup: Setup;
beforeAll(() => {
  setup = proxiedSetup();
  setDisabled(setup.db, accountByEmail(setup.db, 'expert-de@example.org')!.id, true);
});

/** The derivations (key length and parameters) one sign-in attempt makes. */
async function derivationsOf(email: string, from: string): Promise<string[]> {
  const calls: string[] = [];
  const restore = useKeyDerivation(
    (real) => (password, salt, keyLength, options: ScryptOptions) => {
      calls.push(`${keyLength}:${options.N}:${options.r}:${options.p}:${salt.length}`);
      return real(password, salt, keyLength, options);
    },
  );
  try {
    const browser = await loginPage(setup.app);
    const response = await attempt(browser, email, 'not the password', from);
    expect(response.status).toBe(401);
    expect(response.text).toContain('Wrong email or password.');
  } finally {
    restore();
  }
  return calls;
}

describe('sign-in costs the same whether the email exists or not', () => {
  it('unknown email, disabled account and wrong password: one derivation each, same parameters', async () => {
    const known = await derivationsOf('reviewer@example.org', '192.0.2.1');
    const unknown = await derivationsOf('nobody@example.org', '192.0.2.2');
    const disabled = await derivationsOf('expert-de@example.org', '192.0.2.3');
    expect(known).toHaveLength(1);
    expect(unknown).toEqual(known);
    expect(disabled).toEqual(known);
  });

  it('a missing or unreadable stored hash never verifies, whatever the password', async () => {
    expect(await verifyPassword('', null)).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$x$y$z$salt$hash')).toBe(false);
    const stored = await hashPassword('a long password');
    expect(await verifyPassword('a long password', stored)).toBe(true);
    expect(await verifyPassword('a long passwore', stored)).toBe(false);
  });

  it('the event loop keeps turning while a password is verified', async () => {
    const stored = await hashPassword('a long password');
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const verified = verifyPassword('a long password', stored);
    expect(turned).toBe(false);
    expect(await verified).toBe(true);
    // A synchronous scrypt would have finished before the loop could run the callback.
    expect(turned).toBe(true);
  });
});
