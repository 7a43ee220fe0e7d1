/**
 * The one error path through real workspace routes: a stale save is a `sheet-conflict` (409) —
 * as its form again in a browser, as `{ error: { code, message, issues } }` for a client that
 * asked for JSON —, a refused upload comes back with what was sent and the conflict's own issue,
 * and a refused publication says itself whether it is the form's problem (400) or the edition's
 * state (409). Nothing is stored in any of them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { getSnapshot } from '../../src/storage/snapshot-repository.js';
import {
  csrfOf,
  saveAnswers,
  signIn,
  uploadSheet,
  workspaceSetup,
  type Agent,
  type Setup,
} from '../workspace/helpers.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';

const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;

const STRAND = '/workspace/sheets/AT/2025/strands/access-to-nationality';

let setup: Setup;
let coordinator: Agent;
beforeEach(async () => {
  setup = workspaceSetup();
  coordinator = await signIn(setup.app, 'coordinator@example.org');
});

/** Saves an answer through the strand form; returns the revision the form was loaded at. */
async function saveAnswer(agent: Agent, answer: string, base?: string) {
  const form = await agent.get(STRAND);
  const loadedAt = base ?? /name="base_revision" value="(\d+)"/.exec(form.text)![1]!;
  return agent
    .post(STRAND)
    .type('form')
    .send({
      _csrf: csrfOf(form.text),
      base_revision: loadedAt,
      'q.atn-residence-period.answer': answer,
      'q.atn-residence-period.comment': 'typed by the second person',
    });
}

const revisionOfAT = () => getSheet(setup.db, { country: 'AT', edition: '2025' })?.revision ?? 0;

describe('a stale save', () => {
  it('comes back as the form with what was typed and who changed what, without "Nothing was saved." twice', async () => {
    expect((await saveAnswer(coordinator, 'up-to-five-years')).status).toBe(303);
    const stale = await saveAnswer(coordinator, 'ten-years-or-more', '0');
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Not saved: someone else saved this sheet meanwhile.');
    expect(stale.text).toContain('typed by the second person');
    expect(stale.text).toMatch(
      /was changed by coordinator@example\.org at [^<]*: atn-residence-period/,
    );
    expect(stale.text).not.toContain('Nothing was saved');
    expect(revisionOfAT()).toBe(1);
  });

  it('is a 409 sheet-conflict with its issue for a client that asked for JSON', async () => {
    expect((await saveAnswer(coordinator, 'up-to-five-years')).status).toBe(303);
    const form = await coordinator.get(STRAND);
    const stale = await coordinator
      .post(STRAND)
      .type('form')
      .accept('application/json')
      .send({
        _csrf: csrfOf(form.text),
        base_revision: '0',
        'q.atn-residence-period.answer': 'ten-years-or-more',
      });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('sheet-conflict');
    expect(stale.body.error.message).toMatch(/: atn-residence-period\. Nothing was saved\.$/);
    expect(stale.body.error.issues).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'sheet-conflict',
        file: null,
        line: null,
        column: null,
      }),
    ]);
    expect(revisionOfAT()).toBe(1);
  });

  it('of an upload comes back as the upload page with the text sent and the sheet-conflict issue', async () => {
    const download = await coordinator.get('/workspace/sheets/AT/2025/sheet.yaml');
    expect((await saveAnswer(coordinator, 'up-to-five-years')).status).toBe(303);
    const stale = await uploadSheet(
      coordinator,
      '/workspace/sheets/AT/2025/upload',
      0,
      download.text,
    );
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Upload refused');
    expect(stale.text).toMatch(
      /<li><code>sheet-conflict<\/code> AT 2025 was changed by coordinator@example\.org/,
    );
    expect(stale.text).toMatch(/<textarea name="yaml"[^>]*>[^<]*country: AT\n/);
    expect(revisionOfAT()).toBe(1);
  });
});

