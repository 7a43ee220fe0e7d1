/**
 * Publishing: a correction never drops a country (a re-opened sheet keeps its published answers
 * unless withdrawn), an edition with missing countries is published only as partial or with a
 * stated reason, a confirmation is bound to the preview, and a preview writes nothing.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnswerEntry } from '../../src/answers/types.js';
import { InputError } from '../../src/issues/issue.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { openDatabase, type Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { storedQuestionnaire } from '../../src/storage/questionnaire-repository.js';
import { getSheet, saveSheet, type SheetData } from '../../src/storage/sheet-repository.js';
import {
  getSnapshot,
  listSnapshots,
  previewPublication,
  publishEdition,
  verifySnapshot,
} from '../../src/storage/snapshot-repository.js';
import { QUESTIONNAIRE_DIR, sampleDatabase, SCORES_DIR, temporaryDirPerTest } from './helpers.js';

const temporaryDir = temporaryDirPerTest();

/** The code of the first issue of a refused publication (and that it was refused). */
function refusal(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof InputError) return error.issues[0]!.code;
    throw error;
  }
  throw new Error('expected the publication to be refused');
}

/** Saves the official sheet of `country` with a status and, optionally, the answer to the question of code `change` changed. */
function setSheet(
  db: Db,
  country: string,
  edition: string,
  status: SheetData['status'],
  change?: string,
): void {
  const stored = getSheet(db, { country, edition })!;
  const answers = new Map<string, AnswerEntry>(stored.sheet.answers);
  if (change) {
    const question = storedQuestionnaire(db, 1).questions.find((q) => q.code === change)!;
    const before = answers.get(question.id)!;
    const option = question.options.find((o) => o.id !== before.answer)!;
    answers.set(question.id, { ...before, answer: option.id });
  }
  saveSheet(db, {
    sheet: { ...stored.sheet, status, answers },
    baseRevision: stored.revision,
    user: 'coordinator',
    reason: 'test',
  });
}

/** A new sheet for `country` in `edition`, with the answers of its 2024 sheet. */
function copySheet(db: Db, country: string, edition: string, status: SheetData['status']) {
  const from = getSheet(db, { country, edition: '2024' })!.sheet;
  saveSheet(db, {
    sheet: { ...from, edition, status },
    baseRevision: null,
    user: 'coordinator',
  });
}

const overall = (db: Db, edition: string, revision: number, country: string) =>
  getSnapshot(db, edition, revision)!.scores.results.find((r) => r.country === country)?.nodes
    .overall?.score;

