/** Sign-in attempts through HTTP, from chosen client addresses, counting password hashes. */
import { useKeyDerivation } from '../../src/storage/passwords.js';
import { workspaceSetup, type Agent, type Setup } from '../workspace/helpers.js';

/** The workspace setup with an app that believes X-Forwarded-For from loopback (the tests). */
export function proxiedSetup(): Setup {
  return workspaceSetup({ trustProxy: ['loopback'] });
}

export async function attempt(
  browser: { agent: Agent; token: string },
  email: string,
  password: string,
  from = '203.0.113.1',
) {
  return browser.agent
    .post('/login')
    .set('X-Forwarded-For', from)
    .type('form')
    .send({ _login: browser.token, email, password, next: '/workspace' });
}

/** Counts the password key derivations (scrypt runs) while `work` runs. */
export async function countingHashes<T>(
  work: () => Promise<T>,
): Promise<{ result: T; hashes: number }> {
  let hashes = 0;
  const restore = useKeyDerivation((real) => (...args) => {
    hashes++;
    return real(...args);
  });
  try {
    const result = await work();
    return { result, hashes };
  } finally {
    restore();
  }
}
