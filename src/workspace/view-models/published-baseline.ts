/**
 * What a sheet under review is compared with: a country's answers and scores as published, in
 * this edition (its latest published revision) or in the previous edition (the latest published
 * revision of the edition with the latest reference date before this one's in which the country
 * was published). Only published revisions count: they are what readers saw, and a draft of
 * another edition proves nothing.
 */
import type { AnswerEntry } from '../../answers/types.js';
import type { NodeScore } from '../../scoring/score-sheet.js';
import type { Db } from '../../storage/database.js';
import {
  editionsComparable,
  listEditions,
  type EditionRow,
} from '../../storage/edition-repository.js';
import { getSnapshot, type Snapshot } from '../../storage/snapshot-repository.js';

export interface PublishedSheet {
  edition: string;
  revision: number;
  publishedAt: string;
  answers: Record<string, AnswerEntry>;
  scores: Readonly<Record<string, NodeScore>>;
  /** Every country's published scores in that revision, for ranks. */
  allScores: ReadonlyMap<string, Readonly<Record<string, NodeScore>>>;
  /** Whether its scores may be compared with the edition under review (same scoring). */
  comparable: boolean;
}

/** The country's sheet in the latest published revision of `edition`, or null. */
export function publishedSheet(
  db: Db,
  country: string,
  edition: string,
  reviewedEdition: string,
): PublishedSheet | null {
  const snapshot = getSnapshot(db, edition);
  return snapshot ? fromSnapshot(db, snapshot, country, reviewedEdition) : null;
}

/** Every country's scores in the latest published revision of `edition` (empty if none). */
export function publishedScores(
  db: Db,
  edition: string,
): ReadonlyMap<string, Readonly<Record<string, NodeScore>>> {
  const snapshot = getSnapshot(db, edition);
  return new Map(snapshot?.scores.results.map((r) => [r.country, r.nodes]) ?? []);
}

/** The country's latest published sheet in an edition before `editionRow`, or null. */
export function previousPublishedSheet(
  db: Db,
  country: string,
  editionRow: EditionRow,
): PublishedSheet | null {
  const earlier = listEditions(db)
    .filter((e) => e.reference_date < editionRow.reference_date)
    .reverse();
  for (const edition of earlier) {
    const found = publishedSheet(db, country, edition.id, editionRow.id);
    if (found) return found;
  }
  return null;
}

function fromSnapshot(
  db: Db,
  snapshot: Snapshot,
  country: string,
  reviewedEdition: string,
): PublishedSheet | null {
  const sheet = snapshot.sheets.find((s) => s.country === country);
  const result = snapshot.scores.results.find((r) => r.country === country);
  if (!sheet || !result) return null;
  return {
    edition: snapshot.edition,
    revision: snapshot.revision,
    publishedAt: snapshot.publishedAt,
    answers: sheet.answers,
    scores: result.nodes,
    allScores: new Map(snapshot.scores.results.map((r) => [r.country, r.nodes])),
    comparable:
      snapshot.edition === reviewedEdition ||
      editionsComparable(db, snapshot.edition, reviewedEdition),
  };
}
