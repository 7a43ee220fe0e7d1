/**
 * Ways to change or lose data that testers found in the workspace's writing routes, each
 * reproduced through HTTP: every one must now be refused with a clear answer, storing nothing.
 *  1. A form saved back dropped every source past the tenth of an answer uploaded in a file.
 *  2. A file stored a comment longer than the form takes: the form could not save it back.
 *  3. A field sent twice was read as empty: the answer became "not assessed".
 *  4. An expert assigned one strand rewrote the sheet's coders in an upload.
 *  5. A reviewer assigned one strand approved (or sent back) the whole sheet.
 *  6. Form text that was not UTF-8 was stored as typed (`x%FFy`).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENTRY_LIMITS } from '../../src/answers/sheet-schema.js';
import type { AnswerSheet, LegalSource } from '../../src/answers/types.js';
import { sheetToYaml } from '../../src/answers/write-sheet.js';
import request from 'supertest';
import { createAssignment, createUser, userByEmail } from '../../src/storage/account-repository.js';
import type { Db } from '../../src/storage/database.js';
import { storedQuestionnaire } from '../../src/storage/questionnaire-repository.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
import { formHtml, postedFields } from './form-fields.js';
import {
  csrf,
  PASSWORD,
  postForm,
  signIn,
  uploadSheet,
  workspaceSetup,
  type Setup,
} from './helpers.js';

let setup: Setup;
let questionnaire: Questionnaire;
const STRAND = 'family-reunification';
const SHEET = '/workspace/sheets/AT/2025';

beforeAll(async () => {
  setup = workspaceSetup();
  questionnaire = storedQuestionnaire(setup.db, 1);
  const strandExpert = await createUser(setup.db, {
    email: 'fr-expert@example.org',
    name: 'Family reunification expert',
    role: 'expert',
    password: PASSWORD,
  });
  createAssignment(setup.db, {
    userId: strandExpert.id,
    country: 'AT',
    edition: '2025',
    strand: STRAND,
    task: 'expert',
  });
  const strandReviewer = await createUser(setup.db, {
    email: 'fr-reviewer@example.org',
    name: 'Family reunification reviewer',
    role: 'reviewer',
    password: PASSWORD,
  });
  createAssignment(setup.db, {
    userId: strandReviewer.id,
    country: 'AT',
    edition: '2025',
    strand: STRAND,
    task: 'reviewer',
  });
});

const stored = (db: Db = setup.db) => getSheet(db, { country: 'AT', edition: '2025' })!;

/** AT 2025 as AT 2024, in `status`, with `coders` (replacing what was there). */
function seed(status: AnswerSheet['status'], coders: AnswerSheet['coders'] = []): void {
  const from = getSheet(setup.db, { country: 'AT', edition: '2024' })!.sheet;
  saveSheet(setup.db, {
    sheet: { ...from, edition: '2025', status, coders },
    baseRevision: getSheet(setup.db, { country: 'AT', edition: '2025' })?.revision ?? null,
    user: 'setup',
    reason: 'test setup',
  });
}

/** The first answered question of the strand. */
function firstQuestion(): string {
  return questionnaire.questions.find(
    (q) => q.strandId === STRAND && stored().sheet.answers.has(q.id),
  )!.id;
}

/** The stored sheet as a file, with `change` made to its answers. */
function fileWith(change: (sheet: AnswerSheet) => AnswerSheet): string {
  return sheetToYaml(change(stored().sheet), questionnaire, {});
}

function withEntry(
  sheet: AnswerSheet,
  question: string,
  entry: Partial<AnswerSheet['answers'] extends Map<string, infer E> ? E : never>,
): AnswerSheet {
  const answers = new Map(sheet.answers);
  answers.set(question, { ...answers.get(question)!, ...entry });
  return { ...sheet, answers };
}

const sources = (count: number): LegalSource[] =>
  Array.from({ length: count }, (_, i) => ({
    title: `Act ${i + 1}`,
    article: null,
    url: null,
    date: null,
  }));

async function upload(email: string, yaml: string) {
  const agent = await signIn(setup.app, email);
  return uploadSheet(agent, `${SHEET}/upload`, stored().revision, yaml);
}

/** The strand form as the browser posts it when loaded, as `email`. */
async function strandForm(email: string) {
  const agent = await signIn(setup.app, email);
  const page = await agent.get(`${SHEET}/strands/${STRAND}`);
  expect(page.status).toBe(200);
  return { agent, fields: postedFields(formHtml(page.text, 'answers-form')) };
}

