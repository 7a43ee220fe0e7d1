/**
 * The sheet workflow: for every action on an answer sheet, which roles may take it, on which
 * sheets (country, edition and strand, from their assignments) and in which statuses, and what
 * the status becomes. It is the one rule every workspace route and every CLI command that changes
 * a sheet asks; none decides on its own. Pure: no I/O, no HTTP.
 *
 * Roles: admins and coordinators act on every sheet (admins also create admins); experts edit the
 * strands they are assigned while the sheet is open (not started, draft or imported) and submit
 * it when their assignment covers the whole sheet; reviewers read and comment on the sheets
 * assigned to them, and request changes or approve those whose every strand is assigned to them; the `operator` is the person at the command line, who
 * holds the database file and so may do what an admin may.
 *
 * An edit by a coordinator on a sheet that is no longer open (submitted, in review, approved,
 * published) is a *correction*: allowed, recorded as such, and it sends the sheet back to review,
 * so that nothing reaches a published number without a reviewer's approval.
 */
import type { SheetStatus } from '../answers/types.js';

export type SheetState = SheetStatus | 'not-started';
export type ActorRole = 'admin' | 'coordinator' | 'expert' | 'reviewer' | 'operator';

export const SHEET_ACTIONS = [
  'read',
  'save-strand',
  'upload',
  'carry-forward',
  'confirm-carried',
  'submit',
  'comment',
  'request-changes',
  'approve',
  'reconcile',
  'import',
] as const;
export type SheetAction = (typeof SHEET_ACTIONS)[number];

/** Actions on an edition or on accounts rather than on one sheet. */
export const INDEX_ACTIONS = ['publish', 'open-edition', 'manage-accounts'] as const;
export type IndexAction = (typeof INDEX_ACTIONS)[number];

export interface Actor {
  id: number;
  role: ActorRole;
}

/** An assignment as the workflow needs it: whose, which sheet, which strand (null = all). */
export interface Grant {
  userId: number;
  country: string;
  edition: string;
  strand: string | null;
  task: 'expert' | 'reviewer';
}

export interface SheetTarget {
  country: string;
  edition: string;
  status: SheetState;
  /**
   * The strands the change touches (for edits: the strands of the questions it changes). Omitted:
   * the whole sheet.
   */
  strands?: readonly string[];
  /** Every strand of the questionnaire, to tell whether an assignment covers the whole sheet. */
  allStrands: readonly string[];
  /** What a refusal calls the target ("the sheet is submitted: …"); default `the sheet`. */
  subject?: string;
}

export type Denial = 'not-assigned' | 'out-of-scope' | 'wrong-status' | 'wrong-role';

export type Decision =
  | { allowed: true; status: SheetState; correction: boolean }
  | { allowed: false; reason: Denial; message: string };

const OPEN_STATES: readonly SheetState[] = ['not-started', 'draft', 'imported'];
const CLOSED_STATES: readonly SheetState[] = ['submitted', 'in_review', 'approved', 'published'];
const ANY_STATE: readonly SheetState[] = [...OPEN_STATES, ...CLOSED_STATES];
const EDITS: readonly SheetAction[] = [
  'save-strand',
  'upload',
  'carry-forward',
  'confirm-carried',
  'reconcile',
];

interface Rule {
  /** Roles other than admin, coordinator and operator that may take the action. */
  assigned: readonly ('expert' | 'reviewer')[];
  /** Statuses in which the assigned roles may take it. */
  from: readonly SheetState[];
  /** Statuses in which coordinators may take it (default: `from`). */
  coordinatorFrom?: readonly SheetState[];
  /** The status afterwards: a fixed one, or the current one (`null`). */
  to: SheetState | null;
  /** Whether the change must stay inside the assigned strands. */
  strandScoped?: boolean;
  /** Whether the assignment must cover every strand (the action concerns the whole sheet). */
  wholeSheet?: boolean;
}

