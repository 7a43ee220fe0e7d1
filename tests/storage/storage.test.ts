import { readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnswerEntry } from '../../src/answers/types.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { migrate, openDatabase, schemaVersion } from '../../src/storage/database.js';
import {
  editionsComparable,
  getEdition,
  listEditions,
} from '../../src/storage/edition-repository.js';
import { exportSheets } from '../../src/storage/export-sheets.js';
import { importSheetFiles } from '../../src/storage/import-sheets.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import {
  answerHistory,
  getSheet,
  listSheets,
  saveSheet,
  SheetConflictError,
} from '../../src/storage/sheet-repository.js';
import {
  getSnapshot,
  listSnapshots,
  publishEdition,
  verifySnapshot,
} from '../../src/storage/snapshot-repository.js';
import { InputError } from '../../src/issues/issue.js';
import { storedQuestionnaire } from '../../src/storage/questionnaire-repository.js';
import {
  emptyDatabase,
  QUESTIONNAIRE_DIR,
  sampleDatabase,
  SCORES_DIR,
  temporaryDirPerTest,
} from './helpers.js';

const tempDir = temporaryDirPerTest();

describe('migrations', () => {
  it('run on a fresh database, are recorded, and are not applied twice', () => {
    const db = openDatabase(':memory:', { migrate: false });
    expect(migrate(db).map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(migrate(db)).toEqual([]);
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'questionnaire_versions',
        'countries',
        'editions',
        'sheets',
        'sheet_answers',
        'answer_history',
        'users',
        'assignments',
        'snapshots',
        'score_cache',
      ]),
    );
  });

  it('open a file database in WAL mode with foreign keys enforced', () => {
    const db = openDatabase(join(tempDir(), 'x.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() =>
      db.prepare("INSERT INTO country_aliases (alias, code) VALUES ('ZZ', 'QQ')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

describe('first start', () => {
  it('loads the questionnaire, countries and sample sheets, and publishes every edition', () => {
    const db = sampleDatabase();
    expect(listEditions(db).map((e) => [e.id, e.reference_date])).toEqual([
      ['2019', '2019-01-01'],
      ['2024', '2024-01-01'],
    ]);
    expect(listSheets(db)).toHaveLength(16);
    expect(listSnapshots(db).map((s) => [s.edition, s.revision, s.countries])).toEqual([
      ['2019', 1, 8],
      ['2024', 1, 8],
    ]);
    for (const snapshot of listSnapshots(db)) {
      expect(verifySnapshot(db, getSnapshot(db, snapshot.edition)!)).toEqual([]);
      // Shown on public pages: the folder's name, never the server's path to it.
      expect(getSnapshot(db, snapshot.edition)!.note).toBe(
        'First publication, loaded from the sheet files in scores/.',
      );
    }
  });

  it('a later start reuses the database; a changed questionnaire becomes a new version, old editions keep theirs', () => {
    const db = sampleDatabase();
    const again = bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: SCORES_DIR });
    expect(again).toMatchObject({ firstStart: false, newQuestionnaireVersion: false, imported: 0 });

    const changed = tempDir();
    cpSync(QUESTIONNAIRE_DIR, changed, { recursive: true });
    const file = join(changed, 'family-reunification.yaml');
    // Re-wording: new content hash, same scoring.
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('en: "Family reunification"', 'en: "Family reunion"'),
    );
    const reworded = bootstrap(db, { questionnaireDir: changed, scoresDir: null });
    expect(reworded.newQuestionnaireVersion).toBe(true);
    expect(getEdition(db, '2024')!.questionnaire_version_id).not.toBe(
      reworded.questionnaireVersionId,
    );
    db.prepare(
      'INSERT INTO editions (id, reference_date, questionnaire_version_id, created_at) VALUES (?, ?, ?, ?)',
    ).run('2025', '2025-01-01', reworded.questionnaireVersionId, 'now');
    expect(editionsComparable(db, '2024', '2025')).toBe(true);

    // A scoring change: option points differ → not comparable.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/score: 50/, 'score: 40'));
    const rescored = bootstrap(db, { questionnaireDir: changed, scoresDir: null });
    db.prepare(
      'INSERT INTO editions (id, reference_date, questionnaire_version_id, created_at) VALUES (?, ?, ?, ?)',
    ).run('2026', '2026-01-01', rescored.questionnaireVersionId, 'now');
    expect(editionsComparable(db, '2025', '2026')).toBe(false);
    expect(editionsComparable(db, '2019', '2024')).toBe(true);
  });
});

describe('import and export of sheets', () => {
  it('round trip: import → export → import yields identical answers, sources and comments', () => {
    const db = sampleDatabase();
    const before = listSheets(db).map((s) => s.sheet);
    const out = tempDir();
    expect(exportSheets(db, out)).toHaveLength(16);

    const fresh = emptyDatabase();
    const result = importSheetFiles(fresh, [out], { user: 'test' });
    expect(result.issues).toEqual([]);
    expect(result.imported).toBe(16);
    const after = listSheets(fresh).map((s) => s.sheet);
    const comparable = (sheets: typeof before) =>
      sheets.map((s) => ({ ...s, file: '', status: s.status, answers: [...s.answers.entries()] }));
    expect(comparable(after)).toEqual(comparable(before));

    // Importing the export into the original changes nothing.
    const again = importSheetFiles(db, [out], { user: 'test' });
    expect(again).toMatchObject({ imported: 16, changed: 0 });
    // And exporting again writes the same answers.
    const out2 = tempDir();
    exportSheets(fresh, out2);
    const body = (dir: string) =>
      readFileSync(join(dir, '2024', 'DE.yaml'), 'utf8').replace(/^#.*\n/gm, '');
    expect(body(out2)).toBe(body(out));
  });

  it('all or nothing: one invalid sheet means nothing is stored', () => {
    const db = emptyDatabase();
    const dir = tempDir();
    cpSync(SCORES_DIR, dir, { recursive: true });
    const bad = join(dir, '2024', 'NL.yaml');
    writeFileSync(bad, readFileSync(bad, 'utf8').replace(/answer: none\n/, 'answer: nonsense\n'));
    const result = importSheetFiles(db, [dir], { user: 'test' });
    expect(result.imported).toBe(0);
    expect(result.issues.map((i) => [i.file, i.code])).toContainEqual([bad, 'unknown-option']);
    expect(listSheets(db)).toEqual([]);
    expect(listEditions(db)).toEqual([]);
  });
});

function entry(answer: string, extra: Partial<AnswerEntry> = {}): AnswerEntry {
  return { answer, sources: [], comment: null, inForceSince: null, confidence: null, ...extra };
}

describe('saving sheets: conflicts and history', () => {
  function draft(answers: Record<string, AnswerEntry>) {
    return {
      questionnaire: { id: 'migrant-policy-index', version: '1.1.0' },
      country: 'AT',
      edition: '2024',
      status: 'draft' as const,
      illustrative: false,
      coders: [],
      answers: new Map(Object.entries(answers)),
    };
  }

  function withEdition() {
    const db = emptyDatabase();
    db.prepare(
      "INSERT INTO editions (id, reference_date, questionnaire_version_id, created_at) VALUES ('2024', '2024-01-01', 1, 'now')",
    ).run();
    return db;
  }

  it('two saves based on the same revision: the second is refused, the first is kept, one change in the history', () => {
    const db = withEdition();
    const created = saveSheet(db, {
      sheet: draft({ 'fr-residence-period': entry('none') }),
      baseRevision: null,
      user: 'alice',
    });
    expect(created.revision).toBe(1);

    const first = saveSheet(db, {
      sheet: draft({ 'fr-residence-period': entry('up-to-one-year') }),
      baseRevision: 1,
      user: 'alice',
    });
    expect(first.revision).toBe(2);
    let conflict: unknown;
    try {
      saveSheet(db, {
        sheet: draft({ 'fr-residence-period': entry('over-one-year') }),
        baseRevision: 1,
        user: 'bob',
      });
    } catch (error) {
      conflict = error;
    }
    expect(conflict).toBeInstanceOf(SheetConflictError);
    const error = conflict as SheetConflictError;
    expect(error.currentRevision).toBe(2);
    expect(error.updatedBy).toBe('alice');
    expect(error.changedSince.map((c) => [c.questionId, c.changedBy])).toEqual([
      ['fr-residence-period', 'alice'],
    ]);
    expect(error.message).toMatch(/changed by alice .* Nothing was saved\./);

    const stored = getSheet(db, { country: 'AT', edition: '2024' })!;
    expect(stored.revision).toBe(2);
    expect(stored.sheet.answers.get('fr-residence-period')!.answer).toBe('up-to-one-year');
    const history = answerHistory(db, { country: 'AT', edition: '2024' }, 'fr-residence-period');
    expect(
      history.map((h) => [
        h.revision,
        h.changedBy,
        h.before?.answer ?? null,
        h.after?.answer ?? null,
      ]),
    ).toEqual([
      [1, 'alice', null, 'none'],
      [2, 'alice', 'none', 'up-to-one-year'],
    ]);
  });

  it('creating a sheet that someone else created meanwhile is a conflict too', () => {
    const db = withEdition();
    saveSheet(db, { sheet: draft({}), baseRevision: null, user: 'alice' });
    expect(() => saveSheet(db, { sheet: draft({}), baseRevision: null, user: 'bob' })).toThrow(
      SheetConflictError,
    );
  });

  it('every change of option, source and comment is in the history with before and after', () => {
    const db = withEdition();
    const source = {
      title: 'Residence Act',
      article: '§ 1',
      url: 'https://legislation.example/1',
      date: '2023-01-01',
    };
    let revision = saveSheet(db, {
      sheet: draft({ 'fr-partners': entry('all') }),
      baseRevision: null,
      user: 'a',
    }).revision;
    revision = saveSheet(db, {
      sheet: draft({ 'fr-partners': entry('some') }),
      baseRevision: revision,
      user: 'b',
      reason: 'option',
    }).revision;
    revision = saveSheet(db, {
      sheet: draft({ 'fr-partners': entry('some', { sources: [source] }) }),
      baseRevision: revision,
      user: 'c',
      reason: 'source',
    }).revision;
    revision = saveSheet(db, {
      sheet: draft({
        'fr-partners': entry('some', {
          sources: [source],
          comment: "<b>'quoted'</b>; DROP TABLE answers",
        }),
      }),
      baseRevision: revision,
      user: 'd',
      reason: 'comment',
    }).revision;
    // Saving the same content again is not a change.
    const same = saveSheet(db, {
      sheet: draft({
        'fr-partners': entry('some', {
          sources: [source],
          comment: "<b>'quoted'</b>; DROP TABLE answers",
        }),
      }),
      baseRevision: revision,
      user: 'e',
    });
    expect(same).toMatchObject({ revision, changed: [] });

    const history = answerHistory(db, { country: 'AT', edition: '2024' }, 'fr-partners');
    expect(history.map((h) => [h.changedBy, h.reason])).toEqual([
      ['a', null],
      ['b', 'option'],
      ['c', 'source'],
      ['d', 'comment'],
    ]);
    expect([history[1]!.before!.answer, history[1]!.after!.answer]).toEqual(['all', 'some']);
    expect([history[2]!.before!.sources, history[2]!.after!.sources]).toEqual([[], [source]]);
    expect([history[3]!.before!.comment, history[3]!.after!.comment]).toEqual([
      null,
      "<b>'quoted'</b>; DROP TABLE answers",
    ]);
    // SQL metacharacters are stored literally.
    expect(
      getSheet(db, { country: 'AT', edition: '2024' })!.sheet.answers.get('fr-partners')!.comment,
    ).toBe("<b>'quoted'</b>; DROP TABLE answers");
  });

  it('the history cannot be rewritten', () => {
    const db = withEdition();
    saveSheet(db, { sheet: draft({ 'fr-partners': entry('all') }), baseRevision: null, user: 'a' });
    expect(() => db.prepare('UPDATE answer_history SET changed_by = ?').run('mallory')).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM answer_history').run()).toThrow(/append-only/);
  });
});

describe('published snapshots', () => {
  it('cannot be altered; a correction is a new revision with a note, and the old one stays readable', () => {
    const db = sampleDatabase();
    const first = getSnapshot(db, '2024')!;
    expect(() => db.prepare("UPDATE snapshots SET scores = '{}'").run()).toThrow(
      /cannot be changed/,
    );
    expect(() => db.prepare('DELETE FROM snapshots').run()).toThrow(/cannot be deleted/);

    expect(() => publishEdition(db, '2024', { user: 'coordinator' })).toThrow(InputError);
    try {
      publishEdition(db, '2024', { user: 'coordinator' });
    } catch (error) {
      expect((error as InputError).issues.map((i) => i.code)).toEqual(['correction-note-required']);
    }

    // Correct one answer of Austria (item 30, accommodation: to its best option), then publish.
    const austria = getSheet(db, { country: 'AT', edition: '2024' })!;
    const answers = new Map(austria.sheet.answers);
    const best = storedQuestionnaire(db, 1).questions.find((q) => q.code === '30')!;
    expect(answers.get(best.id)!.answer).not.toBe(best.options[0]!.id);
    answers.set(best.id, { ...answers.get(best.id)!, answer: best.options[0]!.id });
    saveSheet(db, {
      sheet: { ...austria.sheet, status: 'approved', answers },
      baseRevision: austria.revision,
      user: 'coordinator',
      reason: 'correction',
    });
    const { snapshot } = publishEdition(db, '2024', {
      user: 'coordinator',
      note: 'Corrected item 30 for Austria.',
    });
    expect(snapshot.revision).toBe(2);
    expect(snapshot.note).toBe('Corrected item 30 for Austria.');

    const old = getSnapshot(db, '2024', 1)!;
    expect(old.scores).toEqual(first.scores);
    const score = (s: typeof old) =>
      s.scores.results.find((r) => r.country === 'AT')!.nodes['family-reunification']!.score!;
    expect(score(snapshot)).toBeGreaterThan(score(old));
    expect(getSnapshot(db, '2024')!.revision).toBe(2);
  });

  it('refuses unknown editions and editions with nothing approved', () => {
    const db = sampleDatabase();
    expect(() => publishEdition(db, '1999', { user: 'x' })).toThrow(InputError);
    db.prepare(
      "INSERT INTO editions (id, reference_date, questionnaire_version_id, created_at) VALUES ('2030', '2030-01-01', 1, 'now')",
    ).run();
    expect(() => publishEdition(db, '2030', { user: 'x' })).toThrow(/no approved sheet/);
  });
});

describe('imports into editions', () => {
  it('need a reference date when the edition is not named after a year', () => {
    const db = emptyDatabase();
    const dir = tempDir();
    mkdirSync(join(dir, 'spring'));
    writeFileSync(
      join(dir, 'spring', 'AT.yaml'),
      'questionnaire: { id: migrant-policy-index, version: 1.1.0 }\ncountry: AT\nedition: spring\nstatus: draft\nanswers: {}\n',
    );
    expect(importSheetFiles(db, [dir], { user: 't' }).issues.map((i) => i.code)).toContain(
      'unknown-edition',
    );
    const ok = importSheetFiles(db, [dir], { user: 't', referenceDate: '2025-03-31' });
    expect(ok.createdEditions).toEqual(['spring']);
    expect(getEdition(db, 'spring')!.reference_date).toBe('2025-03-31');
  });
});