describe('1–2. a sheet file holds no more than the form shows and saves back', () => {
  beforeEach(() => seed('draft'));

  it(`a file citing more than ${ENTRY_LIMITS.sources} sources for an answer is refused where they are`, async () => {
    const before = stored().revision;
    const question = firstQuestion();
    const refused = await upload(
      'expert-at@example.org',
      fileWith((s) => withEntry(s, question, { sources: sources(ENTRY_LIMITS.sources + 1) })),
    );
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('too-long');
    expect(refused.text).toContain(`answers.${question}.sources: must have at most 10 items`);
    expect(stored().revision).toBe(before);
  });

  it('a file whose comment is longer than the form takes is refused; one at the limit is stored and saved back unchanged', async () => {
    const question = firstQuestion();
    const before = stored().revision;
    const tooLong = await upload(
      'expert-at@example.org',
      fileWith((s) => withEntry(s, question, { comment: 'x'.repeat(ENTRY_LIMITS.comment + 1) })),
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('must be at most 5000 characters long');
    expect(stored().revision).toBe(before);

    // At the limit, in characters outside the Basic Multilingual Plane (two UTF-16 units each):
    // the file and the form count the same characters.
    const longest = '𝄞'.repeat(ENTRY_LIMITS.comment);
    const accepted = await upload(
      'expert-at@example.org',
      fileWith((s) =>
        withEntry(s, question, { comment: longest, sources: sources(ENTRY_LIMITS.sources) }),
      ),
    );
    expect(accepted.status).toBe(303);
    const { agent, fields } = await strandForm('expert-at@example.org');
    const saved = await agent
      .post(`${SHEET}/strands/${STRAND}`)
      .type('form')
      .send({ ...fields, _csrf: await csrf(agent) });
    expect(saved.status).toBe(303);
    const entry = stored().sheet.answers.get(question)!;
    expect(entry.comment).toBe(longest);
    expect(entry.sources).toEqual(sources(ENTRY_LIMITS.sources));
  });

  it('a sheet stored with more sources than the limit shows them all, and saving it says so instead of dropping them', async () => {
    const question = firstQuestion();
    // Stored before the limit was shared (straight into the database, as an old import did).
    saveSheet(setup.db, {
      sheet: withEntry(stored().sheet, question, { sources: sources(16) }),
      baseRevision: stored().revision,
      user: 'setup',
    });
    const before = stored().revision;
    const { agent, fields } = await strandForm('expert-at@example.org');
    expect(fields[`q.${question}.source.15.title`]).toBe('Act 16');
    const refused = await agent
      .post(`${SHEET}/strands/${STRAND}`)
      .type('form')
      .send({ ...fields, _csrf: await csrf(agent) });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('an answer cites at most 10 sources: remove source 11');
    expect(stored().revision).toBe(before);
    expect(stored().sheet.answers.get(question)!.sources).toHaveLength(16);
  });
});

describe('3. a field sent twice is refused, not read as empty', () => {
  beforeEach(() => seed('draft'));

  it('an answer sent twice: 400 naming the field, and the answer stays', async () => {
    const question = firstQuestion();
    const { agent, fields } = await strandForm('expert-at@example.org');
    const before = stored();
    const twice = await agent
      .post(`${SHEET}/strands/${STRAND}`)
      .type('form')
      .send(
        `${new URLSearchParams({ ...fields, _csrf: await csrf(agent) })}&q.${question}.answer=none`,
      );
    expect(twice.status).toBe(400);
    expect(twice.text).toContain(
      `parameter &#34;q.${question}.answer&#34; was sent more than once`,
    );
    expect(stored().revision).toBe(before.revision);
    expect(stored().sheet.answers.get(question)).toEqual(before.sheet.answers.get(question));
  });

  it('a revision written other than in decimal digits is refused', async () => {
    const { agent, fields } = await strandForm('expert-at@example.org');
    const before = stored().revision;
    for (const revision of ['0x2', '1e1', ` ${before}x`]) {
      const response = await agent
        .post(`${SHEET}/strands/${STRAND}`)
        .type('form')
        .send({ ...fields, base_revision: revision, _csrf: await csrf(agent) });
      expect(response.status).toBe(400);
      expect(response.text).toContain('base_revision');
    }
    expect(stored().revision).toBe(before);
  });
});

describe('4. the coders of a sheet belong to the whole sheet', () => {
  const coders = [{ name: 'First Coder', email: 'first@example.org' }];
  beforeEach(() => seed('draft', coders));

  it('an expert of one strand cannot change or drop them in an upload; the same file without that change is stored', async () => {
    const before = stored().revision;
    const question = firstQuestion();
    const other = questionnaire.questions
      .find((q) => q.id === question)!
      .options.find((o) => o.id !== stored().sheet.answers.get(question)!.answer)!.id;
    for (const changed of [[{ name: 'Mallory Forged', email: null }], []]) {
      const refused = await upload(
        'fr-expert@example.org',
        fileWith((s) => ({ ...withEntry(s, question, { answer: other }), coders: changed })),
      );
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('changes the sheet&#39;s coders');
      expect(stored().revision).toBe(before);
      expect(stored().sheet.coders).toEqual(coders);
    }
    const accepted = await upload(
      'fr-expert@example.org',
      fileWith((s) => withEntry(s, question, { answer: other })),
    );
    expect(accepted.status).toBe(303);
    expect(stored().sheet.coders).toEqual(coders);
  });

  it('an expert of the whole sheet may change them', async () => {
    const accepted = await upload(
      'expert-at@example.org',
      fileWith((s) => ({ ...s, coders: [{ name: 'Second Coder', email: null }] })),
    );
    expect(accepted.status).toBe(303);
    expect(stored().sheet.coders).toEqual([{ name: 'Second Coder', email: null }]);
  });
});

describe('5. a reviewer of one strand reads and comments, but does not decide on the sheet', () => {
  beforeEach(() => seed('submitted'));

  it.each([
    ['approve', {}],
    ['request-changes', { reason: 'Please check the sources.' }],
  ])('%s: 403, the status stays; the reviewer of the whole sheet may', async (action, extra) => {
    const before = stored();
    const strandReviewer = await signIn(setup.app, 'fr-reviewer@example.org');
    const page = await strandReviewer.get(`${SHEET}/review`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(`value="${action}"`);
    const refused = await postForm(strandReviewer, `${SHEET}/review`, {
      action,
      base_revision: String(before.revision),
      ...extra,
    });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('an assignment must cover every strand');
    expect(stored().sheet.status).toBe('submitted');
    expect(stored().revision).toBe(before.revision);

    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const decided = await postForm(reviewer, `${SHEET}/review`, {
      action,
      base_revision: String(before.revision),
      ...extra,
    });
    expect(decided.status).toBe(303);
    expect(stored().sheet.status).toBe(action === 'approve' ? 'approved' : 'draft');
  });
});

describe('6. form text must be UTF-8', () => {
  beforeEach(() => seed('draft'));

  it('a %-escape that decodes to no UTF-8 text is refused before anything is read; valid escapes are text', async () => {
    const question = firstQuestion();
    const { agent, fields } = await strandForm('expert-at@example.org');
    const before = stored().revision;
    const body = new URLSearchParams({ ...fields, _csrf: await csrf(agent) });
    body.delete(`q.${question}.comment`);
    const refused = await agent
      .post(`${SHEET}/strands/${STRAND}`)
      .type('form')
      .send(`${body}&q.${question}.comment=x%FFy`);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('not UTF-8');
    expect(stored().revision).toBe(before);

    const accepted = await agent
      .post(`${SHEET}/strands/${STRAND}`)
      .type('form')
      .send(`${body}&q.${question}.comment=caf%C3%A9+100%25`);
    expect(accepted.status).toBe(303);
    expect(stored().sheet.answers.get(question)!.comment).toBe('café 100%');
  });
});

describe('7. smaller gaps', () => {
  it('signing in never leads out of the workspace, even by climbing (`/workspace/../x`)', async () => {
    for (const [next, to] of [
      ['/workspace/../../evil', '/workspace'],
      ['/workspace/./users', '/workspace'],
      ['/workspace/sheets/AT/2025', '/workspace/sheets/AT/2025'],
    ]) {
      const agent = request.agent(setup.app);
      const login = await agent.get('/login');
      const token = /name="_login" value="([^"]+)"/.exec(login.text)![1]!;
      const response = await agent
        .post('/login')
        .type('form')
        .send({ _login: token, email: 'expert-at@example.org', password: PASSWORD, next });
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe(to);
    }
  });

  it('an account’s email is plain ASCII and its name has a length and no control characters', async () => {
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    for (const [email, name, field] of [
      ['ｅxpert-at@example.org', 'Look-alike', 'email'],
      [`${'a'.repeat(250)}@example.org`, 'Long address', 'email'],
      ['long-name@example.org', 'n'.repeat(201), 'name'],
      ['bell@example.org', 'Ring\u0007', 'name'],
    ]) {
      const response = await postForm(coordinator, '/workspace/users', {
        email: email!,
        name: name!,
        role: 'reviewer',
      });
      expect(response.status).toBe(400);
      expect(response.text).toContain(`parameter &#34;${field}&#34;`);
    }
    const fine = await postForm(coordinator, '/workspace/users', {
      email: 'plain@example.org',
      name: 'Zoë Ñúñez',
      role: 'reviewer',
    });
    expect(fine.status).toBe(200); // the page with the new account's one-time link
    expect(userByEmail(setup.db, 'plain@example.org')?.name).toBe('Zoë Ñúñez');
  });
});
