/**
 * The expert workspace through HTTP: who may do what (every route × every role), security
 * (CSRF, escaping, body limits, login throttling, sessions), conflicts, and the whole workflow
 * from a first draft to a published profile.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSheet } from '../../src/storage/sheet-repository.js';
import {
  csrf,
  csrfOf,
  loginPage,
  loginTokenOf,
  PASSWORD,
  postForm,
  signIn,
  workspaceSetup,
  type Agent,
  type Setup,
} from './helpers.js';

let setup: Setup;
const agents: Record<string, Agent> = {};
const ROLES = ['anonymous', 'admin', 'coordinator', 'expertAT', 'expertDE', 'reviewer'] as const;
type Who = (typeof ROLES)[number];
const EMAILS: Record<Exclude<Who, 'anonymous'>, string> = {
  admin: 'admin@example.org',
  coordinator: 'coordinator@example.org',
  expertAT: 'expert-at@example.org',
  expertDE: 'expert-de@example.org',
  reviewer: 'reviewer@example.org',
};

beforeAll(async () => {
  setup = workspaceSetup();
  for (const [who, email] of Object.entries(EMAILS)) agents[who] = await signIn(setup.app, email);
  agents.anonymous = request.agent(setup.app);
  // A draft sheet for AT 2025 so that there is something to comment on.
  const coordinator = agents.coordinator!;
  const form = await coordinator.get('/workspace/sheets/AT/2025/strands/family-reunification');
  await coordinator
    .post('/workspace/sheets/AT/2025/strands/family-reunification')
    .type('form')
    .send({ _csrf: csrfOf(form.text), base_revision: '0', 'q.fr-residence-period.answer': 'none' });
});

async function call(
  who: Who,
  method: 'get' | 'post',
  path: string,
  body: Record<string, string> = {},
) {
  const agent = agents[who]!;
  if (method === 'get') return agent.get(path);
  const token = who === 'anonymous' ? 'none' : await csrf(agent);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...body });
}

const matrix: [string, 'get' | 'post', string, Record<string, string>, Record<Who, number>][] = [
  [
    'dashboard',
    'get',
    '/workspace',
    {},
    { anonymous: 302, admin: 200, coordinator: 200, expertAT: 200, expertDE: 200, reviewer: 200 },
  ],
  [
    'sheet',
    'get',
    '/workspace/sheets/AT/2025',
    {},
    { anonymous: 302, admin: 200, coordinator: 200, expertAT: 200, expertDE: 403, reviewer: 200 },
  ],
  [
    'form',
    'get',
    '/workspace/sheets/AT/2025/strands/access-to-nationality',
    {},
    { anonymous: 302, admin: 200, coordinator: 200, expertAT: 200, expertDE: 403, reviewer: 200 },
  ],
  [
    'yaml',
    'get',
    '/workspace/sheets/AT/2025/sheet.yaml',
    {},
    { anonymous: 302, admin: 200, coordinator: 200, expertAT: 200, expertDE: 403, reviewer: 200 },
  ],
  [
    'history',
    'get',
    '/workspace/sheets/AT/2025/history/fr-residence-period',
    {},
    { anonymous: 302, admin: 200, coordinator: 200, expertAT: 200, expertDE: 403, reviewer: 200 },
  ],
  [
    'save (stale revision)',
    'post',
    '/workspace/sheets/AT/2025/strands/access-to-nationality',
    { base_revision: '999' },
    { anonymous: 401, admin: 409, coordinator: 409, expertAT: 409, expertDE: 403, reviewer: 403 },
  ],
  [
    'comment',
    'post',
    '/workspace/sheets/AT/2025/comments',
    { body: 'A note' },
    { anonymous: 401, admin: 303, coordinator: 303, expertAT: 303, expertDE: 403, reviewer: 303 },
  ],
  [
    'review (draft)',
    'post',
    '/workspace/sheets/AT/2025/review',
    { action: 'approve' },
    { anonymous: 401, admin: 409, coordinator: 409, expertAT: 403, expertDE: 403, reviewer: 409 },
  ],
  [
    'publish (nothing approved)',
    'post',
    '/workspace/editions/2025/publish',
    {},
    { anonymous: 401, admin: 409, coordinator: 409, expertAT: 403, expertDE: 403, reviewer: 403 },
  ],
  [
    'open edition (bad date)',
    'post',
    '/workspace/editions',
    { id: '2031', reference_date: 'soon' },
    { anonymous: 401, admin: 400, coordinator: 400, expertAT: 403, expertDE: 403, reviewer: 403 },
  ],
  [
    'users',
    'get',
    '/workspace/users',
    {},
    { anonymous: 302, admin: 200, coordinator: 200, expertAT: 403, expertDE: 403, reviewer: 403 },
  ],
  [
    'create user (bad input)',
    'post',
    '/workspace/users',
    { email: 'x' },
    { anonymous: 401, admin: 400, coordinator: 400, expertAT: 403, expertDE: 403, reviewer: 403 },
  ],
  [
    'assign (bad input)',
    'post',
    '/workspace/assignments',
    { email: 'nobody@example.org' },
    { anonymous: 401, admin: 400, coordinator: 400, expertAT: 403, expertDE: 403, reviewer: 403 },
  ],
];

describe('authorization matrix: every workspace route × every role and anonymous', () => {
  for (const [name, method, path, body, expected] of matrix) {
    it.each(ROLES.map((who) => [who, expected[who]] as const))(
      `${name}: %s → %d`,
      async (who, status) => {
        const response = await call(who, method, path, body);
        expect(response.status).toBe(status);
        if (status === 302) expect(response.headers.location).toMatch(/^\/login\?next=/);
        expect(response.headers['cache-control']).toBe('no-store');
      },
    );
  }

  it('a reviewer cannot edit answers, and an expert cannot touch another country', async () => {
    const before = getSheet(setup.db, { country: 'AT', edition: '2025' })!;
    const form = await agents.reviewer!.get(
      '/workspace/sheets/AT/2025/strands/family-reunification',
    );
    const response = await agents
      .reviewer!.post('/workspace/sheets/AT/2025/strands/family-reunification')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        base_revision: String(before.revision),
        'q.fr-residence-period.answer': 'over-one-year',
      });
    expect(response.status).toBe(403);
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })!.revision).toBe(before.revision);
  });
});

describe('coordination', () => {
  it('a coordinator opens an edition, creates a user and assigns them', async () => {
    const agent = agents.coordinator!;
    const opened = await postForm(agent, '/workspace/editions', {
      id: '2026',
      reference_date: '2026-06-30',
    });
    expect(opened.status).toBe(303);
    expect(
      (await postForm(agent, '/workspace/editions', { id: '2026', reference_date: '2026-06-30' }))
        .status,
    ).toBe(409);
    const created = await postForm(agent, '/workspace/users', {
      email: 'new-expert@example.org',
      name: 'New Expert',
      role: 'expert',
      password: 'a long password',
    });
    expect(created.status).toBe(303);
    const assigned = await postForm(agent, '/workspace/assignments', {
      email: 'new-expert@example.org',
      task: 'expert',
      country: 'FR',
      edition: '2026',
      strand: 'family-reunification',
    });
    expect(assigned.status).toBe(303);
    const expert = await signIn(setup.app, 'new-expert@example.org', 'a long password');
    expect((await expert.get('/workspace')).text).toContain('/workspace/sheets/FR/2026');
    // Assigned to one strand: may edit that strand, not the other.
    const other = await expert.get('/workspace/sheets/FR/2026/strands/access-to-nationality');
    expect(other.status).toBe(200);
    const refused = await expert
      .post('/workspace/sheets/FR/2026/strands/access-to-nationality')
      .type('form')
      .send({
        _csrf: csrfOf(other.text),
        base_revision: '0',
        'q.atn-residence-period.answer': 'up-to-five-years',
      });
    expect(refused.status).toBe(403);
    const mine = await expert.get('/workspace/sheets/FR/2026/strands/family-reunification');
    const saved = await expert
      .post('/workspace/sheets/FR/2026/strands/family-reunification')
      .type('form')
      .send({
        _csrf: csrfOf(mine.text),
        base_revision: '0',
        'q.fr-residence-period.answer': 'none',
      });
    expect(saved.status).toBe(303);
    // Only admins create admins.
    const admin = await postForm(agent, '/workspace/users', {
      email: 'boss@example.org',
      name: 'Boss',
      role: 'admin',
      password: 'a long password',
    });
    expect(admin.status).toBe(403);
  });
});

describe('security', () => {
  it('a missing or wrong CSRF token is refused with 403 and nothing is stored', async () => {
    const agent = agents.expertAT!;
    const before = getSheet(setup.db, { country: 'AT', edition: '2025' })!.revision;
    const missing = await agent
      .post('/workspace/sheets/AT/2025/comments')
      .type('form')
      .send({ body: 'no token' });
    const wrong = await agent
      .post('/workspace/sheets/AT/2025/comments')
      .type('form')
      .send({ _csrf: 'forged', body: 'forged' });
    expect([missing.status, wrong.status]).toEqual([403, 403]);
    const page = await agent.get('/workspace/sheets/AT/2025');
    expect(page.text).not.toContain('no token');
    expect(page.text).not.toContain('forged');
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })!.revision).toBe(before);
  });

  it('a <script> payload in a comment or a source is shown as text everywhere; SQL metacharacters are stored literally', async () => {
    const agent = agents.expertAT!;
    const payload = `<script>alert('x')</script>'; DROP TABLE answers; --`;
    const form = await agent.get('/workspace/sheets/AT/2025/strands/family-reunification');
    const revision = /name="base_revision" value="(\d+)"/.exec(form.text)![1]!;
    const saved = await agent
      .post('/workspace/sheets/AT/2025/strands/family-reunification')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        base_revision: revision,
        'q.fr-residence-period.answer': 'none',
        'q.fr-residence-period.comment': payload,
        'q.fr-residence-period.source.0.title': payload,
      });
    expect(saved.status).toBe(303);
    await postForm(agent, '/workspace/sheets/AT/2025/comments', {
      body: payload,
      question: 'fr-residence-period',
    });
    for (const path of [
      '/workspace/sheets/AT/2025',
      '/workspace/sheets/AT/2025/strands/family-reunification',
      '/workspace/sheets/AT/2025/history/fr-residence-period',
    ]) {
      const { text } = await agent.get(path);
      expect(text, path).not.toContain('<script>alert');
      expect(text, path).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    }
    const stored = getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet.answers.get(
      'fr-residence-period',
    )!;
    expect(stored.comment).toBe(payload);
    expect(stored.sources[0]!.title).toBe(payload);
  });

  it('a body over the limit is refused with 413', async () => {
    const agent = agents.expertAT!;
    const response = await postForm(agent, '/workspace/sheets/AT/2025/comments', {
      body: 'x'.repeat(300_000),
    });
    expect(response.status).toBe(413);
  });

  it('repeated bad logins are throttled', async () => {
    const { agent, token } = await loginPage(setup.app);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await agent
            .post('/login')
            .type('form')
            .send({ _login: token, email: 'expert-de@example.org', password: 'wrong password' })
        ).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Even the right password is refused while throttled.
    const right = await agent
      .post('/login')
      .type('form')
      .send({ _login: token, email: 'expert-de@example.org', password: PASSWORD });
    expect(right.status).toBe(429);
  });

  it('the login form needs its own token', async () => {
    const response = await request(setup.app)
      .post('/login')
      .type('form')
      .send({ email: 'admin@example.org', password: PASSWORD });
    expect(response.status).toBe(403);
  });

  it('a new session at every login; a session cookie from before logout no longer works', async () => {
    const first = await signIn(setup.app, 'reviewer@example.org');
    const second = await signIn(setup.app, 'reviewer@example.org');
    const cookieOf = async (agent: Agent) => {
      const res = await agent.get('/workspace');
      return res.status;
    };
    expect(await cookieOf(first)).toBe(200);
    // Capture the raw cookie of the second session, log out, then replay it.
    const login = await request(setup.app).get('/login');
    const token = loginTokenOf(login.text);
    const loginCookie = (login.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
    const signedIn = await request(setup.app)
      .post('/login')
      .set('Cookie', loginCookie)
      .type('form')
      .send({ _login: token, email: 'reviewer@example.org', password: PASSWORD });
    const setCookies = signedIn.headers['set-cookie'] as unknown as string[];
    const sessionCookie = setCookies.find((c) => c.startsWith('pi_session='))!;
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);
    const cookie = sessionCookie.split(';')[0]!;
    const page = await request(setup.app).get('/workspace').set('Cookie', cookie);
    expect(page.status).toBe(200);
    const out = await request(setup.app)
      .post('/logout')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(out.status).toBe(303);
    const replay = await request(setup.app).get('/workspace').set('Cookie', cookie);
    expect(replay.status).toBe(302);
    expect(await cookieOf(second)).toBe(200);
  });
});

describe('conflicts through HTTP', () => {
  it('two sessions edit the same sheet: the second save is refused with a conflict page, the first is intact', async () => {
    const a = agents.expertAT!;
    const b = agents.coordinator!;
    const path = '/workspace/sheets/AT/2025/strands/access-to-nationality';
    const formA = await a.get(path);
    const formB = await b.get(path);
    const base = /name="base_revision" value="(\d+)"/.exec(formA.text)![1]!;
    expect(/name="base_revision" value="(\d+)"/.exec(formB.text)![1]).toBe(base);
    const first = await a
      .post(path)
      .type('form')
      .send({
        _csrf: csrfOf(formA.text),
        base_revision: base,
        'q.atn-residence-period.answer': 'up-to-five-years',
      });
    expect(first.status).toBe(303);
    const second = await b
      .post(path)
      .type('form')
      .send({
        _csrf: csrfOf(formB.text),
        base_revision: base,
        'q.atn-residence-period.answer': 'ten-years-or-more',
        'q.atn-residence-period.comment': 'typed by B',
      });
    expect(second.status).toBe(409);
    expect(second.text).toContain('Not saved: someone else saved this sheet meanwhile.');
    expect(second.text).toContain('typed by B');
    expect(second.text).toMatch(/value="ten-years-or-more" checked/);
    expect(second.text).toContain('Saved by the other person');
    expect(
      getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet.answers.get(
        'atn-residence-period',
      )!.answer,
    ).toBe('up-to-five-years');
  });

  it('validation errors are shown next to the field and nothing is stored', async () => {
    const agent = agents.expertAT!;
    const path = '/workspace/sheets/AT/2025/strands/access-to-nationality';
    const form = await agent.get(path);
    const before = getSheet(setup.db, { country: 'AT', edition: '2025' })!.revision;
    const response = await agent
      .post(path)
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        base_revision: /name="base_revision" value="(\d+)"/.exec(form.text)![1]!,
        'q.atn-permanent-permit.answer': 'never-heard-of-it',
        'q.atn-absences.in_force_since': 'last year',
        'q.atn-absences.source.0.url': 'javascript:alert(1)',
      });
    expect(response.status).toBe(422);
    expect(response.text).toMatch(/id="q-atn-permanent-permit" class="question has-errors"/);
    expect(response.text).toContain('must be a date written YYYY-MM-DD');
    expect(response.text).toContain('source 1: a title is needed');
    expect(response.text).toContain('must start with http:// or https://');
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })!.revision).toBe(before);
  });
});
