/**
 * Files that lie about themselves. `scores/2024/DE.yaml` holding `country: AT`, `edition:
 * "2019"` used to validate and be imported into AT 2019, silently replacing it. A sheet's path
 * (`{edition}/{country}.yaml`, `{edition}/{country}.{coder}.yaml`) must agree with its contents;
 * the coder naming is recognised the same way by validate, score and import-sheets; and edition
 * ids follow one rule everywhere.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDITION_ID_PATTERN, isEditionId } from '../../src/answers/edition-id.js';
import { editionParam } from '../../src/http/params.js';
import { openDatabase } from '../../src/storage/database.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { cli, temporaryWorkingDatabase } from '../helpers/cli.js';
import { fixturePath, ROOT_DIR } from '../helpers/fixtures.js';

const TINY = fixturePath('questionnaires', 'tiny');
const TINY_DE = readFileSync(fixturePath('sheets', 'tiny', '2024', 'DE.yaml'), 'utf8');

let dir: string;
let cleanup: () => void;
beforeAll(
  () => ({ dir, cleanup } = temporaryWorkingDatabase('cli-sheet-claims-', { firstStart: true })),
);
afterAll(() => cleanup());

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Line number (1-based) of the first line of `text` starting with `prefix`. */
const lineOf = (text: string, prefix: string) =>
  text.split('\n').findIndex((line) => line.startsWith(prefix)) + 1;

describe('a sheet whose path names another country and edition', () => {
  const lying = readFileSync(join(ROOT_DIR, 'scores', '2019', 'AT.yaml'), 'utf8');

  it('fails validate, located at the country: and edition: lines', () => {
    const file = write(join(dir, 'lie', 'scores', '2024', 'DE.yaml'), lying);
    const { code, err } = cli('validate', file);
    expect(code).toBe(1);
    expect(err).toContain(
      `${file}:${lineOf(lying, 'country:')}:10: error[sheet-path-mismatch]: the file name says country DE but the sheet is for AT`,
    );
    expect(err).toContain(
      `${file}:${lineOf(lying, 'edition:')}:10: error[sheet-path-mismatch]: the folder says edition 2024`,
    );
  });

  it('is refused by import-sheets, and AT 2019 stays as it was', () => {
    const edited = lying.replace(/( {2}fr-accommodation:\n {4}answer: )\S+/, '$1none');
    expect(edited).not.toBe(lying);
    const folder = join(dir, 'lie-import');
    write(join(folder, '2024', 'DE.yaml'), edited);
    const db = openDatabase(process.env.POLICY_INDEX_DB!);
    try {
      const before = getSheet(db, { country: 'AT', edition: '2019' })!;
      const { code, err } = cli('import-sheets', folder);
      expect(code).toBe(1);
      expect(err).toMatch(/error\[sheet-path-mismatch\]/);
      expect(err).toMatch(/nothing was stored/);
      const after = getSheet(db, { country: 'AT', edition: '2019' })!;
      expect(after.revision).toBe(before.revision);
      expect(after.sheet.answers.get('fr-accommodation')).toEqual(
        before.sheet.answers.get('fr-accommodation'),
      );
    } finally {
      db.close();
    }
  });

  it.each(['de.yaml', 'DE.YAML', 'De.Yml', 'sheet.yaml'])(
    'a name in another case (%s) or none at all claims the same: refused by import-sheets, AT 2019 unchanged',
    (name) => {
      const edited = lying.replace(/( {2}fr-accommodation:\n {4}answer: )\S+/, '$1none');
      const folder = join(dir, `case-${name}`);
      const file = write(join(folder, '2024', name), edited);
      const db = openDatabase(process.env.POLICY_INDEX_DB!);
      try {
        const before = getSheet(db, { country: 'AT', edition: '2019' })!;
        const { code, err } = cli('import-sheets', folder);
        expect(code).toBe(1);
        expect(err).toContain(
          `${file}:${lineOf(edited, 'edition:')}:10: error[sheet-path-mismatch]: the folder says edition 2024`,
        );
        if (name !== 'sheet.yaml')
          expect(err).toContain('the file name says country DE but the sheet is for AT');
        expect(getSheet(db, { country: 'AT', edition: '2019' })!.revision).toBe(before.revision);
      } finally {
        db.close();
      }
    },
  );

  it('a folder that is not named after an edition claims nothing', () => {
    const file = write(join(dir, 'downloads', 'DE.yaml'), TINY_DE);
    expect(cli('validate', '--questionnaire', TINY, file).code).toBe(0);
  });
});

