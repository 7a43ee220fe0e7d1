/**
 * Every workspace route × every role × in scope and out of scope, through HTTP. The routes are
 * read from the router itself, so a route added without a case here fails the first test. Each
 * request runs on its own copy of a prepared database; a refused request must leave every table
 * as it was (sessions and throttling records aside).
 */
import Database from 'better-sqlite3';
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { sheetToYaml } from '../../src/answers/write-sheet.js';
import type { SheetStatus } from '../../src/answers/types.js';
import type { Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { storedQuestionnaire } from '../../src/storage/questionnaire-repository.js';
import { saveLegalEvent } from '../../src/storage/legal-event-repository.js';
import { saveEditorial } from '../../src/storage/editorial-repository.js';
import type { EditorialStatus } from '../../src/editorial/types.js';
import type { EventStatus } from '../../src/events/types.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { previewPublication } from '../../src/storage/snapshot-repository.js';
import { createApp } from '../../src/web/app.js';
import {
  createAssignment,
  createSession,
  createUser,
  type Role,
} from '../../src/storage/account-repository.js';
import { workspaceRoutes } from '../../src/workspace/routes/index.js';
import { answerFingerprint } from '../../src/workspace/answer-fingerprint.js';
import { markCarried } from '../../src/storage/review-repository.js';
import { SESSION_COOKIE } from '../../src/workspace/session.js';
import { QUESTIONNAIRE_DIR, sampleDatabase } from '../storage/helpers.js';

const WHO = [
  'anonymous',
  'admin',
  'coordinator',
  'expert',
  'expertOneStrand',
  'expertElsewhere',
  'reviewer',
  'reviewerElsewhere',
] as const;
type Who = (typeof WHO)[number];

/** Who each account is: role, and the assignment it holds (all on edition 2025). */
const ACCOUNTS: Record<
  Exclude<Who, 'anonymous'>,
  { role: Role; assignment?: [string, string | null, 'expert' | 'reviewer'] }
> = {
  admin: { role: 'admin' },
  coordinator: { role: 'coordinator' },
  expert: { role: 'expert', assignment: ['AT', null, 'expert'] },
  expertOneStrand: { role: 'expert', assignment: ['AT', 'family-reunification', 'expert'] },
  expertElsewhere: { role: 'expert', assignment: ['DE', null, 'expert'] },
  reviewer: { role: 'reviewer', assignment: ['AT', null, 'reviewer'] },
  reviewerElsewhere: { role: 'reviewer', assignment: ['DE', null, 'reviewer'] },
};
const emailOf = (who: Exclude<Who, 'anonymous'>) => `${who.toLowerCase()}@example.org`;

type Expected = Record<Who, number>;
const signedIn = (statuses: Omit<Expected, 'anonymous'>, anonymous: number): Expected => ({
  anonymous,
  ...statuses,
});
/** Readers of AT 2025: coordinators, its expert (any strand) and its reviewer. */
const READ = (ok: number, anonymous = 302): Expected =>
  signedIn(
    {
      admin: ok,
      coordinator: ok,
      expert: ok,
      expertOneStrand: ok,
      expertElsewhere: 403,
      reviewer: ok,
      reviewerElsewhere: 403,
    },
    anonymous,
  );
/** Coordinators only. */
const COORDINATORS = (ok: number, anonymous = 401): Expected =>
  signedIn(
    {
      admin: ok,
      coordinator: ok,
      expert: 403,
      expertOneStrand: 403,
      expertElsewhere: 403,
      reviewer: 403,
      reviewerElsewhere: 403,
    },
    anonymous,
  );

interface Case {
  /** The sheet AT 2025 before the request: its status, or absent. */
  sheet: SheetStatus | null;
  /** The path requested (a function when it names an id known only once the accounts exist). */
  path: string | (() => string);
  /** Further state before the request. */
  prepare?: (db: Db) => void;
  body?: (db: Db) => Record<string, string>;
  /** Send the body as a multipart file upload (field `file`) instead of a form. */
  file?: (db: Db) => string;
  expected: Expected;
  /** Whether an allowed request changes stored data (signing out ends only a session). */
  stores?: boolean;
}

const AT = '/workspace/sheets/AT/2025';
const revisionOf = (db: Db) =>
  String(getSheet(db, { country: 'AT', edition: '2025' })?.revision ?? 0);

const CARRIED = 'atn-residence-period';
function carriedQuestion(db: Db): string {
  expect(getSheet(db, { country: 'AT', edition: '2025' })!.sheet.answers.has(CARRIED)).toBe(true);
  return CARRIED;
}

/** The sheet AT 2025 as YAML, with one answer of access to nationality changed. */
function uploadChangingNationality(db: Db): string {
  const stored = getSheet(db, { country: 'AT', edition: '2025' })!;
  const questionnaire = storedQuestionnaire(db, 1);
  const question = questionnaire.questions.find(
    (q) => q.strandId === 'access-to-nationality' && stored.sheet.answers.has(q.id),
  )!;
  const answers = new Map(stored.sheet.answers);
  const current = answers.get(question.id)!;
  const other = question.options.find((o) => o.id !== current.answer)!;
  answers.set(question.id, { ...current, answer: other.id });
  return sheetToYaml({ ...stored.sheet, answers }, questionnaire, {});
}

/** A legal event of AT 2025 on a family-reunification question, as the event form sends it. */
const EVENT_FORM = {
  kind: 'court-decision',
  edition: '2025',
  title: 'Waiting period for partners',
  date: '2024-05-02',
  court: 'Constitutional Court',
  outcome: 'struck-down',
  summary: 'The waiting period for partners was struck down.',
  countries: 'AT',
  questions: 'fr-residence-period',
};
const EVENT = '/workspace/events/at-2024-matrix-ruling';

/** Stores the event of EVENT_FORM as `at-2024-matrix-ruling`, in `status`. */
const withEvent = (status: EventStatus) => (db: Db) =>
  saveLegalEvent(db, {
    event: {
      ...EVENT_FORM,
      kind: 'court-decision',
      outcome: 'struck-down',
      id: 'at-2024-matrix-ruling',
      inForceDate: null,
      ecli: null,
      eli: null,
      url: null,
      countries: ['AT'],
      questions: ['fr-residence-period'],
      illustrative: false,
    },
    status,
    baseRevision: null,
    user: 'setup',
    change: 'created',
  });

/** Experts (in scope: AT, and the one strand of the event) and coordinators. */
const EVENT_EDITORS = (ok: number, anonymous: number): Expected =>
  signedIn(
    {
      admin: ok,
      coordinator: ok,
      expert: ok,
      expertOneStrand: ok,
      expertElsewhere: 403,
      reviewer: 403,
      reviewerElsewhere: 403,
    },
    anonymous,
  );

const EDITORIAL = `${AT}/editorial`;

/** Stores an editors' text of AT 2025 in `status` (revision 1). */
const withEditorial = (status: EditorialStatus) => (db: Db) =>
  saveEditorial(db, {
    country: 'AT',
    edition: '2025',
    text: { keyFindings: ['A finding.'], recommendations: [] },
    status,
    baseRevision: 0,
    user: 'setup',
    change: 'created',
  });

/** Writers of the editors' text of AT 2025: coordinators and experts of the whole sheet. */
const EDITORIAL_WRITERS = (ok: number): Expected => ({
  ...EVENT_EDITORS(ok, 401),
  expertOneStrand: 403,
});

const CASES: Record<string, Case> = {
  'GET /login': {
    sheet: null,
    path: '/login',
    expected: { ...READ(200, 200), expertElsewhere: 200, reviewerElsewhere: 200 },
  },
  'POST /login': {
    sheet: null,
    path: '/login',
    body: () => ({ email: 'x@example.org', password: 'nothing', _login: 'forged' }),
    expected: { ...READ(403, 403), expertElsewhere: 403, reviewerElsewhere: 403 },
  },
  'POST /logout': {
    sheet: null,
    path: '/logout',
    stores: false,
    expected: { ...READ(303, 401), expertElsewhere: 303, reviewerElsewhere: 303 },
  },
  'GET /workspace': {
    sheet: 'draft',
    path: '/workspace',
    expected: { ...READ(200), expertElsewhere: 200, reviewerElsewhere: 200 },
  },
  'GET /workspace/sheets/:country/:edition': { sheet: 'draft', path: AT, expected: READ(200) },
  'GET /workspace/sheets/:country/:edition/strands/:strand': {
    sheet: 'draft',
    path: `${AT}/strands/access-to-nationality`,
    expected: READ(200),
  },
  'POST /workspace/sheets/:country/:edition/strands/:strand': {
    sheet: 'draft',
    path: `${AT}/strands/access-to-nationality`,
    body: (db) => ({ base_revision: revisionOf(db), 'q.atn-residence-period.answer': '' }),
    expected: { ...COORDINATORS(303), expert: 303 },
  },
  'POST /workspace/sheets/:country/:edition/carry-forward': {
    sheet: null,
    path: `${AT}/carry-forward`,
    body: () => ({ from: '2024' }),
    expected: { ...COORDINATORS(303), expert: 303, expertOneStrand: 303 },
  },
  'GET /workspace/sheets/:country/:edition/history/:question': {
    sheet: 'draft',
    path: `${AT}/history/fr-residence-period`,
    expected: READ(200),
  },
  'GET /workspace/sheets/:country/:edition/review': {
    sheet: 'submitted',
    path: `${AT}/review`,
    expected: READ(200),
  },
  'POST /workspace/sheets/:country/:edition/confirm/:question': {
    // A carried answer of access to nationality, confirmed as the page showed it.
    sheet: 'draft',
    prepare: (db) => {
      const sheet = getSheet(db, { country: 'AT', edition: '2025' })!;
      markCarried(db, sheet.id, [carriedQuestion(db)], '2024');
    },
    path: () => `${AT}/confirm/${CARRIED}`,
    body: (db) => ({
      shown: answerFingerprint(
        getSheet(db, { country: 'AT', edition: '2025' })!.sheet.answers.get(carriedQuestion(db)),
      ),
    }),
    expected: { ...COORDINATORS(303), expert: 303 },
  },
  'GET /workspace/sheets/:country/:edition/sheet.yaml': {
    sheet: 'draft',
    path: `${AT}/sheet.yaml`,
    expected: READ(200),
  },
  'POST /workspace/sheets/:country/:edition/upload': {
    sheet: 'draft',
    path: `${AT}/upload`,
    body: (db) => ({ base_revision: revisionOf(db) }),
    file: uploadChangingNationality,
    expected: { ...COORDINATORS(303), expert: 303 },
  },
  'POST /workspace/sheets/:country/:edition/submit': {
    sheet: 'draft',
    path: `${AT}/submit`,
    expected: { ...COORDINATORS(303), expert: 303 },
  },
  'POST /workspace/sheets/:country/:edition/comments': {
    sheet: 'draft',
    path: `${AT}/comments`,
    body: () => ({ body: 'Please check the source.' }),
    expected: READ(303, 401),
  },
  'POST /workspace/sheets/:country/:edition/review': {
    sheet: 'submitted',
    path: `${AT}/review`,
    body: () => ({ action: 'approve' }),
    expected: { ...COORDINATORS(303), reviewer: 303 },
  },
  'GET /workspace/sheets/:country/:edition/agreement': {
    // Only coordinators get as far as finding that AT 2025 has no separate coders.
    sheet: 'draft',
    path: `${AT}/agreement`,
    expected: COORDINATORS(404, 302),
  },
  'POST /workspace/sheets/:country/:edition/reconcile': {
    // Coordinators may reconcile, and are told there is nothing to reconcile.
    sheet: 'draft',
    path: `${AT}/reconcile`,
    expected: COORDINATORS(409),
  },
  'POST /workspace/editions': {
    sheet: null,
    path: '/workspace/editions',
    body: () => ({ id: '2031', reference_date: '2031-01-01' }),
    expected: COORDINATORS(303),
  },
  'GET /workspace/editions/:edition/publish': {
    sheet: 'approved',
    path: '/workspace/editions/2025/publish',
    expected: COORDINATORS(200, 302),
  },
  'POST /workspace/editions/:edition/publish': {
    // Confirming exactly what the preview showed; AT alone of the 2024 countries: partial.
    sheet: 'approved',
    path: '/workspace/editions/2025/publish',
    body: (db) => ({
      confirm: previewPublication(db, '2025').plan.fingerprint,
      completeness: 'partial',
    }),
    expected: COORDINATORS(303),
  },
  'GET /workspace/events': {
    sheet: null,
    prepare: withEvent('draft'),
    path: '/workspace/events',
    expected: { ...READ(200), expertElsewhere: 200, reviewerElsewhere: 200 },
  },
  'GET /workspace/events/new': {
    sheet: null,
    path: '/workspace/events/new',
    expected: { ...EVENT_EDITORS(200, 302), expertElsewhere: 200 },
  },
  'POST /workspace/events': {
    sheet: null,
    path: '/workspace/events',
    body: () => ({ ...EVENT_FORM, id: 'at-2024-new-ruling' }),
    expected: EVENT_EDITORS(303, 401),
  },
  'GET /workspace/events/:id': {
    sheet: null,
    prepare: withEvent('draft'),
    path: EVENT,
    expected: READ(200),
  },
  'GET /workspace/events/:id/edit': {
    sheet: null,
    prepare: withEvent('draft'),
    path: `${EVENT}/edit`,
    expected: EVENT_EDITORS(200, 302),
  },
  'POST /workspace/events/:id': {
    sheet: null,
    prepare: withEvent('draft'),
    path: EVENT,
    body: () => ({ ...EVENT_FORM, title: 'A better title', base_revision: '1' }),
    expected: EVENT_EDITORS(303, 401),
  },
  'POST /workspace/events/:id/submit': {
    sheet: null,
    prepare: withEvent('draft'),
    path: `${EVENT}/submit`,
    expected: EVENT_EDITORS(303, 401),
  },
  'POST /workspace/events/:id/review': {
    sheet: null,
    prepare: withEvent('submitted'),
    path: `${EVENT}/review`,
    body: () => ({ action: 'approve' }),
    expected: { ...COORDINATORS(303), reviewer: 303 },
  },
  'GET /workspace/sheets/:country/:edition/editorial': {
    sheet: null,
    prepare: withEditorial('draft'),
    path: EDITORIAL,
    expected: READ(200),
  },
  'POST /workspace/sheets/:country/:edition/editorial': {
    sheet: null,
    path: EDITORIAL,
    body: () => ({ base_revision: '0', finding_1: 'A finding.' }),
    expected: EDITORIAL_WRITERS(303),
  },
  'POST /workspace/sheets/:country/:edition/editorial/submit': {
    sheet: null,
    prepare: withEditorial('draft'),
    path: `${EDITORIAL}/submit`,
    expected: EDITORIAL_WRITERS(303),
  },
  'POST /workspace/sheets/:country/:edition/editorial/review': {
    sheet: null,
    prepare: withEditorial('submitted'),
    path: `${EDITORIAL}/review`,
    body: () => ({ action: 'approve' }),
    expected: { ...COORDINATORS(303), reviewer: 303 },
  },
  'GET /workspace/users': {
    sheet: null,
    path: '/workspace/users',
    expected: COORDINATORS(200, 302),
  },
  'POST /workspace/users': {
    sheet: null,
    path: '/workspace/users',
    body: () => ({
      email: 'new@example.org',
      name: 'New',
      role: 'expert',
      password: 'a long enough password',
    }),
    expected: COORDINATORS(303),
  },
  'POST /workspace/assignments': {
    sheet: null,
    path: '/workspace/assignments',
    body: () => ({ email: 'expert@example.org', country: 'FR', edition: '2025', task: 'expert' }),
    expected: COORDINATORS(303),
  },
  'POST /workspace/assignments/:id': {
    sheet: null,
    path: () => `/workspace/assignments/${assignmentOf('expertElsewhere')}`,
    body: () => ({ strand: 'family-reunification', task: 'expert' }),
    expected: COORDINATORS(303),
  },
  'POST /workspace/assignments/:id/remove': {
    sheet: null,
    path: () => `/workspace/assignments/${assignmentOf('expertElsewhere')}/remove`,
    expected: COORDINATORS(303),
  },
  'POST /workspace/users/:id/disable': {
    sheet: null,
    path: () => `/workspace/users/${spareId}/disable`,
    expected: COORDINATORS(303),
  },
  'POST /workspace/users/:id/enable': {
    sheet: null,
    prepare: (db) =>
      db
        .prepare("UPDATE users SET disabled_at = '2025-01-01T00:00:00Z' WHERE email = ?")
        .run(SPARE),
    path: () => `/workspace/users/${spareId}/enable`,
    expected: COORDINATORS(303),
  },
  'POST /workspace/users/:id/reset-link': {
    sheet: null,
    path: () => `/workspace/users/${spareId}/reset-link`,
    expected: COORDINATORS(200),
  },
  'GET /workspace/account': {
    sheet: null,
    path: '/workspace/account',
    expected: { ...READ(200), expertElsewhere: 200, reviewerElsewhere: 200 },
  },
  'POST /workspace/account/password': {
    sheet: null,
    path: '/workspace/account/password',
    body: () => ({
      current: 'a long enough password',
      password: 'another long password',
      confirm: 'another long password',
    }),
    expected: { ...READ(303, 401), expertElsewhere: 303, reviewerElsewhere: 303 },
  },
  // A link that was never issued: refused the same for everyone, signed in or not.
  'GET /reset/:token': {
    sheet: null,
    path: '/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    expected: { ...READ(404, 404), expertElsewhere: 404, reviewerElsewhere: 404 },
  },
  'POST /reset/:token': {
    sheet: null,
    path: '/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    body: () => ({ password: 'another long password', confirm: 'another long password' }),
    expected: { ...READ(403, 403), expertElsewhere: 403, reviewerElsewhere: 403 },
  },
};

/** The id of the assignment held by `who`. */
function assignmentOf(who: Who): number {
  const db = new Database(template);
  const row = db
    .prepare('SELECT a.id FROM assignments a JOIN users u ON u.id = a.user_id WHERE u.email = ?')
    .get(emailOf(who as Exclude<Who, 'anonymous'>)) as { id: number };
  db.close();
  return row.id;
}

/** The routes of the workspace router: method and path of every route layer, nested or not. */
function workspaceRouteKeys(): string[] {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
  }
  const keys: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route)
        for (const method of Object.keys(layer.route.methods))
          keys.push(`${method.toUpperCase()} ${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((workspaceRoutes(sampleDatabase()) as unknown as { stack: Layer[] }).stack);
  // The gate every POST passes (body parsing and the CSRF check) is not a route of its own.
  return keys.filter((key) => key !== 'POST /workspace/*splat');
}

/** Every table's content, except sessions, throttling records and caches. */
function fingerprint(db: Db): string {
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  )
    .map((t) => t.name)
    .filter((name) => !/session|login|throttl|cache|schema_migrations|sqlite_/.test(name));
  return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM "${t}"`).all()));
}

