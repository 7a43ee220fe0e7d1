/**
 * A question has two names: its id (`fr-partners`), which the files use, and its external code
 * (`25`, `28a`), which MIPEX publications, `agreement` and the changes tables print. Wherever a
 * person names a question — the command line, the what-if page and API — either is accepted;
 * this is the one place that resolves them. Ids and codes are each unique in a questionnaire
 * (`duplicate-id`, `duplicate-code`); a name that is both (an id of one question, the code of
 * another) means the id.
 */
import type { Questionnaire, QuestionNode } from './types.js';

/** The question `name` (an id or an external code) names, or null. */
export function findQuestion(questionnaire: Questionnaire, name: string): QuestionNode | null {
  const byId = questionnaire.nodes.get(name);
  if (byId?.kind === 'question') return byId;
  return questionnaire.questions.find((question) => question.code === name) ?? null;
}

/**
 * The id of the question `name` names, or `name` itself when it names none — so that the check
 * that follows reports the unknown question in the words the person used.
 */
export function questionIdOf(questionnaire: Questionnaire, name: string): string {
  return findQuestion(questionnaire, name)?.id ?? name;
}
