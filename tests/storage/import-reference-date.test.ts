/**
 * An import holds every sheet to its edition's reference date, as the workspace does at
 * submission: an answer in force after it (`in-force-after-reference-date`) is an error at its
 * line, and nothing is stored — for an edition that exists (its stored date) and for one the
 * import creates (`--reference-date`, or 1 January of its year). A draft is not held to it yet.
 * The same on one thread and on several.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.js';
import { importSheetFiles, importSheetFilesInThreads } from '../../src/storage/import-sheets.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { listEditions } from '../../src/storage/edition-repository.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { sampleDatabase, temporaryDirPerTest } from './helpers.js';

const temporaryDir = temporaryDirPerTest();
const FRANCE = readFileSync(join(ROOT_DIR, 'scores', '2024', 'FR.yaml'), 'utf8');

/** France's 2024 sheet for `edition`, with `status`, its first in-force date set to `date`. */
function writeSheet(edition: string, date: string, status = 'approved'): string {
  const dir = temporaryDir('reference-date-');
  mkdirSync(join(dir, edition));
  const text = FRANCE.replace(/^edition: "2024"$/m, `edition: "${edition}"`)
    .replace(/^status: published$/m, `status: ${status}`)
    .replace(/in_force_since: "[^"]+"/, `in_force_since: "${date}"`);
  writeFileSync(join(dir, edition, 'FR.yaml'), text);
  return dir;
}

/** The line of the first `in_force_since` in the sheet written, as an import reports it. */
const firstDateLine = () =>
  FRANCE.split('\n').findIndex((line) => line.includes('in_force_since:')) + 1;

const imports = [
  [
    'one thread',
    (db: Db, dir: string, referenceDate?: string) =>
      Promise.resolve(importSheetFiles(db, [dir], { user: 'test', referenceDate })),
  ],
  [
    'two threads',
    (db: Db, dir: string, referenceDate?: string) =>
      importSheetFilesInThreads(db, [dir], { user: 'test', referenceDate, threads: 2 }),
  ],
] as const;

describe.each(imports)('import-sheets on %s', (_, run) => {
  it("refuses an answer in force after its existing edition's reference date, storing nothing", async () => {
    const db = sampleDatabase();
    const before = getSheet(db, { country: 'FR', edition: '2024' })!;
    const result = await run(db, writeSheet('2024', '2024-03-01'));
    expect(result.imported).toBe(0);
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'in-force-after-reference-date',
        severity: 'error',
        line: firstDateLine(),
        message: expect.stringContaining(
          "in force since 2024-03-01, after the edition's reference date 2024-01-01",
        ),
      }),
    ]);
    expect(getSheet(db, { country: 'FR', edition: '2024' })).toEqual(before);
  });

  it('holds a new edition to the date the import gives it, or 1 January of its year', async () => {
    const db = sampleDatabase();
    const given = await run(db, writeSheet('2030', '2025-06-01'), '2025-01-01');
    expect(given.issues.map((i) => i.code)).toEqual(['in-force-after-reference-date']);
    expect(listEditions(db).map((e) => e.id)).not.toContain('2030');
    const year = await run(db, writeSheet('2030', '2030-06-01'));
    expect(year.issues.map((i) => i.code)).toEqual(['in-force-after-reference-date']);
    const fine = await run(db, writeSheet('2030', '2025-06-01'));
    expect(fine).toMatchObject({ imported: 1, issues: [] });
  });

  it('lets a draft through: the rule holds from submission on, as in the workspace', async () => {
    const db = sampleDatabase();
    const result = await run(db, writeSheet('2030', '2031-06-01', 'draft'));
    expect(result).toMatchObject({ imported: 1, issues: [] });
  });
});
