/**
 * The workflow of legal events is the sheets' workflow (`workspace/workflow.ts`), asked once for
 * every country the event touches: an event is allowed to an actor only if `decide` allows the
 * corresponding sheet action on every (country, edition, strands of its questions) it concerns,
 * in the event's status. So an expert adds and edits events of the strands assigned to them while
 * the event is open, a reviewer of every country concerned approves it, and a coordinator's edit
 * of a closed event is a correction that sends it back to review.
 *
 * For the whole-sheet rule of submitting, the "sheet" is the event's own strands: an expert whose
 * assignments cover the strands of its questions submits it.
 */
import {
  decide,
  type Actor,
  type Decision,
  type Grant,
  type SheetAction,
  type SheetState,
} from '../workspace/workflow.js';
import type { EventStatus, LegalEvent } from './types.js';

export type EventAction =
  'read' | 'add' | 'edit' | 'submit' | 'approve' | 'request-changes' | 'import';

/** The sheet action each event action is decided as. */
const AS_SHEET_ACTION: Record<EventAction, SheetAction> = {
  read: 'read',
  add: 'save-strand',
  edit: 'save-strand',
  submit: 'submit',
  approve: 'approve',
  'request-changes': 'request-changes',
  import: 'import',
};

export interface EventTarget {
  event: Pick<LegalEvent, 'countries' | 'questions' | 'edition'>;
  /** The event's status; `not-started` for an event that does not exist yet. */
  status: EventStatus | 'not-started';
  /** The strand of a question of the event's edition (null: unknown or none). */
  strandOf: (questionId: string) => string | null;
}

/**
 * The decision on an action on an event: the first refusal among its countries, or the allowed
 * decision (the status afterwards is the same for every country: same action, same status).
 */
export function decideEvent(
  actor: Actor,
  grants: readonly Grant[],
  action: EventAction,
  target: EventTarget,
): Decision {
  const strands = strandsOfEvent(target);
  let allowed: Decision | null = null;
  for (const country of target.event.countries) {
    const decision = decide(actor, grants, AS_SHEET_ACTION[action], {
      country,
      edition: target.event.edition,
      status: target.status as SheetState,
      strands,
      allStrands: strands,
      subject: 'the event',
    });
    if (!decision.allowed) return decision;
    allowed ??= decision;
  }
  return (
    allowed ?? { allowed: false, reason: 'out-of-scope', message: 'the event names no country' }
  );
}

/** The strands of the event's questions, in first-seen order. */
function strandsOfEvent(target: EventTarget): string[] {
  const strands = new Set<string>();
  for (const id of target.event.questions) {
    const strand = target.strandOf(id);
    if (strand !== null) strands.add(strand);
  }
  return [...strands];
}
