/**
 * Legal events through the workspace, under the sheets' workflow: an expert adds an event in
 * scope, submits it, a reviewer approves it, and publishing the edition makes it public through
 * the accessor; additions out of scope, edits in the wrong status and forms with errors are
 * refused, and a refused request stores nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.js';
import {
  getLegalEvent,
  legalEventHistory,
  listLegalEvents,
  publishedLegalEvents,
} from '../../src/storage/legal-event-repository.js';
import { storedQuestionnaire } from '../../src/storage/questionnaire-repository.js';
import { previewPublication } from '../../src/storage/snapshot-repository.js';
import { createAssignment, createUser } from '../../src/storage/account-repository.js';
import {
  PASSWORD,
  postForm,
  publishedAnswers,
  saveAnswers,
  signIn,
  workspaceSetup,
  type Setup,
} from '../workspace/helpers.js';

/** An event of AT in edition 2025 (reference date 2025-01-01) on a family-reunification question. */
const AT_EVENT = {
  id: 'at-2024-waiting-period-ruling',
  kind: 'court-decision',
  edition: '2025',
  title: 'Waiting period for partners',
  date: '2024-05-02',
  court: 'Constitutional Court',
  ecli: 'ECLI:AT:VFGH:2024:G12.2024',
  outcome: 'struck-down',
  summary: 'The waiting period for partners was struck down.',
  countries: 'AT',
  questions: 'fr-residence-period',
};

let setup: Setup;
let db: Db;
beforeEach(() => {
  setup = workspaceSetup();
  db = setup.db;
  const fr = createUser(db, {
    email: 'expert-fr@example.org',
    name: 'expert-fr',
    role: 'expert',
    password: PASSWORD,
  }) as unknown as { id: number };
  createAssignment(db, {
    userId: fr.id,
    country: 'AT',
    edition: '2025',
    strand: 'family-reunification',
    task: 'expert',
  });
});

/** Everything stored about events: refused requests must leave it as it was. */
const eventState = () =>
  JSON.stringify([
    db.prepare('SELECT * FROM legal_events').all(),
    db.prepare('SELECT * FROM legal_event_history').all(),
  ]);

