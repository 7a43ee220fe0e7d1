/**
 * Legal events in the database (migration 7): the working copy of each event with its status and
 * revision, the append-only history of every change, and the copies frozen with each published
 * snapshot. Like sheets: every save names the revision it was based on, a stale one is refused
 * (`LegalEventConflictError`, nothing stored), and unchanged content is not a new revision.
 *
 * The public site reads only `publishedLegalEvents`: what was frozen with the latest published
 * revision of each edition.
 */
import type { EventStatus, LegalEvent } from '../events/types.js';
import {
  ConflictError,
  fileIssue,
  InputError,
  issueAt,
  NOWHERE,
  type IssueCode,
} from '../issues/issue.js';
import { canonicalJson } from '../source/canonical-json.js';
import { now, prepared, type Db } from './database.js';
import type { PlannedEvent } from './publication-plan.js';

export interface StoredLegalEvent {
  event: LegalEvent;
  status: EventStatus;
  revision: number;
  updatedAt: string;
  updatedBy: string;
}

/** What a change of an event was, for the history. */
export type EventChange =
  'created' | 'edited' | 'imported' | 'submitted' | 'approved' | 'changes-requested' | 'published';

export interface EventSaveRequest {
  event: LegalEvent;
  status: EventStatus;
  /** The revision the change was based on; `null` when creating an event that should not exist. */
  baseRevision: number | null;
  user: string;
  change: EventChange;
  reason?: string | null;
}

export interface EventSaveResult {
  revision: number;
  created: boolean;
  /** Whether anything was written (content or status changed). */
  changed: boolean;
}

export interface EventHistoryEntry {
  revision: number;
  changedAt: string;
  changedBy: string;
  change: EventChange;
  reason: string | null;
  statusBefore: EventStatus | null;
  statusAfter: EventStatus;
  before: LegalEvent | null;
  after: LegalEvent;
}

/**
 * A save based on a revision that is no longer the current one (`event-conflict`), or a new event
 * with the id of one that exists (`event-exists`). Nothing was stored.
 */
export class LegalEventConflictError extends ConflictError {
  constructor(
    readonly id: string,
    readonly baseRevision: number | null,
    readonly current: { revision: number; updatedBy: string; updatedAt: string } | null,
  ) {
    const [code, what]: [IssueCode, string] =
      current === null
        ? ['event-conflict', `event ${id} no longer exists at revision ${baseRevision}`]
        : baseRevision === null
          ? ['event-exists', `an event with id ${id} exists already (revision ${current.revision})`]
          : [
              'event-conflict',
              `event ${id} was changed by ${current.updatedBy} at ${current.updatedAt} (revision ${current.revision}; your changes were based on revision ${baseRevision})`,
            ];
    super([issueAt(NOWHERE, code, what)], `${what}. Nothing was saved.`);
    this.name = 'LegalEventConflictError';
  }
}

interface EventRow {
  id: string;
  edition_id: string;
  status: EventStatus;
  revision: number;
  data: string;
  updated_at: string;
  updated_by: string;
}

const COLUMNS = 'id, edition_id, status, revision, data, updated_at, updated_by';

