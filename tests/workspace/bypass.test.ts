/**
 * The three ways around the workflow that testers found, each reproduced: they must now fail,
 * and leave nothing stored.
 *  1. An expert assigned one strand changed another strand through YAML upload, carry-forward
 *     and submit (only the form checked the strand).
 *  2. Carry-forward copied another edition's unpublished draft, comments included, from an
 *     edition the expert may not read.
 *  3. An upload onto an approved sheet was stored and silently reset it to draft; an approved or
 *     published sheet could be submitted again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sheetToYaml } from '../../src/answers/write-sheet.js';
import type { AnswerSheet, SheetStatus } from '../../src/answers/types.js';
import type { Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { storedQuestionnaire } from '../../src/storage/questionnaire-repository.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { createAssignment, createUser } from '../../src/storage/account-repository.js';
import { carriedForward } from '../../src/storage/review-repository.js';
import { PASSWORD, postForm, signIn, uploadSheet, workspaceSetup, type Setup } from './helpers.js';

let setup: Setup;

beforeAll(async () => {
  setup = workspaceSetup();
  const { db } = setup;
  const oneStrand = await createUser(db, {
    email: 'fr-only@example.org',
    name: 'Family reunification only',
    role: 'expert',
    password: PASSWORD,
  });
  createAssignment(db, {
    userId: oneStrand.id,
    country: 'AT',
    edition: '2025',
    strand: 'family-reunification',
    task: 'expert',
  });
  const nationalityOnly = await createUser(db, {
    email: 'atn-only@example.org',
    name: 'Nationality only',
    role: 'expert',
    password: PASSWORD,
  });
  createAssignment(db, {
    userId: nationalityOnly.id,
    country: 'AT',
    edition: '2025',
    strand: 'access-to-nationality',
    task: 'expert',
  });
});

const sheetOf = (db: Db, edition: string) => getSheet(db, { country: 'AT', edition });

/** AT `edition` saved with AT 2024's answers in the given status (replacing what was there). */
function seed(db: Db, edition: string, status: SheetStatus, comment?: string): void {
  const from = sheetOf(db, '2024')!.sheet;
  const answers = new Map(
    [...from.answers].map(([id, entry]) => [id, { ...entry, comment: comment ?? entry.comment }]),
  );
  saveSheet(db, {
    sheet: {
      questionnaire: from.questionnaire,
      country: 'AT',
      edition,
      status,
      illustrative: from.illustrative,
      coders: [],
      answers,
    },
    baseRevision: sheetOf(db, edition)?.revision ?? null,
    user: 'setup',
    reason: 'test setup',
  });
}

/** The sheet as YAML with the first answered question of `strand` given another option. */
function changedYaml(db: Db, edition: string, strand: string): { yaml: string; question: string } {
  const stored = sheetOf(db, edition)!.sheet;
  const questionnaire = storedQuestionnaire(db, 1);
  const question = questionnaire.questions.find(
    (q) => q.strandId === strand && stored.answers.has(q.id),
  )!;
  const answers = new Map(stored.answers);
  const other = question.options.find((o) => o.id !== answers.get(question.id)!.answer)!;
  answers.set(question.id, { ...answers.get(question.id)!, answer: other.id });
  const sheet: AnswerSheet = { ...stored, answers };
  return { yaml: sheetToYaml(sheet, questionnaire, {}), question: question.id };
}

async function upload(email: string, edition: string, yaml: string) {
  const agent = await signIn(setup.app, email);
  const revision = sheetOf(setup.db, edition)!.revision;
  return uploadSheet(agent, `/workspace/sheets/AT/${edition}/upload`, revision, yaml);
}

describe('1. an expert assigned one strand changes only that strand', () => {
  it('through YAML upload: a change in another strand is refused and nothing is stored', async () => {
    seed(setup.db, '2025', 'draft');
    const before = sheetOf(setup.db, '2025')!;
    const { yaml } = changedYaml(setup.db, '2025', 'access-to-nationality');
    const refused = await upload('fr-only@example.org', '2025', yaml);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('access-to-nationality');
    expect(sheetOf(setup.db, '2025')!.revision).toBe(before.revision);
    // The same file from the expert of that strand is accepted.
    const accepted = await upload('atn-only@example.org', '2025', yaml);
    expect(accepted.status).toBe(303);
    expect(sheetOf(setup.db, '2025')!.revision).toBe(before.revision + 1);
  });

  it('through carry-forward: only the strand of the assignment is copied', async () => {
    const db = setup.db;
    createEdition(db, '2026', '2026-01-01', 1);
    createAssignment(db, {
      userId: (await import('../../src/storage/account-repository.js')).userByEmail(
        db,
        'fr-only@example.org',
      )!.id,
      country: 'AT',
      edition: '2026',
      strand: 'family-reunification',
      task: 'expert',
    });
    const agent = await signIn(setup.app, 'fr-only@example.org');
    const response = await postForm(agent, '/workspace/sheets/AT/2026/carry-forward', {
      from: '2024',
    });
    expect(response.status).toBe(303);
    const questionnaire = storedQuestionnaire(db, 1);
    const strands = new Set(
      [...sheetOf(db, '2026')!.sheet.answers.keys()].map(
        (id) => questionnaire.nodes.get(id)!.strandId,
      ),
    );
    expect([...strands]).toEqual(['family-reunification']);
  });

  it('through submit: an expert of one strand cannot submit the whole sheet', async () => {
    seed(setup.db, '2025', 'draft');
    const before = sheetOf(setup.db, '2025')!;
    const agent = await signIn(setup.app, 'fr-only@example.org');
    const response = await postForm(agent, '/workspace/sheets/AT/2025/submit');
    expect(response.status).toBe(403);
    expect(sheetOf(setup.db, '2025')!.revision).toBe(before.revision);
    expect(sheetOf(setup.db, '2025')!.sheet.status).toBe('draft');
  });
});

