/**
 * Sessions and CSRF for the workspace. The session cookie holds a random token (the database
 * keeps only its hash); it is HttpOnly, SameSite=Lax, and Secure when the request came over TLS
 * as Express sees it (`req.secure`, which believes X-Forwarded-Proto only from the proxies the
 * `trust proxy` setting names). A new token is issued at every login. Every state-changing form
 * carries the session's CSRF token; the forms used without a session (sign-in, password reset)
 * use a double-submit cookie scoped to their path.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../storage/database.js';
import { HttpError } from '../http/http-error.js';
import {
  assignmentsOf,
  sessionUser,
  SESSION_HOURS,
  type Assignment,
  type User,
} from '../storage/account-repository.js';
import { rememberDevice } from '../storage/login-repository.js';

export const SESSION_COOKIE = 'pi_session';
export const LOGIN_COOKIE = 'pi_login';
export const RESET_COOKIE = 'pi_reset';
/** Marks a browser that signed in before (see login-throttle.ts); sent to /login only. */
export const DEVICE_COOKIE = 'pi_device';

export interface WorkspaceLocals {
  user: User;
  csrf: string;
  assignments: Assignment[];
  token: string;
}

export function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: SESSION_HOURS * 3600_000,
  });
}

export function loginToken(req: Request, res: Response): string {
  return anonymousFormToken(req, res, LOGIN_COOKIE, '/login');
}

export function resetToken(req: Request, res: Response): string {
  return anonymousFormToken(req, res, RESET_COOKIE, '/reset');
}

/**
 * The double-submit token of a form used without a session: the token in the cookie (made when
 * missing), which the form posts back. Another site can make a browser post the form but cannot
 * read or set the cookie, so it cannot know the token.
 */
function anonymousFormToken(req: Request, res: Response, name: string, path: string): string {
  const existing = cookies(req)[name];
  if (existing && /^[A-Za-z0-9_-]{20,}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  res.cookie(name, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path });
  return token;
}

/** Gives the browser a device cookie: from now on it is a known browser of the user. */
export function rememberBrowser(db: Db, req: Request, res: Response, userId: number): void {
  const device = rememberDevice(db, userId);
  res.cookie(DEVICE_COOKIE, device.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/login',
    expires: device.expiresAt,
  });
}

/** Loads the signed-in user, or sends anonymous visitors to the login page (401 for forms). */
export function requireUser(db: Db) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const token = cookies(req)[SESSION_COOKIE];
    const session = token ? sessionUser(db, token) : null;
    if (!session || !token) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      next(new HttpError(401, 'not-signed-in', 'sign in first'));
      return;
    }
    const locals: WorkspaceLocals = {
      ...session,
      assignments: assignmentsOf(db, session.user.id),
      token,
    };
    res.locals.workspace = locals;
    res.locals.user = session.user;
    res.locals.csrf = session.csrf;
    next();
  };
}

/** Refuses a state-changing request whose form does not carry the session's CSRF token. */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  const posted = (req.body as Record<string, unknown> | undefined)?._csrf;
  const expected = (res.locals.workspace as WorkspaceLocals | undefined)?.csrf;
  if (typeof posted !== 'string' || !sameToken(posted, expected)) {
    next(
      new HttpError(
        403,
        'csrf',
        'the form has expired or did not come from this site; reload the page and try again',
      ),
    );
    return;
  }
  next();
}
