/** `policy-index user add` next to accounts disabled in the workspace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { accountByEmail, setDisabled } from '../../src/storage/account-repository.js';
import { cli, temporaryWorkingDatabase } from '../helpers/cli.js';

let path: string;
let cleanup: () => void;
beforeAll(() => {
  ({ path, cleanup } = temporaryWorkingDatabase('accounts-cli-', {
    env: { POLICY_INDEX_PASSWORD: 'a long enough password' },
  }));
});
afterAll(() => cleanup());

describe('policy-index user add', () => {
  it('refuses the email of a disabled account as existing (exit 1), not with an internal error', () => {
    expect(cli('user', 'add', 'gone@example.org', '--role', 'expert').code).toBe(0);
    const db = openDatabase(path);
    setDisabled(db, accountByEmail(db, 'gone@example.org')!.id, true);
    db.close();
    const again = cli('user', 'add', 'gone@example.org', '--role', 'expert');
    expect(again.code).toBe(1);
    expect(again.err).toContain('error[user-exists]');
  });
});
