/**
 * Legal events and publication: a correction keeps the published copy of a re-opened event until
 * it is approved again, the accessor reads only the latest revision of each edition, and a
 * preview's confirmation no longer matches once an event was approved after it.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/issues/issue.js';
import {
  getLegalEvent,
  publishedLegalEvents,
  saveLegalEvent,
} from '../../src/storage/legal-event-repository.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { previewPublication, publishEdition } from '../../src/storage/snapshot-repository.js';
import { sampleDatabase } from '../storage/helpers.js';

const ID = 'at-2022-settlement-act-amendment';

describe('legal events published with an edition', () => {
  it('a correction keeps the published copy of a re-opened event; the approved change replaces it', () => {
    const db = sampleDatabase();
    const published = getLegalEvent(db, ID)!;
    expect(published.status).toBe('published');
    saveLegalEvent(db, {
      event: { ...published.event, title: 'Corrected title' },
      status: 'in_review',
      baseRevision: published.revision,
      user: 'coordinator',
      change: 'edited',
      reason: 'correction',
    });
    // Re-opening the event alone changes nothing published: such a "correction" is refused.
    expect(() => publishEdition(db, '2024', { user: 'coordinator', note: 'Nothing' })).toThrow(
      /revision 1 already holds exactly these answers/,
    );
    const austria = getSheet(db, { country: 'AT', edition: '2024' })!;
    const answers = new Map(austria.sheet.answers);
    answers.set('fr-partners', { ...answers.get('fr-partners')!, comment: 'Corrected comment' });
    saveSheet(db, {
      sheet: { ...austria.sheet, status: 'approved', answers },
      baseRevision: austria.revision,
      user: 'coordinator',
    });
    publishEdition(db, '2024', { user: 'coordinator', note: 'Correction of a sheet' });
    const titleOf = () =>
      publishedLegalEvents(db, { edition: '2024' }).find((e) => e.id === ID)?.title;
    expect(titleOf()).toBe(published.event.title);
    expect(getLegalEvent(db, ID)!.status).toBe('in_review');

    const reopened = getLegalEvent(db, ID)!;
    saveLegalEvent(db, {
      event: reopened.event,
      status: 'approved',
      baseRevision: reopened.revision,
      user: 'reviewer',
      change: 'approved',
    });
    publishEdition(db, '2024', { user: 'coordinator', note: 'Corrected event' });
    expect(titleOf()).toBe('Corrected title');
    expect(publishedLegalEvents(db, { edition: '2024' })).toHaveLength(4);
    expect(getLegalEvent(db, ID)!.status).toBe('published');
  });

  it('an event approved after the preview makes its confirmation stale: nothing published', () => {
    const db = sampleDatabase();
    const { fingerprint } = previewPublication(db, '2024').plan;
    saveLegalEvent(db, {
      event: { ...getLegalEvent(db, ID)!.event, id: 'at-2023-new-act', date: '2023-02-01' },
      status: 'approved',
      baseRevision: null,
      user: 'coordinator',
      change: 'created',
    });
    const publish = () =>
      publishEdition(db, '2024', { user: 'coordinator', note: 'New event', confirm: fingerprint });
    expect(publish).toThrow(InputError);
    try {
      publish();
    } catch (error) {
      expect((error as InputError).issues[0]!.code).toBe('edition-changed');
    }
    expect(publishedLegalEvents(db, { edition: '2024' }).map((e) => e.id)).not.toContain(
      'at-2023-new-act',
    );
    const fresh = previewPublication(db, '2024').plan;
    publishEdition(db, '2024', {
      user: 'coordinator',
      note: 'New event',
      confirm: fresh.fingerprint,
    });
    expect(publishedLegalEvents(db, { edition: '2024' }).map((e) => e.id)).toContain(
      'at-2023-new-act',
    );
  });

  it('published events cannot be changed or deleted', () => {
    const db = sampleDatabase();
    expect(() => db.prepare('UPDATE published_legal_events SET data = ?').run('{}')).toThrow(
      /cannot be changed/,
    );
    expect(() => db.prepare('DELETE FROM published_legal_events').run()).toThrow(
      /cannot be deleted/,
    );
    expect(() => db.prepare('DELETE FROM legal_event_history').run()).toThrow(/append-only/);
  });
});
