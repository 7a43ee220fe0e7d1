/**
 * The answer vocabulary, in one place: what an answer to a question may be, what the three
 * "no answer" values mean, how an answer reads in words, and the plain answer map (question id →
 * answer) that scoring, skip logic and analysis take. Every check of an answer (sheet schema,
 * workspace form, what-if, coder agreement) and every page that names one asks here, so they
 * cannot drift apart.
 *
 * An answer is an option id of its question, or one of the missing values:
 * - `not_applicable`: the question does not apply (its skip logic, or the question allows it);
 *   it leaves the question out of the weights;
 * - `no_data`: the rule could not be established; no score, counted as not covered;
 * - `not_assessed`: nobody answered yet — the same as leaving the question out.
 */
import { labelText, type AnswerOption } from '../questionnaire/types.js';

export const NOT_APPLICABLE = 'not_applicable';
export const NO_DATA = 'no_data';
export const NOT_ASSESSED = 'not_assessed';
/** Answer values that are not options: why there is no score. */
export const MISSING_VALUES = [NOT_APPLICABLE, NO_DATA, NOT_ASSESSED] as const;
export type MissingValue = (typeof MISSING_VALUES)[number];

/** The missing values in words, in the order forms offer them. */
export const MISSING_VALUE_TEXT: Readonly<Record<MissingValue, string>> = {
  not_applicable: 'Not applicable',
  no_data: 'No data',
  not_assessed: 'Not assessed',
};

/** What a question needs from the vocabulary: its options. */
interface Answerable {
  options: readonly Pick<AnswerOption, 'id' | 'label' | 'score'>[];
}

export function isMissingValue(answer: string): answer is MissingValue {
  return answer === NOT_APPLICABLE || answer === NO_DATA || answer === NOT_ASSESSED;
}

/** Not answered: left out of the sheet, or `not_assessed` (which means the same). */
export function isUnanswered(answer: string | undefined): boolean {
  return answer === undefined || answer === NOT_ASSESSED;
}

/**
 * The answer as skip logic reads it: `null` when there is nothing to read (not answered, or no
 * data), otherwise the option id or `not_applicable`.
 */
export function answerForConditions(answer: string | undefined): string | null {
  return answer === undefined || answer === NO_DATA || answer === NOT_ASSESSED ? null : answer;
}

/** Every answer the question takes: its option ids, then the missing values. */
export function allowedAnswers(question: Answerable): string[] {
  return [...question.options.map((option) => option.id), ...MISSING_VALUES];
}

/** Whether `answer` is an answer to `question`: one of its options or a missing value. */
export function isAllowedAnswer(question: Answerable, answer: string): boolean {
  return isMissingValue(answer) || question.options.some((option) => option.id === answer);
}

/** The chosen answer in words: the option's label, the missing value's name, or as given. */
export function answerText(question: Answerable, answer: string | undefined): string {
  if (answer === undefined) return MISSING_VALUE_TEXT.not_assessed;
  const option = question.options.find((o) => o.id === answer);
  if (option) return labelText(option.label);
  return isMissingValue(answer) ? MISSING_VALUE_TEXT[answer] : answer;
}

/** The points of the chosen option, or null for a missing (or unknown) answer. */
export function answerScore(question: Answerable, answer: string | undefined): number | null {
  return question.options.find((o) => o.id === answer)?.score ?? null;
}

/** Answer entries as stored in a sheet (a map) or in a published snapshot (a record). */
export type AnswerEntries =
  | ReadonlyMap<string, { readonly answer: string }>
  | Readonly<Record<string, { readonly answer: string }>>;

/**
 * The answers as the scoring engine, skip logic and analysis take them: question id → option id
 * or missing value, from a sheet's entries (sources and comments dropped).
 */
export function answerMap(sheet: { readonly answers: AnswerEntries }): Map<string, string> {
  const answers = new Map<string, string>();
  const entries =
    sheet.answers instanceof Map
      ? sheet.answers.entries()
      : Object.entries(sheet.answers as Readonly<Record<string, { readonly answer: string }>>);
  for (const [id, entry] of entries) answers.set(id, entry.answer);
  return answers;
}