describe('legal events in the workspace', () => {
  it('an expert adds an event in scope, submits it, the reviewer approves, publishing makes it public', async () => {
    const expert = await signIn(setup.app, 'expert-at@example.org');
    const added = await postForm(expert, '/workspace/events', AT_EVENT);
    expect(added.status, added.text.slice(0, 500)).toBe(303);
    expect(added.headers.location).toBe(`/workspace/events/${AT_EVENT.id}`);
    expect(getLegalEvent(db, AT_EVENT.id)).toMatchObject({ status: 'draft', revision: 1 });

    const page = await expert.get(`/workspace/events/${AT_EVENT.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Submit for review');
    expect((await postForm(expert, `/workspace/events/${AT_EVENT.id}/submit`)).status).toBe(303);
    expect(getLegalEvent(db, AT_EVENT.id)!.status).toBe('submitted');

    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const review = await postForm(reviewer, `/workspace/events/${AT_EVENT.id}/review`, {
      action: 'approve',
      base_revision: '2',
    });
    expect(review.status, review.text.slice(0, 300)).toBe(303);
    expect(getLegalEvent(db, AT_EVENT.id)!.status).toBe('approved');
    expect(publishedLegalEvents(db, { edition: '2025' })).toEqual([]);

    // An approved AT 2025 sheet to publish the edition with.
    saveAnswers(db, storedQuestionnaire(db, 1), {
      country: 'AT',
      edition: '2025',
      status: 'approved',
      answers: publishedAnswers(db, '2024', 'AT'),
    });
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const preview = await coordinator.get('/workspace/editions/2025/publish');
    expect(preview.text).toMatch(
      new RegExp(`<ul id="publish-events"><li><a href="/workspace/events/${AT_EVENT.id}">`),
    );
    const published = await postForm(coordinator, '/workspace/editions/2025/publish', {
      confirm: previewPublication(db, '2025').plan.fingerprint,
      completeness: 'partial',
    });
    expect(published.status, published.text.slice(0, 300)).toBe(303);
    const [event] = publishedLegalEvents(db, { edition: '2025', country: 'AT' });
    expect(event).toMatchObject({
      id: AT_EVENT.id,
      kind: 'court-decision',
      ecli: AT_EVENT.ecli,
      outcome: 'struck-down',
      countries: ['AT'],
      questions: ['fr-residence-period'],
      inForceDate: null,
      illustrative: false,
    });
    expect(getLegalEvent(db, AT_EVENT.id)!.status).toBe('published');
    expect(legalEventHistory(db, AT_EVENT.id).map((h) => [h.change, h.statusAfter])).toEqual([
      ['created', 'draft'],
      ['submitted', 'submitted'],
      ['approved', 'approved'],
      ['published', 'published'],
    ]);
  });

  it('refuses additions out of scope (403) and stores nothing', async () => {
    const before = eventState();
    const de = await signIn(setup.app, 'expert-de@example.org');
    const other = await postForm(de, '/workspace/events', AT_EVENT);
    expect(other.status).toBe(403);
    expect(other.text).toMatch(/AT 2025 is not assigned to you/);

    const at = await signIn(setup.app, 'expert-at@example.org');
    const twoCountries = await postForm(at, '/workspace/events', {
      ...AT_EVENT,
      countries: 'AT, DE',
    });
    expect(twoCountries.status).toBe(403);

    const fr = await signIn(setup.app, 'expert-fr@example.org');
    const otherStrand = await postForm(fr, '/workspace/events', {
      ...AT_EVENT,
      questions: 'fr-residence-period, atn-residence-period',
    });
    expect(otherStrand.status).toBe(403);
    expect(otherStrand.text).toMatch(/not access-to-nationality/);

    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    expect((await reviewer.get('/workspace/events/new')).status).toBe(403);
    expect((await postForm(reviewer, '/workspace/events', AT_EVENT)).status).toBe(403);
    expect(eventState()).toBe(before);
    expect(listLegalEvents(db, { edition: '2025' })).toEqual([]);
  });

  it('an expert of one strand adds an event of that strand', async () => {
    const fr = await signIn(setup.app, 'expert-fr@example.org');
    expect((await postForm(fr, '/workspace/events', AT_EVENT)).status).toBe(303);
    expect(getLegalEvent(db, AT_EVENT.id)!.status).toBe('draft');
  });

  it('refuses an edit in the wrong status (409); a coordinator’s edit of an approved event is a correction', async () => {
    const expert = await signIn(setup.app, 'expert-at@example.org');
    await postForm(expert, '/workspace/events', AT_EVENT);
    await postForm(expert, `/workspace/events/${AT_EVENT.id}/submit`);
    const before = eventState();
    const edit = await postForm(expert, `/workspace/events/${AT_EVENT.id}`, {
      ...AT_EVENT,
      title: 'Changed after submitting',
      base_revision: '2',
    });
    expect(edit.status).toBe(409);
    expect(edit.text).toMatch(/the event is submitted/);
    expect((await expert.get(`/workspace/events/${AT_EVENT.id}/edit`)).status).toBe(409);
    expect(eventState()).toBe(before);

    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    await postForm(reviewer, `/workspace/events/${AT_EVENT.id}/review`, { action: 'approve' });
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const correction = await postForm(coordinator, `/workspace/events/${AT_EVENT.id}`, {
      ...AT_EVENT,
      title: 'Corrected title',
      base_revision: '3',
    });
    expect(correction.status).toBe(303);
    expect(getLegalEvent(db, AT_EVENT.id)).toMatchObject({
      status: 'in_review',
      revision: 4,
      event: { title: 'Corrected title' },
    });
    expect(legalEventHistory(db, AT_EVENT.id).at(-1)!.reason).toBe('correction');
  });

  it('requesting changes needs a reason and sends the event back to draft', async () => {
    const expert = await signIn(setup.app, 'expert-at@example.org');
    await postForm(expert, '/workspace/events', AT_EVENT);
    await postForm(expert, `/workspace/events/${AT_EVENT.id}/submit`);
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const path = `/workspace/events/${AT_EVENT.id}/review`;
    expect((await postForm(reviewer, path, { action: 'request-changes' })).status).toBe(400);
    expect(
      (await postForm(reviewer, path, { action: 'request-changes', reason: 'Add the ECLI' }))
        .status,
    ).toBe(303);
    expect(getLegalEvent(db, AT_EVENT.id)!.status).toBe('draft');
    expect(legalEventHistory(db, AT_EVENT.id).at(-1)!.reason).toBe('Add the ECLI');
    // The expert cannot approve, the reviewer cannot edit.
    expect((await postForm(expert, path, { action: 'approve' })).status).toBe(403);
    expect(
      (
        await postForm(reviewer, `/workspace/events/${AT_EVENT.id}`, {
          ...AT_EVENT,
          base_revision: '3',
        })
      ).status,
    ).toBe(403);
  });

  it('a form with errors comes back with what was typed and a message at each field; nothing stored', async () => {
    const before = eventState();
    const expert = await signIn(setup.app, 'expert-at@example.org');
    const expectFieldErrors = async (form: Record<string, string>, fields: string[]) => {
      const refused = await postForm(expert, '/workspace/events', { ...AT_EVENT, ...form });
      expect(refused.status).toBe(422);
      for (const field of fields)
        expect(refused.text).toMatch(
          new RegExp(`id="${field}"[^>]*aria-invalid="true" aria-describedby="${field}-error"`),
        );
      expect(refused.text).toContain(`Not saved: ${fields.length} problems to fix`);
      return refused.text;
    };
    // The schema first (identifier syntax, kind-specific fields), then the checks against the data.
    const syntax = await expectFieldErrors({ ecli: 'ECLI:AT:2024', court: '' }, [
      'event-ecli',
      'event-court',
    ]);
    expect(syntax).toContain('value="ECLI:AT:2024"');
    const semantic = await expectFieldErrors(
      { date: '2025-03-01', questions: 'fr-residence-period, fr-no-such-rule' },
      ['event-date', 'event-questions'],
    );
    expect(semantic).toContain('value="fr-residence-period, fr-no-such-rule"');
    expect(semantic).toMatch(/after the reference date of edition 2025/);
    expect(eventState()).toBe(before);
  });

  it('a save based on a stale revision comes back (409) with the form; nothing stored', async () => {
    const expert = await signIn(setup.app, 'expert-at@example.org');
    await postForm(expert, '/workspace/events', AT_EVENT);
    await postForm(expert, `/workspace/events/${AT_EVENT.id}`, {
      ...AT_EVENT,
      title: 'First change',
      base_revision: '1',
    });
    const before = eventState();
    const stale = await postForm(expert, `/workspace/events/${AT_EVENT.id}`, {
      ...AT_EVENT,
      title: 'Second change from an old page',
      base_revision: '1',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Second change from an old page');
    expect(stale.text).toMatch(/someone else saved this event meanwhile/);
    expect(eventState()).toBe(before);
    const duplicate = await postForm(expert, '/workspace/events', AT_EVENT);
    expect(duplicate.status).toBe(409);
    expect(duplicate.text).toMatch(/an event with this id exists already/);
  });

  it('lists only the events the user may read', async () => {
    const expert = await signIn(setup.app, 'expert-at@example.org');
    await postForm(expert, '/workspace/events', AT_EVENT);
    expect((await expert.get('/workspace/events')).text).toContain(AT_EVENT.id);
    const de = await signIn(setup.app, 'expert-de@example.org');
    expect((await de.get('/workspace/events')).text).not.toContain(AT_EVENT.id);
    expect((await de.get(`/workspace/events/${AT_EVENT.id}`)).status).toBe(403);
    expect((await de.get('/workspace/events/no-such-event')).status).toBe(404);
  });
});