function toStored(row: EventRow): StoredLegalEvent {
  return {
    event: JSON.parse(row.data) as LegalEvent,
    status: row.status,
    revision: row.revision,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function eventRow(db: Db, id: string): EventRow | undefined {
  return prepared(db, `SELECT ${COLUMNS} FROM legal_events WHERE id = ?`).get(id) as
    EventRow | undefined;
}

export function getLegalEvent(db: Db, id: string): StoredLegalEvent | null {
  const row = eventRow(db, id);
  return row ? toStored(row) : null;
}

/** Working events (any status), by edition then date and id; optionally of one edition or country. */
export function listLegalEvents(
  db: Db,
  filter: { edition?: string; country?: string } = {},
): StoredLegalEvent[] {
  const rows = db
    .prepare(
      `SELECT ${COLUMNS} FROM legal_events e
       WHERE (@edition IS NULL OR edition_id = @edition)
         AND (@country IS NULL OR EXISTS (SELECT 1 FROM legal_event_countries c WHERE c.event_id = e.id AND c.country = @country))
       ORDER BY edition_id, json_extract(data, '$.date'), id`,
    )
    .all({ edition: filter.edition ?? null, country: filter.country ?? null }) as EventRow[];
  return rows.map(toStored);
}

/** Saves an event in its own IMMEDIATE transaction (see `saveLegalEventInTransaction`). */
export function saveLegalEvent(db: Db, request: EventSaveRequest): EventSaveResult {
  return db.transaction(() => saveLegalEventInTransaction(db, request)).immediate();
}

/**
 * Creates the event (`baseRevision` null) or changes it if `baseRevision` is still current;
 * refuses with `LegalEventConflictError` otherwise. An event stays in its edition
 * (`event-edition-changed`). Same content and status: nothing written, the revision stays.
 */
export function saveLegalEventInTransaction(db: Db, request: EventSaveRequest): EventSaveResult {
  const { event, status, user } = request;
  const current = eventRow(db, event.id);
  if (!current && request.baseRevision !== null)
    throw new LegalEventConflictError(event.id, request.baseRevision, null);
  if (current && request.baseRevision !== current.revision)
    throw new LegalEventConflictError(event.id, request.baseRevision, {
      revision: current.revision,
      updatedBy: current.updated_by,
      updatedAt: current.updated_at,
    });
  if (current && current.edition_id !== event.edition)
    throw new InputError([
      fileIssue(
        null,
        'event-edition-changed',
        `event ${event.id} belongs to edition ${current.edition_id}, not ${event.edition}: an event stays in its edition (give the new one another id)`,
      ),
    ]);
  const data = canonicalJson(event);
  if (current && current.data === data && current.status === status)
    return { revision: current.revision, created: false, changed: false };

  const at = now();
  const revision = current ? current.revision + 1 : 1;
  if (current)
    prepared(
      db,
      'UPDATE legal_events SET status = ?, revision = ?, data = ?, updated_at = ?, updated_by = ? WHERE id = ?',
    ).run(status, revision, data, at, user, event.id);
  else
    prepared(
      db,
      'INSERT INTO legal_events (id, edition_id, status, revision, data, updated_at, updated_by) VALUES (?, ?, ?, 1, ?, ?, ?)',
    ).run(event.id, event.edition, status, data, at, user);
  if (!current || current.data !== data) {
    prepared(db, 'DELETE FROM legal_event_countries WHERE event_id = ?').run(event.id);
    const insert = prepared(
      db,
      'INSERT INTO legal_event_countries (event_id, country) VALUES (?, ?)',
    );
    for (const country of event.countries) insert.run(event.id, country);
  }
  appendHistory(db, {
    id: event.id,
    revision,
    at,
    user,
    change: request.change,
    reason: request.reason ?? null,
    statusBefore: current?.status ?? null,
    statusAfter: status,
    before: current?.data ?? null,
    after: data,
  });
  return { revision, created: !current, changed: true };
}

function appendHistory(
  db: Db,
  entry: {
    id: string;
    revision: number;
    at: string;
    user: string;
    change: EventChange;
    reason: string | null;
    statusBefore: EventStatus | null;
    statusAfter: EventStatus;
    before: string | null;
    after: string;
  },
): void {
  prepared(
    db,
    `INSERT INTO legal_event_history (event_id, revision, changed_at, changed_by, action, reason, status_before, status_after, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    entry.id,
    entry.revision,
    entry.at,
    entry.user,
    entry.change,
    entry.reason,
    entry.statusBefore,
    entry.statusAfter,
    entry.before,
    entry.after,
  );
}

/** Every change of an event, oldest first. */
export function legalEventHistory(db: Db, id: string): EventHistoryEntry[] {
  const rows = db
    .prepare(
      `SELECT revision, changed_at, changed_by, action, reason, status_before, status_after, before, after
       FROM legal_event_history WHERE event_id = ? ORDER BY id`,
    )
    .all(id) as {
    revision: number;
    changed_at: string;
    changed_by: string;
    action: EventChange;
    reason: string | null;
    status_before: EventStatus | null;
    status_after: EventStatus;
    before: string | null;
    after: string;
  }[];
  return rows.map((r) => ({
    revision: r.revision,
    changedAt: r.changed_at,
    changedBy: r.changed_by,
    change: r.action,
    reason: r.reason,
    statusBefore: r.status_before,
    statusAfter: r.status_after,
    before: r.before === null ? null : (JSON.parse(r.before) as LegalEvent),
    after: JSON.parse(r.after) as LegalEvent,
  }));
}

/** Statuses whose events a publication includes. */
const PUBLISHABLE: ReadonlySet<EventStatus> = new Set(['approved', 'published']);

/**
 * The events the next publication of `edition` would include: the approved and published ones,
 * and the events of the current published revision whose working copy was re-opened (kept with
 * their published content, as carried sheets are). Sorted by id.
 */
export function plannedLegalEvents(
  db: Db,
  edition: string,
  currentSnapshotId: number | null,
): PlannedEvent[] {
  const included = new Map<string, PlannedEvent>();
  for (const stored of listLegalEvents(db, { edition }))
    if (PUBLISHABLE.has(stored.status))
      included.set(stored.event.id, {
        id: stored.event.id,
        from: 'event',
        revision: stored.revision,
      });
  if (currentSnapshotId !== null)
    for (const row of frozenRows(db, currentSnapshotId))
      if (!included.has(row.event_id))
        included.set(row.event_id, {
          id: row.event_id,
          from: 'carried',
          revision: row.event_revision,
        });
  return [...included.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The legal events frozen with a snapshot, by id and the revision frozen. */
export function frozenLegalEvents(db: Db, snapshotId: number): { id: string; revision: number }[] {
  return frozenRows(db, snapshotId).map((row) => ({
    id: row.event_id,
    revision: row.event_revision,
  }));
}

interface FrozenRow {
  event_id: string;
  event_revision: number;
  date: string;
  data: string;
}

function frozenRows(db: Db, snapshotId: number): FrozenRow[] {
  return prepared(
    db,
    'SELECT event_id, event_revision, date, data FROM published_legal_events WHERE snapshot_id = ? ORDER BY event_id',
  ).all(snapshotId) as FrozenRow[];
}

/**
 * Freezes the planned events (the publication plan's, which its confirmation is bound to) with a
 * new snapshot, inside the publishing transaction: approved events become published (a new
 * revision, recorded in the history), carried ones are copied from the previous snapshot.
 * Returns how many events were published.
 */
export function publishLegalEvents(
  db: Db,
  planned: readonly PlannedEvent[],
  options: { snapshotId: number; previousSnapshotId: number | null; user: string },
): number {
  const previous = new Map(
    options.previousSnapshotId === null
      ? []
      : frozenRows(db, options.previousSnapshotId).map((row) => [row.event_id, row]),
  );
  const insert = prepared(
    db,
    'INSERT INTO published_legal_events (snapshot_id, event_id, event_revision, date, data) VALUES (?, ?, ?, ?, ?)',
  );
  const at = now();
  for (const inclusion of planned) {
    if (inclusion.from === 'carried') {
      const row = previous.get(inclusion.id)!;
      insert.run(options.snapshotId, row.event_id, row.event_revision, row.date, row.data);
      continue;
    }
    const row = eventRow(db, inclusion.id)!;
    let revision = row.revision;
    if (row.status !== 'published') {
      revision += 1;
      prepared(
        db,
        "UPDATE legal_events SET status = 'published', revision = ?, updated_at = ?, updated_by = ? WHERE id = ?",
      ).run(revision, at, options.user, row.id);
      appendHistory(db, {
        id: row.id,
        revision,
        at,
        user: options.user,
        change: 'published',
        reason: null,
        statusBefore: row.status,
        statusAfter: 'published',
        before: row.data,
        after: row.data,
      });
    }
    const event = JSON.parse(row.data) as LegalEvent;
    insert.run(options.snapshotId, row.id, revision, event.date, row.data);
  }
  return planned.length;
}

/**
 * The published legal events: those frozen with the latest published revision of each edition
 * (or of the edition named), optionally only those concerning a country or a question; sorted by
 * date, then id. Drafts and unpublished changes never appear.
 */
export function publishedLegalEvents(
  db: Db,
  filter: { edition?: string; country?: string; question?: string },
): LegalEvent[] {
  const rows = prepared(
    db,
    `SELECT p.data FROM published_legal_events p JOIN snapshots s ON s.id = p.snapshot_id
     WHERE s.revision = (SELECT MAX(revision) FROM snapshots latest WHERE latest.edition_id = s.edition_id)
       AND (@edition IS NULL OR s.edition_id = @edition)
     ORDER BY p.date, p.event_id`,
  ).all({ edition: filter.edition ?? null }) as { data: string }[];
  return rows
    .map((row) => JSON.parse(row.data) as LegalEvent)
    .filter(
      (event) =>
        (filter.country === undefined || event.countries.includes(filter.country)) &&
        (filter.question === undefined || event.questions.includes(filter.question)),
    );
}