let template: Buffer;
const ids = new Map<Who, number>();
/** An account that no request is made as: the one disabled, enabled and sent a reset link. */
const SPARE = 'spare@example.org';
let spareId = 0;

beforeAll(async () => {
  const db = sampleDatabase();
  createEdition(db, '2025', '2025-01-01', 1);
  for (const [who, account] of Object.entries(ACCOUNTS)) {
    const user = await createUser(db, {
      email: emailOf(who as Exclude<Who, 'anonymous'>),
      name: who,
      role: account.role,
      password: 'a long enough password',
    });
    ids.set(who as Who, user.id);
    if (account.assignment) {
      const [country, strand, task] = account.assignment;
      createAssignment(db, { userId: user.id, country, edition: '2025', strand, task });
    }
  }
  spareId = (
    await createUser(db, {
      email: SPARE,
      name: 'Spare',
      role: 'expert',
      password: 'a long enough password',
    })
  ).id;
  template = db.serialize();
});

/** A copy of the template with AT 2025 in the given status (complete: AT 2024's answers). */
function prepared(status: SheetStatus | null): Db {
  const db = new Database(template) as Db;
  db.pragma('foreign_keys = ON');
  if (status !== null) {
    const from = getSheet(db, { country: 'AT', edition: '2024' })!.sheet;
    saveSheet(db, {
      sheet: {
        questionnaire: from.questionnaire,
        country: 'AT',
        edition: '2025',
        status,
        illustrative: from.illustrative,
        coders: [],
        answers: from.answers,
      },
      baseRevision: null,
      user: 'setup',
      reason: 'test setup',
    });
  }
  return db;
}