describe('a correction never drops a country', () => {
  it('keeps the published answers of a country whose sheet was re-opened', () => {
    const db = sampleDatabase();
    const first = getSnapshot(db, '2024')!;
    // Germany's sheet is re-opened and changed (a draft); Austria is corrected and approved.
    setSheet(db, 'DE', '2024', 'draft', '30');
    setSheet(db, 'AT', '2024', 'approved', '30');

    const { snapshot, carried } = publishEdition(db, '2024', {
      user: 'coordinator',
      note: 'Corrected item 30 for Austria.',
    });
    expect(snapshot.revision).toBe(2);
    expect(snapshot.sheets.map((s) => s.country)).toEqual(first.sheets.map((s) => s.country));
    expect(carried).toEqual([{ country: 'DE', fromRevision: 1, status: 'draft' }]);
    expect(snapshot.coverage.carried).toEqual(carried);
    expect(snapshot.partial).toBe(false);
    // Germany: exactly the answers and score of revision 1, not the draft.
    const germany = (s: typeof first) => s.sheets.find((x) => x.country === 'DE');
    expect(germany(snapshot)).toEqual(germany(first));
    expect(overall(db, '2024', 2, 'DE')).toBe(overall(db, '2024', 1, 'DE'));
    expect(overall(db, '2024', 2, 'AT')).not.toBe(overall(db, '2024', 1, 'AT'));
    // The draft stays a draft; the approved correction is now published.
    expect(getSheet(db, { country: 'DE', edition: '2024' })!.sheet.status).toBe('draft');
    expect(getSheet(db, { country: 'AT', edition: '2024' })!.sheet.status).toBe('published');
    expect(verifySnapshot(db, snapshot)).toEqual([]);
  });

  it('leaves a country out only when withdrawn, and then only as partial or with a reason', () => {
    const db = sampleDatabase();
    setSheet(db, 'DE', '2024', 'in_review', '30');
    const note = 'Germany withdrawn pending review.';

    expect(refusal(() => publishEdition(db, '2024', { user: 'c', note, withdraw: ['DE'] }))).toBe(
      'edition-incomplete',
    );
    expect(() => publishEdition(db, '2024', { user: 'c', note, withdraw: ['DE'] })).toThrow(
      /lacks 1 of the 8 countries expected: DE \(withdrawn; has a sheet, in revision 1, in edition 2019\)/,
    );
    expect(getSnapshot(db, '2024')!.revision).toBe(1);

    const partial = publishEdition(db, '2024', {
      user: 'c',
      note,
      withdraw: ['DE'],
      acceptPartial: true,
    }).snapshot;
    expect(partial.sheets.map((s) => s.country)).not.toContain('DE');
    expect(partial.partial).toBe(true);
    expect(partial.coverage.missing).toEqual([
      { country: 'DE', status: 'in_review', withdrawn: true },
    ]);
    expect(listSnapshots(db).find((s) => s.id === partial.id)!.partial).toBe(true);

    // Revision 3: Germany is not in revision 2, so not carried, but still expected (it has a
    // sheet): a stated reason publishes the edition as complete without it.
    const complete = publishEdition(db, '2024', {
      user: 'c',
      note: 'Republished without Germany.',
      completeBecause: 'Germany is re-coded for the next edition; the others are final.',
    }).snapshot;
    expect(complete.partial).toBe(false);
    expect(complete.completeBecause).toBe(
      'Germany is re-coded for the next edition; the others are final.',
    );
    expect(complete.coverage.missing).toEqual([
      { country: 'DE', status: 'in_review', withdrawn: false },
    ]);
  });

  it('withdraws only carried countries', () => {
    const db = sampleDatabase();
    setSheet(db, 'AT', '2024', 'approved', '30');
    expect(
      refusal(() =>
        publishEdition(db, '2024', { user: 'c', note: 'x', withdraw: ['AT'], acceptPartial: true }),
      ),
    ).toBe('not-withdrawable');
    expect(getSnapshot(db, '2024')!.revision).toBe(1);
  });
});

describe('an edition with missing countries', () => {
  it('is refused unless published as partial or with a reason, naming what is missing', () => {
    const db = sampleDatabase();
    createEdition(db, '2025', '2025-01-01', 1);
    copySheet(db, 'DE', '2025', 'approved');
    copySheet(db, 'AT', '2025', 'draft');

    expect(refusal(() => publishEdition(db, '2025', { user: 'c' }))).toBe('edition-incomplete');
    expect(() => publishEdition(db, '2025', { user: 'c' })).toThrow(
      /edition 2025 lacks 7 of the 8 countries expected: AT \(draft; has a sheet, in edition 2024\), CA \(not started; in edition 2024\)/,
    );
    // Nothing was written.
    expect(getSnapshot(db, '2025')).toBeNull();
    expect(getSheet(db, { country: 'DE', edition: '2025' })!.sheet.status).toBe('approved');
    expect(
      refusal(() =>
        publishEdition(db, '2025', { user: 'c', acceptPartial: true, completeBecause: 'x' }),
      ),
    ).toBe('completeness-conflict');

    const { snapshot, missing } = publishEdition(db, '2025', { user: 'c', acceptPartial: true });
    expect(snapshot.partial).toBe(true);
    expect(snapshot.sheets.map((s) => s.country)).toEqual(['DE']);
    expect(missing.map((m) => m.country)).toEqual(['AT', 'CA', 'ES', 'FR', 'NL', 'PT', 'SE']);
    expect(snapshot.coverage.expected).toHaveLength(8);
  });

  it('counts assigned countries as expected, and a complete edition is not partial', () => {
    const db = sampleDatabase();
    createEdition(db, '2025', '2025-01-01', 1);
    for (const c of ['AT', 'CA', 'DE', 'ES', 'FR', 'NL', 'PT', 'SE'])
      copySheet(db, c, '2025', 'approved');
    db.prepare(
      "INSERT INTO users (email, name, role, created_at) VALUES ('e@example.org', 'e', 'expert', 'now')",
    ).run();
    db.prepare(
      "INSERT INTO assignments (user_id, country, edition_id, task, created_at) VALUES (1, 'IT', '2025', 'expert', 'now')",
    ).run();
    expect(() => publishEdition(db, '2025', { user: 'c' })).toThrow(
      /lacks 1 of the 9 countries expected: IT \(not started; assigned\)/,
    );
    db.prepare('DELETE FROM assignments').run();
    const { snapshot } = publishEdition(db, '2025', { user: 'c' });
    expect(snapshot.partial).toBe(false);
    expect(snapshot.completeBecause).toBeNull();
    expect(snapshot.coverage.missing).toEqual([]);
  });

  it('loaded on a first start from files with fewer countries than the edition before is partial', () => {
    const dir = temporaryDir();
    cpSync(join(SCORES_DIR, '2019'), join(dir, '2019'), { recursive: true });
    mkdirSync(join(dir, '2024'));
    cpSync(join(SCORES_DIR, '2024', 'AT.yaml'), join(dir, '2024', 'AT.yaml'));
    const db = openDatabase(':memory:');
    bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: dir });
    expect(getSnapshot(db, '2019')!.partial).toBe(false);
    expect(getSnapshot(db, '2024')!.partial).toBe(true);
  });
});

