/**
 * The editors' key findings and recommendations through the workspace, under the sheets'
 * workflow: an expert of the country writes and submits, the reviewer approves, publishing the
 * edition freezes the text with the snapshot, and the profile and the API show it; a draft is
 * never published; an edit after publishing changes nothing public until the next publication,
 * and older revisions keep their own text. Refused requests store nothing.
 */
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.js';
import { createAssignment, createUser } from '../../src/storage/account-repository.js';
import {
  editorialHistory,
  getEditorial,
  saveEditorial,
} from '../../src/storage/editorial-repository.js';
import { storedQuestionnaire } from '../../src/storage/questionnaire-repository.js';
import { previewPublication, publishEdition } from '../../src/storage/snapshot-repository.js';
import {
  PASSWORD,
  postForm,
  publishedAnswers,
  saveAnswers,
  signIn,
  workspaceSetup,
  type Setup,
} from '../workspace/helpers.js';

const PAGE = '/workspace/sheets/AT/2025/editorial';

const TEXT = {
  base_revision: '0',
  finding_1: 'Family reunification became harder:   the waiting period for partners doubled.',
  finding_2: '',
  finding_3: 'Access to nationality is unchanged.',
  recommendation_1: 'Shorten the waiting period for partners to one year.',
  ref_1: 'family-reunification',
  recommendation_2: 'Publish the guidance on language tests.',
  ref_2: '',
};

let setup: Setup;
let db: Db;
beforeEach(() => {
  setup = workspaceSetup();
  db = setup.db;
});

/** Everything stored about editors' texts: refused requests must leave it as it was. */
const editorialState = () =>
  JSON.stringify([
    db.prepare('SELECT * FROM editorial_texts').all(),
    db.prepare('SELECT * FROM editorial_history').all(),
    db.prepare('SELECT * FROM published_editorials').all(),
  ]);

/** An approved AT 2025 sheet, so that the edition can be published with AT in it. */
function approveAustria2025() {
  saveAnswers(db, storedQuestionnaire(db, 1), {
    country: 'AT',
    edition: '2025',
    status: 'approved',
    answers: publishedAnswers(db, '2024', 'AT'),
  });
}

