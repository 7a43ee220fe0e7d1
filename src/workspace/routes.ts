/**
 * The expert workspace: login, the sheets a user may see, the strand forms, YAML download and
 * upload, submission, review, comments, history, publication, users and assignments. Routes are
 * thin: parse, check access, call the repositories, render. Every response is private (no-store).
 */
import express, { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { skipLogicFindings } from '../answers/check-sheet.js';
import { parseSheetText } from '../answers/load-sheet.js';
import type { AnswerEntry, AnswerSheet, SheetStatus } from '../answers/types.js';
import { sheetToYaml } from '../answers/write-sheet.js';
import { InputError } from '../issues/issue.js';
import { labelText, type Questionnaire, type QuestionNode } from '../questionnaire/types.js';
import { coderAgreement, coderSheets, reconcileIntoOfficial } from '../storage/coder-sheets.js';
import { storedCountries } from '../storage/country-repository.js';
import type { Db } from '../storage/database.js';
import { createEdition, getEdition, listEditions } from '../storage/edition-repository.js';
import {
  latestQuestionnaireVersion,
  storedQuestionnaire,
} from '../storage/questionnaire-repository.js';
import {
  answerHistory,
  getSheet,
  listSheets,
  saveSheet,
  SheetConflictError,
  type StoredSheet,
} from '../storage/sheet-repository.js';
import { publishEdition } from '../storage/snapshot-repository.js';
import { badParameter, HttpError, notFound } from '../web/http-error.js';
import { countryParam, editionParam } from '../web/params.js';
import { answerText } from '../web/view-models/common.js';
import {
  allAssignments,
  clearLoginFailures,
  createAssignment,
  createSession,
  createUser,
  endSession,
  listUsers,
  loginThrottled,
  recordLoginFailure,
  ROLES,
  userByEmail,
  type Role,
} from './account-repository.js';
import { can, type Action } from './access.js';
import { MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import {
  addComment,
  carriedForward,
  commentsOf,
  confirmCarried,
  markCarried,
} from './review-repository.js';
import {
  cookies,
  LOGIN_COOKIE,
  loginToken,
  requireCsrf,
  requireUser,
  sameToken,
  SESSION_COOKIE,
  setSessionCookie,
  type WorkspaceLocals,
} from './session.js';
import { formQuestions, parseStrandForm, strandQuestions } from './strand-form.js';

export const BODY_LIMIT = '200kb';
export const MAX_UPLOAD_BYTES = 1024 * 1024;

interface SheetContext {
  country: string;
  edition: string;
  questionnaire: Questionnaire;
  stored: StoredSheet | null;
}

export function workspaceRoutes(db: Db): Router {
  const router = Router();
  const urlencoded = express.urlencoded({
    extended: false,
    limit: BODY_LIMIT,
    parameterLimit: 5000,
  });
  // Multipart forms (the YAML file upload) are parsed the same way for every route, so that the
  // CSRF check below sees their token too.
  const multipart = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5000, fieldSize: 200 * 1024 },
  }).any();
  const form = [urlencoded, multipart] as const;

  router.use(['/login', '/logout', '/workspace'], (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  // ---- login and logout ----------------------------------------------------------------------
  router.get('/login', (req, res) => {
    res.render('workspace/login', {
      title: 'Sign in',
      token: loginToken(req, res),
      error: null,
      email: '',
      next: safeNext(req.query.next),
    });
  });

  router.post('/login', ...form, (req, res) => {
    const body = req.body as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = safeNext(body.next);
    if (
      !sameToken(
        typeof body._login === 'string' ? body._login : undefined,
        cookies(req)[LOGIN_COOKIE],
      )
    ) {
      throw new HttpError(
        403,
        'csrf',
        'the sign-in form has expired; reload the page and try again',
      );
    }
    const key = `${email}|${req.ip ?? ''}`;
    if (loginThrottled(db, key)) {
      res.status(429);
      res.render('workspace/login', {
        title: 'Sign in',
        token: loginToken(req, res),
        email,
        next,
        error: 'Too many failed attempts. Wait 15 minutes and try again.',
      });
      return;
    }
    const user = userByEmail(db, email);
    if (!user || !verifyPassword(password, user.passwordHash)) {
      recordLoginFailure(db, key);
      res.status(401);
      res.render('workspace/login', {
        title: 'Sign in',
        token: loginToken(req, res),
        email,
        next,
        error: 'Wrong email or password.',
      });
      return;
    }
    clearLoginFailures(db, key);
    const previous = cookies(req)[SESSION_COOKIE];
    if (previous) endSession(db, previous);
    setSessionCookie(req, res, createSession(db, user.id).token);
    res.redirect(303, next);
  });

  router.post('/logout', ...form, requireUser(db), requireCsrf, (_req, res) => {
    endSession(db, ws(res).token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/');
  });

  // ---- everything else needs a signed-in user ----------------------------------------------
  router.use('/workspace', requireUser(db));
  router.post('/workspace/*splat', ...form, requireCsrf);

  router.get('/workspace', (_req, res) => {
    const { user, assignments } = ws(res);
    const everything = user.role === 'admin' || user.role === 'coordinator';
    const sheets = listSheets(db).filter(
      (s) =>
        everything ||
        can(user, 'read', assignments, { country: s.sheet.country, edition: s.sheet.edition }),
    );
    const names = new Map(storedCountries(db).countries.map((c) => [c.code, c.name]));
    const rows = new Map<
      string,
      {
        country: string;
        name: string;
        edition: string;
        status: string;
        revision: number | null;
        tasks: string;
      }
    >();
    for (const s of sheets) {
      rows.set(`${s.sheet.edition}/${s.sheet.country}`, {
        country: s.sheet.country,
        name: names.get(s.sheet.country) ?? s.sheet.country,
        edition: s.sheet.edition,
        status: s.sheet.status,
        revision: s.revision,
        tasks: '',
      });
    }
    for (const a of assignments) {
      const key = `${a.edition}/${a.country}`;
      const row = rows.get(key) ?? {
        country: a.country,
        name: names.get(a.country) ?? a.country,
        edition: a.edition,
        status: 'not started',
        revision: null,
        tasks: '',
      };
      row.tasks = [row.tasks, `${a.task}${a.strand ? ` (${a.strand})` : ''}`]
        .filter(Boolean)
        .join(', ');
      rows.set(key, row);
    }
    res.render('workspace/dashboard', {
      title: 'Workspace',
      rows: [...rows.values()].sort(
        (a, b) => a.edition.localeCompare(b.edition) || a.name.localeCompare(b.name),
      ),
      editions: listEditions(db).map((e) => e.id),
      mayPublish: everything,
      mayManage: everything,
    });
  });

  // ---- a sheet ------------------------------------------------------------------------------
  const sheetContext = (
    req: Request,
    res: Response,
    action: Action,
    strand?: string,
  ): SheetContext => {
    const country = countryParam(req.params.country as string, 'country');
    const edition = editionParam(req.params.edition as string, 'edition');
    const row = getEdition(db, edition);
    if (!row) throw notFound(`edition "${edition}"`);
    if (!storedCountries(db).codes?.has(country)) throw notFound(`country "${country}"`);
    const { user, assignments } = ws(res);
    if (!can(user, action, assignments, { country, edition, strand })) {
      throw new HttpError(
        403,
        'forbidden',
        `your role does not allow this on ${country} ${edition}`,
      );
    }
    return {
      country,
      edition,
      questionnaire: storedQuestionnaire(db, row.questionnaire_version_id),
      stored: getSheet(db, { country, edition }),
    };
  };

  router.get('/workspace/sheets/:country/:edition', (req, res) => {
    const context = sheetContext(req, res, 'read');
    const { user, assignments } = ws(res);
    const answers = context.stored?.sheet.answers ?? new Map<string, AnswerEntry>();
    const findings = skipLogicFindings(context.questionnaire, { answers });
    const carried = context.stored
      ? carriedForward(db, context.stored.id)
      : new Map<string, string>();
    const strands = context.questionnaire.strands
      .filter((s) => !s.crossCutting)
      .map((strand) => {
        const questions = strandQuestions(context.questionnaire, strand.id);
        const open = findings.filter(
          (f) => f.question.strandId === strand.id && f.code !== 'no-data',
        );
        return {
          id: strand.id,
          label: labelText(strand.label),
          done: questions.length - open.length,
          total: questions.length,
          mayEdit: can(user, 'edit', assignments, {
            country: context.country,
            edition: context.edition,
            strand: strand.id,
          }),
        };
      });
    const previous = listEditions(db)
      .filter((e) => e.reference_date < getEdition(db, context.edition)!.reference_date)
      .at(-1);
    res.render('workspace/sheet', {
      title: `${context.country} ${context.edition}`,
      context,
      status: context.stored?.sheet.status ?? 'not started',
      revision: context.stored?.revision ?? 0,
      strands,
      missing: [
        ...findings.map((f) => ({
          code: f.question.code ?? '',
          id: f.question.id,
          strand: f.question.strandId,
          message: f.message,
          kind: f.code,
        })),
        ...[...carried.keys()].map((id) => ({
          code: context.questionnaire.nodes.get(id)?.code ?? '',
          id,
          strand: context.questionnaire.nodes.get(id)?.strandId ?? '',
          message: `“${id}” was carried forward from ${carried.get(id)}: confirm or change it`,
          kind: 'carried-forward',
        })),
      ],
      comments: context.stored ? commentsOf(db, context.stored.id) : [],
      mayEdit: can(user, 'edit', assignments, {
        country: context.country,
        edition: context.edition,
      }),
      mayReview: can(user, 'review', assignments, {
        country: context.country,
        edition: context.edition,
      }),
      mayComment: can(user, 'comment', assignments, {
        country: context.country,
        edition: context.edition,
      }),
      previous:
        previous && getSheet(db, { country: context.country, edition: previous.id })
          ? previous.id
          : null,
      questionOptions: context.questionnaire.questions.map((q) => ({
        id: q.id,
        code: q.code ?? '',
      })),
      coders: can(user, 'manage', assignments)
        ? coderSheets(db, context.country, context.edition).sheets.map((s) => s.coder)
        : [],
    });
  });

  const editableStatus = (user: WorkspaceLocals['user'], status: SheetStatus | 'not started') =>
    user.role === 'admin' ||
    user.role === 'coordinator' ||
    status === 'not started' ||
    status === 'draft' ||
    status === 'imported';

  const renderForm = (
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
  ) => {
    const strand = context.questionnaire.strands.find((s) => s.id === strandId)!;
    const { user } = ws(res);
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
      readOnly: !editableStatus(user, context.stored?.sheet.status ?? 'not started'),
      errorCount: [...(options.errors?.values() ?? [])].reduce((n, list) => n + list.length, 0),
    });
  };

  const strandOf = (context: SheetContext, id: string) => {
    const strand = context.questionnaire.strands.find((s) => s.id === id && !s.crossCutting);
    if (!strand) throw notFound(`strand "${id}"`);
    return strand.id;
  };

  router.get('/workspace/sheets/:country/:edition/strands/:strand', (req, res) => {
    const context = sheetContext(req, res, 'read');
    const strandId = strandOf(context, req.params.strand as string);
    renderForm(res, context, strandId, context.stored?.sheet.answers ?? new Map(), {
      baseRevision: context.stored?.revision ?? 0,
      saved: req.query.saved === '1',
    });
  });

  router.post('/workspace/sheets/:country/:edition/strands/:strand', (req, res) => {
    const strandId = req.params.strand as string;
    const context = sheetContext(req, res, 'edit', strandId);
    strandOf(context, strandId);
    const { user } = ws(res);
    if (!editableStatus(user, context.stored?.sheet.status ?? 'not started')) {
      throw new HttpError(
        409,
        'not-editable',
        `the sheet is ${context.stored!.sheet.status}: it can be edited again when a reviewer asks for changes`,
      );
    }
    const body = req.body as Record<string, unknown>;
    const baseRevision = Number(body.base_revision);
    if (!Number.isInteger(baseRevision) || baseRevision < 0)
      throw badParameter('base_revision', 'must be the revision the form was loaded at');
    const parsed = parseStrandForm(context.questionnaire, strandId, body);
    const merged = new Map(context.stored?.sheet.answers ?? []);
    for (const [id, entry] of parsed.entries) {
      if (entry) merged.set(id, entry);
      else merged.delete(id);
    }
    if (parsed.errors.size > 0) {
      res.status(422);
      renderForm(res, context, strandId, merged, { errors: parsed.errors, baseRevision });
      return;
    }
    const sheet = sheetData(
      context,
      merged,
      context.stored?.sheet.status === 'imported'
        ? 'draft'
        : (context.stored?.sheet.status ?? 'draft'),
    );
    try {
      const saved = saveSheet(db, {
        sheet,
        baseRevision: baseRevision === 0 ? null : baseRevision,
        user: user.email,
        reason: `form: ${strandId}`,
      });
      confirmCarried(db, saved.sheetId, [...parsed.entries.keys()]);
      res.redirect(
        303,
        `/workspace/sheets/${context.country}/${context.edition}/strands/${strandId}?saved=1`,
      );
    } catch (error) {
      if (!(error instanceof SheetConflictError)) throw error;
      const current = getSheet(db, { country: context.country, edition: context.edition });
      res.status(409);
      renderForm(res, { ...context, stored: current }, strandId, merged, {
        baseRevision: current?.revision ?? 0,
        theirs: current?.sheet.answers ?? new Map(),
        conflict: error.message.replace(' Nothing was saved.', ''),
      });
    }
  });

  router.post('/workspace/sheets/:country/:edition/carry-forward', (req, res) => {
    const context = sheetContext(req, res, 'edit');
    const { user } = ws(res);
    const body = req.body as Record<string, unknown>;
    const from = editionParam(typeof body.from === 'string' ? body.from : undefined, 'from');
    const source = getSheet(db, { country: context.country, edition: from });
    if (!source) throw notFound(`a sheet of ${context.country} in edition ${from}`);
    const answers = new Map(context.stored?.sheet.answers ?? []);
    const copied: string[] = [];
    for (const [id, entry] of source.sheet.answers) {
      if (answers.has(id) || !context.questionnaire.nodes.has(id)) continue;
      answers.set(id, entry);
      copied.push(id);
    }
    const saved = saveSheet(db, {
      sheet: sheetData(context, answers, context.stored?.sheet.status ?? 'draft'),
      baseRevision: context.stored?.revision ?? null,
      user: user.email,
      reason: `carried forward from ${from}`,
    });
    markCarried(db, saved.sheetId, copied, from);
    res.redirect(303, `/workspace/sheets/${context.country}/${context.edition}`);
  });

  router.post('/workspace/sheets/:country/:edition/submit', (req, res) => {
    const context = sheetContext(req, res, 'edit');
    const { user } = ws(res);
    if (!context.stored) throw new HttpError(409, 'incomplete', 'nothing to submit yet');
    const findings = skipLogicFindings(context.questionnaire, context.stored.sheet).filter(
      (f) => f.code !== 'no-data',
    );
    const carried = carriedForward(db, context.stored.id);
    if (findings.length > 0 || carried.size > 0) {
      throw new HttpError(
        409,
        'incomplete',
        `the sheet is not complete: ${findings.length + carried.size} answers are missing or to be confirmed`,
      );
    }
    saveSheet(db, {
      sheet: { ...context.stored.sheet, status: 'submitted' },
      baseRevision: context.stored.revision,
      user: user.email,
      reason: 'submitted',
    });
    res.redirect(303, `/workspace/sheets/${context.country}/${context.edition}`);
  });

  router.post('/workspace/sheets/:country/:edition/comments', (req, res) => {
    const context = sheetContext(req, res, 'comment');
    const body = req.body as Record<string, unknown>;
    const text = typeof body.body === 'string' ? body.body.trim() : '';
    const question =
      typeof body.question === 'string' && body.question !== '' ? body.question : null;
    if (text === '' || text.length > 5000)
      throw badParameter('body', 'must be a comment of 1 to 5000 characters');
    if (question !== null && context.questionnaire.nodes.get(question)?.kind !== 'question')
      throw badParameter('question', 'must be a question of the questionnaire');
    if (!context.stored)
      throw new HttpError(409, 'no-sheet', 'there is no sheet to comment on yet');
    addComment(db, context.stored.id, ws(res).user.id, question, text);
    if (
      context.stored.sheet.status === 'submitted' &&
      can(ws(res).user, 'review', ws(res).assignments, context)
    ) {
      saveSheet(db, {
        sheet: { ...context.stored.sheet, status: 'in_review' },
        baseRevision: context.stored.revision,
        user: ws(res).user.email,
        reason: 'review started',
      });
    }
    res.redirect(
      303,
      typeof body.back === 'string' && body.back.startsWith('/workspace/')
        ? body.back
        : `/workspace/sheets/${context.country}/${context.edition}`,
    );
  });

  router.post('/workspace/sheets/:country/:edition/review', (req, res) => {
    const context = sheetContext(req, res, 'review');
    const action = (req.body as Record<string, unknown>).action;
    if (action !== 'approve' && action !== 'request-changes')
      throw badParameter('action', 'must be approve or request-changes');
    if (
      !context.stored ||
      !['submitted', 'in_review', 'approved'].includes(context.stored.sheet.status)
    ) {
      throw new HttpError(409, 'not-submitted', 'only submitted sheets can be reviewed');
    }
    saveSheet(db, {
      sheet: { ...context.stored.sheet, status: action === 'approve' ? 'approved' : 'draft' },
      baseRevision: context.stored.revision,
      user: ws(res).user.email,
      reason: action === 'approve' ? 'approved' : 'changes requested',
    });
    res.redirect(303, `/workspace/sheets/${context.country}/${context.edition}`);
  });

  router.get('/workspace/sheets/:country/:edition/history/:question', (req, res) => {
    const context = sheetContext(req, res, 'read');
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

  router.get('/workspace/sheets/:country/:edition/sheet.yaml', (req, res) => {
    const context = sheetContext(req, res, 'read');
    const sheet = context.stored?.sheet ?? { ...sheetData(context, new Map(), 'draft'), file: '' };
    const schema = `${req.protocol}://${req.get('host') ?? 'localhost'}/schemas/answer-sheet.schema.json`;
    res.type('text/yaml; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${context.country}-${context.edition}.yaml"`,
    );
    res.send(
      sheetToYaml(sheet, context.questionnaire, {
        schemaPath: schema,
        header: [
          `${context.country} ${context.edition}, revision ${context.stored?.revision ?? 0}. Edit it, then upload it on the sheet's page.`,
        ],
      }),
    );
  });

  router.post('/workspace/sheets/:country/:edition/upload', (req, res) => {
    const context = sheetContext(req, res, 'edit');
    const { user } = ws(res);
    const body = req.body as Record<string, unknown>;
    const file = (req.files as Express.Multer.File[] | undefined)?.find(
      (f) => f.fieldname === 'file',
    );
    const text = file
      ? file.buffer.toString('utf8')
      : typeof body.yaml === 'string'
        ? body.yaml
        : '';
    if (text.trim() === '') throw badParameter('file', 'choose a YAML file or paste the sheet');
    const baseRevision = Number(body.base_revision);
    if (!Number.isInteger(baseRevision) || baseRevision < 0)
      throw badParameter('base_revision', 'must be the revision the sheet was downloaded at');
    const { sheet, issues } = parseSheetText('upload.yaml', text, {
      questionnaire: context.questionnaire,
      countries: storedCountries(db).codes ?? undefined,
    });
    const problems = [...issues.filter((i) => i.severity === 'error')];
    if (sheet && (sheet.country !== context.country || sheet.edition !== context.edition)) {
      problems.push({
        severity: 'error',
        code: 'wrong-sheet',
        message: `this upload is for ${sheet.country} ${sheet.edition}, not ${context.country} ${context.edition}`,
        file: 'upload.yaml',
        path: [],
        line: 1,
        column: 1,
      });
    }
    if (!sheet || problems.length > 0) {
      res.status(422);
      res.render('workspace/upload-errors', {
        title: 'Upload refused',
        context,
        issues: problems,
        yaml: text,
        baseRevision,
      });
      return;
    }
    try {
      saveSheet(db, {
        sheet: { ...sheet, status: editableStatus(user, sheet.status) ? sheet.status : 'draft' },
        baseRevision: baseRevision === 0 ? null : baseRevision,
        user: user.email,
        reason: 'YAML upload',
      });
    } catch (error) {
      if (!(error instanceof SheetConflictError)) throw error;
      res.status(409);
      res.render('workspace/upload-errors', {
        title: 'Upload refused',
        context,
        issues: [
          {
            severity: 'error',
            code: 'conflict',
            message: error.message,
            file: 'upload.yaml',
            path: [],
            line: 0,
            column: 0,
          },
        ],
        yaml: text,
        baseRevision,
      });
      return;
    }
    res.redirect(303, `/workspace/sheets/${context.country}/${context.edition}`);
  });

  // ---- coordination -------------------------------------------------------------------------
  const coordinator = (res: Response) => {
    if (!can(ws(res).user, 'manage', ws(res).assignments))
      throw new HttpError(403, 'forbidden', 'only coordinators may do this');
  };

  router.get('/workspace/sheets/:country/:edition/agreement', (req, res) => {
    coordinator(res);
    const context = sheetContext(req, res, 'read');
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

  router.post('/workspace/sheets/:country/:edition/reconcile', (req, res) => {
    coordinator(res);
    const context = sheetContext(req, res, 'edit');
    const body = req.body as Record<string, unknown>;
    const choices = new Map<string, string>();
    for (const [key, value] of Object.entries(body)) {
      if (key.startsWith('take.') && typeof value === 'string' && value !== '')
        choices.set(key.slice(5), value);
    }
    try {
      reconcileIntoOfficial(db, {
        country: context.country,
        edition: context.edition,
        choices,
        status: 'in_review',
        user: ws(res).user.email,
      });
    } catch (error) {
      if (error instanceof InputError)
        throw new HttpError(
          409,
          error.issues[0]?.code ?? 'refused',
          error.issues.map((i) => i.message).join('; '),
          error.issues,
        );
      throw error;
    }
    res.redirect(303, `/workspace/sheets/${context.country}/${context.edition}`);
  });

  router.post('/workspace/editions', (req, res) => {
    coordinator(res);
    const body = req.body as Record<string, unknown>;
    const id = editionParam(typeof body.id === 'string' ? body.id.trim() : undefined, 'id');
    const date = typeof body.reference_date === 'string' ? body.reference_date.trim() : '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
      throw badParameter('reference_date', 'must be a date written YYYY-MM-DD');
    if (getEdition(db, id)) throw new HttpError(409, 'exists', `edition ${id} exists already`);
    const latest = latestQuestionnaireVersion(db);
    if (!latest) throw new HttpError(409, 'no-questionnaire', 'no questionnaire has been loaded');
    createEdition(db, id, date, latest.id);
    res.redirect(303, '/workspace');
  });

  router.post('/workspace/editions/:edition/publish', (req, res) => {
    if (!can(ws(res).user, 'publish', ws(res).assignments))
      throw new HttpError(403, 'forbidden', 'only coordinators publish');
    const note = (req.body as Record<string, unknown>).note;
    try {
      publishEdition(db, editionParam(req.params.edition as string, 'edition'), {
        user: ws(res).user.email,
        note: typeof note === 'string' ? note : null,
      });
    } catch (error) {
      if (error instanceof InputError)
        throw new HttpError(409, error.issues[0]?.code ?? 'refused', error.message, error.issues);
      throw error;
    }
    res.redirect(303, `/editions/${req.params.edition}`);
  });

  router.get('/workspace/users', (_req, res) => {
    coordinator(res);
    res.render('workspace/users', {
      title: 'Users and assignments',
      users: listUsers(db),
      assignments: allAssignments(db),
      roles: ROLES,
      editions: listEditions(db).map((e) => e.id),
      countries: storedCountries(db).countries,
      error: null,
    });
  });

  router.post('/workspace/users', (req, res) => {
    coordinator(res);
    const body = req.body as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const role = body.role as Role;
    const password = typeof body.password === 'string' ? body.password : '';
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw badParameter('email', 'must be an email address');
    if (name === '') throw badParameter('name', 'is required');
    if (!ROLES.includes(role)) throw badParameter('role', `must be one of ${ROLES.join(', ')}`);
    if (role === 'admin' && ws(res).user.role !== 'admin')
      throw new HttpError(403, 'forbidden', 'only admins create admins');
    if (password.length < MIN_PASSWORD_LENGTH)
      throw badParameter('password', `must have at least ${MIN_PASSWORD_LENGTH} characters`);
    if (userByEmail(db, email))
      throw new HttpError(409, 'exists', `a user ${email} exists already`);
    createUser(db, { email, name, role, password });
    res.redirect(303, '/workspace/users');
  });

  router.post('/workspace/assignments', (req, res) => {
    coordinator(res);
    const body = req.body as Record<string, unknown>;
    const user = userByEmail(db, typeof body.email === 'string' ? body.email : '');
    if (!user) throw badParameter('email', 'must be the email of an existing user');
    const country = countryParam(
      typeof body.country === 'string' ? body.country : undefined,
      'country',
    );
    const edition = editionParam(
      typeof body.edition === 'string' ? body.edition : undefined,
      'edition',
    );
    const task = body.task;
    if (task !== 'expert' && task !== 'reviewer')
      throw badParameter('task', 'must be expert or reviewer');
    if (!getEdition(db, edition)) throw notFound(`edition "${edition}"`);
    if (!storedCountries(db).codes?.has(country)) throw notFound(`country "${country}"`);
    const strand = typeof body.strand === 'string' && body.strand !== '' ? body.strand : null;
    if (
      strand !== null &&
      !storedQuestionnaire(db, getEdition(db, edition)!.questionnaire_version_id).strands.some(
        (s) => s.id === strand,
      )
    ) {
      throw badParameter('strand', 'must be a strand id of the edition');
    }
    createAssignment(db, { userId: user.id, country, edition, strand, task });
    res.redirect(303, '/workspace/users');
  });

  return router;
}

function ws(res: Response): WorkspaceLocals {
  return res.locals.workspace as WorkspaceLocals;
}

function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/workspace(\/[A-Za-z0-9_./-]*)?$/.test(value)
    ? value
    : '/workspace';
}

function sheetData(
  context: SheetContext,
  answers: Map<string, AnswerEntry>,
  status: SheetStatus,
): Omit<AnswerSheet, 'file'> {
  return {
    questionnaire: { id: context.questionnaire.id, version: context.questionnaire.version },
    country: context.country,
    edition: context.edition,
    status,
    illustrative: context.stored?.sheet.illustrative ?? false,
    coders: context.stored?.sheet.coders ?? [],
    answers: orderedAnswers(context.questionnaire, answers),
  };
}

function orderedAnswers(
  questionnaire: Questionnaire,
  answers: Map<string, AnswerEntry>,
): Map<string, AnswerEntry> {
  return new Map(
    questionnaire.questions.filter((q) => answers.has(q.id)).map((q) => [q.id, answers.get(q.id)!]),
  );
}
