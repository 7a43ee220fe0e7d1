/**
 * Published legal events (court decisions, legislation) as the court-watch pages, their API and
 * the feeds show them: the kind and outcome in words, the identifier a lawyer looks up (ECLI or
 * ELI), and a link only when it is an http(s) address.
 */
import type { CourtOutcome, LegalEvent, LegalEventKind } from '../../events/types.js';
import { textIn } from '../i18n/catalogue.js';

/** The kind and the outcome in words: the catalogue's `event.{kind}` and `event.outcome.{outcome}`. */
const kindText = (kind: LegalEventKind) => textIn(`event.${kind}`);
const outcomeText = (outcome: CourtOutcome) => textIn(`event.outcome.${outcome}`);

export interface LegalEventView {
  id: string;
  kind: LegalEventKind;
  kindText: string;
  title: string;
  date: string;
  inForceDate: string | null;
  court: string | null;
  outcome: CourtOutcome | null;
  outcomeText: string | null;
  /** ECLI for a decision, ELI for an act, whichever the event has. */
  identifier: string | null;
  summary: string;
  /** Only an http(s) address: anything else would be a link a reader cannot follow safely. */
  url: string | null;
  countries: string[];
  questions: string[];
  edition: string;
  illustrative: boolean;
}

function isWebAddress(url: string | null): url is string {
  return url !== null && /^https?:\/\//i.test(url);
}

export function legalEventView(event: LegalEvent): LegalEventView {
  return {
    id: event.id,
    kind: event.kind,
    kindText: kindText(event.kind),
    title: event.title,
    date: event.date,
    inForceDate: event.inForceDate,
    court: event.court,
    outcome: event.outcome,
    outcomeText: event.outcome === null ? null : outcomeText(event.outcome),
    identifier: event.ecli ?? event.eli,
    summary: event.summary,
    url: isWebAddress(event.url) ? event.url : null,
    countries: event.countries,
    questions: event.questions,
    edition: event.edition,
    illustrative: event.illustrative,
  };
}

/** One line naming the event: "Court decision, Constitutional Court: struck down". */
export function eventHeadline(event: LegalEventView): string {
  const who = event.court ? `${event.kindText}, ${event.court}` : event.kindText;
  return event.outcomeText ? `${who}: ${event.outcomeText}` : who;
}
