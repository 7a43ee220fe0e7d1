/**
 * The editors' key findings and recommendations in the database (migration 9): the working copy
 * of each country's text in an edition with its status and revision, the append-only history of
 * every change, and the copies frozen with each published snapshot. Like sheets and legal events:
 * every save names the revision it was based on, a stale one is refused
 * (`EditorialConflictError`, nothing stored), and unchanged content and status is not a new
 * revision.
 *
 * The public site reads only `publishedEditorial`: the text frozen with the snapshot it shows, so
 * a later edit changes nothing until the next publication and older revisions keep their text.
 */
import type { EditorialStatus, EditorialText } from '../editorial/types.js';
import { ConflictError, issueAt, NOWHERE } from '../issues/issue.js';
import { canonicalJson } from '../source/canonical-json.js';
import { now, prepared, type Db } from './database.js';
import type { PlannedEditorial } from './publication-plan.js';

export interface StoredEditorial {
  country: string;
  edition: string;
  text: EditorialText;
  status: EditorialStatus;
  revision: number;
  updatedAt: string;
  updatedBy: string;
}

/** What a change of a text was, for the history. */
export type EditorialChange =
  'created' | 'edited' | 'submitted' | 'approved' | 'changes-requested' | 'published';

export interface EditorialSaveRequest {
  country: string;
  edition: string;
  text: EditorialText;
  status: EditorialStatus;
  /** The revision the change was based on; 0 when the text does not exist yet. */
  baseRevision: number;
  user: string;
  change: EditorialChange;
  reason?: string | null;
}

export interface EditorialHistoryEntry {
  revision: number;
  changedAt: string;
  changedBy: string;
  change: EditorialChange;
  reason: string | null;
  statusBefore: EditorialStatus | null;
  statusAfter: EditorialStatus;
  text: EditorialText;
}

/** A save based on a revision that is no longer the current one. Nothing was stored. */
export class EditorialConflictError extends ConflictError {
  constructor(
    readonly baseRevision: number,
    readonly current: { revision: number; updatedBy: string; updatedAt: string },
  ) {
    const what =
      current.revision === 0
        ? `the text no longer exists at revision ${baseRevision}`
        : `the text was changed by ${current.updatedBy} at ${current.updatedAt} (revision ${current.revision}; your changes were based on revision ${baseRevision})`;
    super([issueAt(NOWHERE, 'editorial-conflict', what)], `${what}. Nothing was saved.`);
    this.name = 'EditorialConflictError';
  }
}

interface TextRow {
  country: string;
  edition_id: string;
  status: EditorialStatus;
  revision: number;
  data: string;
  updated_at: string;
  updated_by: string;
}

function textRow(db: Db, country: string, edition: string): TextRow | undefined {
  return prepared(
    db,
    'SELECT country, edition_id, status, revision, data, updated_at, updated_by FROM editorial_texts WHERE country = ? AND edition_id = ?',
  ).get(country, edition) as TextRow | undefined;
}

export function getEditorial(db: Db, country: string, edition: string): StoredEditorial | null {
  const row = textRow(db, country, edition);
  return row
    ? {
        country: row.country,
        edition: row.edition_id,
        text: JSON.parse(row.data) as EditorialText,
        status: row.status,
        revision: row.revision,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      }
    : null;
}

/**
 * Creates the text (`baseRevision` 0) or changes it if `baseRevision` is still current, in an
 * IMMEDIATE transaction; refuses with `EditorialConflictError` otherwise. Same content and
 * status: nothing written, the revision stays. Returns the revision now current.
 */
export function saveEditorial(db: Db, request: EditorialSaveRequest): number {
  return db
    .transaction((): number => {
      const { country, edition, status, user } = request;
      const current = textRow(db, country, edition);
      const currentRevision = current?.revision ?? 0;
      if (request.baseRevision !== currentRevision)
        throw new EditorialConflictError(request.baseRevision, {
          revision: currentRevision,
          updatedBy: current?.updated_by ?? '',
          updatedAt: current?.updated_at ?? '',
        });
      const data = canonicalJson(request.text);
      if (current && current.data === data && current.status === status) return currentRevision;
      const at = now();
      const revision = currentRevision + 1;
      if (current)
        prepared(
          db,
          'UPDATE editorial_texts SET status = ?, revision = ?, data = ?, updated_at = ?, updated_by = ? WHERE country = ? AND edition_id = ?',
        ).run(status, revision, data, at, user, country, edition);
      else
        prepared(
          db,
          'INSERT INTO editorial_texts (country, edition_id, status, revision, data, updated_at, updated_by) VALUES (?, ?, ?, 1, ?, ?, ?)',
        ).run(country, edition, status, data, at, user);
      appendHistory(db, {
        country,
        edition,
        revision,
        at,
        user,
        change: request.change,
        reason: request.reason ?? null,
        statusBefore: current?.status ?? null,
        statusAfter: status,
        data,
      });
      return revision;
    })
    .immediate();
}

