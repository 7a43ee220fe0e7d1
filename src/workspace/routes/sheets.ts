/**
 * Sheets and their forms: the dashboard, a sheet's page, the form of one strand (read and save),
 * carrying answers forward from an earlier edition and confirming them one by one, and the
 * history of one answer.
 */
import { Router } from 'express';
import type { AnswerEntry } from '../../answers/types.js';
import { FormError, HttpError, notFound } from '../../http/http-error.js';
import { editionParam, formText } from '../../http/params.js';
import { answerChanges } from '../../answers/answer-changes.js';
import { findQuestion } from '../../questionnaire/question-names.js';
import { labelText } from '../../questionnaire/types.js';
import type { Db } from '../../storage/database.js';
import { whenWritable } from '../../storage/write-retry.js';
import {
  answerHistory,
  changedQuestions,
  saveSheet,
  SheetConflictError,
} from '../../storage/sheet-repository.js';
import { namesByEmail } from '../../storage/account-repository.js';
import { answerFingerprint } from '../answer-fingerprint.js';
import { carrySource } from '../carry-source.js';
import { carriedForward, confirmCarried, markCarried } from '../../storage/review-repository.js';
import { formOf, revisionField } from '../request-body.js';
import {
  authorize,
  loadSheet,
  sheetData,
  sheetFromPath,
  strandsEditable,
  ws,
  type SheetContext,
} from '../sheet-context.js';
import { codedStrands, parseStrandForm, strandFormIssues } from '../strand-form.js';
import { dashboardView } from '../view-models/dashboard.js';
import { sheetPageView } from '../view-models/sheet-page.js';
import { strandPageView } from '../view-models/strand-page.js';

