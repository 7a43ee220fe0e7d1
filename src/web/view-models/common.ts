/** Small shared pieces of the view models: formatting, bands, answers in words, provenance. */
import { labelText, type Questionnaire } from '../../questionnaire/types.js';
import { bandFor } from '../../scoring/bands.js';
import type { PublishedEdition } from '../../published/public-data.js';

export { nodeLabel, shown } from '../../published/display.js';

export interface BandView {
  id: string;
  label: string;
  colour: string;
}

export function band(questionnaire: Questionnaire, score: number | null): BandView | null {
  const found = bandFor(questionnaire.bands, score, questionnaire.displayDecimals);
  return found
    ? { id: found.id, label: labelText(found.label), colour: found.colour ?? '#777777' }
    : null;
}

export interface ProvenanceView {
  questionnaire: string;
  version: string;
  hash: string;
  scoringHash: string;
  method: string;
  edition: string;
  referenceDate: string;
  revision: number;
  latestRevision: number;
  publishedAt: string;
  note: string | null;
}

export function provenance(edition: PublishedEdition): ProvenanceView {
  return {
    questionnaire: labelText(edition.questionnaire.title),
    version: edition.questionnaire.version,
    hash: edition.questionnaire.hash,
    scoringHash: edition.scoringHash,
    method: edition.snapshot.methodId,
    edition: edition.edition.id,
    referenceDate: edition.edition.reference_date,
    revision: edition.snapshot.revision,
    latestRevision: Math.max(...edition.revisions.map((r) => r.revision)),
    publishedAt: edition.snapshot.publishedAt.slice(0, 10),
    note: edition.snapshot.note,
  };
}

export interface PartialView {
  countries: number;
  expected: number;
}

/** For the notice on a partial edition's pages: how many countries of how many expected. */
export function partialView(edition: PublishedEdition): PartialView | null {
  if (!edition.partial) return null;
  const countries = edition.countries.length;
  return {
    countries,
    expected: Math.max(edition.snapshot.coverage.expected.length, countries),
  };
}
