/**
 * Password reset links, used without a session: `GET /reset/:token` shows a form for a new
 * password, `POST /reset/:token` sets it (once). The link was made by an admin or coordinator on
 * the accounts page; only its hash is stored. The form uses a double-submit cookie like sign-in.
 * Using a link ends every session of the account and marks the browser as the user's own, so a
 * user locked out by someone else's failed attempts gets back in (see login-throttle.ts).
 */
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../../http/http-error.js';
import type { Db } from '../../storage/database.js';
import { whenWritable } from '../../storage/write-retry.js';
import {
  passwordReset,
  usePasswordReset,
  type ResetLink,
} from '../../storage/account-repository.js';
import { hashPassword, MIN_PASSWORD_LENGTH, newPasswordProblem } from '../../storage/passwords.js';
import { formBodies, formOf, SIGN_IN_LIMIT_BYTES } from '../request-body.js';
import { cookies, rememberBrowser, RESET_COOKIE, resetToken, sameToken } from '../session.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Why a link cannot be used, in words, and the status that goes with it. */
const UNUSABLE: Record<
  Exclude<ResetLink['state'], 'valid'>,
  { status: number; message: string }
> = {
  unknown: {
    status: 404,
    message: 'This reset link is not valid. Check that it was copied whole.',
  },
  used: {
    status: 410,
    message: 'This reset link has been used already (or a newer one was made). Ask for a new one.',
  },
  expired: { status: 410, message: 'This reset link has expired. Ask for a new one.' },
  disabled: { status: 410, message: 'This account is disabled.' },
};

export function passwordResetRoutes(db: Db): Router {
  const router = Router();
  router.use('/reset', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/reset/:token', (req, res) => {
    const link = linkOf(db, req);
    if (link.state !== 'valid') return renderUnusable(res, link.state);
    renderForm(req, res, link.user.email, null);
  });

  router.post('/reset/:token', ...formBodies(SIGN_IN_LIMIT_BYTES), async (req, res) => {
    const body = formOf(req);
    const posted = typeof body._reset === 'string' ? body._reset : undefined;
    if (!sameToken(posted, cookies(req)[RESET_COOKIE]))
      throw new HttpError(403, 'csrf', 'the form has expired; reload the page and try again');
    const link = linkOf(db, req);
    if (link.state !== 'valid') return renderUnusable(res, link.state);
    const password = typeof body.password === 'string' ? body.password : '';
    const problem = newPasswordProblem(password, body.confirm);
    if (problem) {
      res.status(422);
      return renderForm(req, res, link.user.email, problem);
    }
    const hash = await hashPassword(password);
    const used = await whenWritable(db, () => {
      if (!usePasswordReset(db, req.params.token as string, hash)) return false;
      rememberBrowser(db, req, res, link.user.id);
      return true;
    });
    if (!used) return renderUnusable(res, 'used');
    render(res, { title: 'Password set', state: 'done', email: link.user.email });
  });

  return router;
}

function linkOf(db: Db, req: Request): ResetLink {
  const token = req.params.token as string;
  return TOKEN.test(token) ? passwordReset(db, token) : { state: 'unknown' };
}

function renderUnusable(res: Response, state: keyof typeof UNUSABLE): void {
  const { status, message } = UNUSABLE[state];
  res.status(status);
  render(res, { title: 'Reset link', state, message });
}

function renderForm(req: Request, res: Response, email: string, error: string | null): void {
  render(res, {
    title: 'Choose a new password',
    state: 'valid',
    email,
    error,
    token: resetToken(req, res),
  });
}

function render(
  res: Response,
  view: {
    title: string;
    state: ResetLink['state'] | 'done';
    email?: string;
    message?: string;
    error?: string | null;
    token?: string;
  },
): void {
  res.render('workspace/password-reset', {
    email: null,
    message: null,
    error: null,
    token: null,
    minLength: MIN_PASSWORD_LENGTH,
    ...view,
  });
}
