/**
 * Users and assignments, for those who may `manage-accounts` (admins and coordinators; within
 * that, `account-rules.ts` says who may manage whom): creating accounts, disabling and
 * re-enabling them, one-time password reset links, and adding, changing and removing
 * assignments. Every field is a picker; a value that is not one of its options is refused with
 * the site's error page naming the field. Also mounts the signed-in user's own account page.
 */
import { Router, type Request, type Response } from 'express';
import { badParameter, HttpError, notFound } from '../../http/http-error.js';
import { countryParam, editionParam, formText } from '../../http/params.js';
import { storedCountries } from '../../storage/country-repository.js';
import type { Db } from '../../storage/database.js';
import { whenWritable } from '../../storage/write-retry.js';
import { getEdition } from '../../storage/edition-repository.js';
import { storedQuestionnaire } from '../../storage/questionnaire-repository.js';
import {
  accountByEmail,
  accountById,
  assignmentById,
  assignmentExists,
  createAssignment,
  createPasswordReset,
  createUser,
  removeAssignment,
  RESET_HOURS,
  ROLES,
  setDisabled,
  TASKS,
  updateAssignment,
  userByEmail,
  type Account,
  type Role,
} from '../../storage/account-repository.js';
import {
  accountEmailProblem,
  accountNameProblem,
  mayManageAccount,
  type AccountAction,
} from '../account-rules.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../storage/passwords.js';
import { formOf } from '../request-body.js';
import { ws } from '../sheet-context.js';
import { codedStrands } from '../strand-form.js';
import { usersPageView } from '../view-models/users-page.js';
import { requireIndexAction } from './editions.js';
import { ownAccountRoutes } from './own-account.js';

export function accountRoutes(db: Db): Router {
  const router = Router();
  router.use(ownAccountRoutes(db));

  router.get('/workspace/users', (_req, res) => {
    requireIndexAction(res, 'manage-accounts');
    res.render('workspace/users', usersPageView(db, ws(res).user));
  });

  /**
   * Creates an account. Without a password, the account cannot sign in until its user follows
   * the one-time link shown, so nobody but them ever knows the password.
   */
  router.post('/workspace/users', async (req, res) => {
    requireIndexAction(res, 'manage-accounts');
    const body = formOf(req);
    const email = formText(body, 'email').toLowerCase();
    const name = formText(body, 'name');
    const password = typeof body.password === 'string' ? body.password : '';
    const emailProblem = accountEmailProblem(email);
    if (emailProblem) throw badParameter('email', emailProblem);
    const nameProblem = accountNameProblem(name);
    if (nameProblem) throw badParameter('name', nameProblem);
    const role = pick(body, 'role', ROLES);
    allow(res, { role }, 'create');
    if (password !== '' && password.length < MIN_PASSWORD_LENGTH)
      throw badParameter(
        'password',
        `must have at least ${MIN_PASSWORD_LENGTH} characters (or be left empty to send a link)`,
      );
    refuseExisting(db, email);
    const passwordHash = password === '' ? null : await hashPassword(password);
    // Checked again after hashing: another request may have created the account meanwhile.
    const { user, link } = await whenWritable(db, () => {
      refuseExisting(db, email);
      const user = createUser(db, { email, name, role, passwordHash });
      return { user, link: password === '' ? newResetLink(db, res, user) : null };
    });
    if (!link) return res.redirect(303, '/workspace/users');
    renderResetLink(req, res, user, link, 'created');
  });

  router.post('/workspace/users/:id/disable', async (req, res) => {
    const account = managedAccount(db, req, res, 'disable');
    if (account.disabledAt === null)
      await whenWritable(db, () => setDisabled(db, account.id, true));
    res.redirect(303, '/workspace/users');
  });

  router.post('/workspace/users/:id/enable', async (req, res) => {
    const account = managedAccount(db, req, res, 'enable');
    if (account.disabledAt !== null)
      await whenWritable(db, () => setDisabled(db, account.id, false));
    res.redirect(303, '/workspace/users');
  });

  router.post('/workspace/users/:id/reset-link', async (req, res) => {
    const account = managedAccount(db, req, res, 'reset-password');
    if (account.disabledAt !== null)
      throw new HttpError(
        409,
        'account-disabled',
        `${account.email} is disabled: re-enable it first`,
      );
    const link = await whenWritable(db, () => newResetLink(db, res, account));
    renderResetLink(req, res, account, link, 'reset');
  });

  router.post('/workspace/assignments', async (req, res) => {
    requireIndexAction(res, 'manage-accounts');
    const body = formOf(req);
    const user = userByEmail(db, formText(body, 'email'));
    if (!user) throw badParameter('email', 'must be the email of an active user');
    const country = countryParam(formText(body, 'country'), 'country');
    if (!storedCountries(db).codes?.has(country)) throw notFound(`country "${country}"`);
    const edition = editionParam(formText(body, 'edition'), 'edition');
    const strand = strandField(db, body, edition);
    const task = pick(body, 'task', TASKS);
    await whenWritable(db, () =>
      createAssignment(db, { userId: user.id, country, edition, strand, task }),
    );
    res.redirect(303, '/workspace/users');
  });

  router.post('/workspace/assignments/:id', async (req, res) => {
    requireIndexAction(res, 'manage-accounts');
    const assignment = assignmentById(db, idParam(req.params.id));
    if (!assignment) throw notFound(`assignment ${req.params.id}`);
    const body = formOf(req);
    const change = {
      strand: strandField(db, body, assignment.edition),
      task: pick(body, 'task', TASKS),
    };
    if (assignmentExists(db, { ...assignment, ...change }, assignment.id))
      throw new HttpError(409, 'exists', `${assignment.email} has this assignment already`);
    await whenWritable(db, () => updateAssignment(db, assignment.id, change));
    res.redirect(303, '/workspace/users');
  });

  router.post('/workspace/assignments/:id/remove', async (req, res) => {
    requireIndexAction(res, 'manage-accounts');
    const assignment = assignmentById(db, idParam(req.params.id));
    if (!assignment) throw notFound(`assignment ${req.params.id}`);
    await whenWritable(db, () => removeAssignment(db, assignment.id));
    res.redirect(303, '/workspace/users');
  });

  return router;
}

