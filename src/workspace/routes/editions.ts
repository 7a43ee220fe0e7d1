/**
 * Editions: opening a new one, and publishing (coordinators only). Publishing is a preview
 * (`GET …/publish`: what would be published, what is missing, how scores and ranks change) and
 * a confirmation of exactly that preview (`POST …/publish` with its fingerprint).
 */
import { Router, type Response } from 'express';
import { isCalendarDate } from '../../answers/dates.js';
import { badParameter, FormError, HttpError, notFound } from '../../http/http-error.js';
import { countryParam, editionParam, formText } from '../../http/params.js';
import { InputError } from '../../issues/issue.js';
import type { Db } from '../../storage/database.js';
import { whenWritable } from '../../storage/write-retry.js';
import { createEdition, getEdition } from '../../storage/edition-repository.js';
import {
  latestQuestionnaireVersion,
  latestVersionOfEach,
} from '../../storage/questionnaire-repository.js';
import { publishEdition } from '../../storage/snapshot-repository.js';
import { formOf } from '../request-body.js';
import { publishPreviewView, type PublishForm } from '../view-models/publish-preview.js';
import { actorOf, ws } from '../sheet-context.js';
import { mayDoIndexAction, type IndexAction } from '../workflow.js';

export function editionRoutes(db: Db): Router {
  const router = Router();

  router.post('/workspace/editions', async (req, res) => {
    requireIndexAction(res, 'open-edition');
    const body = formOf(req);
    const id = editionParam(formText(body, 'id'), 'id');
    const date = formText(body, 'reference_date');
    if (!isCalendarDate(date))
      throw badParameter('reference_date', 'must be a date written YYYY-MM-DD');
    if (getEdition(db, id)) throw new HttpError(409, 'exists', `edition ${id} exists already`);
    const version = chosenQuestionnaire(db, formText(body, 'questionnaire'));
    await whenWritable(db, () => createEdition(db, id, date, version));
    res.redirect(303, '/workspace');
  });

  router.get('/workspace/editions/:edition/publish', (req, res) => {
    requireIndexAction(res, 'publish');
    res.render('workspace/publish', publishPreviewView(db, editionOf(db, req.params.edition)));
  });

  router.post('/workspace/editions/:edition/publish', async (req, res) => {
    requireIndexAction(res, 'publish');
    const edition = editionOf(db, req.params.edition);
    const form = publishForm(formOf(req));
    try {
      await whenWritable(db, () =>
        publishEdition(db, edition, {
          user: ws(res).user.email,
          note: form.note || null,
          confirm: form.confirm,
          withdraw: form.withdraw,
          acceptPartial: form.completeness === 'partial',
          completeBecause: form.completeness === 'complete' ? form.completeBecause : null,
        }),
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // Refused, nothing published: the preview again, as it is now, with why and what was typed
      // (400 for the form's own problems, 409 for the edition's state: the error says which).
      throw FormError.of(error, 'workspace/publish', {
        ...publishPreviewView(db, edition, form),
        error: { code: error.code, message: error.message },
      });
    }
    res.redirect(303, `/editions/${edition}`);
  });

  return router;
}

/**
 * The questionnaire version a new edition is coded with: the one chosen (the latest version of a
 * loaded questionnaire), or the latest loaded when the form names none.
 */
function chosenQuestionnaire(db: Db, chosen: string): number {
  const latest = latestQuestionnaireVersion(db);
  if (!latest) throw new HttpError(409, 'no-questionnaire', 'no questionnaire has been loaded');
  if (chosen === '') return latest.id;
  const choice = latestVersionOfEach(db).find((row) => String(row.id) === chosen);
  if (!choice) throw badParameter('questionnaire', 'must be one of the questionnaires loaded');
  return choice.id;
}

function editionOf(db: Db, value: string | undefined): string {
  const id = editionParam(value, 'edition');
  if (!getEdition(db, id)) throw notFound(`edition "${id}"`);
  return id;
}

/** The publish form: the confirmed fingerprint, note, withdrawals and the completeness choice. */
function publishForm(body: Record<string, unknown>): PublishForm & { confirm: string } {
  const completeness = formText(body, 'completeness');
  if (completeness !== '' && completeness !== 'partial' && completeness !== 'complete')
    throw badParameter('completeness', 'must be "partial" or "complete"');
  const completeBecause = formText(body, 'complete_because');
  if (completeness === 'complete' && completeBecause === '')
    throw badParameter('complete_because', 'must say why the edition is complete enough');
  const raw = body.withdraw;
  const withdraw = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) =>
    countryParam(typeof v === 'string' ? v : undefined, 'withdraw'),
  );
  return {
    confirm: formText(body, 'confirm'),
    note: formText(body, 'note'),
    withdraw,
    completeness,
    completeBecause,
  };
}

export function requireIndexAction(res: Response, action: IndexAction): void {
  if (!mayDoIndexAction(actorOf(res), action))
    throw new HttpError(403, 'forbidden', 'only coordinators may do this');
}
