/** Several coders of one sheet: their agreement, and reconciling them into the official sheet. */
import { Router } from 'express';
import { notFound } from '../../http/http-error.js';
import { ConflictError, InputError } from '../../issues/issue.js';
import { answerText } from '../../answers/vocabulary.js';
import { labelText, type QuestionNode } from '../../questionnaire/types.js';
import { coderAgreement, coderSheets, reconcileIntoOfficial } from '../../storage/coder-sheets.js';
import type { Db } from '../../storage/database.js';
import { whenWritable } from '../../storage/write-retry.js';
import { formOf } from '../request-body.js';
import { authorize, sheetFromPath, ws } from '../sheet-context.js';

export function coderRoutes(db: Db): Router {
  const router = Router();

  router.get('/workspace/sheets/:country/:edition/agreement', (req, res) => {
    const context = sheetFromPath(db, req);
    // Seeing the coders' separate answers is part of reconciling them.
    authorize(res, { ...context, status: 'draft' }, 'reconcile');
    const { sheets } = coderSheets(db, context.country, context.edition);
    if (sheets.length < 2)
      throw notFound(`two or more coders' sheets for ${context.country} ${context.edition}`);
    const report = coderAgreement(db, context.country, context.edition);
    const question = (id: string) => context.questionnaire.nodes.get(id) as QuestionNode;
    res.render('workspace/agreement', {
      title: `Agreement: ${context.country} ${context.edition}`,
      context,
      report,
      alpha: (value: number | null) =>
        value === null ? 'undefined (no variation)' : value.toFixed(3),
      strandLabel: (id: string) => labelText(context.questionnaire.nodes.get(id)?.label ?? id),
      disagreements: report.disagreements.map((d) => ({
        ...d,
        choices: Object.entries(d.values).map(([coder, value]) => ({
          coder,
          text: value === null ? '(no answer)' : answerText(question(d.questionId), value),
        })),
      })),
    });
  });

  router.post('/workspace/sheets/:country/:edition/reconcile', async (req, res) => {
    const context = sheetFromPath(db, req);
    const decision = authorize(res, context, 'reconcile');
    const choices = new Map<string, string>();
    for (const [key, value] of Object.entries(formOf(req))) {
      if (key.startsWith('take.') && typeof value === 'string' && value !== '')
        choices.set(key.slice(5), value);
    }
    try {
      await whenWritable(db, () =>
        reconcileIntoOfficial(db, {
          country: context.country,
          edition: context.edition,
          choices,
          status: decision.status === 'not-started' ? 'in_review' : decision.status,
          user: ws(res).user.email,
        }),
      );
    } catch (error) {
      // A refused reconciliation is about the coders' sheets as they are (a disagreement nobody
      // chose for, a choice that no longer fits them): a conflict the form alone cannot undo.
      if (!(error instanceof InputError) || error instanceof ConflictError) throw error;
      throw new ConflictError(error.issues, error.message);
    }
    res.redirect(303, `/workspace/sheets/${context.country}/${context.edition}`);
  });

  return router;
}
