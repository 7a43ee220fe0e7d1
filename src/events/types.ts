/**
 * Legal events: court decisions and legislation linked to countries and questions of the
 * questionnaire. They are entered and reviewed in the workspace like answers and published with
 * an edition snapshot; this module holds only the shapes shared by the loader, storage, the
 * workspace and the public pages.
 */

export type LegalEventKind = 'court-decision' | 'legislation';
export type CourtOutcome = 'struck-down' | 'upheld' | 'interpreted' | 'pending';

export const LEGAL_EVENT_KINDS: readonly LegalEventKind[] = ['court-decision', 'legislation'];
/** Workflow statuses of an event, as of sheets (an event is never "imported"). */
export type EventStatus = 'draft' | 'submitted' | 'in_review' | 'approved' | 'published';
export const EVENT_STATUSES: readonly EventStatus[] = [
  'draft',
  'submitted',
  'in_review',
  'approved',
  'published',
];
export const COURT_OUTCOMES: readonly CourtOutcome[] = [
  'struck-down',
  'upheld',
  'interpreted',
  'pending',
];

/** A legal event as published (and as in the YAML files, camelCase here, snake_case in YAML). */
export interface LegalEvent {
  /** Stable, kebab-case, unique in the installation, e.g. "de-2021-family-reunification-act". */
  id: string;
  kind: LegalEventKind;
  /** Case name or act title. */
  title: string;
  /** YYYY-MM-DD: decision date or adoption date. */
  date: string;
  /** Legislation: when it entered into force. */
  inForceDate: string | null;
  /** Court decisions: the court's name. */
  court: string | null;
  /** ECLI:{country}:{court}:{year}:{number} */
  ecli: string | null;
  /** An ELI URI. */
  eli: string | null;
  /** Court decisions only. */
  outcome: CourtOutcome | null;
  /** Short, in the project's words. */
  summary: string;
  /** Link to the text. */
  url: string | null;
  /** ISO codes as the questionnaire's country list uses them. */
  countries: string[];
  /** Question ids of the questionnaire. */
  questions: string[];
  /** The edition it is published with. */
  edition: string;
  /** Sample data. */
  illustrative: boolean;
}
