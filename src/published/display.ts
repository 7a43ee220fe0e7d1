/**
 * How published numbers and nodes are written for people, the same on the site, in the API's
 * display fields and on the command line: scores to the questionnaire's display decimals, signed
 * changes, and a node's label (a cross-cutting reference shows its target's).
 *
 * Numbers are written in the language of the page being rendered (`inNumberLanguage`, set per
 * request by the public site's French pages): "4,69" on a French page, "4.69" everywhere else.
 * The API, CSV and JSON files, feeds and the command line never set it, so they stay in the
 * language-neutral English writing machines read.
 */
import {
  labelText,
  type Label,
  type Questionnaire,
  type QuestionnaireNode,
} from '../questionnaire/types.js';
import { formatScore, roundHalfUp } from '../scoring/rounding.js';

/** The language numbers are written in while `inNumberLanguage` runs its work; else English. */
let numberLanguage = 'en';

/**
 * Runs `work` synchronously with numbers written for `language`, and gives its result. A scope
 * of synchronous code, as page-language.ts explains: code a request runs after an `await` enters
 * again.
 */
export function inNumberLanguage<T>(language: string, work: () => T): T {
  const outer = numberLanguage;
  numberLanguage = language;
  try {
    return work();
  } finally {
    numberLanguage = outer;
  }
}

/** The language numbers are written in now: the page's, or English outside a page. */
export const numberLanguageNow = (): string => numberLanguage;

/**
 * The numbers of a displayed text ("4.69", "+1.04", "12.35 ± 0.40", "1234.5 kB") written for
 * `language`: unchanged in English; in French with a decimal comma and the thousands of a
 * number of four digits or more set apart by a narrow no-break space ("4,69", "1\u202f234,5").
 * Only the numbers this module wrote go through here, never dates, years or codes.
 */
export function writtenIn(text: string, language: string = numberLanguageNow()): string {
  if (language !== 'fr') return text;
  return text.replace(/\d+(?:\.\d+)?/g, (number) => {
    const [whole, decimals] = number.split('.') as [string, string | undefined];
    const grouped = whole.length < 4 ? whole : whole.replace(/\B(?=(\d{3})+$)/g, '\u202f');
    return decimals === undefined ? grouped : `${grouped},${decimals}`;
  });
}

/** A number to `decimals` places, as written in the page's language ("0.25" / "0,25"). */
export const fixed = (value: number, decimals: number): string =>
  writtenIn(value.toFixed(decimals));

/** A whole count as written: "1,234" in English, "1\u202f234" in French (CLDR grouping). */
export const counted = (value: number, language: string = numberLanguageNow()): string =>
  new Intl.NumberFormat(language).format(value);

/** A score as displayed: the questionnaire's display decimals, "–" for no score. */
export function shown(questionnaire: Questionnaire, score: number | null | undefined): string {
  return writtenIn(formatScore(score ?? null, questionnaire.displayDecimals));
}

/** A change with its sign, rounded half up: "+1.25", "±0", "-0.50". */
export const signed = (value: number, decimals = 2) => {
  const rounded = roundHalfUp(value, decimals);
  return rounded > 0
    ? `+${fixed(rounded, decimals)}`
    : rounded === 0
      ? '±0'
      : fixed(rounded, decimals);
};

/**
 * A score to the two decimals every change is shown to ("54.31"), for the two ends of a change
 * written beside it: "+4.69 (54.31 → 59.00)" adds up where "(54 → 59)" would not. "–" for none.
 */
export function precise(score: number | null | undefined): string {
  return score === null || score === undefined ? '–' : fixed(roundHalfUp(score, 2), 2);
}

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
