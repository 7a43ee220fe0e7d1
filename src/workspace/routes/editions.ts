/** Editions: opening a new one, and publishing (coordinators only). */
import { Router, type Response } from 'express';
import { badParameter, HttpError } from '../../http/http-error.js';
import { editionParam, formText } from '../../http/params.js';
import { InputError } from '../../issues/issue.js';
import type { Db } from '../../storage/database.js';
import { createEdition, getEdition } from '../../storage/edition-repository.js';
import { latestQuestionnaireVersion } from '../../storage/questionnaire-repository.js';
import { publishEdition } from '../../storage/snapshot-repository.js';
import { formOf } from '../request-body.js';
import { actorOf, ws } from '../sheet-context.js';
import { mayDoIndexAction, type IndexAction } from '../workflow.js';

export function editionRoutes(db: Db): Router {
  const router = Router();

  router.post('/workspace/editions', (req, res) => {
    requireIndexAction(res, 'open-edition');
    const body = formOf(req);
    const id = editionParam(formText(body, 'id'), 'id');
    const date = formText(body, 'reference_date');
    if (!isCalendarDate(date))
      throw badParameter('reference_date', 'must be a date written YYYY-MM-DD');
    if (getEdition(db, id)) throw new HttpError(409, 'exists', `edition ${id} exists already`);
    const latest = latestQuestionnaireVersion(db);
    if (!latest) throw new HttpError(409, 'no-questionnaire', 'no questionnaire has been loaded');
    createEdition(db, id, date, latest.id);
    res.redirect(303, '/workspace');
  });

  router.post('/workspace/editions/:edition/publish', (req, res) => {
    requireIndexAction(res, 'publish');
    const edition = editionParam(req.params.edition as string, 'edition');
    const note = formText(formOf(req), 'note');
    try {
      publishEdition(db, edition, { user: ws(res).user.email, note: note || null });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new HttpError(409, error.issues[0]?.code ?? 'refused', error.message, error.issues);
    }
    res.redirect(303, `/editions/${edition}`);
  });

  return router;
}

export function requireIndexAction(res: Response, action: IndexAction): void {
  if (!mayDoIndexAction(actorOf(res), action))
    throw new HttpError(403, 'forbidden', 'only coordinators may do this');
}

/** A real calendar date written YYYY-MM-DD (2025-02-30 is refused). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
