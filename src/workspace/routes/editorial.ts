/**
 * The editors' key findings and recommendations on a country in an edition: the page with its
 * form, saving, submitting and the reviewer's decision. Whether the user may is decided by the
 * workflow (`decideEditorial` in ../workflow.ts, the sheet's rules on the text's own status); a
 * refusal is 403 or 409 and stores nothing. A form with problems comes back (422) with what was
 * typed and a message at each field; a save based on a stale revision comes back (409) with the
 * form and who changed the text meanwhile.
 */
import { Router, type Response } from 'express';
import { checkEditorialForm, formValuesOf } from '../../editorial/editorial-form.js';
import { isEmptyEditorial, type EditorialStatus } from '../../editorial/types.js';
import { badParameter, FormError, HttpError } from '../../http/http-error.js';
import { formText } from '../../http/params.js';
import type { Db } from '../../storage/database.js';
import {
  EditorialConflictError,
  getEditorial,
  saveEditorial,
  type StoredEditorial,
} from '../../storage/editorial-repository.js';
import { whenWritable } from '../../storage/write-retry.js';
import { formOf, revisionField } from '../request-body.js';
import {
  actorOf,
  requireAllowed,
  sheetFromPath,
  ws,
  type Allowed,
  type SheetContext,
} from '../sheet-context.js';
import { editorialPageView } from '../view-models/editorial-page.js';
import { decideEditorial, type EditorialAction } from '../workflow.js';

const PATH = '/workspace/sheets/:country/:edition/editorial';
const VIEW = 'workspace/editorial';
const MAX_REASON = 5000;

export function editorialRoutes(db: Db): Router {
  const router = Router();
  const viewerOf = (res: Response) => ({ actor: actorOf(res), grants: ws(res).assignments });
  const decision = (
    res: Response,
    context: SheetContext,
    stored: StoredEditorial | null,
    action: EditorialAction,
  ): Allowed =>
    requireAllowed(
      decideEditorial(actorOf(res), ws(res).assignments, action, {
        country: context.country,
        edition: context.edition,
        status: stored?.status ?? 'not-started',
        allStrands: context.strands,
      }),
    );
  const pathOf = (context: SheetContext) =>
    `/workspace/sheets/${context.country}/${context.edition}/editorial`;

  router.get(PATH, (req, res) => {
    const context = sheetFromPath(db, req);
    decision(res, context, getEditorial(db, context.country, context.edition), 'read');
    res.render(VIEW, editorialPageView(db, viewerOf(res), context));
  });

  router.post(PATH, async (req, res) => {
    const context = sheetFromPath(db, req);
    const stored = getEditorial(db, context.country, context.edition);
    const allowed = decision(res, context, stored, 'edit');
    const body = formOf(req);
    const baseRevision = revisionField(body, 'the page was loaded at');
    const values = formValuesOf(body);
    const checked = checkEditorialForm(values, context.questionnaire);
    if (checked.issues.length > 0)
      throw FormError.refusing(
        422,
        checked.issues,
        VIEW,
        editorialPageView(db, viewerOf(res), context, { values, issues: checked.issues }),
      );
    try {
      await whenWritable(db, () =>
        saveEditorial(db, {
          country: context.country,
          edition: context.edition,
          text: checked.text,
          status: statusAfter(allowed),
          baseRevision,
          user: ws(res).user.email,
          change: stored ? 'edited' : 'created',
          reason: allowed.correction ? 'correction' : null,
        }),
      );
    } catch (error) {
      if (!(error instanceof EditorialConflictError)) throw error;
      throw FormError.of(
        error,
        VIEW,
        editorialPageView(db, viewerOf(res), context, { values, conflict: error.message }),
      );
    }
    res.redirect(303, pathOf(context));
  });

  router.post(`${PATH}/submit`, async (req, res) => {
    const context = sheetFromPath(db, req);
    const stored = getEditorial(db, context.country, context.edition);
    const allowed = decision(res, context, stored, 'submit');
    if (!stored || isEmptyEditorial(stored.text))
      throw new HttpError(
        409,
        'incomplete',
        'the text has no key finding and no recommendation: write at least one before submitting it',
      );
    await whenWritable(db, () =>
      saveEditorial(db, {
        ...stored,
        status: statusAfter(allowed),
        baseRevision: stored.revision,
        user: ws(res).user.email,
        change: 'submitted',
      }),
    );
    res.redirect(303, pathOf(context));
  });

  router.post(`${PATH}/review`, async (req, res) => {
    const context = sheetFromPath(db, req);
    const stored = getEditorial(db, context.country, context.edition);
    const body = formOf(req);
    const action = body.action;
    if (action !== 'approve' && action !== 'request-changes')
      throw badParameter('action', 'must be approve or request-changes');
    const allowed = decision(res, context, stored, action);
    const reason = formText(body, 'reason');
    if (action === 'request-changes' && reason === '')
      throw badParameter('reason', 'must say what should change (it is kept in the history)');
    if (reason.length > MAX_REASON)
      throw badParameter('reason', `must have at most ${MAX_REASON} characters`);
    // A decision is about the revision the reviewer saw.
    if (
      body.base_revision !== undefined &&
      revisionField(body, 'the page was loaded at') !== stored!.revision
    )
      throw new HttpError(
        409,
        'editorial-changed',
        `the text changed since the page was loaded (now revision ${stored!.revision}, by ${stored!.updatedBy}): reload it and decide again`,
      );
    await whenWritable(db, () =>
      saveEditorial(db, {
        ...stored!,
        status: statusAfter(allowed),
        baseRevision: stored!.revision,
        user: ws(res).user.email,
        change: action === 'approve' ? 'approved' : 'changes-requested',
        reason: reason || null,
      }),
    );
    res.redirect(303, pathOf(context));
  });

  return router;
}

/** The text's status after an allowed action (a text not started becomes a draft). */
function statusAfter(allowed: Allowed): EditorialStatus {
  return (allowed.status === 'not-started' ? 'draft' : allowed.status) as EditorialStatus;
}
