/** The sign-in form itself: bodies it cannot use are refused with the site's error page. */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginPage, workspaceSetup, type Setup } from './helpers.js';

let setup: Setup;
beforeAll(() => {
  setup = workspaceSetup();
});

describe('POST /login', () => {
  it('without a form body: 403 with the error page, never a 500', async () => {
    const response = await request(setup.app).post('/login').set('Accept', 'text/html');
    expect(response.status).toBe(403);
    expect(response.text).toContain('data-code="csrf"');
    expect(response.text).toContain('<header class="site">');
  });

  it('with an empty form and a valid token: 401, a clear message', async () => {
    const { agent, token } = await loginPage(setup.app);
    const response = await agent.post('/login').type('form').send({ _login: token });
    expect(response.status).toBe(401);
    expect(response.text).toContain('Wrong email or password.');
  });

  it('with a JSON body: 415, not a 500', async () => {
    const response = await request(setup.app)
      .post('/login')
      .set('Accept', 'text/html')
      .send({ email: 'admin@example.org' });
    expect(response.status).toBe(415);
  });
});
