/**
 * `official` is the coder key the official sheet is stored under. A file named as that coder's
 * (`DE.official.yaml`) was counted as a coder's sheet by `validate` and imported over the
 * official sheet by `import-sheets`: the file name is refused instead (`reserved-coder-key`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSheets } from '../../src/answers/gather-sheets.js';
import { loadCountries } from '../../src/questionnaire/countries.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import {
  emptyDatabase,
  QUESTIONNAIRE_DIR,
  SCORES_DIR,
  temporaryDirPerTest,
} from '../storage/helpers.js';

const temporaryDir = temporaryDirPerTest();

/** Germany's sample sheet, coded by "Official", as `{dir}/2024/DE.official.yaml`. */
function officialCoderFile(): string {
  const folder = join(temporaryDir('official-coder-'), '2024');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'DE.official.yaml');
  const text = readFileSync(join(SCORES_DIR, '2024', 'DE.yaml'), 'utf8');
  writeFileSync(file, text.replace(/^coders:\n {2}- name: .*$/m, 'coders:\n  - name: Official'));
  return file;
}

describe('a coder file named "official"', () => {
  it('is refused by validation', () => {
    const file = officialCoderFile();
    const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;
    const countries = loadCountries(QUESTIONNAIRE_DIR).codes ?? undefined;
    const loaded = loadSheets([file], { questionnaire, countries, referenceDateOf: () => null });
    expect(loaded.sheets).toEqual([]);
    expect(loaded.coderSheets).toEqual([]);
    expect(loaded.issues.map((issue) => [issue.code, issue.file])).toEqual([
      ['reserved-coder-key', file],
    ]);
  });

  it('is not imported as the official sheet', () => {
    const file = officialCoderFile();
    const db = emptyDatabase();
    const result = importSheetFiles(db, [file], { user: 'test' });
    expect(result.issues.map((issue) => issue.code)).toEqual(['reserved-coder-key']);
    expect(result.imported).toBe(0);
    expect(getSheet(db, { country: 'DE', edition: '2024' })).toBeNull();
  });
});
