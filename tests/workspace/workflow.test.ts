/** The whole workflow through HTTP: draft → submit → review → approve → publish → public profile. */
import { beforeAll, describe, expect, it } from 'vitest';
import { answerMap } from '../../src/answers/types.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { scoreSheet, scoreOf } from '../../src/scoring/score-sheet.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';
import {
  csrfOf,
  firstAnswers as firstAnswersOf,
  postForm,
  signIn,
  uploadSheet,
  workspaceSetup,
  type Setup,
} from './helpers.js';

const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;
const firstAnswers = firstAnswersOf(questionnaire);

let setup: Setup;
beforeAll(() => {
  setup = workspaceSetup();
});

async function saveStrand(
  agent: Awaited<ReturnType<typeof signIn>>,
  country: string,
  strand: string,
  extra: Record<string, string> = {},
) {
  const path = `/workspace/sheets/${country}/2025/strands/${strand}`;
  const form = await agent.get(path);
  const body: Record<string, string> = {
    _csrf: csrfOf(form.text),
    // A read-only form has no revision field: post the stored one, as a hand-made request would.
    base_revision:
      /name="base_revision" value="(\d+)"/.exec(form.text)?.[1] ??
      String(getSheet(setup.db, { country, edition: '2025' })?.revision ?? 0),
    ...extra,
  };
  for (const question of questionnaire.questions.filter((q) => q.strandId === strand)) {
    const answer = firstAnswers.get(question.id);
    if (answer && !(`q.${question.id}.answer` in extra)) body[`q.${question.id}.answer`] = answer;
    // The questionnaire's evidence rules require a legal source for every answer.
    const source = `q.${question.id}.source.0.title`;
    if (answer && !(source in extra)) body[source] = 'Act (test)';
  }
  return agent.post(path).type('form').send(body);
}