const RULES: Record<SheetAction, Rule> = {
  read: { assigned: ['expert', 'reviewer'], from: ANY_STATE, to: null },
  'save-strand': {
    assigned: ['expert'],
    from: OPEN_STATES,
    coordinatorFrom: ANY_STATE,
    to: 'draft',
    strandScoped: true,
  },
  upload: {
    assigned: ['expert'],
    from: OPEN_STATES,
    coordinatorFrom: ANY_STATE,
    to: 'draft',
    strandScoped: true,
  },
  'carry-forward': {
    assigned: ['expert'],
    from: OPEN_STATES,
    coordinatorFrom: OPEN_STATES,
    to: 'draft',
    strandScoped: true,
  },
  'confirm-carried': {
    assigned: ['expert'],
    from: OPEN_STATES,
    coordinatorFrom: ANY_STATE,
    to: 'draft',
    strandScoped: true,
  },
  submit: { assigned: ['expert'], from: ['draft', 'imported'], to: 'submitted', wholeSheet: true },
  comment: { assigned: ['expert', 'reviewer'], from: ANY_STATE, to: null },
  // Sending a sheet back and approving it concern every strand, as submitting does: a reviewer
  // assigned some strands reads and comments; one assigned the whole sheet (or a coordinator)
  // decides.
  'request-changes': {
    assigned: ['reviewer'],
    from: ['submitted', 'in_review', 'approved'],
    to: 'draft',
    wholeSheet: true,
  },
  // Coordinators also approve data imported from elsewhere as it was coded (its skip-logic
  // deviations are kept and published with the edition).
  approve: {
    assigned: ['reviewer'],
    from: ['submitted', 'in_review'],
    coordinatorFrom: ['submitted', 'in_review', 'imported'],
    to: 'approved',
    wholeSheet: true,
  },
  reconcile: { assigned: [], from: [], coordinatorFrom: ANY_STATE, to: 'in_review' },
  import: {
    assigned: [],
    from: [],
    coordinatorFrom: ANY_STATE,
    to: null,
  },
};

const STATUS_WORDS: Record<SheetState, string> = {
  'not-started': 'not started',
  imported: 'imported',
  draft: 'a draft',
  submitted: 'submitted',
  in_review: 'in review',
  approved: 'approved',
  published: 'published',
};

/** Whether the role acts on every sheet of the index. */
export function isCoordinating(role: ActorRole): boolean {
  return role === 'admin' || role === 'coordinator' || role === 'operator';
}

/** Index-level actions: publishing, opening editions, managing accounts. */
export function mayDoIndexAction(actor: Actor, _action: IndexAction): boolean {
  return isCoordinating(actor.role);
}

/**
 * The decision on one action. Checks, in order: the role may take the action at all; the sheet is
 * assigned to the user with the right task; the status allows it; the strands touched are within
 * the assignment (or the assignment covers the whole sheet when the action needs it).
 */
export function decide(
  actor: Actor,
  grants: readonly Grant[],
  action: SheetAction,
  target: SheetTarget,
): Decision {
  const rule = RULES[action];
  const coordinating = isCoordinating(actor.role);
  if (action === 'import' && actor.role !== 'operator')
    return deny('wrong-role', 'sheets are imported from files at the command line');
  if (!coordinating) {
    const task = actor.role as 'expert' | 'reviewer';
    if (!rule.assigned.includes(task))
      return deny('wrong-role', `a ${actor.role} may not ${ACTION_WORDS[action]}`);
    const mine = grants.filter(
      (g) =>
        g.userId === actor.id &&
        g.task === task &&
        g.country === target.country &&
        g.edition === target.edition,
    );
    if (mine.length === 0)
      return deny(
        'not-assigned',
        `${target.country} ${target.edition} is not assigned to you as ${task}`,
      );
    if (!rule.from.includes(target.status))
      return deny(
        'wrong-status',
        `${target.subject ?? 'the sheet'} is ${STATUS_WORDS[target.status]}: ${statusHint(action, target.status)}`,
      );
    const scope = strandScope(mine);
    if (rule.wholeSheet && !coversAll(scope, target.allStrands))
      return deny(
        'out-of-scope',
        `your assignment covers ${[...(scope as Set<string>)].join(', ')} only: to ${ACTION_WORDS[action]}, an assignment must cover every strand (or a coordinator does it)`,
      );
    if (rule.strandScoped && scope !== 'all') {
      const touched = target.strands ?? target.allStrands;
      const outside = touched.filter((s) => !scope.has(s));
      if (outside.length > 0)
        return deny(
          'out-of-scope',
          `your assignment covers ${[...scope].join(', ')} only, not ${outside.join(', ')}`,
        );
    }
    return allow(action, target.status, actor, false);
  }
  const from = rule.coordinatorFrom ?? rule.from;
  if (!from.includes(target.status))
    return deny(
      'wrong-status',
      `${target.subject ?? 'the sheet'} is ${STATUS_WORDS[target.status]}: ${statusHint(action, target.status)}`,
    );
  const correction = EDITS.includes(action) && CLOSED_STATES.includes(target.status);
  return allow(action, target.status, actor, correction);
}

