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

/**
 * Statuses a sheet approved as coded can have (`as_coded: true`): a review decision took its
 * deviations from the skip logic as they were coded elsewhere, so they stay warnings.
 */
export const AS_CODED_STATUSES: readonly SheetStatus[] = ['approved', 'published'];

export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export interface LegalSource {
  title: string;
  article: string | null;
  url: string | null;
  /** Date of the source (publication or version), YYYY-MM-DD. */
  date: string | null;
}

export interface AnswerEntry {
  /** An option id of the question, or one of the missing values (`vocabulary.ts`). */
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
  /**
   * Approved as coded (`as_coded: true` in the file): data coded elsewhere whose deviations from
   * the skip logic a review decision kept (`approve --as-coded`). Written by `export-sheets`;
   * absent: false.
   */
  asCoded?: boolean;
  coders: Coder[];
  answers: Map<string, AnswerEntry>;
}

/** The answer map lives with the answer vocabulary; readers of the sheet type find it here too. */
export { answerMap } from './vocabulary.js';
