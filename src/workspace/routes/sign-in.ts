/** Signing in and out. The sign-in form, which has no session yet, uses a double-submit cookie. */
import { Router, type Response } from 'express';
import type { Db } from '../../storage/database.js';
import { HttpError } from '../../http/http-error.js';
import {
  clearLoginFailures,
  createSession,
  endSession,
  loginThrottled,
  recordLoginFailure,
  userByEmail,
} from '../account-repository.js';
import { verifyPassword } from '../passwords.js';
import { formBodies, formOf, SIGN_IN_LIMIT_BYTES } from '../request-body.js';
import { ws } from '../sheet-context.js';
import {
  cookies,
  LOGIN_COOKIE,
  loginToken,
  requireCsrf,
  requireUser,
  sameToken,
  SESSION_COOKIE,
  setSessionCookie,
} from '../session.js';

export function signInRoutes(db: Db): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    renderLogin(res, loginToken(req, res), { email: '', next: safeNext(req.query.next) });
  });

  router.post('/login', ...formBodies(SIGN_IN_LIMIT_BYTES), (req, res) => {
    const body = formOf(req);
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    const posted = typeof body._login === 'string' ? body._login : undefined;
    if (!sameToken(posted, cookies(req)[LOGIN_COOKIE]))
      throw new HttpError(
        403,
        'csrf',
        'the sign-in form has expired; reload the page and try again',
      );
    const key = `${email}|${req.ip ?? ''}`;
    if (loginThrottled(db, key)) {
      res.status(429);
      renderLogin(res, loginToken(req, res), {
        email,
        next,
        error: 'Too many failed attempts. Wait 15 minutes and try again.',
      });
      return;
    }
    const user = userByEmail(db, email);
    if (!user || !verifyPassword(password, user.passwordHash)) {
      recordLoginFailure(db, key);
      res.status(401);
      renderLogin(res, loginToken(req, res), { email, next, error: 'Wrong email or password.' });
      return;
    }
    clearLoginFailures(db, key);
    const previous = cookies(req)[SESSION_COOKIE];
    if (previous) endSession(db, previous);
    setSessionCookie(req, res, createSession(db, user.id).token);
    res.redirect(303, next);
  });

  router.post(
    '/logout',
    ...formBodies(SIGN_IN_LIMIT_BYTES),
    requireUser(db),
    requireCsrf,
    (_req, res) => {
      endSession(db, ws(res).token);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.redirect(303, '/');
    },
  );

  return router;
}

function renderLogin(
  res: Response,
  token: string,
  view: { email: string; next: string; error?: string },
): void {
  res.render('workspace/login', { title: 'Sign in', token, error: null, ...view });
}

/** Where to go after signing in: a workspace path only, never another site. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/workspace(\/[A-Za-z0-9_./-]*)?$/.test(value)
    ? value
    : '/workspace';
}
