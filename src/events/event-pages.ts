/**
 * What the workspace's event pages show: the list of events a user may read, the form (new or
 * edit) with what was typed and its problems per field, and one event with its history and the
 * actions the workflow allows the user now. Shapes data for the templates; no HTTP here.
 */
import type { Db } from '../storage/database.js';
import { listEditions } from '../storage/edition-repository.js';
import {
  legalEventHistory,
  listLegalEvents,
  type StoredLegalEvent,
} from '../storage/legal-event-repository.js';
import { namesByEmail } from '../storage/account-repository.js';
import { isCoordinating, type Actor, type Grant } from '../workspace/workflow.js';
import type { EventsContext } from './check-events.js';
import { EVENT_FORM_FIELDS, type EventFormValues } from './event-form.js';
import { strandLookup } from './events-context.js';
import { decideEvent, type EventAction } from './event-workflow.js';
import type { EventStatus, LegalEvent } from './types.js';

export interface Viewer {
  actor: Actor;
  grants: readonly Grant[];
}

export const STATUS_WORDS: Record<EventStatus, string> = {
  draft: 'draft',
  submitted: 'submitted',
  in_review: 'in review',
  approved: 'approved',
  published: 'published',
};

/** The workflow's decision on an action on a stored event, for this viewer. */
export function eventDecision(
  viewer: Viewer,
  context: EventsContext,
  action: EventAction,
  stored: StoredLegalEvent,
) {
  return decideEvent(viewer.actor, viewer.grants, action, {
    event: stored.event,
    status: stored.status,
    strandOf: strandLookup(context, stored.event.edition),
  });
}

/**
 * Whether the viewer may add events at all: coordinators, and experts with an assignment (which
 * events exactly is decided per event when it is saved).
 */
export function mayAddEvents(viewer: Viewer): boolean {
  return (
    isCoordinating(viewer.actor.role) ||
    viewer.grants.some((g) => g.userId === viewer.actor.id && g.task === 'expert')
  );
}

export function eventListView(
  db: Db,
  viewer: Viewer,
  context: EventsContext,
  edition: string | undefined,
) {
  const rows = listLegalEvents(db, { edition })
    .filter((stored) => eventDecision(viewer, context, 'read', stored).allowed)
    .map((stored) => ({
      id: stored.event.id,
      href: `/workspace/events/${stored.event.id}`,
      title: stored.event.title,
      kind: stored.event.kind === 'court-decision' ? 'court decision' : 'legislation',
      date: stored.event.date,
      edition: stored.event.edition,
      countries: stored.event.countries.join(', '),
      status: STATUS_WORDS[stored.status],
      statusClass: stored.status.replace('_', '-'),
      illustrative: stored.event.illustrative,
    }));
  return {
    title: 'Legal events',
    rows,
    edition: edition ?? null,
    editions: listEditions(db).map((e) => e.id),
    mayAdd: mayAddEvents(viewer),
  };
}

export interface EventFormOptions {
  mode: 'new' | 'edit';
  values: EventFormValues;
  errors?: ReadonlyMap<string, string[]>;
  baseRevision?: number;
  /** Why the save was refused because someone else saved first. */
  conflict?: string;
}

export function eventFormView(db: Db, options: EventFormOptions) {
  const errors = options.errors ?? new Map<string, string[]>();
  const editions = listEditions(db).map((e) => ({
    value: e.id,
    label: `${e.id} (law as of ${e.reference_date})`,
  }));
  const fields = EVENT_FORM_FIELDS.map((field) => {
    const messages = errors.get(field.name) ?? [];
    return {
      ...field,
      id: `event-${field.name.replace('_', '-')}`,
      // A new event belongs to the newest edition unless another is chosen.
      value:
        options.values[field.name] ||
        (field.name === 'edition' ? (editions.at(-1)?.value ?? '') : ''),
      options: field.name === 'edition' ? editions : (field.options ?? []),
      errors: messages,
      errorId: messages.length > 0 ? `event-${field.name.replace('_', '-')}-error` : null,
      readOnly: options.mode === 'edit' && (field.name === 'id' || field.name === 'edition'),
    };
  });
  const summary = [
    ...(errors.get('form') ?? []).map((text) => ({ href: '#event-form', text })),
    ...fields.flatMap((f) =>
      f.errors.map((text) => ({ href: `#${f.id}`, text: `${f.label}: ${text}` })),
    ),
  ];
  const id = options.values.id ?? '';
  return {
    title: options.mode === 'new' ? 'Add a legal event' : `Edit ${id}`,
    mode: options.mode,
    action: options.mode === 'new' ? '/workspace/events' : `/workspace/events/${id}`,
    back: options.mode === 'new' ? '/workspace/events' : `/workspace/events/${id}`,
    baseRevision: options.baseRevision ?? 0,
    fields,
    errorSummary: summary,
    conflict: options.conflict ?? null,
  };
}

export function eventPageView(
  db: Db,
  viewer: Viewer,
  context: EventsContext,
  stored: StoredLegalEvent,
) {
  const may = (action: EventAction) => eventDecision(viewer, context, action, stored).allowed;
  const event = stored.event;
  const history = legalEventHistory(db, event.id);
  const names = namesByEmail(db, [stored.updatedBy, ...history.map((h) => h.changedBy)]);
  return {
    title: event.title,
    event,
    details: details(event),
    status: STATUS_WORDS[stored.status],
    statusClass: stored.status.replace('_', '-'),
    revision: stored.revision,
    updatedBy: names.get(stored.updatedBy.toLowerCase()) ?? stored.updatedBy,
    path: `/workspace/events/${event.id}`,
    mayEdit: may('edit'),
    maySubmit: may('submit'),
    mayApprove: may('approve'),
    mayRequestChanges: may('request-changes'),
    history: history.reverse().map((h) => ({
      revision: h.revision,
      at: h.changedAt.slice(0, 19).replace('T', ' '),
      by: names.get(h.changedBy.toLowerCase()) ?? h.changedBy,
      change: h.change.replace('-', ' '),
      reason: h.reason ?? '',
      status:
        h.statusBefore === null || h.statusBefore === h.statusAfter
          ? STATUS_WORDS[h.statusAfter]
          : `${STATUS_WORDS[h.statusBefore]} → ${STATUS_WORDS[h.statusAfter]}`,
      fieldsChanged: h.before === null ? [] : changedFields(h.before, h.after),
    })),
  };
}

/** The event's fields as label and text, only those it has. */
function details(event: LegalEvent): { label: string; text: string; link: boolean }[] {
  const rows: [string, string | null, boolean?][] = [
    ['Kind', event.kind === 'court-decision' ? 'court decision' : 'legislation'],
    ['Edition', event.edition],
    ['Date', event.date],
    ['In force since', event.inForceDate],
    ['Court', event.court],
    ['ECLI', event.ecli],
    ['Outcome', event.outcome?.replace('-', ' ') ?? null],
    ['ELI', event.eli, /^https?:\/\//.test(event.eli ?? '')],
    ['Summary', event.summary],
    ['Text', event.url, true],
    ['Countries', event.countries.join(', ')],
    ['Questions', event.questions.join(', ')],
    ['Sample data', event.illustrative ? 'illustrative: not a real legal event' : null],
  ];
  return rows
    .filter((row): row is [string, string, boolean?] => row[1] !== null)
    .map(([label, text, link]) => ({ label, text, link: link === true }));
}

function changedFields(before: LegalEvent, after: LegalEvent): string[] {
  return (Object.keys(after) as (keyof LegalEvent)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}