describe('2. carry-forward copies only what the expert may read', () => {
  it('an unpublished sheet of an edition not assigned to the expert is not copied, nor its comments', async () => {
    const db = setup.db;
    createEdition(db, '2024b', '2024-07-01', 1);
    seed(db, '2024b', 'draft', 'INTERNAL NOTE of another team');
    createEdition(db, '2027', '2027-01-01', 1);
    const { userByEmail } = await import('../../src/storage/account-repository.js');
    createAssignment(db, {
      userId: userByEmail(db, 'expert-at@example.org')!.id,
      country: 'AT',
      edition: '2027',
      strand: null,
      task: 'expert',
    });
    const agent = await signIn(setup.app, 'expert-at@example.org');
    const refused = await postForm(agent, '/workspace/sheets/AT/2027/carry-forward', {
      from: '2024b',
    });
    expect(refused.status).toBe(404);
    expect(sheetOf(db, '2027')).toBeNull();
    // From a published edition the answers and sources travel, the comments do not.
    const allowed = await postForm(agent, '/workspace/sheets/AT/2027/carry-forward', {
      from: '2024',
    });
    expect(allowed.status).toBe(303);
    const copied = sheetOf(db, '2027')!;
    expect(copied.sheet.answers.size).toBeGreaterThan(10);
    expect([...copied.sheet.answers.values()].every((e) => e.comment === null)).toBe(true);
    expect(carriedForward(db, copied.id).size).toBe(copied.sheet.answers.size);
  });
});

describe('3. the review cannot be bypassed', () => {
  it.each(['approved', 'published', 'submitted', 'in_review'] as const)(
    'an expert’s upload onto a %s sheet is refused and the status stays',
    async (status) => {
      seed(setup.db, '2025', status);
      const before = sheetOf(setup.db, '2025')!;
      const { yaml } = changedYaml(setup.db, '2025', 'family-reunification');
      const refused = await upload('expert-at@example.org', '2025', yaml);
      expect(refused.status).toBe(409);
      const after = sheetOf(setup.db, '2025')!;
      expect(after.revision).toBe(before.revision);
      expect(after.sheet.status).toBe(status);
    },
  );

  it('a coordinator’s upload onto an approved sheet is a correction that goes back to review', async () => {
    seed(setup.db, '2025', 'approved');
    const { yaml } = changedYaml(setup.db, '2025', 'family-reunification');
    const response = await upload('coordinator@example.org', '2025', yaml);
    expect(response.status).toBe(303);
    expect(sheetOf(setup.db, '2025')!.sheet.status).toBe('in_review');
  });

  it('a file saying `status: published` does not publish: the workflow sets the status', async () => {
    seed(setup.db, '2025', 'draft');
    const { yaml } = changedYaml(setup.db, '2025', 'family-reunification');
    const response = await upload(
      'expert-at@example.org',
      '2025',
      yaml.replace(/^status: \w+$/m, 'status: published'),
    );
    expect(response.status).toBe(303);
    expect(sheetOf(setup.db, '2025')!.sheet.status).toBe('draft');
  });

  it.each(['approved', 'published', 'submitted'] as const)(
    'a %s sheet cannot be submitted again',
    async (status) => {
      seed(setup.db, '2025', status);
      const before = sheetOf(setup.db, '2025')!;
      for (const email of ['expert-at@example.org', 'coordinator@example.org']) {
        const agent = await signIn(setup.app, email);
        const response = await postForm(agent, '/workspace/sheets/AT/2025/submit');
        expect(response.status).toBe(409);
      }
      expect(sheetOf(setup.db, '2025')!.revision).toBe(before.revision);
    },
  );
});
