/** Users and assignments (coordinators; only admins create admins). */
import { Router } from 'express';
import { badParameter, HttpError, notFound } from '../../http/http-error.js';
import { countryParam, editionParam, formText } from '../../http/params.js';
import { storedCountries } from '../../storage/country-repository.js';
import type { Db } from '../../storage/database.js';
import { getEdition, listEditions } from '../../storage/edition-repository.js';
import { storedQuestionnaire } from '../../storage/questionnaire-repository.js';
import {
  allAssignments,
  createAssignment,
  createUser,
  listUsers,
  ROLES,
  userByEmail,
  type Role,
} from '../account-repository.js';
import { MIN_PASSWORD_LENGTH } from '../passwords.js';
import { formOf } from '../request-body.js';
import { ws } from '../sheet-context.js';
import { requireIndexAction } from './editions.js';

export function accountRoutes(db: Db): Router {
  const router = Router();

  router.get('/workspace/users', (_req, res) => {
    requireIndexAction(res, 'manage-accounts');
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
    requireIndexAction(res, 'manage-accounts');
    const body = formOf(req);
    const email = formText(body, 'email').toLowerCase();
    const name = formText(body, 'name');
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
    requireIndexAction(res, 'manage-accounts');
    const body = formOf(req);
    const user = userByEmail(db, formText(body, 'email'));
    if (!user) throw badParameter('email', 'must be the email of an existing user');
    const country = countryParam(formText(body, 'country'), 'country');
    const edition = editionParam(formText(body, 'edition'), 'edition');
    const task = body.task;
    if (task !== 'expert' && task !== 'reviewer')
      throw badParameter('task', 'must be expert or reviewer');
    const editionRow = getEdition(db, edition);
    if (!editionRow) throw notFound(`edition "${edition}"`);
    if (!storedCountries(db).codes?.has(country)) throw notFound(`country "${country}"`);
    const strand = formText(body, 'strand') || null;
    const strands = storedQuestionnaire(db, editionRow.questionnaire_version_id).strands;
    if (strand !== null && !strands.some((s) => s.id === strand && !s.crossCutting))
      throw badParameter('strand', 'must be a strand id of the edition');
    createAssignment(db, { userId: user.id, country, edition, strand, task });
    res.redirect(303, '/workspace/users');
  });

  return router;
}