describe("coders' sheets ({country}.{coder}.yaml)", () => {
  const coderSheet = (name: string) =>
    TINY_DE.replace('status: published', `status: submitted\ncoders:\n  - name: ${name}`);

  it('validate recognises them as import-sheets does: no duplicate-sheet', () => {
    const folder = join(dir, 'coders');
    write(join(folder, '2024', 'DE.yaml'), TINY_DE);
    write(join(folder, '2024', 'DE.alice.yaml'), coderSheet('Alice Example'));
    write(join(folder, '2024', 'DE.bob.yaml'), coderSheet('bob'));
    const { code, out, err } = cli('validate', '--questionnaire', TINY, folder);
    expect(err).not.toMatch(/duplicate-sheet/);
    expect(out).toMatch(/3 valid sheets \(2 of them coders' sheets\); 0 errors/);
    expect(code).toBe(0);
  });

  it('score scores only the official sheet and says it left the others out', () => {
    const { code, out, err } = cli(
      'score',
      '--questionnaire',
      TINY,
      '--answers',
      join(dir, 'coders'),
    );
    expect(code).toBe(0);
    const results = JSON.parse(out).results as { country: string }[];
    expect(results.map((r) => r.country)).toEqual(['DE']);
    expect(err).toMatch(/^note: 2 coder sheets .* left out: only official sheets are scored/);
  });

  it('a coder file naming another coder is refused at the coders it names', () => {
    const text = coderSheet('Bob Builder');
    const file = write(join(dir, 'coder-lie', '2024', 'DE.alice.yaml'), text);
    const { code, err } = cli('validate', '--questionnaire', TINY, file);
    expect(code).toBe(1);
    expect(err).toContain(
      `${file}:${lineOf(text, '  - name: Bob')}:3: error[sheet-path-mismatch]: the file name says coder "alice"`,
    );
  });

  it('two files for the same coder are still duplicates', () => {
    const folder = join(dir, 'coder-twice');
    write(join(folder, '2024', 'DE.alice.yaml'), coderSheet('Alice'));
    write(join(folder, 'again', '2024', 'DE.alice.yml'), coderSheet('Alice'));
    const { code, err } = cli('validate', '--questionnaire', TINY, folder);
    expect(code).toBe(1);
    expect(err).toMatch(/error\[duplicate-sheet\]: a second sheet for DE 2024 by coder alice/);
  });
});

describe('one edition-id rule', () => {
  const samples = [
    '2024',
    '2024-spring',
    'v1.2_b',
    'a'.repeat(32),
    'a'.repeat(33),
    '-2024',
    '../x',
    '20 24',
    '',
  ];

  it('the web refuses exactly the ids the rule refuses', () => {
    for (const id of samples.filter(Boolean)) {
      let webAccepts = true;
      try {
        editionParam(id, 'edition');
      } catch {
        webAccepts = false;
      }
      expect(webAccepts, id).toBe(isEditionId(id));
    }
  });

  it('import-sheets refuses an edition id the web would refuse', () => {
    const long = 'e'.repeat(33);
    const text = readFileSync(join(ROOT_DIR, 'scores', '2024', 'AT.yaml'), 'utf8').replace(
      'edition: "2024"',
      `edition: "${long}"`,
    );
    const file = write(join(dir, 'long-edition', 'AT.yaml'), text);
    const { code, err } = cli('import-sheets', '--reference-date', '2024-01-01', file);
    expect(code).toBe(1);
    expect(err).toContain(`${file}:${lineOf(text, 'edition:')}:10: error[invalid-format]`);
    expect(err).toContain(EDITION_ID_PATTERN);
  });

  it('the command line refuses a malformed edition as wrong usage (exit 2)', () => {
    const bad = 'x'.repeat(33);
    expect(cli('changes', 'FR', bad, '2024').code).toBe(2);
    expect(cli('robustness', '--edition', '../2024').code).toBe(2);
    expect(cli('history', 'DE', bad, 'q').code).toBe(2);
    expect(cli('publish', bad, '--note', 'x').code).toBe(2);
    expect(cli('agreement', 'DE', '20 24').code).toBe(2);
    expect(cli('changes', 'FR', '2019', '2024').code).toBe(0);
  });
});
