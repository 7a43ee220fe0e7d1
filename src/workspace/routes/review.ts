/**
 * From an expert's sheet to an approved one: submitting, comments, and the reviewer's decision.
 * Every decision is a saved revision with its reason in the history.
 */
import { Router } from 'express';
import { skipLogicDeviations } from '../../answers/check-sheet.js';
import { evidenceFindings, evidenceIssue } from '../../answers/evidence.js';
import { badParameter, HttpError } from '../../http/http-error.js';
import { formText } from '../../http/params.js';
import type { Db } from '../../storage/database.js';
import { whenWritable } from '../../storage/write-retry.js';
import { saveSheet } from '../../storage/sheet-repository.js';
import { recordDecision } from '../../storage/decision-repository.js';
import { addComment, carriedForward } from '../../storage/review-repository.js';
import { formOf } from '../request-body.js';
import { authorize, sheetData, sheetFromPath, ws } from '../sheet-context.js';

const MAX_COMMENT = 5000;

export function reviewRoutes(db: Db): Router {
  const router = Router();

  router.post('/workspace/sheets/:country/:edition/submit', async (req, res) => {
    const context = sheetFromPath(db, req);
    const decision = authorize(res, context, 'submit');
    const stored = context.stored!;
    const findings = skipLogicDeviations(context.questionnaire, stored.sheet);
    const carried = carriedForward(db, stored.id);
    if (findings.length > 0 || carried.size > 0)
      throw new HttpError(
        409,
        'incomplete',
        `the sheet is not complete: ${findings.length + carried.size} answers are missing or to be confirmed`,
      );
    // The questionnaire's evidence rules and real dates, against the edition's reference date.
    const refused = evidenceFindings(
      context.questionnaire,
      stored.sheet,
      context.editionRow.reference_date,
    ).filter((f) => f.severity === 'error');
    if (refused.length > 0)
      throw new HttpError(
        409,
        'evidence-errors',
        `the sheet cannot be submitted: ${refused.length} ${refused.length === 1 ? 'problem' : 'problems'} with sources or dates (listed on the sheet's page)`,
        refused.map((f) => evidenceIssue(f)),
      );
    await whenWritable(db, () =>
      saveSheet(db, {
        sheet: sheetData(context, stored.sheet.answers, decision.status),
        baseRevision: stored.revision,
        user: ws(res).user.email,
        reason: 'submitted',
      }),
    );
    res.redirect(303, `/workspace/sheets/${context.country}/${context.edition}`);
  });

  router.post('/workspace/sheets/:country/:edition/comments', async (req, res) => {
    const context = sheetFromPath(db, req);
    const decision = authorize(res, context, 'comment');
    const body = formOf(req);
    const text = formText(body, 'body');
    const question = formText(body, 'question') || null;
    if (text === '' || text.length > MAX_COMMENT)
      throw badParameter('body', `must be a comment of 1 to ${MAX_COMMENT} characters`);
    if (question !== null && context.questionnaire.nodes.get(question)?.kind !== 'question')
      throw badParameter('question', 'must be a question of the questionnaire');
    if (!context.stored)
      throw new HttpError(409, 'no-sheet', 'there is no sheet to comment on yet');
    const stored = context.stored;
    await whenWritable(db, () => {
      addComment(db, stored.id, ws(res).user.id, question, text);
      if (decision.status !== stored.sheet.status)
        saveSheet(db, {
          sheet: sheetData(context, stored.sheet.answers, decision.status),
          baseRevision: stored.revision,
          user: ws(res).user.email,
          reason: 'review started',
        });
    });
    const back = formText(body, 'back');
    res.redirect(
      303,
      back.startsWith('/workspace/')
        ? back
        : `/workspace/sheets/${context.country}/${context.edition}`,
    );
  });

  router.post('/workspace/sheets/:country/:edition/review', async (req, res) => {
    const context = sheetFromPath(db, req);
    const body = formOf(req);
    const action = body.action;
    if (action !== 'approve' && action !== 'request-changes')
      throw badParameter('action', 'must be approve or request-changes');
    const decision = authorize(res, context, action);
    const reason = formText(body, 'reason');
    if (action === 'request-changes' && reason === '')
      throw badParameter('reason', 'must say what should change (it is sent to the expert)');
    if (reason.length > MAX_COMMENT)
      throw badParameter('reason', `must have at most ${MAX_COMMENT} characters`);
    const stored = context.stored!;
    // Data coded elsewhere is approved as coded only on purpose, as `approve --as-coded` asks.
    const deviations =
      action === 'approve' ? skipLogicDeviations(context.questionnaire, stored.sheet) : [];
    if (deviations.length > 0 && formText(body, 'as_coded') !== 'yes')
      throw badParameter(
        'as_coded',
        `the sheet deviates from the skip logic in ${deviations.length} ${deviations.length === 1 ? 'answer' : 'answers'} (listed on the review page): confirm "approve as coded" to keep them as coded`,
      );
    // The review page sends the revision it showed: a decision is about what the reviewer saw.
    if (body.base_revision !== undefined) {
      const shown = Number(body.base_revision);
      if (!Number.isInteger(shown) || shown < 1)
        throw badParameter('base_revision', 'must be the revision the review page showed');
      if (shown !== stored.revision)
        throw new HttpError(
          409,
          'sheet-changed',
          `the sheet changed since the review page was loaded (revision ${shown}, now ${stored.revision}, by ${stored.updatedBy}): reload the review page and decide again`,
        );
    }
    await whenWritable(db, () => {
      if (reason !== '') addComment(db, stored.id, ws(res).user.id, null, reason);
      recordDecision(db, {
        sheetId: stored.id,
        sheetRevision: stored.revision,
        decision: action === 'approve' ? 'approved' : 'changes-requested',
        userId: ws(res).user.id,
        reason,
      });
      saveSheet(db, {
        sheet: sheetData(context, stored.sheet.answers, decision.status),
        baseRevision: stored.revision,
        user: ws(res).user.email,
        reason:
          action === 'approve'
            ? deviations.length > 0
              ? 'approved as coded'
              : 'approved'
            : `changes requested: ${reason}`,
      });
    });
    const sheetPath = `/workspace/sheets/${context.country}/${context.edition}`;
    // Back to the page the decision was taken on: the review page lists it under "Decisions".
    res.redirect(
      303,
      formText(body, 'from') === 'review' ? `${sheetPath}/review#decisions` : sheetPath,
    );
  });

  return router;
}
