/**
 * The editors' key findings and recommendations on a country in an edition: written in the
 * workspace, reviewed like an answer sheet, published with the edition's snapshot and shown on
 * the profile apart from the automatic findings. Plain text: one paragraph per item, no markup.
 */

/** A recommendation, optionally tied to a strand or question of the edition's questionnaire. */
export interface Recommendation {
  text: string;
  /** The id of a strand or a question (checked against the questionnaire), or null. */
  ref: string | null;
}

export interface EditorialText {
  /** In the order the editors gave them. */
  keyFindings: string[];
  recommendations: Recommendation[];
}

/** A text's review status: the sheet statuses a text can have (it is never imported). */
export type EditorialStatus = 'draft' | 'submitted' | 'in_review' | 'approved' | 'published';

/** At most this many key findings, and this many recommendations. */
export const MAX_ITEMS = 8;
/** At most this many characters in one finding or recommendation. */
export const MAX_ITEM_CHARS = 600;

export const EMPTY_EDITORIAL: EditorialText = Object.freeze({
  keyFindings: [],
  recommendations: [],
}) as EditorialText;

export function isEmptyEditorial(text: EditorialText): boolean {
  return text.keyFindings.length === 0 && text.recommendations.length === 0;
}
