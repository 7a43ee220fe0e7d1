/**
 * Migration 11 moves a database's answers from a row per answer and per legal source into one
 * JSON text per sheet, and lets the answer history hold a sheet's creation as one row: a database
 * written before reads back the same sheets, answers in their order, sources in theirs, and the
 * same history.
 */
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../src/storage/database.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import {
  answerHistory,
  getSheet,
  saveSheet,
  listSheets,
} from '../../src/storage/sheet-repository.js';
import { answerEntry } from './helpers.js';

const entry = answerEntry;

/** A database at version 10 holding two sheets written the old way, row by row. */
function oldDatabase() {
  const db = openDatabase(':memory:', { migrate: false });
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 10),
  );
  db.exec(`
    INSERT INTO questionnaire_versions (id, questionnaire_id, version, hash, scoring_hash, files, loaded_at)
      VALUES (1, 'migrant-policy-index', '1.1.0', 'h', 's', '{}', '2024-01-01');
    INSERT INTO countries (code, name) VALUES ('AT', 'Austria'), ('BE', 'Belgium');
    INSERT INTO editions (id, reference_date, questionnaire_version_id, created_at)
      VALUES ('2024', '2024-01-01', 1, '2024-01-01');
    INSERT INTO sheets (id, country, edition_id, coder_key, status, illustrative, revision, updated_at, updated_by)
      VALUES (1, 'AT', '2024', 'official', 'draft', 0, 2, '2024-02-01', 'bob'),
             (2, 'BE', '2024', 'official', 'draft', 0, 1, '2024-02-01', 'bob');
    -- Stored in another order than the sheet's (position), sources too.
    INSERT INTO answers (sheet_id, question_id, position, answer, comment, in_force_since, confidence) VALUES
      (1, 'fr-residence-period', 2, 'none', 'say "yes" é § 😀', '2020-01-01', 'high'),
      (1, 'fr-permit-duration', 0, 'one-year-or-less', NULL, NULL, NULL),
      (1, 'fr-partners', 1, 'both', NULL, NULL, 'low');
    INSERT INTO answer_sources (sheet_id, question_id, position, title, article, url, date) VALUES
      (1, 'fr-partners', 1, 'Second', NULL, NULL, NULL),
      (1, 'fr-partners', 0, 'First', '§ 1', 'https://example.org', '2019-05-01'),
      (1, 'fr-residence-period', 0, 'Act', NULL, NULL, NULL);
    INSERT INTO answer_history (id, sheet_id, question_id, revision, changed_at, changed_by, reason, before, after) VALUES
      (1, 1, 'fr-permit-duration', 1, '2024-01-01', 'alice', 'first', NULL, NULL),
      (2, 1, 'fr-partners', 1, '2024-01-01', 'alice', 'first', NULL, NULL),
      (3, 1, 'fr-residence-period', 1, '2024-01-01', 'alice', 'first', NULL, NULL),
      (4, 1, 'fr-partners', 2, '2024-02-01', 'bob', NULL, '{"answer":"none","sources":[],"comment":null,"inForceSince":null,"confidence":null}', NULL);
  `);
  return db;
}

/** Carol saves the Belgian sheet (revision 1, no answers) with one answer. */
function saveBelgium(db: ReturnType<typeof oldDatabase>) {
  return saveSheet(db, {
    sheet: {
      questionnaire: { id: 'migrant-policy-index', version: '1.1.0' },
      country: 'BE',
      edition: '2024',
      status: 'draft',
      illustrative: false,
      coders: [],
      answers: new Map([['fr-partners', entry('both')]]),
    },
    baseRevision: 1,
    user: 'carol',
  });
}

describe('migration 11 (answers as one text per sheet)', () => {
  it('reads back every sheet as it was stored, answers and sources in their order', () => {
    const db = oldDatabase();
    migrate(db);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    expect(tables).not.toContainEqual({ name: 'answers' });
    expect(tables).not.toContainEqual({ name: 'answer_sources' });

    const at = getSheet(db, { country: 'AT', edition: '2024' })!;
    expect([...at.sheet.answers]).toEqual([
      ['fr-permit-duration', entry('one-year-or-less')],
      [
        'fr-partners',
        entry('both', {
          confidence: 'low',
          sources: [
            { title: 'First', article: '§ 1', url: 'https://example.org', date: '2019-05-01' },
            { title: 'Second', article: null, url: null, date: null },
          ],
        }),
      ],
      [
        'fr-residence-period',
        entry('none', {
          comment: 'say "yes" é § 😀',
          inForceSince: '2020-01-01',
          confidence: 'high',
          sources: [{ title: 'Act', article: null, url: null, date: null }],
        }),
      ],
    ]);
    // Property order too, as a sheet read from a file has it.
    expect(Object.keys(at.sheet.answers.get('fr-partners')!)).toEqual(Object.keys(entry('x')));
    expect(getSheet(db, { country: 'BE', edition: '2024' })!.sheet.answers.size).toBe(0);
    expect(listSheets(db)).toHaveLength(2);
  });

  it('keeps the history written before, a row per answer, and adds new sheets as one row', () => {
    const db = oldDatabase();
    migrate(db);
    const key = { country: 'AT', edition: '2024' };
    expect(answerHistory(db, key, 'fr-partners').map((h) => [h.revision, h.changedBy])).toEqual([
      [1, 'alice'],
      [2, 'bob'],
    ]);
    expect(answerHistory(db, key, 'fr-permit-duration')).toEqual([
      expect.objectContaining({ revision: 1, before: null, after: entry('one-year-or-less') }),
    ]);
    expect(() => db.prepare('UPDATE answer_history SET reason = NULL').run()).toThrow(
      /append-only/,
    );

    const created = saveBelgium(db);
    expect(created.revision).toBe(2);
    expect(
      answerHistory(db, { country: 'BE', edition: '2024' }, 'fr-partners').map((h) => [
        h.revision,
        h.changedBy,
        h.after,
      ]),
    ).toEqual([[2, 'carol', entry('both')]]);
  });
});

describe('a save of a sheet whose answers row is missing', () => {
  it('writes the answers all the same', () => {
    const db = oldDatabase();
    migrate(db);
    db.prepare('DELETE FROM sheet_answers WHERE sheet_id = 2').run();
    const key = { country: 'BE', edition: '2024' };
    saveBelgium(db);
    expect([...getSheet(db, key)!.sheet.answers.keys()]).toEqual(['fr-partners']);
  });
});
