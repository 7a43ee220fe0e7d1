/**
 * Managing accounts through HTTP: changing one's own password, one-time reset links, disabling
 * and re-enabling users, editing and removing assignments, the pickers of the forms, and names
 * in the history.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accountByEmail,
  assignmentsOf,
  createAssignment,
  createUser,
  type Role,
} from '../../src/storage/account-repository.js';
import {
  csrfOf,
  loginPage,
  PASSWORD,
  postForm,
  signIn,
  workspaceSetup,
  type Agent,
  type Setup,
} from './helpers.js';

let setup: Setup;
let admin: Agent;
let coordinator: Agent;
let serial = 0;

beforeAll(async () => {
  setup = workspaceSetup();
  admin = await signIn(setup.app, 'admin@example.org');
  coordinator = await signIn(setup.app, 'coordinator@example.org');
});

/** A fresh account for one test, so that tests do not depend on each other. */
function newUser(role: Role = 'expert'): { id: number; email: string } {
  const email = `user${++serial}@example.org`;
  const user = createUser(setup.db, { email, name: `User ${serial}`, role, password: PASSWORD });
  return { id: user.id, email };
}

/** A fresh expert assigned to all strands of France 2025, and that assignment. */
function newAssignedExpert() {
  const user = newUser();
  createAssignment(setup.db, {
    userId: user.id,
    country: 'FR',
    edition: '2025',
    strand: null,
    task: 'expert',
  });
  const [assignment] = assignmentsOf(setup.db, user.id);
  return { user, assignment: assignment! };
}

async function trySignIn(email: string, password: string): Promise<number> {
  const { agent, token } = await loginPage(setup.app);
  return (await agent.post('/login').type('form').send({ _login: token, email, password })).status;
}

async function resetLink(agent: Agent, userId: number): Promise<string> {
  const response = await postForm(agent, `/workspace/users/${userId}/reset-link`);
  expect(response.status).toBe(200);
  return /\/reset\/[A-Za-z0-9_-]{43}/.exec(response.text)![0];
}

/** A browser on a reset link: its agent, the page and the form's token. */
async function openReset(path: string) {
  const agent = request.agent(setup.app);
  const page = await agent.get(path);
  const token = /name="_reset" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  return { agent, page, token };
}

