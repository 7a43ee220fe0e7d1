/**
 * Skip logic in words, for every reader (public pages, the workspace, reports). The answers it
 * names read as the answer vocabulary words them (`answers/vocabulary.ts`).
 */
import { answerText } from '../answers/vocabulary.js';
import { labelText, type Questionnaire, type QuestionNode } from './types.js';

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
