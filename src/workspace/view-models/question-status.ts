/**
 * Where each question of a sheet stands, in one place for the sheet page (progress, what is
 * missing) and the strand form (its index of questions), so both always agree.
 *
 * A question is *done* when it is answered (an option, "not applicable" where allowed, or "no
 * data") or not asked (the skip logic leaves it out). It is not done when it is missing, wrong
 * (answered although not asked, or "not applicable" where that is not allowed), or carried forward
 * from an earlier edition and not yet confirmed: a copied answer nobody has read is not an answer.
 * A question whose condition cannot be decided yet (it depends on an unanswered question) counts
 * as missing: it is still open.
 */
import { answerLookup, applies } from '../../answers/check-sheet.js';
import type { AnswerEntry } from '../../answers/types.js';
import {
  answerMap,
  isMissingValue,
  isUnanswered,
  NOT_APPLICABLE,
} from '../../answers/vocabulary.js';
import { conditionInWords } from '../../questionnaire/in-words.js';
import type { Questionnaire, QuestionNode } from '../../questionnaire/types.js';
import type { CarriedAnswer } from '../../storage/review-repository.js';

export type QuestionState = 'answered' | 'not-asked' | 'missing' | 'carried' | 'error';

export interface QuestionStatus {
  state: QuestionState;
  /** Stable code of why a question is not done (`missing-answer`, `carried-forward`, …). */
  kind: string | null;
  /** Why, in words, without the question's id (the page shows its code and label). */
  message: string;
  /** Whether the skip logic asks the question: true, false, or null (not decidable yet). */
  applies: boolean | null;
}

export const STATE_WORDS: Record<QuestionState, string> = {
  answered: 'answered',
  'not-asked': 'not asked',
  missing: 'missing',
  carried: 'carried',
  error: 'error',
};

export function isDone(status: QuestionStatus): boolean {
  return status.state === 'answered' || status.state === 'not-asked';
}

/**
 * The status of every question, in questionnaire order. `formErrors` marks the questions whose
 * posted fields were refused (a form shown again with its problems).
 */
export function questionStatuses(
  questionnaire: Questionnaire,
  answers: ReadonlyMap<string, AnswerEntry>,
  carried: ReadonlyMap<string, CarriedAnswer>,
  formErrors: ReadonlyMap<string, unknown> = new Map(),
): Map<string, QuestionStatus> {
  const lookup = answerLookup(questionnaire, answerMap({ answers }));
  return new Map(
    questionnaire.questions.map((question) => [
      question.id,
      statusOf(question, questionnaire, answers.get(question.id)?.answer, {
        applicable: applies(question, lookup),
        carried: carried.get(question.id),
        refused: formErrors.has(question.id),
      }),
    ]),
  );
}

function statusOf(
  question: QuestionNode,
  questionnaire: Questionnaire,
  answer: string | undefined,
  facts: { applicable: boolean | null; carried: CarriedAnswer | undefined; refused: boolean },
): QuestionStatus {
  const { applicable } = facts;
  const status = (state: QuestionState, kind: string | null, message: string) => ({
    state,
    kind,
    message,
    applies: applicable,
  });
  const condition = conditionInWords(question, questionnaire);
  const unanswered = isUnanswered(answer);
  const carriedStatus = (carried: CarriedAnswer) =>
    status(
      'carried',
      'carried-forward',
      `was carried forward from ${carried.from}: confirm or change it`,
    );
  if (facts.refused) return status('error', 'invalid-field', 'has problems to fix in the form');
  if (applicable === false && answer !== undefined && !isMissingValue(answer))
    return status(
      'error',
      'answer-where-skipped',
      `is answered although it is not asked (only if ${condition}): answer “Not applicable” or remove the answer`,
    );
  if (applicable === true && answer === NOT_APPLICABLE && !question.notApplicableAllowed)
    return status(
      'error',
      'not-applicable-not-allowed',
      'is answered “Not applicable”, which this question does not allow: choose one of its options',
    );
  // Even a carried "not applicable" is confirmed on purpose: submit waits for every carried answer.
  if (facts.carried && !unanswered) return carriedStatus(facts.carried);
  if (applicable === false) return status('not-asked', null, `is not asked (only if ${condition})`);
  if (unanswered)
    return status(
      'missing',
      'missing-answer',
      applicable === null ? `is not answered (asked only if ${condition})` : 'is not answered',
    );
  return status('answered', null, 'is answered');
}