/** The strands a user may edit on a sheet: every strand, a set, or none. */
export function editableStrands(
  actor: Actor,
  grants: readonly Grant[],
  sheet: { country: string; edition: string },
): 'all' | Set<string> {
  if (isCoordinating(actor.role)) return 'all';
  if (actor.role !== 'expert') return new Set();
  return strandScope(
    grants.filter(
      (g) =>
        g.userId === actor.id &&
        g.task === 'expert' &&
        g.country === sheet.country &&
        g.edition === sheet.edition,
    ),
  );
}

const ACTION_WORDS: Record<SheetAction, string> = {
  read: 'read this sheet',
  'save-strand': 'edit answers',
  upload: 'upload a sheet',
  'carry-forward': 'carry answers forward',
  'confirm-carried': 'confirm carried answers',
  submit: 'submit a sheet',
  comment: 'comment',
  'request-changes': 'request changes',
  approve: 'approve a sheet',
  reconcile: "reconcile coders' sheets",
  import: 'import sheets',
};

function statusHint(action: SheetAction, status: SheetState): string {
  if (EDITS.includes(action))
    return status === 'submitted' || status === 'in_review'
      ? 'it can be edited again when a reviewer asks for changes'
      : 'only a coordinator may correct it now';
  if (action === 'submit')
    return status === 'not-started' ? 'answer some questions first' : 'it was submitted already';
  if (action === 'approve' || action === 'request-changes')
    return 'only submitted sheets are reviewed';
  return 'this is not possible now';
}

function strandScope(grants: readonly Grant[]): 'all' | Set<string> {
  if (grants.some((g) => g.strand === null)) return 'all';
  return new Set(grants.map((g) => g.strand!));
}

function coversAll(scope: 'all' | Set<string>, strands: readonly string[]): boolean {
  return scope === 'all' || strands.every((s) => scope.has(s));
}

function allow(
  action: SheetAction,
  status: SheetState,
  actor: Actor,
  correction: boolean,
): Decision {
  if (correction) return { allowed: true, status: 'in_review', correction: true };
  const rule = RULES[action];
  if (action === 'comment')
    // A reviewer's (or coordinator's) comment on a submitted sheet starts the review.
    return {
      allowed: true,
      status: status === 'submitted' && actor.role !== 'expert' ? 'in_review' : status,
      correction: false,
    };
  return { allowed: true, status: rule.to ?? status, correction: false };
}

function deny(reason: Denial, message: string): Decision {
  return { allowed: false, reason, message };
}

/** Actions on the editors' key findings and recommendations of a country in an edition. */
export const EDITORIAL_ACTIONS = ['read', 'edit', 'submit', 'approve', 'request-changes'] as const;
export type EditorialAction = (typeof EDITORIAL_ACTIONS)[number];

const EDITORIAL_AS_SHEET_ACTION: Record<EditorialAction, SheetAction> = {
  read: 'read',
  edit: 'save-strand',
  submit: 'submit',
  approve: 'approve',
  'request-changes': 'request-changes',
};

/**
 * The editors' text on a country in an edition follows the rules of that country's sheet, as the
 * whole sheet: experts assigned to every strand of it write and submit the text while it is
 * open (not started or a draft), reviewers assigned to it approve it or send it back, and
 * coordinators do both, a coordinator's edit of a closed text being a correction that sends it
 * back to review. The text's own status, not the sheet's, is the one the rules read.
 */
export function decideEditorial(
  actor: Actor,
  grants: readonly Grant[],
  action: EditorialAction,
  target: { country: string; edition: string; status: SheetState; allStrands: readonly string[] },
): Decision {
  return decide(actor, grants, EDITORIAL_AS_SHEET_ACTION[action], {
    ...target,
    subject: 'the text',
  });
}

/** The person at the command line: they hold the database file, so they act as an admin. */
export const OPERATOR: Actor = { id: 0, role: 'operator' };