describe('the preview and the confirmation', () => {
  it('the preview writes nothing and shows the scores that are then published', () => {
    const db = sampleDatabase();
    createEdition(db, '2025', '2025-01-01', 1);
    copySheet(db, 'DE', '2025', 'approved');
    const cached = () =>
      (db.prepare('SELECT COUNT(*) AS n FROM score_cache').get() as { n: number }).n;
    const before = cached();
    const preview = previewPublication(db, '2025');
    expect(cached()).toBe(before);
    expect(preview.plan.revision).toBe(1);
    expect(preview.plan.included.map((i) => i.inclusion.country)).toEqual(['DE']);
    expect(preview.plan.missing).toHaveLength(7);

    const { snapshot } = publishEdition(db, '2025', {
      user: 'c',
      confirm: preview.plan.fingerprint,
      acceptPartial: true,
    });
    expect(snapshot.scores.results[0]!.nodes).toEqual(preview.scores.get('DE'));
  });

  it('a confirmation of a preview that no longer holds is refused, and nothing is published', () => {
    const db = sampleDatabase();
    createEdition(db, '2025', '2025-01-01', 1);
    copySheet(db, 'DE', '2025', 'approved');
    copySheet(db, 'AT', '2025', 'submitted');
    const { fingerprint } = previewPublication(db, '2025').plan;
    expect(previewPublication(db, '2025').plan.fingerprint).toBe(fingerprint);

    // Austria is approved after the preview: the coordinator did not see it.
    setSheet(db, 'AT', '2025', 'approved');
    const options = { user: 'c', acceptPartial: true };
    expect(refusal(() => publishEdition(db, '2025', { ...options, confirm: fingerprint }))).toBe(
      'edition-changed',
    );
    expect(getSnapshot(db, '2025')).toBeNull();
    expect(refusal(() => publishEdition(db, '2025', { ...options, confirm: '' }))).toBe(
      'confirmation-required',
    );
    // A change of an included sheet's answers changes the fingerprint too.
    const seen = previewPublication(db, '2025').plan.fingerprint;
    setSheet(db, 'DE', '2025', 'approved', '30');
    expect(previewPublication(db, '2025').plan.fingerprint).not.toBe(seen);

    const current = previewPublication(db, '2025').plan.fingerprint;
    const { snapshot } = publishEdition(db, '2025', { ...options, confirm: current });
    expect(snapshot.sheets.map((s) => s.country)).toEqual(['AT', 'DE']);
  });
});
