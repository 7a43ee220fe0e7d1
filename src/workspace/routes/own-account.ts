/**
 * The signed-in user's own account: `GET /workspace/account` shows it with the form to change
 * the password, `POST /workspace/account/password` changes it (any signed-in user, for
 * themself). The current password is required, so a session left open elsewhere cannot take
 * the account over; wrong current passwords count as failed sign-ins (same throttle). A change
 * ends every other session of the user.
 */
import { Router, type Response } from 'express';
import type { Db } from '../../storage/database.js';
import { whenWritable } from '../../storage/write-retry.js';
import { assignmentsOf, setPassword, userByEmail } from '../../storage/account-repository.js';
import {
  clearLoginFailures,
  failureCounts,
  recordLoginFailure,
  type Attempt,
} from '../../storage/login-repository.js';
import { addressKey, LOGIN_LIMITS, throttleMessage, throttleReason } from '../login-throttle.js';
import {
  hashPassword,
  MIN_PASSWORD_LENGTH,
  newPasswordProblem,
  verifyPassword,
} from '../../storage/passwords.js';
import { formOf } from '../request-body.js';
import { ws } from '../sheet-context.js';

export function ownAccountRoutes(db: Db): Router {
  const router = Router();

  router.get('/workspace/account', (req, res) => {
    renderAccount(db, res, { changed: req.query.changed === '1' });
  });

  router.post('/workspace/account/password', async (req, res) => {
    const { user, token } = ws(res);
    const body = formOf(req);
    const current = typeof body.current === 'string' ? body.current : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const problem = newPasswordProblem(password, body.confirm);
    if (problem) {
      res.status(422);
      return renderAccount(db, res, { error: problem });
    }
    const attempt: Attempt = { email: user.email, address: addressKey(req.ip), device: null };
    const refused = throttleReason(failureCounts(db, attempt));
    if (refused) {
      res.status(429).setHeader('Retry-After', String(LOGIN_LIMITS.windowMinutes * 60));
      return renderAccount(db, res, { error: throttleMessage(refused) });
    }
    await whenWritable(db, () => recordLoginFailure(db, attempt));
    const stored = userByEmail(db, user.email)?.passwordHash ?? null;
    if (!(await verifyPassword(current, stored))) {
      res.status(403);
      return renderAccount(db, res, { error: 'The current password is not right.' });
    }
    const hash = await hashPassword(password);
    await whenWritable(db, () => {
      clearLoginFailures(db, attempt);
      setPassword(db, user.id, hash, token);
    });
    res.redirect(303, '/workspace/account?changed=1');
  });

  return router;
}

function renderAccount(db: Db, res: Response, view: { error?: string; changed?: boolean }): void {
  const { user } = ws(res);
  res.render('workspace/account', {
    title: 'My account',
    account: user,
    assignments: assignmentsOf(db, user.id),
    minLength: MIN_PASSWORD_LENGTH,
    error: view.error ?? null,
    changed: view.changed ?? false,
  });
}
