/**
 * `policy-index import-sheets --threads N`: the threaded import through the command line, which
 * keeps its database open until the workers are done, reports like the one-thread import and
 * stores nothing when a sheet has an error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRealSizeSheets } from '../../src/bench/real-size-sheets.js';
import { sheetFilesOf } from '../../src/answers/gather-sheets.js';
import { openDatabase } from '../../src/storage/database.js';
import { cliAsync, temporaryWorkingDatabase } from '../helpers/cli.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = temporaryWorkingDatabase('bulk-import-cli-', { firstStart: true }));
});
afterAll(() => cleanup());

function storedSheets(edition: string): number {
  const db = openDatabase(process.env.POLICY_INDEX_DB!);
  try {
    const row = db.prepare('SELECT COUNT(*) AS n FROM sheets WHERE edition_id = ?').get(edition);
    return (row as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('import-sheets on several threads', () => {
  it('refuses a batch with an error in the middle and stores nothing', async () => {
    const sheets = join(dir, 'bad');
    const [edition] = writeRealSizeSheets(ROOT_DIR, sheets, 6, 1980);
    const third = sheetFilesOf([sheets])[2]!;
    writeFileSync(third, readFileSync(third, 'utf8').replace(/^country: \w+$/m, 'country: XX'));
    const result = await cliAsync('import-sheets', '--nice', '0', '--threads', '2', sheets);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${third}:`);
    expect(result.err).toMatch(/error\[(unknown-country|sheet-path-mismatch)\]/);
    expect(result.err).toMatch(/import refused \(\d+ errors?\): nothing was stored/);
    expect(storedSheets(edition!)).toBe(0);
  });

  it('imports a valid batch and says what it created', async () => {
    const sheets = join(dir, 'good');
    const [edition] = writeRealSizeSheets(ROOT_DIR, sheets, 6, 1985);
    const result = await cliAsync('import-sheets', '--nice', '0', '--threads', '2', sheets);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(`imported 6 sheets (6 new or changed); new editions: ${edition}`);
    expect(storedSheets(edition!)).toBe(6);
  });
});