describe('a refused publication', () => {
  /** Posts the publish form of 2025 with the preview's CSRF token and `fields`, asking for JSON. */
  async function publishAsJson(fields: Record<string, string>) {
    const preview = await coordinator.get('/workspace/editions/2025/publish');
    return coordinator
      .post('/workspace/editions/2025/publish')
      .type('form')
      .accept('application/json')
      .send({ _csrf: csrfOf(preview.text), ...fields });
  }

  it("is 409 for the edition's state and 400 for the form's own problem; nothing published", async () => {
    // Nothing of 2025 is approved: there is nothing to publish, whatever the form says.
    const empty = await publishAsJson({ confirm: 'anything', completeness: 'partial' });
    expect(empty.status).toBe(409);
    expect(empty.body.error.code).toBe('nothing-to-publish');

    const answers = getSheet(setup.db, { country: 'AT', edition: '2024' })!.sheet.answers;
    saveAnswers(setup.db, questionnaire, {
      country: 'AT',
      edition: '2025',
      status: 'approved',
      answers,
    });
    const unconfirmed = await publishAsJson({ confirm: '', completeness: 'partial' });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.code).toBe('confirmation-required');
    expect(unconfirmed.body.error.issues.map((i: { code: string }) => i.code)).toEqual([
      'confirmation-required',
    ]);
    expect(getSnapshot(setup.db, '2025')).toBeNull();
  });
});

describe('a refused strand form', () => {
  it('is the form again with each message at its field, and 422 with coded issues for JSON', async () => {
    const form = await coordinator.get(STRAND);
    const fields = {
      _csrf: csrfOf(form.text),
      base_revision: '0',
      'q.atn-permanent-permit.answer': 'never-heard-of-it',
      'q.atn-absences.in_force_since': 'last year',
    };
    const page = await coordinator.post(STRAND).type('form').send(fields);
    expect(page.status).toBe(422);
    expect(page.text).toContain('must be a date written YYYY-MM-DD');
    const json = await coordinator
      .post(STRAND)
      .type('form')
      .accept('application/json')
      .send(fields);
    expect(json.status).toBe(422);
    expect(json.body.error.code).toBe('invalid-answer');
    expect(json.body.error.issues).toEqual([
      expect.objectContaining({
        code: 'invalid-answer',
        file: 'form',
        path: ['answers', 'atn-permanent-permit', 'answer'],
        line: null,
      }),
      expect.objectContaining({
        code: 'invalid-format',
        path: ['answers', 'atn-absences', 'in_force_since'],
      }),
    ]);
    expect(revisionOfAT()).toBe(0);
  });
});

describe('a refused event form', () => {
  const event = {
    id: 'at-2024-waiting-period-ruling',
    kind: 'court-decision',
    edition: '2025',
    title: 'Waiting period for partners',
    date: '2024-05-02',
    court: '',
    ecli: 'ECLI:AT:2024',
    outcome: 'struck-down',
    summary: 'The waiting period for partners was struck down.',
    countries: 'AT',
    questions: 'fr-residence-period',
  };

  it('is the form again in a browser, and 422 with the issues and their codes for JSON', async () => {
    const form = await coordinator.get('/workspace/events/new');
    const send = (accept: string) =>
      coordinator
        .post('/workspace/events')
        .type('form')
        .accept(accept)
        .send({ _csrf: csrfOf(form.text), ...event });
    const page = await send('html');
    expect(page.status).toBe(422);
    expect(page.text).toContain('value="ECLI:AT:2024"');
    const json = await send('application/json');
    expect(json.status).toBe(422);
    const issues = json.body.error.issues as { code: string; file: string; path: string[] }[];
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(json.body.error.code).toBe(issues[0]!.code);
    // The court is missing (reported on the event), the ECLI malformed (on its field).
    expect(issues.map((i) => i.code)).toContain('missing-field');
    expect(issues.map((i) => i.path[0])).toContain('ecli');
    expect(issues.every((i) => /^[a-z]+(-[a-z0-9]+)+$/.test(i.code) && i.file === 'form')).toBe(
      true,
    );
  });
});
