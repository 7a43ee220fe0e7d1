/**
 * Questionnaire items in words, for every reader (public pages, the workspace, reports): the
 * chosen answer as its label, and skip logic as a sentence.
 */
import { labelText, type Questionnaire, type QuestionNode } from './types.js';

export const MISSING_ANSWER_TEXT: Record<string, string> = {
  not_applicable: 'Not applicable',
  no_data: 'No data',
  not_assessed: 'Not assessed',
};

/** The chosen answer in words. */
export function answerText(question: QuestionNode, answer: string | undefined): string {
  if (answer === undefined) return MISSING_ANSWER_TEXT.not_assessed!;
  const option = question.options.find((o) => o.id === answer);
  return option ? labelText(option.label) : (MISSING_ANSWER_TEXT[answer] ?? answer);
}

/** The points of the chosen option, or null for a missing answer. */
export function answerScore(question: QuestionNode, answer: string | undefined): number | null {
  return question.options.find((o) => o.id === answer)?.score ?? null;
}

/** Skip logic written as a sentence a reader understands. */
export function conditionInWords(
  question: QuestionNode,
  questionnaire: Questionnaire,
): string | null {
  if (!question.appliesIf) return null;
  return question.appliesIf.source.replace(
    /answer\("([a-z0-9-]+)"\) (==|!=) "([a-z0-9_-]+)"/g,
    (_all, id: string, op: string, option: string) => {
      const target = questionnaire.nodes.get(id);
      const label = target ? labelText(target.label) : id;
      const optionLabel = target?.kind === 'question' ? answerText(target, option) : option;
      return `“${label}” ${op === '==' ? 'is' : 'is not'} “${optionLabel}”`;
    },
  );
}
