/** `policy-index user add` next to accounts disabled in the workspace. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { openDatabase } from '../../src/storage/database.js';
import { accountByEmail, setDisabled } from '../../src/workspace/account-repository.js';
import { captureIo } from '../helpers/fixtures.js';
import { temporaryDir } from '../storage/helpers.js';

let dir: string;
let cleanup: () => void;
const previous = { db: process.env.POLICY_INDEX_DB, password: process.env.POLICY_INDEX_PASSWORD };

beforeAll(() => {
  ({ dir, cleanup } = temporaryDir('accounts-cli-'));
  process.env.POLICY_INDEX_DB = join(dir, 'index.sqlite');
  process.env.POLICY_INDEX_PASSWORD = 'a long enough password';
});

afterAll(() => {
  for (const [name, value] of [
    ['POLICY_INDEX_DB', previous.db],
    ['POLICY_INDEX_PASSWORD', previous.password],
  ] as const)
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  cleanup();
});

describe('policy-index user add', () => {
  it('refuses the email of a disabled account as existing (exit 1), not with an internal error', () => {
    expect(run(['user', 'add', 'gone@example.org', '--role', 'expert'], captureIo().io)).toBe(0);
    const db = openDatabase(process.env.POLICY_INDEX_DB!);
    setDisabled(db, accountByEmail(db, 'gone@example.org')!.id, true);
    db.close();
    const capture = captureIo();
    expect(run(['user', 'add', 'gone@example.org', '--role', 'expert'], capture.io)).toBe(1);
    expect(capture.err()).toContain('error[user-exists]');
  });
});