async function send(app: Express, db: Db, who: Who, method: string, item: Case) {
  const agent = request(app);
  const path = typeof item.path === 'string' ? item.path : item.path();
  const session = who === 'anonymous' ? null : createSession(db, ids.get(who)!);
  const cookie = session ? [`${SESSION_COOKIE}=${session.token}`] : [];
  if (method === 'GET') return agent.get(path).set('Cookie', cookie);
  const fields = { _csrf: session?.csrf ?? 'none', ...(item.body?.(db) ?? {}) };
  const post = agent.post(path).set('Cookie', cookie);
  if (item.file) {
    for (const [name, value] of Object.entries(fields)) post.field(name, value);
    return post.attach('file', Buffer.from(item.file(db)), {
      filename: 'sheet.yaml',
      contentType: 'text/yaml',
    });
  }
  return post.type('form').send(fields);
}

describe('every workspace route × every role × scope', () => {
  it('has a case for every route of the workspace router, and no case for a route that is gone', () => {
    expect(workspaceRouteKeys().sort()).toEqual(Object.keys(CASES).sort());
  });

  const rows = Object.entries(CASES).flatMap(([key, item]) =>
    WHO.map((who) => [key, who, item.expected[who]] as const),
  );

  it.each(rows)('%s as %s → %i', async (key, who, expected) => {
    const item = CASES[key]!;
    const method = key.split(' ')[0]!;
    const db = prepared(item.sheet);
    item.prepare?.(db);
    const app = createApp({ db, questionnaireDir: QUESTIONNAIRE_DIR, log: () => {} });
    const before = fingerprint(db);
    const response = await send(app, db, who, method, item);
    expect(response.status, response.text.slice(0, 300)).toBe(expected);
    if (expected >= 400 || method === 'GET' || item.stores === false)
      expect(fingerprint(db)).toBe(before);
    else expect(fingerprint(db)).not.toBe(before);
  });
});
