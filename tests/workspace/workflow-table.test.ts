/**
 * The workflow module against its table (tests/fixtures/workflow-cases.yaml): every action ×
 * status × role, and for experts and reviewers every scope — assigned the whole sheet, assigned
 * one strand and acting inside it or outside it, and not assigned at all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SHEET_STATUSES } from '../../src/answers/types.js';
import {
  decide,
  editableStrands,
  mayDoIndexAction,
  SHEET_ACTIONS,
  type ActorRole,
  type Decision,
  type Grant,
  type SheetAction,
  type SheetState,
} from '../../src/workspace/workflow.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

interface Table {
  columns: ActorRole[];
  actions: Record<string, Record<string, string[]>>;
}
const table = parse(readFileSync(join(FIXTURES_DIR, 'workflow-cases.yaml'), 'utf8'), {
  merge: true,
}) as Table;

const STATES: SheetState[] = ['not-started', ...SHEET_STATUSES];
const ALL_STRANDS = ['family-reunification', 'access-to-nationality'];
const STRAND_SCOPED: SheetAction[] = ['save-strand', 'upload', 'carry-forward', 'confirm-carried'];
/** Actions on the whole sheet: an assignment of some strands does not allow them. */
const WHOLE_SHEET: SheetAction[] = ['submit', 'approve', 'request-changes'];
const USER = 7;

type Scope = 'whole' | 'own-strand' | 'other-strand' | 'unassigned';

function grantsFor(role: ActorRole, scope: Scope): Grant[] {
  if (role !== 'expert' && role !== 'reviewer') return [];
  const task = role;
  if (scope === 'unassigned')
    return [{ userId: USER, country: 'DE', edition: '2025', strand: null, task }];
  return [
    {
      userId: USER,
      country: 'AT',
      edition: '2025',
      strand: scope === 'whole' ? null : 'family-reunification',
      task,
    },
    // Someone else's assignment of the same sheet gives this user nothing.
    { userId: USER + 1, country: 'AT', edition: '2025', strand: null, task },
  ];
}

function touched(scope: Scope): string[] | undefined {
  if (scope === 'own-strand') return ['family-reunification'];
  if (scope === 'other-strand') return ['access-to-nationality'];
  return undefined;
}

/** The table's word for a decision: the status afterwards, or `same` where the table says so. */
function word(decision: Decision, before: SheetState, expected: string): string {
  if (!decision.allowed) return decision.reason === 'wrong-status' ? '409' : '403';
  if (expected === 'same' && decision.status === before && !decision.correction) return 'same';
  return decision.correction ? `${decision.status}!` : decision.status;
}

/**
 * The expected word in a narrower scope, from the whole-sheet word: a user not assigned gets 403
 * everywhere; an expert or reviewer assigned one strand keeps the whole-sheet answer inside that
 * strand, but may not submit, approve or send back the whole sheet, and an expert may not change
 * another strand — where the status would have allowed it. A status refusal (409) comes before
 * the scope check.
 */
function expectedIn(scope: Scope, action: SheetAction, whole: string): string {
  if (scope === 'whole') return whole;
  if (scope === 'unassigned') return '403';
  if (whole === '403' || whole === '409') return whole;
  if (WHOLE_SHEET.includes(action)) return '403';
  if (scope === 'other-strand' && STRAND_SCOPED.includes(action)) return '403';
  return whole;
}

describe('the workflow table', () => {
  it('covers every action and every status', () => {
    expect(Object.keys(table.actions).sort()).toEqual([...SHEET_ACTIONS].sort());
    for (const rows of Object.values(table.actions))
      expect(Object.keys(rows).sort()).toEqual([...STATES].sort());
  });

  const cases: [SheetAction, SheetState, ActorRole, Scope, string][] = [];
  for (const action of SHEET_ACTIONS)
    for (const state of STATES)
      table.columns.forEach((role, column) => {
        const whole = String(table.actions[action]![state]![column]);
        const scopes: Scope[] =
          role === 'expert'
            ? ['whole', 'own-strand', 'other-strand', 'unassigned']
            : role === 'reviewer'
              ? ['whole', 'own-strand', 'unassigned']
              : ['whole'];
        for (const scope of scopes)
          cases.push([action, state, role, scope, expectedIn(scope, action, whole)]);
      });

  it.each(cases)('%s on a sheet %s by %s (%s) → %s', (action, state, role, scope, expected) => {
    const decision = decide({ id: USER, role }, grantsFor(role, scope), action, {
      country: 'AT',
      edition: '2025',
      status: state,
      strands: touched(scope),
      allStrands: ALL_STRANDS,
    });
    expect(word(decision, state, expected)).toBe(expected);
    if (!decision.allowed) expect(decision.message).not.toBe('');
  });

  it('a reviewer assignment gives an expert nothing, and an expert assignment a reviewer nothing', () => {
    const asReviewer: Grant[] = [
      { userId: USER, country: 'AT', edition: '2025', strand: null, task: 'reviewer' },
    ];
    const target = {
      country: 'AT',
      edition: '2025',
      status: 'draft' as const,
      allStrands: ALL_STRANDS,
    };
    expect(decide({ id: USER, role: 'expert' }, asReviewer, 'read', target).allowed).toBe(false);
    const asExpert: Grant[] = [{ ...asReviewer[0]!, task: 'expert' }];
    expect(decide({ id: USER, role: 'reviewer' }, asExpert, 'read', target).allowed).toBe(false);
  });

  it('an expert with one assignment per strand may submit the whole sheet', () => {
    const grants: Grant[] = ALL_STRANDS.map((strand) => ({
      userId: USER,
      country: 'AT',
      edition: '2025',
      strand,
      task: 'expert',
    }));
    const decision = decide({ id: USER, role: 'expert' }, grants, 'submit', {
      country: 'AT',
      edition: '2025',
      status: 'draft',
      allStrands: ALL_STRANDS,
    });
    expect(decision).toEqual({ allowed: true, status: 'submitted', correction: false });
  });

  it('tells which strands a user may edit', () => {
    const sheet = { country: 'AT', edition: '2025' };
    expect(editableStrands({ id: USER, role: 'coordinator' }, [], sheet)).toBe('all');
    expect(editableStrands({ id: USER, role: 'expert' }, grantsFor('expert', 'whole'), sheet)).toBe(
      'all',
    );
    expect([
      ...(editableStrands(
        { id: USER, role: 'expert' },
        grantsFor('expert', 'own-strand'),
        sheet,
      ) as Set<string>),
    ]).toEqual(['family-reunification']);
    expect(
      (
        editableStrands(
          { id: USER, role: 'reviewer' },
          grantsFor('reviewer', 'whole'),
          sheet,
        ) as Set<string>
      ).size,
    ).toBe(0);
  });

  it.each([
    ['admin', true],
    ['coordinator', true],
    ['operator', true],
    ['expert', false],
    ['reviewer', false],
  ] as const)('index actions (publish, open editions, accounts) for %s: %s', (role, allowed) => {
    for (const action of ['publish', 'open-edition', 'manage-accounts'] as const)
      expect(mayDoIndexAction({ id: USER, role }, action)).toBe(allowed);
  });
});
