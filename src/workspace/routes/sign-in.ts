/**
 * Signing in and out, and password reset links (mounted here because they too are used without
 * a session). The sign-in form, which has no session yet, uses a double-submit cookie.
 *
 * A sign-in attempt is first weighed against the throttle (no password is hashed for a refused
 * attempt), then the password is verified asynchronously — also for an unknown email, against a
 * dummy hash, so that both cost the same. A browser that signs in gets a device cookie, which
 * exempts it from the account-wide limits (see login-throttle.ts).
 */
import { Router, type Response } from 'express';
import type { Db } from '../../storage/database.js';
import { whenWritable } from '../../storage/write-retry.js';
import { HttpError } from '../../http/http-error.js';
import { createSession, endSession, userByEmail } from '../../storage/account-repository.js';
import {
  clearLoginFailures,
  failureCounts,
  knownDevice,
  recordLoginFailure,
  type Attempt,
} from '../../storage/login-repository.js';
import { addressKey, LOGIN_LIMITS, throttleMessage, throttleReason } from '../login-throttle.js';
import { verifyPassword } from '../../storage/passwords.js';
import { formBodies, formOf, SIGN_IN_LIMIT_BYTES } from '../request-body.js';
import { ws } from '../sheet-context.js';
import {
  cookies,
  DEVICE_COOKIE,
  LOGIN_COOKIE,
  loginToken,
  requireCsrf,
  requireUser,
  sameToken,
  rememberBrowser,
  SESSION_COOKIE,
  setSessionCookie,
} from '../session.js';
import { passwordResetRoutes } from './password-reset.js';

export function signInRoutes(db: Db): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    renderLogin(res, loginToken(req, res), { email: '', next: safeNext(req.query.next) });
  });

  router.post('/login', ...formBodies(SIGN_IN_LIMIT_BYTES), async (req, res) => {
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
    const user = userByEmail(db, email);
    const attempt: Attempt = {
      email,
      address: addressKey(req.ip),
      device: knownDevice(db, cookies(req)[DEVICE_COOKIE], user?.id ?? null),
    };
    const refused = throttleReason(failureCounts(db, attempt));
    if (refused) {
      res.status(429).setHeader('Retry-After', String(LOGIN_LIMITS.windowMinutes * 60));
      renderLogin(res, loginToken(req, res), { email, next, error: throttleMessage(refused) });
      return;
    }
    // Counted as a failure until the password proves right, so that attempts sent in parallel
    // (all waiting for their hash) see each other and cannot get past the limits together.
    await whenWritable(db, () => recordLoginFailure(db, attempt));
    const verified = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || !verified) {
      res.status(401);
      renderLogin(res, loginToken(req, res), { email, next, error: 'Wrong email or password.' });
      return;
    }
    const previous = cookies(req)[SESSION_COOKIE];
    const session = await whenWritable(db, () => {
      clearLoginFailures(db, attempt);
      if (previous) endSession(db, previous);
      if (attempt.device === null) rememberBrowser(db, req, res, user.id);
      return createSession(db, user.id);
    });
    setSessionCookie(req, res, session.token);
    res.redirect(303, next);
  });

  router.post(
    '/logout',
    ...formBodies(SIGN_IN_LIMIT_BYTES),
    requireUser(db),
    requireCsrf,
    async (_req, res) => {
      await whenWritable(db, () => endSession(db, ws(res).token));
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.redirect(303, '/');
    },
  );

  router.use(passwordResetRoutes(db));
  return router;
}

function renderLogin(
  res: Response,
  token: string,
  view: { email: string; next: string; error?: string },
): void {
  res.render('workspace/login', { title: 'Sign in', token, error: null, ...view });
}

/**
 * Where to go after signing in: a workspace path only, never another site, nor a path that
 * climbs out of the workspace (`/workspace/../x`).
 */
function safeNext(value: unknown): string {
  return typeof value === 'string' &&
    /^\/workspace(\/[A-Za-z0-9_./-]*)?$/.test(value) &&
    !/\/\.\.?(\/|$)/.test(value)
    ? value
    : '/workspace';
}