describe('from a first draft to a published profile', () => {
  it('expert drafts, completes and submits; reviewer comments and approves; coordinator publishes', async () => {
    const expert = await signIn(setup.app, 'expert-at@example.org');
    const saved = await saveStrand(expert, 'AT', 'family-reunification', {
      'q.fr-residence-period.source.0.title': 'Settlement and Residence Act',
      'q.fr-residence-period.source.0.article': '§ 46',
      'q.fr-residence-period.source.0.url': 'https://legislation.example/at/nag#46',
      'q.fr-residence-period.source.0.date': '2024-12-01',
      'q.fr-residence-period.comment': 'No waiting period since the 2025 reform.',
      'q.fr-residence-period.in_force_since': '2025-01-01',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toMatch(/\?saved=1$/);

    // Reload: the draft is there.
    const reloaded = await expert.get(saved.headers.location!);
    expect(reloaded.text).toContain('Saved.');
    expect(reloaded.text).toMatch(/name="q\.fr-residence-period\.answer" value="none" checked/);
    expect(reloaded.text).toContain('value="Settlement and Residence Act"');
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet.status).toBe('draft');

    // Not complete yet: submitting is refused and the missing list names the other strand.
    const sheetPage = await expert.get('/workspace/sheets/AT/2025');
    expect(sheetPage.text).toMatch(
      /#q-atn-residence-period"><span class="code">98<\/span> [^<]+<\/a> <span class="state state-missing">missing<\/span> is not answered/,
    );
    const early = await postForm(expert, '/workspace/sheets/AT/2025/submit');
    expect(early.status).toBe(409);

    expect((await saveStrand(expert, 'AT', 'access-to-nationality')).status).toBe(303);
    // The language-tests strand's own questions (questionnaire 1.1.0) are part of the sheet too.
    expect((await saveStrand(expert, 'AT', 'language-tests')).status).toBe(303);
    const submitted = await postForm(expert, '/workspace/sheets/AT/2025/submit');
    expect(submitted.status).toBe(303);
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet.status).toBe('submitted');
    // Submitted sheets are closed to the expert.
    expect((await saveStrand(expert, 'AT', 'family-reunification')).status).toBe(409);

    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const commented = await postForm(reviewer, '/workspace/sheets/AT/2025/comments', {
      question: 'fr-residence-period',
      body: 'Please cite the amending act too.',
    });
    expect(commented.status).toBe(303);
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet.status).toBe('in_review');
    // The expert sees the comment next to the question.
    const withComment = await expert.get('/workspace/sheets/AT/2025/strands/family-reunification');
    expect(withComment.text).toContain('Please cite the amending act too.');

    const approved = await postForm(reviewer, '/workspace/sheets/AT/2025/review', {
      action: 'approve',
    });
    expect(approved.status).toBe(303);
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet.status).toBe('approved');

    // Unpublished: the public side does not know edition 2025.
    expect((await expert.get('/countries/AT/2025')).status).toBe(404);

    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    // Publishing confirms the preview; with Austria alone the edition is partial.
    const preview = await coordinator.get('/workspace/editions/2025/publish');
    const published = await coordinator
      .post('/workspace/editions/2025/publish')
      .type('form')
      .send({
        _csrf: csrfOf(preview.text),
        confirm: /name="confirm" value="([^"]+)"/.exec(preview.text)![1],
        completeness: 'partial',
      });
    expect(published.status).toBe(303);

    const profile = await coordinator.get('/countries/AT/2025');
    expect(profile.status).toBe(200);
    expect(profile.text).toContain('No waiting period since the 2025 reform.');
    expect(profile.text).toContain('Settlement and Residence Act');
    const stored = getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet;
    const expected = scoreOf(scoreSheet(questionnaire, answerMap(stored)), 'overall');
    const api = await coordinator.get('/api/v1/countries/AT/2025');
    expect(api.body.overall.score).toBeCloseTo(expected!, 12);
  });

  it('answers carried forward from the previous edition must be confirmed before submitting', async () => {
    const expert = await signIn(setup.app, 'expert-de@example.org');
    const carried = await postForm(expert, '/workspace/sheets/DE/2025/carry-forward', {
      from: '2024',
    });
    expect(carried.status).toBe(303);
    const page = await expert.get('/workspace/sheets/DE/2025');
    expect(page.text).toContain('was carried forward from 2024: confirm or change it');
    expect((await postForm(expert, '/workspace/sheets/DE/2025/submit')).status).toBe(409);
    // Each carried answer is confirmed on its own, with the Confirm button of its question.
    for (const strand of ['family-reunification', 'access-to-nationality', 'language-tests']) {
      const form = await expert.get(`/workspace/sheets/DE/2025/strands/${strand}`);
      for (const [, action, token, shown] of form.text.matchAll(
        /<form id="confirm-[a-z0-9-]+" method="post" action="([^"]+)"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]+)"><input type="hidden" name="shown" value="([^"]+)">/g,
      ))
        expect((await expert.post(action!).type('form').send({ _csrf: token, shown })).status).toBe(
          303,
        );
    }
    const after = await expert.get('/workspace/sheets/DE/2025');
    expect(after.text).not.toContain('was carried forward from 2024');
    expect((await postForm(expert, '/workspace/sheets/DE/2025/submit')).status).toBe(303);
  });

  it('the YAML path: download, edit, upload with errors by line, then a valid upload is saved', async () => {
    const expert = await signIn(setup.app, 'expert-de@example.org');
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    // Back to draft so that the expert may edit again.
    const noReason = await postForm(coordinator, '/workspace/sheets/DE/2025/review', {
      action: 'request-changes',
    });
    expect(noReason.status).toBe(400);
    const withReason = await postForm(coordinator, '/workspace/sheets/DE/2025/review', {
      action: 'request-changes',
      reason: 'Check the partner rule',
    });
    expect(withReason.status).toBe(303);
    const download = await expert.get('/workspace/sheets/DE/2025/sheet.yaml');
    expect(download.headers['content-disposition']).toMatch(/attachment; filename="DE-2025.yaml"/);
    expect(download.text).toMatch(
      /^# yaml-language-server: \$schema=http:\/\/127\.0\.0\.1:\d+\/schemas\/answer-sheet\.schema\.json/,
    );
    const revision = getSheet(setup.db, { country: 'DE', edition: '2025' })!.revision;
    const broken = download.text.replace(/( {2}fr-partners:\n {4}answer: )\S+/, '$1everyone');
    const refused = await postForm(expert, '/workspace/sheets/DE/2025/upload', {
      base_revision: String(revision),
      yaml: broken,
    });
    expect(refused.status).toBe(422);
    const line = broken.split('\n').findIndex((l) => l.includes('answer: everyone')) + 1;
    expect(refused.text).toContain(`line ${line}, column 13: <code>unknown-option</code>`);
    expect(getSheet(setup.db, { country: 'DE', edition: '2025' })!.revision).toBe(revision);
    const edited = download.text.replace(/( {2}fr-partners:\n {4}answer: )\S+/, '$1spouses-only');
    // A real file upload (multipart form), as the sheet page sends it.
    const accepted = await uploadSheet(
      expert,
      '/workspace/sheets/DE/2025/upload',
      revision,
      edited,
      'DE-2025.yaml',
    );
    expect(accepted.status).toBe(303);
    expect(
      getSheet(setup.db, { country: 'DE', edition: '2025' })!.sheet.answers.get('fr-partners')!
        .answer,
    ).toBe('spouses-only');
    // Only the upload takes multipart bodies; there they are CSRF-checked like any form, and
    // files are size-limited.
    const elsewhere = await expert.post('/workspace/sheets/DE/2025/submit').field('anything', 'x');
    expect(elsewhere.status).toBe(415);
    const forged = await expert
      .post('/workspace/sheets/DE/2025/upload')
      .field('base_revision', '1')
      .attach('file', Buffer.from(edited), { filename: 'x.yaml', contentType: 'text/yaml' });
    expect(forged.status).toBe(403);
    const huge = await uploadSheet(
      expert,
      '/workspace/sheets/DE/2025/upload',
      1,
      Buffer.alloc(1_100_000, 'a'),
      'big.yaml',
    );
    expect(huge.status).toBe(413);
    const schema = await expert.get('/schemas/answer-sheet.schema.json');
    expect(schema.body.properties.answers.properties['fr-partners']).toBeDefined();
  });
});

