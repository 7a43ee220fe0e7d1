import request from 'supertest';
import { answerLookup, applies } from '../../src/answers/check-sheet.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
import type { Express } from 'express';
import type { Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { createApp } from '../../src/web/app.js';
import { createAssignment, createUser, type Role } from '../../src/workspace/account-repository.js';
import { QUESTIONNAIRE_DIR, sampleDatabase } from '../storage/helpers.js';

export const PASSWORD = 'correct horse battery';

export interface Setup {
  db: Db;
  app: Express;
}

/** The sample database plus an open edition 2025 and one user per role. */
export function workspaceSetup(options: { log?: (message: string) => void } = {}): Setup {
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
    app: createApp({
      db,
      questionnaireDir: QUESTIONNAIRE_DIR,
      publicUrl: 'https://index.example',
      log: options.log ?? (() => {}),
    }),
  };
}

export type Agent = ReturnType<typeof request.agent>;

export async function signIn(app: Express, email: string, password = PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  const token = /name="_login" value="([^"]+)"/.exec(page.text)![1]!;
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