describe("changing one's own password", () => {
  it('needs the current password, keeps this session and ends the others', async () => {
    const user = newUser();
    const here = await signIn(setup.app, user.email);
    const elsewhere = await signIn(setup.app, user.email);
    const page = await here.get('/workspace/account');
    expect(page.status).toBe(200);
    const form = { _csrf: csrfOf(page.text), confirm: 'a brand new password' };
    const change = (body: Record<string, string>) =>
      here
        .post('/workspace/account/password')
        .type('form')
        .send({ ...form, ...body });

    const wrong = await change({ current: 'not it', password: 'a brand new password' });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('The current password is not right.');
    const short = await change({ current: PASSWORD, password: 'short', confirm: 'short' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('at least 10 characters');
    const mismatch = await change({ current: PASSWORD, password: 'another new password' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('not the same');
    expect(await trySignIn(user.email, PASSWORD)).toBe(303);

    const done = await change({ current: PASSWORD, password: 'a brand new password' });
    expect(done.status).toBe(303);
    expect((await here.get('/workspace')).status).toBe(200);
    expect((await elsewhere.get('/workspace')).status).toBe(302);
    expect(await trySignIn(user.email, PASSWORD)).toBe(401);
    expect(await trySignIn(user.email, 'a brand new password')).toBe(303);
  });

  it('is open to every role, for themself only', async () => {
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const page = await reviewer.get('/workspace/account');
    expect(page.status).toBe(200);
    expect(page.text).toContain('reviewer@example.org');
    expect(page.text).toContain('name="current"');
  });
});

describe('password reset links', () => {
  it("are shown once, work once, set the password and end the user's sessions", async () => {
    const user = newUser();
    const session = await signIn(setup.app, user.email);
    const path = await resetLink(coordinator, user.id);
    // Only the hash is stored.
    const token = path.split('/').pop()!;
    const stored = setup.db.prepare('SELECT id FROM password_resets').all() as { id: string }[];
    expect(stored.some((r) => r.id === token)).toBe(false);

    const reset = await openReset(path);
    expect(reset.page.status).toBe(200);
    expect(reset.page.headers['cache-control']).toBe('no-store');
    expect(reset.page.text).toContain(user.email);
    const submit = (body: Record<string, string>) =>
      reset.agent
        .post(path)
        .type('form')
        .send({ _reset: reset.token, ...body });

    expect((await reset.agent.post(path).type('form').send({ password: 'x' })).status).toBe(403);
    const short = await submit({ password: 'short', confirm: 'short' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('at least 10 characters');
    const done = await submit({ password: 'set by the link', confirm: 'set by the link' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('is set');
    expect((await session.get('/workspace')).status).toBe(302);
    expect(await trySignIn(user.email, 'set by the link')).toBe(303);
    expect(await trySignIn(user.email, PASSWORD)).toBe(401);

    const again = await submit({ password: 'once more please', confirm: 'once more please' });
    expect(again.status).toBe(410);
    expect(again.text).toContain('used already');
    expect((await request(setup.app).get(path)).status).toBe(410);
  });

  it('expired, unknown, malformed and replaced links give a clear page, not a 500', async () => {
    const user = newUser();
    const older = await resetLink(admin, user.id);
    const newer = await resetLink(admin, user.id);
    const replaced = await request(setup.app).get(older);
    expect(replaced.status).toBe(410);
    expect(replaced.text).toContain('a newer one was made');
    setup.db
      .prepare('UPDATE password_resets SET expires_at = ? WHERE used_at IS NULL')
      .run('2000-01-01T00:00:00.000Z');
    const expired = await request(setup.app).get(newer);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('expired');
    const unknown = await request(setup.app).get(`/reset/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('not valid');
    expect((await request(setup.app).get('/reset/short')).status).toBe(404);
    const posted = await openReset(`/reset/${'B'.repeat(43)}`);
    expect(posted.page.status).toBe(404);
  });

  it('coordinators make them for non-admins; nobody for an admin unless an admin, nor for themself', async () => {
    const adminAccount = accountByEmail(setup.db, 'admin@example.org')!;
    const coordinatorAccount = accountByEmail(setup.db, 'coordinator@example.org')!;
    const forbidden = await postForm(coordinator, `/workspace/users/${adminAccount.id}/reset-link`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).toContain('only admins');
    const own = await postForm(coordinator, `/workspace/users/${coordinatorAccount.id}/reset-link`);
    expect(own.status).toBe(403);
    expect(own.text).toContain('account page');
    expect(
      (await postForm(admin, `/workspace/users/${coordinatorAccount.id}/reset-link`)).status,
    ).toBe(200);
    const expert = await signIn(setup.app, 'expert-at@example.org');
    expect((await postForm(expert, `/workspace/users/${newUser().id}/reset-link`)).status).toBe(
      403,
    );
    expect((await postForm(admin, '/workspace/users/999999/reset-link')).status).toBe(404);
    expect((await postForm(admin, '/workspace/users/abc/reset-link')).status).toBe(400);
  });

  it('an account created without a password gets a link to choose it', async () => {
    const created = await postForm(coordinator, '/workspace/users', {
      email: 'linked@example.org',
      name: 'Linked',
      role: 'expert',
      password: '',
    });
    expect(created.status).toBe(200);
    expect(await trySignIn('linked@example.org', '')).toBe(401);
    const path = /\/reset\/[A-Za-z0-9_-]{43}/.exec(created.text)![0];
    const reset = await openReset(path);
    const done = await reset.agent
      .post(path)
      .type('form')
      .send({ _reset: reset.token, password: 'chosen by me', confirm: 'chosen by me' });
    expect(done.status).toBe(200);
    expect(await trySignIn('linked@example.org', 'chosen by me')).toBe(303);
  });
});

describe('disabling and re-enabling users', () => {
  it('ends the sessions of a disabled user, who cannot sign in until re-enabled', async () => {
    const user = newUser('reviewer');
    const session = await signIn(setup.app, user.email);
    expect((await postForm(coordinator, `/workspace/users/${user.id}/disable`)).status).toBe(303);
    expect((await session.get('/workspace')).status).toBe(302);
    expect(await trySignIn(user.email, PASSWORD)).toBe(401);
    const list = await coordinator.get('/workspace/users');
    expect(list.text).toContain(`/workspace/users/${user.id}/enable`);
    expect((await postForm(coordinator, `/workspace/users/${user.id}/enable`)).status).toBe(303);
    expect(await trySignIn(user.email, PASSWORD)).toBe(303);
  });

  it('nobody disables themself; only admins disable admins', async () => {
    const adminAccount = accountByEmail(setup.db, 'admin@example.org')!;
    const self = await postForm(admin, `/workspace/users/${adminAccount.id}/disable`);
    expect(self.status).toBe(403);
    expect(self.text).toContain('your own account');
    const otherAdmin = newUser('admin');
    const byCoordinator = await postForm(coordinator, `/workspace/users/${otherAdmin.id}/disable`);
    expect(byCoordinator.status).toBe(403);
    expect(byCoordinator.text).toContain('only admins disable admins');
    expect(accountByEmail(setup.db, otherAdmin.email)!.disabledAt).toBeNull();
    expect((await postForm(admin, `/workspace/users/${otherAdmin.id}/disable`)).status).toBe(303);
    expect(accountByEmail(setup.db, otherAdmin.email)!.disabledAt).not.toBeNull();
  });

  it('creating an account with the email of a disabled one is a clear conflict, not a 500', async () => {
    const user = newUser();
    await postForm(admin, `/workspace/users/${user.id}/disable`);
    const again = await postForm(admin, '/workspace/users', {
      email: user.email,
      name: 'Again',
      role: 'expert',
      password: 'a long password',
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain('re-enable it');
  });
});

describe('assignments', () => {
  it('are changed (strand, task) and removed', async () => {
    const { user, assignment } = newAssignedExpert();
    const changed = await postForm(coordinator, `/workspace/assignments/${assignment.id}`, {
      task: 'reviewer',
      strand: 'family-reunification',
    });
    expect(changed.status).toBe(303);
    expect(assignmentsOf(setup.db, user.id)).toMatchObject([
      { country: 'FR', edition: '2025', strand: 'family-reunification', task: 'reviewer' },
    ]);
    // The 2020 questionnaire's strand is not one of edition 2025's (coded with the 2015 one).
    const badStrand = await postForm(coordinator, `/workspace/assignments/${assignment.id}`, {
      task: 'expert',
      strand: 'permanent-residence',
    });
    expect(badStrand.status).toBe(400);
    expect(badStrand.text).toContain('parameter &#34;strand&#34;');
    expect(
      (await postForm(coordinator, `/workspace/assignments/${assignment.id}/remove`)).status,
    ).toBe(303);
    expect(assignmentsOf(setup.db, user.id)).toEqual([]);
    expect(
      (await postForm(coordinator, `/workspace/assignments/${assignment.id}/remove`)).status,
    ).toBe(404);
  });

  it('an assignment of all strands is not added twice; changing into an existing one is a conflict', async () => {
    const user = newUser();
    const add = (strand: string) =>
      postForm(coordinator, '/workspace/assignments', {
        email: user.email,
        task: 'expert',
        country: 'FR',
        edition: '2025',
        strand,
      });
    expect((await add('')).status).toBe(303);
    expect((await add('')).status).toBe(303);
    expect((await add('access-to-nationality')).status).toBe(303);
    const mine = assignmentsOf(setup.db, user.id);
    expect(mine).toHaveLength(2);
    const narrow = mine.find((a) => a.strand !== null)!;
    const clash = await postForm(coordinator, `/workspace/assignments/${narrow.id}`, {
      task: 'expert',
      strand: '',
    });
    expect(clash.status).toBe(409);
  });

  it('only those who manage accounts may change them', async () => {
    const { user, assignment } = newAssignedExpert();
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    expect(
      (await postForm(reviewer, `/workspace/assignments/${assignment.id}/remove`)).status,
    ).toBe(403);
    expect(assignmentsOf(setup.db, user.id)).toHaveLength(1);
  });
});

describe('the forms use pickers with the least-privileged default', () => {
  it('role, user, country, edition, strand and task are select lists; reviewer is preselected', async () => {
    const page = await coordinator.get('/workspace/users');
    expect(page.status).toBe(200);
    for (const name of ['role', 'email', 'country', 'edition', 'strand', 'task'])
      expect(page.text).toContain(`<select name="${name}">`);
    expect(page.text).not.toMatch(/<input name="strand"/);
    expect(page.text).toMatch(/<select name="role">.*<option value="reviewer" selected>/s);
    // A coordinator is not offered the admin role.
    expect(/<select name="role">(.*?)<\/select>/s.exec(page.text)![1]).not.toContain('admin');
    const adminPage = await admin.get('/workspace/users');
    expect(/<select name="role">(.*?)<\/select>/s.exec(adminPage.text)![1]).toContain(
      'value="admin"',
    );
  });

  it('a value that is not one of the options gives the error page naming the field', async () => {
    const response = await postForm(coordinator, '/workspace/users', {
      email: 'picker@example.org',
      name: 'Picker',
      role: 'superuser',
      password: 'a long password',
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('<header class="site">');
    expect(response.text).toContain('data-code="invalid-parameter"');
    expect(response.text).toContain('must be one of admin, coordinator, expert, reviewer');
    const task = await postForm(coordinator, '/workspace/assignments', {
      email: 'expert-at@example.org',
      task: 'owner',
      country: 'FR',
      edition: '2025',
      strand: '',
    });
    expect(task.status).toBe(400);
    expect(task.text).toContain('must be one of expert, reviewer');
  });
});

describe('history', () => {
  it('shows who changed an answer by name, with the email in small text', async () => {
    const form = await coordinator.get('/workspace/sheets/DE/2025/strands/family-reunification');
    const saved = await coordinator
      .post('/workspace/sheets/DE/2025/strands/family-reunification')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        base_revision: '0',
        'q.fr-residence-period.answer': 'none',
      });
    expect(saved.status).toBe(303);
    setup.db
      .prepare("UPDATE users SET name = 'Cora Ordinator' WHERE email = ?")
      .run('coordinator@example.org');
    const history = await coordinator.get('/workspace/sheets/DE/2025/history/fr-residence-period');
    expect(history.status).toBe(200);
    expect(history.text).toContain(
      '<span title="coordinator@example.org">Cora Ordinator</span> <small>coordinator@example.org</small>',
    );
  });
});
