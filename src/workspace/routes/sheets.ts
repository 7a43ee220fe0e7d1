/**
 * Sheets and their forms: the dashboard, a sheet's page, the form of one strand (read and save),
 * carrying answers forward from an earlier edition, and the history of one answer.
 */
import { Router, type Response } from 'express';
import type { AnswerEntry } from '../../answers/types.js';
import { badParameter, HttpError, notFound } from '../../http/http-error.js';
import { editionParam, formText } from '../../http/params.js';
import { answerText } from '../../questionnaire/in-words.js';
import { labelText } from '../../questionnaire/types.js';
import type { Db } from '../../storage/database.js';
import { getSnapshot } from '../../storage/snapshot-repository.js';
import { answerHistory, saveSheet, SheetConflictError } from '../../storage/sheet-repository.js';
import { carriedForward, commentsOf, confirmCarried, markCarried } from '../review-repository.js';
import { formOf } from '../request-body.js';
import {
  authorize,
  loadSheet,
  mayTake,
  sheetData,
  sheetFromPath,
  strandsEditable,
  ws,
  type SheetContext,
} from '../sheet-context.js';
import { formQuestions, parseStrandForm } from '../strand-form.js';
import { dashboardView } from '../view-models/dashboard.js';
import { sheetPageView } from '../view-models/sheet-page.js';

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
    renderForm(db, res, context, strandId, context.stored?.sheet.answers ?? new Map(), {
      baseRevision: context.stored?.revision ?? 0,
      saved: req.query.saved === '1',
    });
  });

  router.post('/workspace/sheets/:country/:edition/strands/:strand', (req, res) => {
    const context = sheetFromPath(db, req);
    const strandId = strandOf(context, req.params.strand as string);
    const decision = authorize(res, context, 'save-strand', [strandId]);
    const body = formOf(req);
    const baseRevision = revisionField(body, 'the form was loaded at');
    const parsed = parseStrandForm(context.questionnaire, strandId, body);
    const merged = new Map(context.stored?.sheet.answers ?? []);
    for (const [id, entry] of parsed.entries) {
      if (entry) merged.set(id, entry);
      else merged.delete(id);
    }
    if (parsed.errors.size > 0) {
      res.status(422);
      renderForm(db, res, context, strandId, merged, { errors: parsed.errors, baseRevision });
      return;
    }
    try {
      const saved = saveSheet(db, {
        sheet: sheetData(context, merged, decision.status),
        baseRevision: baseRevision === 0 ? null : baseRevision,
        user: ws(res).user.email,
        reason: `${decision.correction ? 'correction' : 'form'}: ${strandId}`,
      });
      confirmCarried(db, saved.sheetId, [...parsed.entries.keys()]);
      res.redirect(
        303,
        `/workspace/sheets/${context.country}/${context.edition}/strands/${strandId}?saved=1`,
      );
    } catch (error) {
      if (!(error instanceof SheetConflictError)) throw error;
      const current = loadSheet(db, context.country, context.edition);
      res.status(409);
      renderForm(db, res, current, strandId, merged, {
        baseRevision: current.stored?.revision ?? 0,
        theirs: current.stored?.sheet.answers ?? new Map(),
        conflict: error.message.replace(' Nothing was saved.', ''),
      });
    }
  });

  router.post('/workspace/sheets/:country/:edition/carry-forward', (req, res) => {
    const context = sheetFromPath(db, req);
    const editable = strandsEditable(res, context);
    const strands = editable === 'all' ? context.strands : [...editable];
    const decision = authorize(res, context, 'carry-forward', strands);
    const from = editionParam(formText(formOf(req), 'from'), 'from');
    const source = carrySource(db, res, context.country, from);
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
    const saved = saveSheet(db, {
      sheet: sheetData(context, answers, decision.status),
      baseRevision: context.stored?.revision ?? null,
      user: ws(res).user.email,
      reason: `carried forward from ${from}`,
    });
    markCarried(db, saved.sheetId, copied, from);
    res.redirect(303, `/workspace/sheets/${context.country}/${context.edition}`);
  });

  router.get('/workspace/sheets/:country/:edition/history/:question', (req, res) => {
    const context = sheetFromPath(db, req);
    authorize(res, context, 'read');
    const question = context.questionnaire.nodes.get(req.params.question as string);
    if (!question || question.kind !== 'question')
      throw notFound(`question "${req.params.question}"`);
    const entries = answerHistory(db, context, question.id).map((h) => ({
      ...h,
      before: h.before ? answerText(question, h.before.answer) : '(none)',
      after: h.after ? answerText(question, h.after.answer) : '(none)',
      beforeEntry: h.before,
      afterEntry: h.after,
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

/**
 * The answers to carry forward from edition `from`: its latest published revision when there is
 * one (public anyway), otherwise the working sheet, which only a user who may read it may copy.
 */
function carrySource(
  db: Db,
  res: Response,
  country: string,
  from: string,
): ReadonlyMap<string, AnswerEntry> {
  const published = getSnapshot(db, from)?.sheets.find((s) => s.country === country);
  if (published) return new Map(Object.entries(published.answers));
  const context = loadSheet(db, country, from);
  if (!mayTake(res, context, 'read').allowed || !context.stored)
    throw notFound(`a sheet of ${country} in edition ${from} that you may read`);
  return context.stored.sheet.answers;
}

function strandOf(context: SheetContext, id: string): string {
  const strand = context.questionnaire.strands.find((s) => s.id === id && !s.crossCutting);
  if (!strand) throw notFound(`strand "${id}"`);
  return strand.id;
}

export function revisionField(body: Record<string, unknown>, when: string): number {
  const value = Number(body.base_revision);
  if (!Number.isInteger(value) || value < 0)
    throw badParameter('base_revision', `must be the revision ${when}`);
  return value;
}

function renderForm(
  db: Db,
  res: Response,
  context: SheetContext,
  strandId: string,
  answers: ReadonlyMap<string, AnswerEntry>,
  options: {
    errors?: Map<string, string[]>;
    theirs?: ReadonlyMap<string, AnswerEntry>;
    conflict?: string;
    baseRevision: number;
    saved?: boolean;
  },
): void {
  const strand = context.questionnaire.strands.find((s) => s.id === strandId)!;
  res.render('workspace/strand', {
    title: `${labelText(strand.label)}: ${context.country} ${context.edition}`,
    context,
    strand: { id: strand.id, label: labelText(strand.label) },
    questions: formQuestions(context.questionnaire, strandId, answers, {
      errors: options.errors,
      carried: context.stored ? carriedForward(db, context.stored.id) : undefined,
      comments: context.stored ? commentsOf(db, context.stored.id) : [],
      theirs: options.theirs,
    }),
    baseRevision: options.baseRevision,
    conflict: options.conflict ?? null,
    saved: options.saved ?? false,
    readOnly: !mayTake(res, context, 'save-strand', [strandId]).allowed,
    errorCount: [...(options.errors?.values() ?? [])].reduce((n, list) => n + list.length, 0),
  });
}
