/**
 * Skip logic, table rules and readings in words, for every reader (public pages, the workspace, reports). The answers it
 * names read as the answer vocabulary words them (`answers/vocabulary.ts`).
 */
import { answerText } from '../answers/vocabulary.js';
import {
  labelText,
  type CompositeNode,
  type Label,
  type Questionnaire,
  type QuestionNode,
  type Reading,
  type Strand,
} from './types.js';

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

const RULE_WORDS: Record<string, string> = {
  mean: 'weighted mean',
  geometric: 'weighted geometric mean',
  min: 'minimum',
};

/**
 * A reading of a strand as a sentence (`scoring/readings.ts` computes it): which facts it reads,
 * with which rules, and whether it is inverted — "Height of the bar: 100 minus the weighted mean,
 * over the dimensions that have any, of each dimension's weighted mean of its indicators recording
 * “Form” or “Level required”…". Facet labels in `language` where the strand has them.
 */
export function readingInWords(strand: Strand, reading: Reading, language = 'en'): string {
  const text = (label: Label | null) => labelText(label, language);
  const facets = reading.facets.map((id) => {
    const facet = strand.facets?.find((f) => f.id === id);
    return `“${facet ? text(facet.label) : id}”`;
  });
  const words = (rule: string) => RULE_WORDS[rule] ?? rule;
  const dimensionRules = [
    ...new Set(
      strand.children.map((d) => (d.kind === 'composite' ? d.aggregation : strand.aggregation)),
    ),
  ];
  const inDimension =
    dimensionRules.length === 1
      ? `${words(dimensionRules[0]!)} of`
      : `own rule (${dimensionRules.map(words).join(' or ')}) over`;
  const inverted = reading.direction === 'inverted' ? '100 minus ' : '';
  return (
    `${text(reading.label)}: ${inverted}the ${words(strand.aggregation)}, over the dimensions ` +
    `that have any, of each dimension's ${inDimension} its indicators recording ` +
    `${facets.join(' or ')}. Other indicators are left out and the weights renormalised, as ` +
    'for a missing answer; it never changes a score.'
  );
}
