/**
 * How published numbers and nodes are written for people, the same on the site, in the API's
 * display fields and on the command line: scores to the questionnaire's display decimals, signed
 * changes, and a node's label (a cross-cutting reference shows its target's).
 */
import {
  labelText,
  type Label,
  type Questionnaire,
  type QuestionnaireNode,
} from '../questionnaire/types.js';
import { formatScore, roundHalfUp } from '../scoring/rounding.js';

/** A score as displayed: the questionnaire's display decimals, "–" for no score. */
export function shown(questionnaire: Questionnaire, score: number | null | undefined): string {
  return formatScore(score ?? null, questionnaire.displayDecimals);
}

/** A change with its sign, rounded half up: "+1.25", "±0", "-0.50". */
export const signed = (value: number, decimals = 2) => {
  const rounded = roundHalfUp(value, decimals);
  return rounded > 0
    ? `+${rounded.toFixed(decimals)}`
    : rounded === 0
      ? '±0'
      : rounded.toFixed(decimals);
};

/**
 * The change between two scores as every page shows it: the exact difference, signed, to two
 * decimals ("+4.69"), whatever the scores' display decimals. Not the difference of the rounded
 * scores (59 − 54 = "+5"): that disagreed with the changes page and with the points attributed
 * to each rule, which add up exactly to the exact difference. Null when either score is missing.
 */
export function change(before: number | null, after: number | null): string | null {
  return before === null || after === null ? null : signed(after - before);
}

/**
 * A node's label; a reference that kept its id as label is named after what it points to.
 * `text` picks a label's language (the public pages pass the page's, web/i18n; default English).
 */
export function nodeLabel(
  node: QuestionnaireNode,
  questionnaire: Questionnaire,
  text: (label: Label) => string = (label) => labelText(label),
): string {
  if (node.kind === 'ref' && node.label === node.id)
    return text(questionnaire.nodes.get(node.targetId)!.label);
  return text(node.label);
}

/** The instrument a number comes from, as pages and downloads name it: title and version. */
export function instrumentName(
  questionnaire: Pick<Questionnaire, 'title' | 'version'>,
  language = 'en',
): string {
  return `${labelText(questionnaire.title, language)}, version ${questionnaire.version}`;
}

/**
 * The page that splits a country's score difference between editions of two questionnaires into
 * the part due to the instrument and the part due to changed coding (the crosswalk page).
 */
export function instrumentChangePath(country: string, from: string, to: string): string {
  const query = new URLSearchParams({ from, to });
  return `/countries/${encodeURIComponent(country)}/instrument-change?${query.toString()}`;
}