export function sheetRoutes(db: Db): Router {
  const router = Router();

  router.get('/workspace', (_req, res) => {
    res.render('workspace/dashboard', dashboardView(db, ws(res)));
  });

  router.get('/workspace/sheets/:country/:edition', (req, res) => {
    const context = sheetFromPath(db, req);
    authorize(res, context, 'read');
    res.render('workspace/sheet', sheetPageView(db, res, context));
  });

  router.get('/workspace/sheets/:country/:edition/strands/:strand', (req, res) => {
    const context = sheetFromPath(db, req);
    authorize(res, context, 'read');
    const strandId = strandOf(context, req.params.strand as string);
    const answers = context.stored?.sheet.answers ?? new Map<string, AnswerEntry>();
    res.render(
      'workspace/strand',
      strandPageView(db, res, context, strandId, answers, {
        baseRevision: context.stored?.revision ?? 0,
        saved: req.query.saved === '1',
        confirmed: typeof req.query.confirmed === 'string' ? req.query.confirmed : undefined,
      }),
    );
  });

  router.post('/workspace/sheets/:country/:edition/strands/:strand', async (req, res) => {
    const context = sheetFromPath(db, req);
    const strandId = strandOf(context, req.params.strand as string);
    const decision = authorize(res, context, 'save-strand', [strandId]);
    const body = formOf(req);
    const baseRevision = revisionField(body, 'the form was loaded at');
    const parsed = parseStrandForm(context.questionnaire, strandId, body);
    const before = context.stored?.sheet.answers ?? new Map<string, AnswerEntry>();
    const merged = new Map(before);
    for (const [id, entry] of parsed.entries) {
      if (entry) merged.set(id, entry);
      else merged.delete(id);
    }
    if (parsed.errors.size > 0) {
      const options = { errors: parsed.errors, baseRevision };
      throw FormError.refusing(
        422,
        strandFormIssues(parsed.errors),
        'workspace/strand',
        strandPageView(db, res, context, strandId, merged, options),
      );
    }
    try {
      await whenWritable(db, () => {
        const saved = saveSheet(db, {
          sheet: sheetData(context, merged, decision.status),
          baseRevision: baseRevision === 0 ? null : baseRevision,
          user: ws(res).user.email,
          reason: `${decision.correction ? 'correction' : 'form'}: ${strandId}`,
        });
        // A carried answer counts as confirmed when the expert changed it on purpose; posted
        // back unchanged (Save draft on a form nobody read), it still waits for its Confirm.
        confirmCarried(db, saved.sheetId, deliberateChanges(before, merged, parsed.entries));
      });
      res.redirect(
        303,
        `/workspace/sheets/${context.country}/${context.edition}/strands/${strandId}?saved=1`,
      );
    } catch (error) {
      if (!(error instanceof SheetConflictError)) throw error;
      // The form again, with what was typed, theirs beside it and who changed what.
      const current = loadSheet(db, context.country, context.edition);
      throw FormError.of(
        error,
        'workspace/strand',
        strandPageView(db, res, current, strandId, merged, {
          baseRevision: current.stored?.revision ?? 0,
          theirs: current.stored?.sheet.answers ?? new Map(),
          conflict: error.summary,
        }),
      );
    }
  });

  router.post('/workspace/sheets/:country/:edition/carry-forward', async (req, res) => {
    const context = sheetFromPath(db, req);
    const editable = strandsEditable(res, context);
    const strands = editable === 'all' ? context.strands : [...editable];
    const decision = authorize(res, context, 'carry-forward', strands);
    const from = editionParam(formText(formOf(req), 'from'), 'from');
    const source = carrySource(db, res, context.country, from);
    if (!source)
      throw notFound(`a sheet of ${context.country} in edition ${from} that you may read`);
    const answers = new Map(context.stored?.sheet.answers ?? []);
    const copied: string[] = [];
    for (const [id, entry] of source) {
      const question = context.questionnaire.nodes.get(id);
      if (answers.has(id) || question?.kind !== 'question') continue;
      if (!question.strandId || !strands.includes(question.strandId)) continue;
      // The answer and its evidence travel; the expert's comment stays with the old edition.
      answers.set(id, { ...entry, comment: null, confidence: null });
      copied.push(id);
    }
    if (copied.length === 0)
      throw new HttpError(
        409,
        'nothing-to-carry',
        `no empty question of yours has an answer in ${from}`,
      );
    await whenWritable(db, () => {
      const saved = saveSheet(db, {
        sheet: sheetData(context, answers, decision.status),
        baseRevision: context.stored?.revision ?? null,
        user: ws(res).user.email,
        reason: `carried forward from ${from}`,
      });
      markCarried(db, saved.sheetId, copied, from);
    });
    res.redirect(303, `/workspace/sheets/${context.country}/${context.edition}`);
  });

  // One carried answer confirmed as it stands, after the expert read it and its sources. The
  // form posts the fingerprint of the answer it showed: an answer changed since is not confirmed.
  router.post('/workspace/sheets/:country/:edition/confirm/:question', async (req, res) => {
    const context = sheetFromPath(db, req);
    const question = context.questionnaire.nodes.get(req.params.question as string);
    if (
      question?.kind !== 'question' ||
      !question.strandId ||
      !context.strands.includes(question.strandId)
    )
      throw notFound(`question "${req.params.question}"`);
    const decision = authorize(res, context, 'confirm-carried', [question.strandId]);
    const stored = context.stored;
    const entry = stored?.sheet.answers.get(question.id);
    const label = `${question.code ?? question.id} “${labelText(question.label)}”`;
    if (!stored || !entry || !carriedForward(db, stored.id).has(question.id))
      throw new HttpError(
        409,
        'not-carried',
        `${label} has no carried answer waiting to be confirmed`,
      );
    if (formText(formOf(req), 'shown') !== answerFingerprint(entry))
      throw new HttpError(
        409,
        'answer-changed',
        `the answer to ${label} changed since the page was loaded (last saved by ${stored.updatedBy}): reload the form and check it again`,
      );
    await whenWritable(db, () => {
      confirmCarried(db, stored.id, [question.id]);
      // A coordinator's confirmation on a closed sheet is a correction: back to review.
      if (decision.status !== context.status)
        saveSheet(db, {
          sheet: sheetData(context, stored.sheet.answers, decision.status),
          baseRevision: stored.revision,
          user: ws(res).user.email,
          reason: `${decision.correction ? 'correction' : 'form'}: carried answer ${question.id} confirmed`,
        });
    });
    res.redirect(
      303,
      `/workspace/sheets/${context.country}/${context.edition}/strands/${question.strandId}?confirmed=${question.id}#q-${question.id}`,
    );
  });

  router.get('/workspace/sheets/:country/:edition/history/:question', (req, res) => {
    const context = sheetFromPath(db, req);
    authorize(res, context, 'read');
    // By id or by code, as everywhere a question is named (questionnaire/question-names.ts).
    const question = findQuestion(context.questionnaire, req.params.question as string);
    if (!question) throw notFound(`question "${req.params.question}"`);
    // What changed, in the lines `history` prints (answers/answer-changes.ts): two versions side
    // by side look identical when only a source's date or address changed. An entry whose two
    // versions are the same changed nothing and is left out.
    const history = answerHistory(db, context, question.id)
      .map((h) => ({ ...h, changes: answerChanges(h.before, h.after) }))
      .filter((h) => h.changes.length > 0);
    // The history records who changed an answer by email; people read names.
    const names = namesByEmail(
      db,
      history.map((h) => h.changedBy),
    );
    const entries = history.map((h) => ({
      revision: h.revision,
      changedAt: h.changedAt,
      changedBy: h.changedBy,
      changedByName: names.get(h.changedBy.toLowerCase()) ?? null,
      reason: h.reason,
      changes: h.changes,
    }));
    res.render('workspace/history', {
      title: `History of ${question.code ?? question.id}`,
      context,
      question: { id: question.id, label: labelText(question.label), code: question.code ?? '' },
      entries,
    });
  });

  return router;
}

function strandOf(context: SheetContext, id: string): string {
  const strand = codedStrands(context.questionnaire).find((s) => s.id === id);
  if (!strand) throw notFound(`strand "${id}"`);
  return strand.id;
}

/**
 * The questions of a saved strand whose answer, sources or date in force changed: a carried
 * answer changed on purpose counts as confirmed. A comment or a confidence alone does not: it
 * says nothing about whether the old answer is still right.
 */
function deliberateChanges(
  before: ReadonlyMap<string, AnswerEntry>,
  after: ReadonlyMap<string, AnswerEntry>,
  posted: ReadonlyMap<string, AnswerEntry | null>,
): string[] {
  const strip = (answers: ReadonlyMap<string, AnswerEntry>) =>
    new Map(
      [...answers]
        .filter(([id]) => posted.has(id))
        .map(([id, e]) => [id, { ...e, comment: null, confidence: null }]),
    );
  return changedQuestions(strip(before), strip(after));
}
