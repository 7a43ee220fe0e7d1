/**
 * Another process holding the write lock (a command-line import, a backup) must not freeze the
 * server: while a server write waits for the lock, other requests are answered; the write goes
 * through once the lock is released, or is answered 503 `database-busy` with Retry-After past its
 * deadline — never a 500, and nothing half-stored. The lock is held by a second connection to the
 * same database file, as another process would.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnswerEntry } from '../../src/answers/types.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { openDatabase, stopWaitingForLocks, type Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { latestQuestionnaireVersion } from '../../src/storage/questionnaire-repository.js';
import { getSheet, saveSheet, sheetRevision } from '../../src/storage/sheet-repository.js';
import { whenWritable } from '../../src/storage/write-retry.js';
import { createApp } from '../../src/web/app.js';
import { errorHandler } from '../../src/web/http-error.js';
import { createAssignment, createUser } from '../../src/storage/account-repository.js';
import { QUESTIONNAIRE_DIR, SCORES_DIR, temporaryDir } from '../storage/helpers.js';

const PASSWORD = 'correct horse battery staple';
const PROFILE = '/countries/DE/2024';

let cleanup: () => void;
let db: Db;
/** The other process: a second connection to the same file. */
let other: Db;
let server: Server;
let url: string;
const logged: string[] = [];

beforeAll(async () => {
  const work = temporaryDir('locks-');
  cleanup = work.cleanup;
  const file = join(work.dir, 'locks.sqlite');
  db = openDatabase(file);
  bootstrap(db, { questionnaireDir: QUESTIONNAIRE_DIR, scoresDir: SCORES_DIR });
  createEdition(db, '2025', '2025-01-01', latestQuestionnaireVersion(db)!.id);
  const expert = createUser(db, {
    email: 'expert@example.org',
    name: 'Expert',
    role: 'expert',
    password: PASSWORD,
  });
  createAssignment(db, {
    userId: expert.id,
    country: 'AT',
    edition: '2025',
    strand: null,
    task: 'expert',
  });
  // As `policy-index serve` does once it serves requests.
  stopWaitingForLocks(db);
  other = openDatabase(file);

  const log = (message: string) => logged.push(message);
  const outer = express();
  // A route that writes through whenWritable, as every server write should.
  outer.post('/test/save', (_req, res, next) => {
    whenWritable(db, () =>
      saveSheet(db, {
        sheet: draft('AT', '2025', { 'fr-residence-period': entry('none') }),
        baseRevision: sheetRevision(db, { country: 'AT', edition: '2025', coderKey: 'test' }),
        coderKey: 'test',
        user: 'test',
      }),
    ).then((saved) => res.status(201).json(saved), next);
  });
  outer.use(createApp({ db, questionnaireDir: QUESTIONNAIRE_DIR, log }));
  outer.use(errorHandler(log));
  server = outer.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  other.close();
  db.close();
  cleanup();
});

beforeEach(() => {
  if (other.inTransaction) other.exec('ROLLBACK');
  vi.unstubAllEnvs();
});

function entry(answer: string): AnswerEntry {
  return { answer, sources: [], comment: null, inForceSince: null, confidence: null };
}

function draft(country: string, edition: string, answers: Record<string, AnswerEntry>) {
  return {
    questionnaire: { id: 'migrant-policy-index', version: '1.1.0' },
    country,
    edition,
    status: 'draft' as const,
    illustrative: false,
    coders: [],
    answers: new Map(Object.entries(answers)),
  };
}

/** Records the order in which answers arrive. */
function arrival(order: string[], name: string, response: Promise<Response>) {
  return response.then((r) => {
    order.push(name);
    return r;
  });
}

