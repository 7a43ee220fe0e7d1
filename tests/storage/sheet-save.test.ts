/**
 * What a save writes: the sheet's answers in its order (one stored text), removed answers gone
 * with their sources, and a history row for each answer that changed only.
 */
import { describe, expect, it } from 'vitest';
import type { AnswerEntry } from '../../src/answers/types.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import {
  answerHistory,
  getSheet,
  saveSheet,
  sheetRevision,
} from '../../src/storage/sheet-repository.js';
import { answerEntry, emptyDatabase } from './helpers.js';

const entry = answerEntry;

const sheet = (answers: [string, AnswerEntry][]) => ({
  questionnaire: { id: 'migrant-policy-index', version: '1.1.0' },
  country: 'AT',
  edition: '2024',
  status: 'draft' as const,
  illustrative: false,
  coders: [{ name: 'A. Coder', email: null }],
  answers: new Map(answers),
});

function setup() {
  const db = emptyDatabase();
  createEdition(db, '2024', '2024-01-01', 1);
  return db;
}

describe('saving a sheet', () => {
  it('keeps the order of unchanged answers, removes dropped ones with their sources, and records only changes', () => {
    const db = setup();
    const act = { title: 'Act', article: '§ 1', url: null, date: null };
    saveSheet(db, {
      sheet: sheet([
        ['fr-residence-period', entry('none', { sources: [act] })],
        ['fr-permit-duration', entry('one-year-or-less')],
        ['fr-partners', entry('both', { sources: [act, { ...act, article: '§ 2' }] })],
      ]),
      baseRevision: null,
      user: 'alice',
    });
    expect(sheetRevision(db, { country: 'AT', edition: '2024' })).toBe(1);

    const saved = saveSheet(db, {
      sheet: sheet([
        ['fr-permit-duration', entry('one-year-or-less')],
        ['fr-residence-period', entry('none', { sources: [act] })],
        ['fr-minor-children', entry('all', { comment: 'new' })],
      ]),
      baseRevision: 1,
      user: 'bob',
    });
    expect(saved.changed.sort()).toEqual(['fr-minor-children', 'fr-partners']);

    const stored = getSheet(db, { country: 'AT', edition: '2024' })!;
    expect(stored.revision).toBe(2);
    expect([...stored.sheet.answers.keys()]).toEqual([
      'fr-permit-duration',
      'fr-residence-period',
      'fr-minor-children',
    ]);
    expect(stored.sheet.answers.get('fr-residence-period')!.sources).toEqual([act]);
    expect(stored.sheet.coders).toEqual([{ name: 'A. Coder', email: null }]);
    const { answers } = db.prepare('SELECT answers FROM sheet_answers').get() as {
      answers: string;
    };
    expect(answers).not.toContain('fr-partners');
    // Added at revision 2: the creation of the sheet (revision 1) is not one of its changes.
    expect(
      answerHistory(db, { country: 'AT', edition: '2024' }, 'fr-minor-children').map((h) => [
        h.revision,
        h.changedBy,
        h.before,
        h.after,
      ]),
    ).toEqual([[2, 'bob', null, entry('all', { comment: 'new' })]]);
    expect(
      answerHistory(db, { country: 'AT', edition: '2024' }, 'fr-partners').map((h) => [
        h.revision,
        h.changedBy,
        h.before?.sources.length ?? null,
        h.after,
      ]),
    ).toEqual([
      [1, 'alice', null, expect.objectContaining({ answer: 'both' })],
      [2, 'bob', 2, null],
    ]);
    expect(
      answerHistory(db, { country: 'AT', edition: '2024' }, 'fr-permit-duration'),
    ).toHaveLength(1);
  });

  it("gives each change its entry before and after, a new answer's without storing a copy of it", () => {
    const db = setup();
    const act = { title: 'Act', article: '§ 1', url: 'https://example.org/act', date: null };
    const first = entry('none', { sources: [act], comment: 'first', confidence: 'high' });
    const second = entry('up-to-one-year', { comment: 'second' });
    const third = entry('none', { sources: [act, act], inForceSince: '2020-01-01' });
    const other = ['fr-permit-duration', entry('one-year-or-less')] as [string, AnswerEntry];
    const key = { country: 'AT', edition: '2024' };
    const steps: [string, AnswerEntry][][] = [
      [['fr-residence-period', first], other],
      [['fr-residence-period', second], other],
      [other],
      [other, ['fr-residence-period', third]],
    ];
    const historyAfter: (AnswerEntry | null)[][] = [];
    steps.forEach((answers, i) => {
      saveSheet(db, { sheet: sheet(answers), baseRevision: i === 0 ? null : i, user: 'alice' });
      historyAfter.push(answerHistory(db, key, 'fr-residence-period').map((h) => h.after));
    });
    // Just created: the entry is the stored answer's; once changed, the change's `before`.
    expect(historyAfter[0]).toEqual([first]);
    expect(historyAfter[1]).toEqual([first, second]);
    expect(
      answerHistory(db, key, 'fr-residence-period').map((h) => [h.revision, h.before, h.after]),
    ).toEqual([
      [1, null, first],
      [2, first, second],
      [3, second, null],
      [4, null, third],
    ]);
    // Stored: the entries of the changes and the removal; none for the two creations — the
    // sheet's, one row for all its answers (no question), and the answer's added again.
    const rows = db
      .prepare(
        "SELECT question_id AS question, before IS NULL AS noBefore, after IS NULL AS noAfter FROM answer_history WHERE question_id = 'fr-residence-period' OR question_id IS NULL ORDER BY id",
      )
      .all();
    expect(rows).toEqual([
      { question: null, noBefore: 1, noAfter: 1 },
      { question: 'fr-residence-period', noBefore: 0, noAfter: 0 },
      { question: 'fr-residence-period', noBefore: 0, noAfter: 1 },
      { question: 'fr-residence-period', noBefore: 1, noAfter: 1 },
    ]);
  });

  it("reads a new answer's row that holds a copy of the entry (written before the rule) as it is", () => {
    const db = setup();
    const key = { country: 'AT', edition: '2024' };
    saveSheet(db, {
      sheet: sheet([['fr-residence-period', entry('none')]]),
      baseRevision: null,
      user: 'alice',
    });
    const { id } = db.prepare('SELECT id FROM sheets').get() as { id: number };
    const copied = entry('one-year-or-less', { comment: 'copied into the row' });
    db.prepare(
      `INSERT INTO answer_history (sheet_id, question_id, revision, changed_at, changed_by, reason, before, after)
       VALUES (?, 'fr-permit-duration', 1, '2020-01-01T00:00:00.000Z', 'bob', NULL, NULL, ?)`,
    ).run(id, JSON.stringify(copied));
    // No stored answer and no later change to take the entry from: the copy is what there is.
    expect(answerHistory(db, key, 'fr-permit-duration').map((h) => h.after)).toEqual([copied]);
  });

  it('the same answers in another order are no change: no new revision, nothing rewritten', () => {
    const db = setup();
    const a: [string, AnswerEntry] = ['fr-residence-period', entry('none')];
    const b: [string, AnswerEntry] = ['fr-permit-duration', entry('one-year-or-less')];
    saveSheet(db, { sheet: sheet([a, b]), baseRevision: null, user: 'alice' });
    const again = saveSheet(db, { sheet: sheet([b, a]), baseRevision: 1, user: 'alice' });
    expect(again).toMatchObject({ revision: 1, changed: [] });
    const stored = getSheet(db, { country: 'AT', edition: '2024' })!;
    expect([...stored.sheet.answers.keys()]).toEqual([a[0], b[0]]);
    expect(sheetRevision(db, { country: 'AT', edition: '2099' })).toBeNull();
  });
});
