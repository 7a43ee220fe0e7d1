/**
 * A node's weight is a finite number greater than 0 (`invalid-weight`). A weight of 0 would
 * silently drop the node from every mean, and a negative one would turn its score upside down;
 * robustness analysis may set 0 to leave a dimension out, but a questionnaire may not.
 */
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import type { QuestionnaireNode } from './types.js';

export function checkWeight(
  node: QuestionnaireNode,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): void {
  if (Number.isFinite(node.weight) && node.weight > 0) return;
  issues.push(
    source.issue(
      'invalid-weight',
      [...path, 'weight'],
      `weight must be a number greater than 0, not ${node.weight}`,
    ),
  );
}
