import { describe, expect, it } from 'vitest';
import { getLegalEvent, publishedLegalEvents } from '../../src/storage/legal-event-repository.js';
import { getSnapshot } from '../../src/storage/snapshot-repository.js';
import { sampleDatabase } from '../storage/helpers.js';

describe('the sample legal events (scores/legal-events.yaml)', () => {
  const db = sampleDatabase();

  it('are loaded and published with the sample editions, marked illustrative', () => {
    const all = publishedLegalEvents(db, {});
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all.length).toBeLessThanOrEqual(6);
    expect(all.every((e) => e.illustrative)).toBe(true);
    expect(new Set(all.map((e) => e.edition))).toEqual(new Set(['2019', '2024']));
    for (const event of all) expect(getLegalEvent(db, event.id)!.status).toBe('published');
  });

  it('are sorted by date, then id, and filtered by edition, country and question', () => {
    const all = publishedLegalEvents(db, {});
    const sorted = [...all].sort(
      (a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id),
    );
    expect(all.map((e) => e.id)).toEqual(sorted.map((e) => e.id));
    expect(publishedLegalEvents(db, { edition: '2019' }).map((e) => e.id)).toEqual([
      'eu-2016-pre-entry-integration-tests',
    ]);
    expect(publishedLegalEvents(db, { country: 'SE' }).map((e) => e.id)).toEqual([
      'se-2021-maintenance-requirement-ruling',
    ]);
    expect(
      publishedLegalEvents(db, { question: 'fr-economic-resources', edition: '2024' }).map(
        (e) => e.id,
      ),
    ).toEqual(['se-2021-maintenance-requirement-ruling', 'es-2022-aliens-regulation-reform']);
  });

  it('include one linked to an answer that changed between the sample editions (AT fr-autonomous-permit)', () => {
    const answerOf = (edition: string) =>
      getSnapshot(db, edition)!.sheets.find((s) => s.country === 'AT')!.answers[
        'fr-autonomous-permit'
      ]!.answer;
    expect(answerOf('2019')).not.toBe(answerOf('2024'));
    expect(
      publishedLegalEvents(db, { country: 'AT', question: 'fr-autonomous-permit' }).map(
        (e) => e.id,
      ),
    ).toEqual(['at-2022-settlement-act-amendment']);
  });
});