const readProfile = () => fetch(`${url}${PROFILE}`);
const waitABit = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a server write while another process holds the write lock', () => {
  it('waits without holding the event loop: reads are answered meanwhile, and the write completes after the release', async () => {
    other.exec('BEGIN IMMEDIATE');
    const order: string[] = [];
    const save = arrival(order, 'save', fetch(`${url}/test/save`, { method: 'POST' }));
    await waitABit(50);
    const read = await arrival(order, 'read', readProfile());
    expect(read.status).toBe(200);
    expect(getSheet(db, { country: 'AT', edition: '2025', coderKey: 'test' })).toBeNull();
    order.push('release');
    other.exec('COMMIT');
    const saved = await save;
    expect(saved.status).toBe(201);
    expect(order).toEqual(['read', 'release', 'save']);
    expect(getSheet(db, { country: 'AT', edition: '2025', coderKey: 'test' })?.revision).toBe(1);
  });

  it('past its deadline answers 503 database-busy with Retry-After, stores nothing, and reads went on meanwhile', async () => {
    vi.stubEnv('POLICY_INDEX_WRITE_DEADLINE_MS', '300');
    const before = sheetRevision(db, { country: 'AT', edition: '2025', coderKey: 'test' });
    other.exec('BEGIN IMMEDIATE');
    const order: string[] = [];
    const save = arrival(
      order,
      'save',
      fetch(`${url}/test/save`, { method: 'POST', headers: { accept: 'application/json' } }),
    );
    await waitABit(20);
    expect((await arrival(order, 'read', readProfile())).status).toBe(200);
    const refused = await save;
    other.exec('ROLLBACK');
    expect(order).toEqual(['read', 'save']);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'database-busy',
    );
    expect(sheetRevision(db, { country: 'AT', edition: '2025', coderKey: 'test' })).toBe(before);
  });
});

describe('the strand form of the workspace while another process holds the write lock', () => {
  async function signedIn() {
    const agent = request.agent(server);
    const page = await agent.get('/login');
    const token = /name="_login" value="([^"]+)"/.exec(page.text)![1]!;
    const response = await agent
      .post('/login')
      .type('form')
      .send({ _login: token, email: 'expert@example.org', password: PASSWORD, next: '/workspace' });
    expect(response.status).toBe(303);
    return agent;
  }

  it('is answered 503 database-busy (not 500) past the deadline, nothing is stored, and a save after the release works', async () => {
    vi.stubEnv('POLICY_INDEX_WRITE_DEADLINE_MS', '200');
    const expert = await signedIn();
    const path = '/workspace/sheets/AT/2025/strands/family-reunification';
    const post = async () => {
      const form = await expert.get(path);
      expect(form.status).toBe(200);
      return expert
        .post(path)
        .type('form')
        .send({
          _csrf: /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!,
          base_revision: /name="base_revision" value="(\d+)"/.exec(form.text)![1]!,
          'q.fr-residence-period.answer': 'none',
        });
    };

    other.exec('BEGIN IMMEDIATE');
    const refused = await post();
    expect((await readProfile()).status).toBe(200);
    other.exec('ROLLBACK');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.text).toContain('database-busy');
    expect(getSheet(db, { country: 'AT', edition: '2025' })).toBeNull();

    const saved = await post();
    expect(saved.status).toBe(303);
    expect(
      getSheet(db, { country: 'AT', edition: '2025' })?.sheet.answers.get('fr-residence-period')
        ?.answer,
    ).toBe('none');
  });
});

describe('reading while another process holds the write lock', () => {
  it('an expired session is sent to sign in again, not answered 503 for its housekeeping', async () => {
    const agent = request.agent(server);
    const page = await agent.get('/login');
    const token = /name="_login" value="([^"]+)"/.exec(page.text)![1]!;
    await agent
      .post('/login')
      .type('form')
      .send({ _login: token, email: 'expert@example.org', password: PASSWORD, next: '/workspace' });
    db.prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    other.exec('BEGIN IMMEDIATE');
    try {
      const response = await agent.get('/workspace');
      expect(response.status).toBe(302);
      expect(response.headers.location).toMatch(/^\/login/);
    } finally {
      other.exec('ROLLBACK');
    }
  });
});
