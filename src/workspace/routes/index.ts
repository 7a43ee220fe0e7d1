/**
 * The expert workspace, as small routers by responsibility: signing in, sheets and forms, YAML,
 * review, coders, editions and publishing, accounts. Every response is private (no-store); every
 * route under /workspace needs a signed-in user, and every POST a form carrying the session's
 * CSRF token. Whether the user may do what a route does is decided by the workflow module
 * (`../workflow.ts`) through `../sheet-context.ts`, never by a route.
 */
import { Router } from 'express';
import type { Db } from '../../storage/database.js';
import { HttpError } from '../../http/http-error.js';
import { FORM_LIMIT_BYTES, formBodies } from '../request-body.js';
import { requireCsrf, requireUser } from '../session.js';
import { accountRoutes } from './accounts.js';
import { coderRoutes } from './coders.js';
import { editionRoutes } from './editions.js';
import { editorialRoutes } from './editorial.js';
import { eventRoutes } from './events.js';
import { reviewPageRoutes } from './review-page.js';
import { reviewRoutes } from './review.js';
import { sheetRoutes } from './sheets.js';
import { signInRoutes } from './sign-in.js';
import { yamlRoutes } from './yaml.js';

export function workspaceRoutes(db: Db): Router {
  const router = Router();
  router.use(['/login', '/logout', '/workspace'], (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use(signInRoutes(db));

  router.use('/workspace', requireUser(db));
  // Forms are parsed after the user is known; only the upload route takes multipart (it parses
  // and CSRF-checks it itself), every other POST is an urlencoded form checked here.
  router.post(
    '/workspace/*splat',
    ...formBodies(FORM_LIMIT_BYTES, { allowMultipart: true }),
    (req, res, next) => {
      if (req.is('multipart/form-data')) {
        if (/^\/workspace\/sheets\/[^/]+\/[^/]+\/upload$/.test(req.path)) return next();
        return next(new HttpError(415, 'unsupported-body', 'only the YAML upload takes a file'));
      }
      requireCsrf(req, res, next);
    },
  );

  for (const routes of [
    sheetRoutes,
    yamlRoutes,
    reviewRoutes,
    reviewPageRoutes,
    editorialRoutes,
    coderRoutes,
    editionRoutes,
    eventRoutes,
    accountRoutes,
  ])
    router.use(routes(db));
  return router;
}
