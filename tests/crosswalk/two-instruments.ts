/**
 * A working database with the sample editions (2015 questionnaire) and a 2025 edition of Austria
 * in the 2020 questionnaire, made with the crosswalk command from the 2024 sheet and completed by
 * hand for the one question it cannot map — every step through the CLI. Shared by the supertest
 * and browser tests of the instrument-change page.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { cli, useWorkingDatabase } from '../helpers/cli.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { temporaryDir } from '../storage/helpers.js';
import { Q2015_DIR, Q2020_DIR } from './helpers.js';

export function twoInstrumentDatabase(): { db: Db; close: () => void } {
  const temp = temporaryDir('policy-index-instrument-');
  const dbFile = join(temp.dir, 'work.sqlite');
  const restore = useWorkingDatabase(dbFile, { firstStart: true });
  const out = join(temp.dir, 'recoded');
  expect(
    cli(
      'crosswalk',
      '--from',
      Q2015_DIR,
      '--to',
      Q2020_DIR,
      '--out',
      out,
      join(ROOT_DIR, 'scores', '2024', 'AT.yaml'),
    ).code,
  ).toBe(0);
  // The expert's review: another edition, the unmapped question answered, submitted.
  const sheet = join(temp.dir, '2025', 'AT.yaml');
  const text = readFileSync(join(out, '2024', 'AT.yaml'), 'utf8')
    .replace('edition: "2024"', 'edition: "2025"')
    .replace('status: draft', 'status: submitted');
  mkdirSync(join(temp.dir, '2025'));
  writeFileSync(sheet, text);
  appendFileSync(
    sheet,
    '  pr-language-form:\n    answer: test\n    sources:\n      - title: Residence Act (test reference)\n',
  );
  expect(cli('import-sheets', join(temp.dir, '2025')).code).toBe(0);
  expect(cli('approve', '2025').code).toBe(0);
  expect(cli('publish', '2025', '--partial').code).toBe(0);
  const db = openDatabase(dbFile);
  return {
    db,
    close: () => {
      db.close();
      restore();
      temp.cleanup();
    },
  };
}