function appendHistory(
  db: Db,
  entry: {
    country: string;
    edition: string;
    revision: number;
    at: string;
    user: string;
    change: EditorialChange;
    reason: string | null;
    statusBefore: EditorialStatus | null;
    statusAfter: EditorialStatus;
    data: string;
  },
): void {
  prepared(
    db,
    `INSERT INTO editorial_history (country, edition_id, revision, changed_at, changed_by, action, reason, status_before, status_after, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    entry.country,
    entry.edition,
    entry.revision,
    entry.at,
    entry.user,
    entry.change,
    entry.reason,
    entry.statusBefore,
    entry.statusAfter,
    entry.data,
  );
}

/** Every change of a text, oldest first. */
export function editorialHistory(
  db: Db,
  country: string,
  edition: string,
): EditorialHistoryEntry[] {
  const rows = prepared(
    db,
    `SELECT revision, changed_at, changed_by, action, reason, status_before, status_after, data
       FROM editorial_history WHERE country = ? AND edition_id = ? ORDER BY id`,
  ).all(country, edition) as {
    revision: number;
    changed_at: string;
    changed_by: string;
    action: EditorialChange;
    reason: string | null;
    status_before: EditorialStatus | null;
    status_after: EditorialStatus;
    data: string;
  }[];
  return rows.map((r) => ({
    revision: r.revision,
    changedAt: r.changed_at,
    changedBy: r.changed_by,
    change: r.action,
    reason: r.reason,
    statusBefore: r.status_before,
    statusAfter: r.status_after,
    text: JSON.parse(r.data) as EditorialText,
  }));
}

/**
 * The texts the next publication of `edition` would include: the approved and published ones,
 * and the texts of the current published revision whose working copy was re-opened (kept as
 * published, as carried sheets are). Sorted by country. The plan keeps those of the countries
 * it publishes.
 */
export function plannedEditorials(
  db: Db,
  edition: string,
  currentSnapshotId: number | null,
): PlannedEditorial[] {
  const included = new Map<string, PlannedEditorial>();
  const rows = prepared(
    db,
    "SELECT country, revision FROM editorial_texts WHERE edition_id = ? AND status IN ('approved', 'published')",
  ).all(edition) as { country: string; revision: number }[];
  for (const row of rows)
    included.set(row.country, { country: row.country, from: 'text', revision: row.revision });
  if (currentSnapshotId !== null)
    for (const frozen of frozenEditorials(db, currentSnapshotId))
      if (!included.has(frozen.country))
        included.set(frozen.country, { ...frozen, from: 'carried' });
  return [...included.values()].sort((a, b) => a.country.localeCompare(b.country));
}

/** The texts frozen with a snapshot: country and the revision of its text. */
export function frozenEditorials(
  db: Db,
  snapshotId: number,
): { country: string; revision: number }[] {
  return prepared(
    db,
    'SELECT country, text_revision AS revision FROM published_editorials WHERE snapshot_id = ? ORDER BY country',
  ).all(snapshotId) as { country: string; revision: number }[];
}

/**
 * Freezes the planned texts with a new snapshot, inside the publishing transaction: approved
 * texts become published (a new revision, recorded in the history), carried ones are copied
 * from the previous snapshot.
 */
export function publishEditorials(
  db: Db,
  edition: string,
  planned: readonly PlannedEditorial[],
  options: { snapshotId: number; previousSnapshotId: number | null; user: string },
): void {
  const insert = prepared(
    db,
    'INSERT INTO published_editorials (snapshot_id, country, text_revision, data) VALUES (?, ?, ?, ?)',
  );
  const at = now();
  for (const inclusion of planned) {
    if (inclusion.from === 'carried') {
      const row = prepared(
        db,
        'SELECT text_revision, data FROM published_editorials WHERE snapshot_id = ? AND country = ?',
      ).get(options.previousSnapshotId, inclusion.country) as {
        text_revision: number;
        data: string;
      };
      insert.run(options.snapshotId, inclusion.country, row.text_revision, row.data);
      continue;
    }
    const row = textRow(db, inclusion.country, edition)!;
    let revision = row.revision;
    if (row.status !== 'published') {
      revision += 1;
      prepared(
        db,
        "UPDATE editorial_texts SET status = 'published', revision = ?, updated_at = ?, updated_by = ? WHERE country = ? AND edition_id = ?",
      ).run(revision, at, options.user, row.country, edition);
      appendHistory(db, {
        country: row.country,
        edition,
        revision,
        at,
        user: options.user,
        change: 'published',
        reason: null,
        statusBefore: row.status,
        statusAfter: 'published',
        data: row.data,
      });
    }
    insert.run(options.snapshotId, row.country, revision, row.data);
  }
}

/** The text frozen with a snapshot for a country, or null when none was published with it. */
export function publishedEditorial(
  db: Db,
  snapshotId: number,
  country: string,
): EditorialText | null {
  const row = prepared(
    db,
    'SELECT data FROM published_editorials WHERE snapshot_id = ? AND country = ?',
  ).get(snapshotId, country) as { data: string } | undefined;
  return row ? (JSON.parse(row.data) as EditorialText) : null;
}
