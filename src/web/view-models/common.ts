/**
 * Small shared pieces of the view models: bands, provenance, partial editions, revisions and
 * access dates. Numbers in words come from published/display.ts.
 */
import { labelIn } from '../i18n/page-language.js';
import { textIn } from '../i18n/catalogue.js';
import { answerText } from '../../answers/vocabulary.js';
import { type Questionnaire } from '../../questionnaire/types.js';
import { bandFor } from '../../scoring/bands.js';
import type { PublishedEdition } from '../../published/public-data.js';

export interface BandView {
  id: string;
  label: string;
  colour: string;
}

export function band(questionnaire: Questionnaire, score: number | null): BandView | null {
  const found = bandFor(questionnaire.bands, score, questionnaire.displayDecimals);
  return found
    ? { id: found.id, label: labelIn(found.label), colour: found.colour ?? '#777777' }
    : null;
}

/**
 * An answer in the page's language: the chosen option's label, or a missing value ("Not
 * applicable", "No data", "Not assessed") in the catalogue's words (`answer.{value}`).
 */
export function answerIn(question: Parameters<typeof answerText>[0], answer: string | undefined) {
  const option = question.options.find((o) => o.id === answer);
  if (option) return labelIn(option.label);
  const english = answerText(question, answer);
  const missing = answer ?? 'not_assessed';
  return english === answer ? english : textIn(`answer.${missing}`);
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
    questionnaire: labelIn(edition.questionnaire.title),
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

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The day a reader accessed a page, as citations write it: ISO and "30 November 2026" (UTC). */
export interface AccessDate {
  iso: string;
  text: string;
}

/** `language`: English as written here; another as the platform's CLDR writes it ("1 décembre 2026"). */
export function accessDate(now: Date, language = 'en'): AccessDate {
  const text =
    language === 'en'
      ? `${now.getUTCDate()} ${MONTHS[now.getUTCMonth()]} ${now.getUTCFullYear()}`
      : new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(now);
  return { iso: now.toISOString().slice(0, 10), text };
}

/**
 * The address of a page in one published revision: what a citation links to, so that it keeps
 * showing what was cited after a correction (`?revision=N`, the scheme of every page and API
 * route that takes a revision; the static export gives it a query-free address).
 */
export function revisionHref(path: string, revision: number): string {
  return `${path}?revision=${revision}`;
}

/** The banner of an older revision: which one this is, and where the current one is. */
export interface RevisionNoticeView {
  edition: string;
  revision: number;
  publishedAt: string;
  current: number;
  currentPublishedAt: string;
  /** The same page in the current revision (its permalink). */
  currentHref: string;
  /** The corrections published since this revision, oldest first, each with its note. */
  corrections: { revision: number; publishedAt: string; note: string | null }[];
  /** Every revision of the edition with its note and files. */
  correctionsHref: string;
}

/**
 * The banner for a page of `edition` at `path` (no query), or null when it shows the current
 * revision: an older revision is still readable, but a reader must see that it was corrected.
 */
export function revisionNotice(edition: PublishedEdition, path: string): RevisionNoticeView | null {
  const revisions = [...edition.revisions].sort((a, b) => a.revision - b.revision);
  const current = revisions.at(-1);
  const revision = edition.snapshot.revision;
  if (!current || current.revision <= revision) return null;
  return {
    edition: edition.edition.id,
    revision,
    publishedAt: edition.snapshot.publishedAt.slice(0, 10),
    current: current.revision,
    currentPublishedAt: current.publishedAt.slice(0, 10),
    currentHref: revisionHref(path, current.revision),
    corrections: revisions
      .filter((r) => r.revision > revision)
      .map((r) => ({
        revision: r.revision,
        publishedAt: r.publishedAt.slice(0, 10),
        note: r.note,
      })),
    correctionsHref: `/downloads#edition-${edition.edition.id}`,
  };
}
