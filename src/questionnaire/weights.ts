/**
 * A node's weight is a number greater than 0 and at most {@link MAX_WEIGHT} (`invalid-weight`).
 * A weight of 0 would silently drop the node from every mean, and a negative one would turn its
 * score upside down; robustness analysis may set 0 to leave a dimension out, but a questionnaire
 * may not. Weights are relative to their siblings': the cap keeps every sum of them finite (two
 * weights of 1e308 added to Infinity, and their node's score silently disappeared).
 */
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import type { QuestionnaireNode } from './types.js';

/** The largest weight: weights are relative, and a million to one is far beyond any method. */
export const MAX_WEIGHT = 1_000_000;

export function checkWeight(
  node: QuestionnaireNode,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): void {
  if (Number.isFinite(node.weight) && node.weight > 0 && node.weight <= MAX_WEIGHT) return;
  const limit = node.weight > MAX_WEIGHT ? `at most ${MAX_WEIGHT}` : 'a number greater than 0';
  issues.push(
    source.issue(
      'invalid-weight',
      [...path, 'weight'],
      `weight must be ${limit}, not ${node.weight}`,
    ),
  );
}