describe("editors' key findings and recommendations", () => {
  it('written by the expert, approved by the reviewer, published with the edition, shown on the profile and in the API', async () => {
    const expert = await signIn(setup.app, 'expert-at@example.org');
    const sheetPage = await expert.get('/workspace/sheets/AT/2025');
    expect(sheetPage.text).toContain(`href="${PAGE}"`);
    const saved = await postForm(expert, PAGE, TEXT);
    expect(saved.status, saved.text.slice(0, 500)).toBe(303);
    const stored = getEditorial(db, 'AT', '2025')!;
    expect(stored).toMatchObject({ status: 'draft', revision: 1 });
    // Empty slots are left out, whitespace folded; the order is the form's.
    expect(stored.text).toEqual({
      keyFindings: [
        'Family reunification became harder: the waiting period for partners doubled.',
        'Access to nationality is unchanged.',
      ],
      recommendations: [
        {
          text: 'Shorten the waiting period for partners to one year.',
          ref: 'family-reunification',
        },
        { text: 'Publish the guidance on language tests.', ref: null },
      ],
    });
    const page = await expert.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Access to nationality is unchanged.');
    expect(page.text).toContain('Submit for review');
    expect(page.text).not.toContain('value="approve"');
    expect((await postForm(expert, `${PAGE}/submit`)).status).toBe(303);
    expect(getEditorial(db, 'AT', '2025')!.status).toBe('submitted');

    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    expect((await reviewer.get(PAGE)).text).toContain('value="approve"');
    const approved = await postForm(reviewer, `${PAGE}/review`, {
      action: 'approve',
      base_revision: '2',
    });
    expect(approved.status, approved.text.slice(0, 300)).toBe(303);
    expect(getEditorial(db, 'AT', '2025')!.status).toBe('approved');

    approveAustria2025();
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const preview = await coordinator.get('/workspace/editions/2025/publish');
    expect(preview.text).toContain(
      `<ul id="publish-editorials"><li><a href="${PAGE}">Austria</a> <span class="muted">(approved)</span>`,
    );
    publishEdition(db, '2025', { user: 'coordinator@example.org', acceptPartial: true });
    expect(getEditorial(db, 'AT', '2025')).toMatchObject({ status: 'published', revision: 4 });
    expect(
      editorialHistory(db, 'AT', '2025').map((h) => [h.change, h.statusAfter, h.changedBy]),
    ).toEqual([
      ['created', 'draft', 'expert-at@example.org'],
      ['submitted', 'submitted', 'expert-at@example.org'],
      ['approved', 'approved', 'reviewer@example.org'],
      ['published', 'published', 'coordinator@example.org'],
    ]);

    const profile = await request(setup.app).get('/countries/AT/2025');
    expect(profile.status).toBe(200);
    const section = /<section class="editorial"[\s\S]*?<\/section>/.exec(profile.text)?.[0] ?? '';
    expect(section).toContain('<h2 id="editorial-heading">Key findings and recommendations</h2>');
    expect(section).toContain('Written by the editors');
    expect(section).toContain('<li>Access to nationality is unchanged.</li>');
    expect(section).toMatch(
      /Shorten the waiting period[^<]*<\/span> <span class="editorial-ref">\(about <a href="\/strands\/family-reunification\/2025">/,
    );
    // The editors' section comes after the automatic findings, apart from them.
    expect(profile.text.indexOf('id="findings-heading"')).toBeLessThan(
      profile.text.indexOf('id="editorial-heading"'),
    );

    // On the French profile: French headings, the editors' (English) text marked as such.
    const french = await request(setup.app).get('/fr/countries/AT/2025');
    expect(french.text).toContain(
      '<h2 id="editorial-heading">Principaux constats et recommandations</h2>',
    );
    expect(french.text).toContain('<li lang="en">Access to nationality is unchanged.</li>');

    const api = await request(setup.app).get('/api/v1/countries/AT/2025');
    expect(api.status).toBe(200);
    expect(api.body.editorial).toEqual({
      keyFindings: stored.text.keyFindings,
      recommendations: [
        {
          text: 'Shorten the waiting period for partners to one year.',
          ref: {
            id: 'family-reunification',
            label: expect.any(String),
            href: '/strands/family-reunification/2025',
          },
        },
        { text: 'Publish the guidance on language tests.', ref: null },
      ],
    });
  });

  it('a draft (or a submitted text) is not published: no section on the profile, empty lists in the API', async () => {
    const expert = await signIn(setup.app, 'expert-at@example.org');
    expect((await postForm(expert, PAGE, TEXT)).status).toBe(303);
    approveAustria2025();
    publishEdition(db, '2025', { user: 'coordinator', acceptPartial: true });
    expect(getEditorial(db, 'AT', '2025')!.status).toBe('draft');
    const profile = await request(setup.app).get('/countries/AT/2025');
    expect(profile.status).toBe(200);
    expect(profile.text).not.toContain('editorial-heading');
    expect(profile.text).not.toContain('Key findings and recommendations');
    const api = await request(setup.app).get('/api/v1/countries/AT/2025');
    expect(api.body.editorial).toEqual({ keyFindings: [], recommendations: [] });
  });

  it('an edit after publishing changes nothing public until the next publication; older revisions keep their text', async () => {
    // Edition 2024 is published (revision 1) without editors' text; a coordinator writes one.
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const first = { base_revision: '0', finding_1: 'First reading of the 2024 results.' };
    const path = '/workspace/sheets/AT/2024/editorial';
    expect((await postForm(coordinator, path, first)).status).toBe(303);
    expect((await postForm(coordinator, `${path}/submit`)).status).toBe(303);
    expect((await postForm(coordinator, `${path}/review`, { action: 'approve' })).status).toBe(303);
    publishEdition(db, '2024', { user: 'coordinator', note: "Editors' text added" });

    const findingsOf = async (query = '') =>
      (await request(setup.app).get(`/api/v1/countries/AT/2024${query}`)).body.editorial
        .keyFindings;
    expect(await findingsOf()).toEqual(['First reading of the 2024 results.']);
    expect(await findingsOf('?revision=1')).toEqual([]);

    // A coordinator's edit of the published text is a correction: back to review, not public.
    const edited = await postForm(coordinator, path, {
      base_revision: String(getEditorial(db, 'AT', '2024')!.revision),
      finding_1: 'Corrected reading of the 2024 results.',
    });
    expect(edited.status).toBe(303);
    expect(getEditorial(db, 'AT', '2024')!.status).toBe('in_review');
    expect(editorialHistory(db, 'AT', '2024').at(-1)!.reason).toBe('correction');
    expect(await findingsOf()).toEqual(['First reading of the 2024 results.']);
    expect((await request(setup.app).get('/countries/AT/2024')).text).toContain(
      'First reading of the 2024 results.',
    );
    // Re-opening the text alone is no correction: the published revision is carried as it is.
    expect(() => publishEdition(db, '2024', { user: 'coordinator', note: 'Nothing' })).toThrow(
      /already holds exactly/,
    );

    expect((await postForm(coordinator, `${path}/review`, { action: 'approve' })).status).toBe(303);
    publishEdition(db, '2024', { user: 'coordinator', note: "Editors' text corrected" });
    expect(await findingsOf()).toEqual(['Corrected reading of the 2024 results.']);
    expect(await findingsOf('?revision=2')).toEqual(['First reading of the 2024 results.']);
    expect(await findingsOf('?revision=1')).toEqual([]);
    const older = await request(setup.app).get('/countries/AT/2024?revision=2');
    expect(older.text).toContain('First reading of the 2024 results.');
    expect(older.text).not.toContain('Corrected reading');
  });

  it("binds the preview's confirmation to the texts, and publishes only the texts of countries published", () => {
    approveAustria2025();
    const approvedText = (country: string) =>
      saveEditorial(db, {
        country,
        edition: '2025',
        text: { keyFindings: [`A finding on ${country}.`], recommendations: [] },
        status: 'approved',
        baseRevision: 0,
        user: 'coordinator',
        change: 'approved',
      });
    const { fingerprint } = previewPublication(db, '2025').plan;
    approvedText('AT');
    // DE has no approved sheet in 2025: its text waits for the country.
    approvedText('DE');
    const publish = () =>
      publishEdition(db, '2025', {
        user: 'coordinator',
        acceptPartial: true,
        confirm: fingerprint,
      });
    expect(publish).toThrow(/the edition changed since the preview/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM published_editorials').get()).toEqual({ n: 0 });

    const plan = previewPublication(db, '2025').plan;
    expect(plan.editorials).toEqual([{ country: 'AT', from: 'text', revision: 1 }]);
    publishEdition(db, '2025', {
      user: 'coordinator',
      acceptPartial: true,
      confirm: plan.fingerprint,
    });
    expect(getEditorial(db, 'AT', '2025')!.status).toBe('published');
    expect(getEditorial(db, 'DE', '2025')!.status).toBe('approved');
    expect(db.prepare('SELECT country, text_revision FROM published_editorials').all()).toEqual([
      { country: 'AT', text_revision: 2 },
    ]);
  });

  it('refuses experts of another country, reviewers writing, experts approving, and strand-limited experts (403), storing nothing', async () => {
    const limited = createUser(db, {
      email: 'expert-fr@example.org',
      name: 'expert-fr',
      role: 'expert',
      password: PASSWORD,
    }) as unknown as { id: number };
    createAssignment(db, {
      userId: limited.id,
      country: 'AT',
      edition: '2025',
      strand: 'family-reunification',
      task: 'expert',
    });
    const before = editorialState();
    const de = await signIn(setup.app, 'expert-de@example.org');
    const other = await postForm(de, PAGE, TEXT);
    expect(other.status).toBe(403);
    expect(other.text).toMatch(/AT 2025 is not assigned to you/);
    expect((await de.get(PAGE)).status).toBe(403);

    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    expect((await postForm(reviewer, PAGE, TEXT)).status).toBe(403);
    expect((await reviewer.get(PAGE)).text).not.toContain('Save as a draft');

    const fr = await signIn(setup.app, 'expert-fr@example.org');
    const partial = await postForm(fr, PAGE, TEXT);
    expect(partial.status).toBe(403);
    expect(partial.text).toMatch(/your assignment covers family-reunification only/);
    expect(editorialState()).toBe(before);

    // The expert's own text cannot be approved by the expert.
    const expert = await signIn(setup.app, 'expert-at@example.org');
    await postForm(expert, PAGE, TEXT);
    await postForm(expert, `${PAGE}/submit`);
    const submitted = editorialState();
    const selfApproval = await postForm(expert, `${PAGE}/review`, { action: 'approve' });
    expect(selfApproval.status).toBe(403);
    // Nor edited once submitted (409), nor changed without the session's CSRF token.
    expect((await postForm(expert, PAGE, { ...TEXT, base_revision: '2' })).status).toBe(409);
    const forged = await expert
      .post(PAGE)
      .type('form')
      .send({ ...TEXT, base_revision: '2' });
    expect(forged.status).toBe(403);
    expect(editorialState()).toBe(submitted);
    // Signed out: to the sign-in page.
    expect((await request(setup.app).get(PAGE)).status).toBe(302);
  });
});
