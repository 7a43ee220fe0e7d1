/**
 * How published numbers and nodes are written for people, the same on the site, in the API's
 * display fields and on the command line: scores to the questionnaire's display decimals, signed
 * changes, and a node's label (a cross-cutting reference shows its target's).
 */
import { labelText, type Questionnaire, type QuestionnaireNode } from '../questionnaire/types.js';
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

/** A node's label; a reference that kept its id as label is named after what it points to. */
export function nodeLabel(node: QuestionnaireNode, questionnaire: Questionnaire): string {
  if (node.kind === 'ref' && node.label === node.id)
    return labelText(questionnaire.nodes.get(node.targetId)!.label);
  return labelText(node.label);
}
