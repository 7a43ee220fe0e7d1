import request from 'supertest';
import { answerLookup, applies } from '../../src/answers/check-sheet.js';
import type { AnswerEntry, SheetStatus } from '../../src/answers/types.js';
import type { Questionnaire, QuestionNode } from '../../src/questionnaire/types.js';
import { answerMap } from '../../src/answers/vocabulary.js';
import type { Express } from 'express';
import type { Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { getSnapshot } from '../../src/storage/snapshot-repository.js';
import type { AppDeps } from '../../src/web/app.js';
import { createAssignment, createUser, type Role } from '../../src/storage/account-repository.js';
import { testApp } from '../helpers/app.js';
import { sampleDatabase } from '../storage/helpers.js';

export const PASSWORD = 'correct horse battery';

export interface Setup {
  db: Db;
  app: Express;
}

/**
 * The sample database plus an open edition 2025 and one user per role. `trustProxy`: an app that
 * believes X-Forwarded-For from those addresses (the sign-in tests send it from loopback).
 */
export function workspaceSetup(
  options: { log?: (message: string) => void; trustProxy?: AppDeps['trustProxy'] } = {},
): Setup {
  const db = sampleDatabase();
  createEdition(db, '2025', '2025-01-01', 1);
  const user = (email: string, role: Role) =>
    createUser(db, { email, name: email.split('@')[0]!, role, password: PASSWORD });
  user('admin@example.org', 'admin');
  user('coordinator@example.org', 'coordinator');
  const at = user('expert-at@example.org', 'expert');
  const de = user('expert-de@example.org', 'expert');
  const reviewer = user('reviewer@example.org', 'reviewer');
  createAssignment(db, {
    userId: at.id,
    country: 'AT',
    edition: '2025',
    strand: null,
    task: 'expert',
  });
  createAssignment(db, {
    userId: de.id,
    country: 'DE',
    edition: '2025',
    strand: null,
    task: 'expert',
  });
  createAssignment(db, {
    userId: reviewer.id,
    country: 'AT',
    edition: '2025',
    strand: null,
    task: 'reviewer',
  });
  return {
    db,
    app: testApp({ db, log: options.log ?? (() => {}), trustProxy: options.trustProxy }),
  };
}

export type Agent = ReturnType<typeof request.agent>;

/** The token of the sign-in form (`_login`) on a page. */
export function loginTokenOf(html: string): string {
  const match = /name="_login" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no sign-in token on the page');
  return match[1]!;
}

/**
 * A browser on the sign-in page: its agent and the form's token. Given an agent, that browser
 * (its cookies) opens the page again for a fresh token; otherwise a new browser does.
 */
export async function loginPage(
  app: Express,
  agent: Agent = request.agent(app),
): Promise<{ agent: Agent; token: string }> {
  return { agent, token: loginTokenOf((await agent.get('/login')).text) };
}

export async function signIn(app: Express, email: string, password = PASSWORD): Promise<Agent> {
  const { agent, token } = await loginPage(app);
  const response = await agent
    .post('/login')
    .type('form')
    .send({ _login: token, email, password, next: '/workspace' });
  if (response.status !== 303) throw new Error(`sign-in of ${email} failed: ${response.status}`);
  return agent;
}

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

export async function csrf(agent: Agent): Promise<string> {
  return csrfOf((await agent.get('/workspace')).text);
}

/** Posts a workspace form as the signed-in browser would, with its session's CSRF token. */
export async function postForm(
  agent: Agent,
  path: string,
  body: Record<string, string | string[]> = {},
) {
  const token = await csrf(agent);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...body });
}

/**
 * Uploads a sheet file as the sheet page does: a multipart form with the session's CSRF token and
 * the revision the file was based on.
 */
export async function uploadSheet(
  agent: Agent,
  path: string,
  baseRevision: number | string,
  file: string | Buffer,
  filename = 'AT.yaml',
) {
  const token = await csrf(agent);
  return agent
    .post(path)
    .field('_csrf', token)
    .field('base_revision', String(baseRevision))
    .attach('file', typeof file === 'string' ? Buffer.from(file) : file, {
      filename,
      contentType: 'text/yaml',
    });
}

/**
 * Saves a sheet straight into the database (not through HTTP), as user "test": `answers` of
 * `country` in `edition` with `status`, on top of the sheet's current revision if it has one.
 */
export function saveAnswers(
  db: Db,
  questionnaire: Questionnaire,
  sheet: {
    country: string;
    edition: string;
    status: SheetStatus;
    answers: Map<string, AnswerEntry>;
  },
) {
  const { country, edition, status, answers } = sheet;
  return saveSheet(db, {
    sheet: {
      questionnaire: { id: questionnaire.id, version: questionnaire.version },
      country,
      edition,
      status,
      illustrative: false,
      coders: [],
      answers,
    },
    baseRevision: getSheet(db, { country, edition })?.revision ?? null,
    user: 'test',
  });
}

/** The answers of `country` as published in `edition` (which must have a snapshot with it). */
export function publishedAnswers(
  db: Db,
  edition: string,
  country: string,
): Map<string, AnswerEntry> {
  const sheet = getSnapshot(db, edition)!.sheets.find((s) => s.country === country)!;
  return new Map(Object.entries(sheet.answers));
}

/**
 * Austria's answers as published in 2024 with one question the skip logic does not ask answered
 * anyway (its first option, citing a source): the answers of data coded elsewhere that deviate
 * from the skip logic, and that question.
 */
export function answeredWhereSkipped(
  db: Db,
  questionnaire: Questionnaire,
): { answers: Map<string, AnswerEntry>; skipped: QuestionNode } {
  const answers = publishedAnswers(db, '2024', 'AT');
  const lookup = answerLookup(questionnaire, answerMap({ answers }));
  const skipped = questionnaire.questions.find(
    (q) => applies(q, lookup) === false && q.options.length > 0,
  )!;
  answers.set(skipped.id, {
    answer: skipped.options[0]!.id,
    sources: [{ title: 'Coded elsewhere', article: null, url: null, date: null }],
    comment: null,
    inForceSince: null,
    confidence: null,
  });
  return { answers, skipped };
}

/** The first option of every question, without the questions the skip logic then leaves out. */
export function firstAnswers(questionnaire: Questionnaire): Map<string, string> {
  const all = new Map(questionnaire.questions.map((q) => [q.id, q.options[0]!.id]));
  const lookup = answerLookup(questionnaire, all);
  return new Map(
    [...all].filter(
      ([id]) =>
        applies(
          questionnaire.questions.find((q) => q.id === id)!,
          lookup,
        ) !== false,
    ),
  );
}
