/**
 * Skip logic and table rules in words, for every reader (public pages, the workspace, reports). The answers it
 * names read as the answer vocabulary words them (`answers/vocabulary.ts`).
 */
import { answerText } from '../answers/vocabulary.js';
import { labelText, type CompositeNode, type Questionnaire, type QuestionNode } from './types.js';

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

/** One row of a table rule in words: its conditions with the options' labels, and its points. */
export interface TableRowInWords {
  when: string;
  points: number;
}

/**
 * A composite's table rule as rows a reader can check against the answers, in the order they are
 * tried (the first that holds gives the points); `otherwise` last as "any other combination".
 * Empty for a composite without a table.
 */
export function tableInWords(composite: CompositeNode): TableRowInWords[] {
  if (!composite.table) return [];
  const items = new Map(composite.children.map((child) => [child.id, child]));
  const rows = composite.table.rows.map((row) => ({
    when: Object.entries(row.when)
      .map(([id, options]) => {
        const item = items.get(id);
        const label = item ? labelText(item.label) : id;
        const choices = options.map((option) =>
          item?.kind === 'question' ? `“${answerText(item, option)}”` : `“${option}”`,
        );
        return `“${label}” is ${choices.join(' or ')}`;
      })
      .join(', and '),
    points: row.points,
  }));
  const { otherwise } = composite.table;
  return otherwise === null
    ? rows
    : [...rows, { when: 'any other combination of answers', points: otherwise }];
}
