/**
 * A sheet's deviations from the skip logic, as the review page lists them before data coded
 * elsewhere is approved as coded: the item, the question, the answer as coded and what the skip
 * logic says. They are the ones `publish` records with the edition (`skipLogicDeviations`, the
 * same check), so what the reviewer approves is what the methodology page will list.
 */
import { skipLogicDeviations, type DeviationCode } from '../../answers/check-sheet.js';
import type { AnswerSheet } from '../../answers/types.js';
import { answerText } from '../../answers/vocabulary.js';
import { conditionInWords } from '../../questionnaire/in-words.js';
import { labelText, type Questionnaire } from '../../questionnaire/types.js';

export interface ReviewDeviation {
  id: string;
  code: string;
  label: string;
  /** The answer as coded, in words ("–": none). */
  answer: string;
  /** What the skip logic says, in words. */
  rule: string;
}

const RULE_WORDS: Record<DeviationCode, (condition: string | null) => string> = {
  'answer-where-skipped': (condition) =>
    `asked only when ${condition ?? 'its condition holds'}; here it is not, yet it is answered`,
  'missing-answer': () => 'asked, but not answered',
  'not-applicable-not-allowed': () =>
    '“not applicable”, which the question does not allow where it is asked',
};

export function reviewDeviations(
  questionnaire: Questionnaire,
  sheet: Pick<AnswerSheet, 'answers'>,
): ReviewDeviation[] {
  return skipLogicDeviations(questionnaire, sheet).map(({ code, question }) => {
    const entry = sheet.answers.get(question.id);
    return {
      id: question.id,
      code: question.code ?? '',
      label: labelText(question.label),
      answer: entry ? answerText(question, entry.answer) : '–',
      rule: RULE_WORDS[code](conditionInWords(question, questionnaire)),
    };
  });
}
