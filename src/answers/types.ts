/** An answer sheet: one country × one edition, as coded by its expert(s). */

export const SHEET_STATUSES = [
  'imported',
  'draft',
  'submitted',
  'in_review',
  'approved',
  'published',
] as const;
export type SheetStatus = (typeof SHEET_STATUSES)[number];

/**
 * Statuses whose sheets may be incomplete or deviate from the skip logic: a draft being typed,
 * and data imported from elsewhere exactly as it was coded. For them, completeness and skip-logic
 * problems are warnings; for every later status they are errors.
 */
export const LENIENT_STATUSES: readonly SheetStatus[] = ['imported', 'draft'];

export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** Answer values that are not options: why there is no score. */
export const NOT_APPLICABLE = 'not_applicable';
export const NO_DATA = 'no_data';
export const NOT_ASSESSED = 'not_assessed';
export const MISSING_VALUES = [NOT_APPLICABLE, NO_DATA, NOT_ASSESSED] as const;

export interface LegalSource {
  title: string;
  article: string | null;
  url: string | null;
  /** Date of the source (publication or version), YYYY-MM-DD. */
  date: string | null;
}

export interface AnswerEntry {
  /** An option id of the question, or one of `MISSING_VALUES`. */
  answer: string;
  sources: LegalSource[];
  comment: string | null;
  /** Since when the rule coded here is in force (law time, not coding time). */
  inForceSince: string | null;
  confidence: Confidence | null;
}

export interface Coder {
  name: string;
  email: string | null;
}

export interface AnswerSheet {
  file: string;
  questionnaire: { id: string; version: string };
  country: string;
  edition: string;
  status: SheetStatus;
  illustrative: boolean;
  coders: Coder[];
  answers: Map<string, AnswerEntry>;
}

/** The answers as the scoring engine takes them: question id → option id or missing value. */
export function answerMap(sheet: Pick<AnswerSheet, 'answers'>): Map<string, string> {
  return new Map([...sheet.answers].map(([id, entry]) => [id, entry.answer]));
}