/** The account named by `:id`, once the signed-in user is allowed `action` on it. */
function managedAccount(db: Db, req: Request, res: Response, action: AccountAction): Account {
  requireIndexAction(res, 'manage-accounts');
  const account = accountById(db, idParam(req.params.id));
  if (!account) throw notFound(`user ${req.params.id}`);
  allow(res, account, action);
  return account;
}

function allow(res: Response, target: { id?: number; role: Role }, action: AccountAction): void {
  const decision = mayManageAccount(ws(res).user, target, action);
  if (!decision.allowed) throw new HttpError(403, 'forbidden', decision.message);
}

function refuseExisting(db: Db, email: string): void {
  const existing = accountByEmail(db, email);
  if (existing)
    throw new HttpError(
      409,
      'exists',
      `a user ${email} exists already${existing.disabledAt ? ' (disabled: re-enable it instead)' : ''}`,
    );
}

/** A new one-time password link for the account, made by the signed-in user. */
function newResetLink(db: Db, res: Response, account: { id: number }) {
  return createPasswordReset(db, { userId: account.id, createdBy: ws(res).user.id });
}

/** Shows a new one-time link once: only its hash is kept, so it cannot be shown again. */
function renderResetLink(
  req: Request,
  res: Response,
  account: { id: number; email: string; name: string },
  link: ReturnType<typeof newResetLink>,
  why: 'created' | 'reset',
): void {
  res.render('workspace/account-reset-link', {
    title: why === 'created' ? 'Account created' : 'Password reset link',
    why,
    account,
    url: `${req.protocol}://${req.get('host') ?? 'localhost'}/reset/${link.token}`,
    hours: RESET_HOURS,
    expiresAt: link.expiresAt.toISOString().slice(0, 16).replace('T', ' '),
  });
}

/** A picker's value: one of `options`, or 400 naming the field and the choices. */
function pick<T extends string>(
  body: Record<string, unknown>,
  name: string,
  options: readonly T[],
): T {
  const value = formText(body, name);
  if (!options.includes(value as T))
    throw badParameter(name, `must be one of ${options.join(', ')}`);
  return value as T;
}

/** The strand of an assignment: empty for all strands, or a strand of the edition. */
function strandField(db: Db, body: Record<string, unknown>, edition: string): string | null {
  const row = getEdition(db, edition);
  if (!row) throw notFound(`edition "${edition}"`);
  const strand = formText(body, 'strand');
  if (strand === '') return null;
  const strands = codedStrands(storedQuestionnaire(db, row.questionnaire_version_id));
  if (!strands.some((s) => s.id === strand))
    throw badParameter('strand', `must be empty (all strands) or a strand of edition ${edition}`);
  return strand;
}

function idParam(value: unknown): number {
  const id = typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw badParameter('id', 'must be a number');
  return id;
}
