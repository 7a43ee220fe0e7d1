/**
 * The workspace's answer history says what changed, in the lines `history` prints
 * (answers/answer-changes.ts), instead of two versions side by side that look identical when only
 * a source's date changed; an entry that changed nothing is not listed.
 */
import { describe, expect, it } from 'vitest';
import { answerChanges } from '../../src/answers/answer-changes.js';
import type { AnswerEntry } from '../../src/answers/types.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { signIn, workspaceSetup } from './helpers.js';

const PAGE = '/workspace/sheets/AT/2024/history/fr-accommodation';

describe('workspace answer history: what changed', () => {
  it('shows a source date change as a line and leaves out an entry with no real change', async () => {
    const { app, db } = workspaceSetup();
    const stored = getSheet(db, { country: 'AT', edition: '2024' })!;
    const current = stored.sheet.answers.get('fr-accommodation')!;
    const source = { title: 'Residence Act', article: '§ 29', url: null, date: '2019-01-01' };
    const before: AnswerEntry = { ...current, sources: [source] };
    const after: AnswerEntry = { ...current, sources: [{ ...source, date: '2020-07-01' }] };
    const record = (revision: number, reason: string, a: AnswerEntry, b: AnswerEntry) =>
      db
        .prepare(
          `INSERT INTO answer_history (sheet_id, question_id, revision, changed_at, changed_by, reason, before, after)
           VALUES (?, 'fr-accommodation', ?, '2026-01-0${revision}T10:00:00Z', 'expert@example.org', ?, ?, ?)`,
        )
        .run(stored.id, revision, reason, JSON.stringify(a), JSON.stringify(b));
    record(7, 'only the date moved', before, after);
    record(8, 'saved again unchanged', after, after);

    const coordinator = await signIn(app, 'coordinator@example.org');
    const page = await coordinator.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.text).toContain('What changed');
    expect(page.text).toContain(
      `<li>source &#34;Residence Act&#34; § 29: date 2019-01-01 → 2020-07-01</li>`,
    );
    expect(page.text).toContain('only the date moved');
    // The same lines as the command line's history, and no row for the entry without a change.
    expect(answerChanges(before, after)).toEqual([
      'source "Residence Act" § 29: date 2019-01-01 → 2020-07-01',
    ]);
    expect(page.text).not.toContain('saved again unchanged');
  });
});
