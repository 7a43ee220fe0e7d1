/**
 * When each published legal event was published as it reads now, for the legal-events feed's
 * `updated`: the time of the earliest snapshot of its edition that froze the event at its current
 * revision. A correction that carries an event unchanged does not make it new again; one that
 * publishes a changed event does. Reads published data only (legal-event-repository.ts writes it).
 */
import { prepared, type Db } from './database.js';

/** Event id → publication time (ISO), for the events of each edition's latest revision. */
export function legalEventPublicationTimes(db: Db): Map<string, string> {
  const rows = prepared(
    db,
    `SELECT p.event_id AS id, MIN(first.published_at) AS published_at
       FROM published_legal_events p
       JOIN snapshots s ON s.id = p.snapshot_id
       JOIN published_legal_events same
         ON same.event_id = p.event_id AND same.event_revision = p.event_revision
       JOIN snapshots first ON first.id = same.snapshot_id AND first.edition_id = s.edition_id
      WHERE s.revision = (SELECT MAX(revision) FROM snapshots latest WHERE latest.edition_id = s.edition_id)
      GROUP BY p.event_id`,
  ).all() as { id: string; published_at: string }[];
  return new Map(rows.map((r) => [r.id, r.published_at]));
}