describe('several coders in the workspace', () => {
  it('a coordinator sees the agreement, and reconciles the disagreements into the official sheet', async () => {
    const { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { importSheetFiles } = await import('../../src/storage/import-sheets.js');
    const { ROOT_DIR } = await import('../helpers/fixtures.js');
    const dir = mkdtempSync(join(tmpdir(), 'coders-'));
    try {
      mkdirSync(join(dir, '2025'));
      const base = readFileSync(join(ROOT_DIR, 'scores', '2024', 'SE.yaml'), 'utf8')
        .replace('edition: "2024"', 'edition: "2025"')
        .replace('status: published', 'status: submitted')
        .replace(/^coders:\n.*\n/m, ''); // the file names (SE.alice, SE.bob) name the coders
      writeFileSync(join(dir, '2025', 'SE.alice.yaml'), base);
      writeFileSync(
        join(dir, '2025', 'SE.bob.yaml'),
        base.replace(/( {2}fr-accommodation:\n {4}answer: )\S+/, '$1stricter'),
      );
      expect(importSheetFiles(setup.db, [dir], { user: 'test' }).imported).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const sheetPage = await coordinator.get('/workspace/sheets/SE/2025');
    expect(sheetPage.text).toContain('alice, bob coded this country separately.');
    const page = await coordinator.get('/workspace/sheets/SE/2025/agreement');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Krippendorff's alpha/);
    expect(page.text).toContain('1 disagreements to reconcile');
    const refused = await coordinator
      .post('/workspace/sheets/SE/2025/reconcile')
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(refused.status).toBe(409);
    const done = await coordinator
      .post('/workspace/sheets/SE/2025/reconcile')
      .type('form')
      .send({ _csrf: csrfOf(page.text), 'take.fr-accommodation': 'bob' });
    expect(done.status).toBe(303);
    const official = getSheet(setup.db, { country: 'SE', edition: '2025' })!;
    expect(official.sheet.status).toBe('in_review');
    expect(official.sheet.answers.get('fr-accommodation')!.answer).toBe('stricter');
    // Experts and reviewers do not get this page.
    const expert = await signIn(setup.app, 'expert-at@example.org');
    expect((await expert.get('/workspace/sheets/SE/2025/agreement')).status).toBe(403);
  });
});
