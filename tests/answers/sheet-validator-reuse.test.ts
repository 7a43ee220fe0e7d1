/**
 * A questionnaire loaded again (a new object, as each `validate` or import builds) gets the sheet
 * validator already made for the same definition, so a long-lived process does not run new, cold
 * code for every batch; another definition gets its own.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sheetValidator } from '../../src/answers/load-sheet.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
import { fixturePath } from '../helpers/fixtures.js';
import { temporaryDirPerTest } from '../storage/helpers.js';

const newDir = temporaryDirPerTest('validator-reuse-');

function load(dir: string): Questionnaire {
  const { questionnaire, issues } = loadQuestionnaire(dir);
  if (!questionnaire) throw new Error(JSON.stringify(issues));
  return questionnaire;
}

describe('sheet validators are made once per questionnaire definition', () => {
  it('reuses the validator for the same definition loaded twice, not for an edited one', () => {
    const dir = join(newDir(), 'questionnaire');
    cpSync(fixturePath('questionnaires', 'tiny'), dir, { recursive: true });
    const first = load(dir);
    const again = load(dir);
    expect(again).not.toBe(first);
    expect(sheetValidator(again)).toBe(sheetValidator(first));

    const index = join(dir, 'index.yaml');
    const text = readFileSync(index, 'utf8');
    const edited = text.replace(
      'title: Tiny test questionnaire',
      'title: Tiny questionnaire, edited',
    );
    expect(edited).not.toBe(text);
    writeFileSync(index, edited);
    const other = load(dir);
    expect(other.hash).not.toBe(first.hash);
    expect(sheetValidator(other)).not.toBe(sheetValidator(first));
  });
});
