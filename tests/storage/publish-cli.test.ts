/**
 * `policy-index publish` follows the same rules as the workspace: a partial publication must be
 * explicit (`--partial` or `--complete-because`), otherwise exit 1 naming the missing countries;
 * a correction keeps re-opened countries unless `--withdraw`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { openDatabase } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { getSnapshot } from '../../src/storage/snapshot-repository.js';
import { cli, temporaryWorkingDatabase } from '../helpers/cli.js';
import { QUESTIONNAIRE_DIR, SCORES_DIR } from './helpers.js';

let path: string;
let cleanup: () => void;

beforeAll(() => {
  ({ path, cleanup } = temporaryWorkingDatabase('publish-cli-'));
  const db = openDatabase(path);
  bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: SCORES_DIR });
  createEdition(db, '2025', '2025-01-01', 1);
  const de = getSheet(db, { country: 'DE', edition: '2024' })!;
  // Germany 2025 approved (its 2024 answers); Germany 2024 re-opened as a draft.
  saveSheet(db, {
    sheet: { ...de.sheet, edition: '2025', status: 'approved' },
    baseRevision: null,
    user: 'test',
  });
  saveSheet(db, { sheet: { ...de.sheet, status: 'draft' }, baseRevision: de.revision, user: 't' });
  db.close();
});

afterAll(() => cleanup());

/** Approves a corrected comment on a country's answer to fr-partners. */
function correctComment(country: string, edition: string): void {
  const db = openDatabase(path);
  try {
    const sheet = getSheet(db, { country, edition })!;
    const answers = new Map(sheet.sheet.answers);
    answers.set('fr-partners', { ...answers.get('fr-partners')!, comment: 'Corrected comment' });
    saveSheet(db, {
      sheet: { ...sheet.sheet, status: 'approved', answers },
      baseRevision: sheet.revision,
      user: 'test',
    });
  } finally {
    db.close();
  }
}

function snapshot(edition: string) {
  const db = openDatabase(path);
  try {
    return getSnapshot(db, edition);
  } finally {
    db.close();
  }
}

describe('policy-index publish', () => {
  it('refuses an edition with missing countries unless it is declared partial or complete', () => {
    const refused = cli('publish', '2025');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /error\[edition-incomplete\]: edition 2025 lacks 7 of the 8 countries expected: AT \(not started; in edition 2024\), CA/,
    );
    expect(refused.err).toContain('add --partial, or --complete-because');
    expect(snapshot('2025')).toBeNull();

    expect(cli('publish', '2025', '--partial', '--complete-because', 'x').code).toBe(2);
    expect(cli('publish', '2025', '--complete-because', ' ').code).toBe(2);

    const done = cli('publish', '2025', '--partial');
    expect(done.code).toBe(0);
    expect(done.out).toMatch(
      /published edition 2025 revision 1 \(partial\): 1 countries, 0 legal events$/m,
    );
    expect(done.err).toMatch(/^missing: AT \(not started; in edition 2024\), CA/m);
    expect(snapshot('2025')!.partial).toBe(true);
  });

  it('keeps a re-opened country in a correction, and withdraws it only when told', () => {
    const refused = cli('publish', '2024', '--note', 'Withdraw Germany.', '--withdraw', 'de');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/error\[edition-incomplete\].*DE \(withdrawn;/);
    expect(snapshot('2024')!.revision).toBe(1);

    // Germany re-opened and nothing else changed: the correction would copy revision 1.
    const same = cli('publish', '2024', '--note', 'Republished.');
    expect(same.code).toBe(1);
    expect(same.err).toMatch(/^error\[nothing-changed\]: edition 2024 revision 1 already holds/m);
    expect(snapshot('2024')!.revision).toBe(1);
    correctComment('AT', '2024');

    const kept = cli('publish', '2024', '--note', 'Republished.');
    expect(kept.code).toBe(0);
    expect(kept.out).toMatch(/published edition 2024 revision 2: 8 countries, 4 legal events$/m);
    expect(kept.err).toMatch(
      /kept with their answers of revision 1 \(sheet re-opened\): DE \(draft\)/,
    );

    const withdrawn = cli(
      'publish',
      '2024',
      '--note',
      'Germany withdrawn.',
      '--withdraw',
      'DE',
      '--complete-because',
      'Germany is re-coded; the others are final.',
    );
    expect(withdrawn.code).toBe(0);
    expect(withdrawn.out).toMatch(/published edition 2024 revision 3: 7 countries/);
    const third = snapshot('2024')!;
    expect(third.partial).toBe(false);
    expect(third.completeBecause).toBe('Germany is re-coded; the others are final.');
    expect(third.coverage.missing).toEqual([{ country: 'DE', status: 'draft', withdrawn: true }]);

    expect(cli('publish', '2024', '--note', 'x', '--withdraw', 'AT').err).toMatch(
      /error\[not-withdrawable\]/,
    );
  });
});
