/**
 * Published legal events (court decisions, legislation) as the court-watch pages, their API and
 * the feeds show them: the kind and outcome in words, the identifier a lawyer looks up (ECLI or
 * ELI), and a link only when it is an http(s) address.
 */
import type { CourtOutcome, LegalEvent, LegalEventKind } from '../../events/types.js';

const EVENT_KIND_TEXT: Record<LegalEventKind, string> = {
  'court-decision': 'Court decision',
  legislation: 'Legislation',
};

const OUTCOME_TEXT: Record<CourtOutcome, string> = {
  'struck-down': 'struck down',
  upheld: 'upheld',
  interpreted: 'interpreted',
  pending: 'pending',
};

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
    kindText: EVENT_KIND_TEXT[event.kind],
    title: event.title,
    date: event.date,
    inForceDate: event.inForceDate,
    court: event.court,
    outcome: event.outcome,
    outcomeText: event.outcome === null ? null : OUTCOME_TEXT[event.outcome],
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
