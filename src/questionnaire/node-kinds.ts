/**
 * What each indicator or item is — a question (`options` or `option_set`), a composite
 * (`items`) or a reference (`ref`), exactly one — and that it carries only the fields of its
 * kind (`invalid-node-kind` for all of these: the file mixes two kinds of node).
 */
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import type { RawIndicator, RawItem } from './raw-schema.js';

export type RawNode = RawIndicator | RawItem;

export type NodeKind = 'question' | 'composite' | 'ref';

/** The kind of `raw`, or null (reported) when it has none of the three or more than one. */
export function nodeKind(
  raw: RawNode,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): NodeKind | null {
  const hasOptions = raw.options !== undefined || raw.option_set !== undefined;
  const hasItems = 'items' in raw && raw.items !== undefined;
  const kinds = [
    hasOptions && 'options',
    hasItems && 'items',
    raw.ref !== undefined && 'ref',
  ].filter(Boolean);
  if (kinds.length === 1) return hasOptions ? 'question' : hasItems ? 'composite' : 'ref';
  issues.push(
    source.issue(
      'invalid-node-kind',
      path,
      kinds.length === 0
        ? `"${raw.id}" needs options (a question), items (a composite) or ref (a reference)`
        : `"${raw.id}" has ${kinds.join(' and ')}: a node is either a question, a composite or a reference`,
    ),
  );
  return null;
}

/**
 * A question's own options or a shared option set, not both (false: no question can be built);
 * no aggregation rule, since a question has no children.
 */
export function checkQuestionFields(
  raw: RawNode,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): boolean {
  if (raw.options !== undefined && raw.option_set !== undefined) {
    issues.push(
      source.issue(
        'invalid-node-kind',
        path,
        `"${raw.id}" has both options and option_set: use one`,
      ),
    );
    return false;
  }
  if (raw.aggregation !== undefined) {
    issues.push(
      source.issue(
        'invalid-node-kind',
        [...path, 'aggregation'],
        'aggregation applies to nodes with children, not to questions',
      ),
    );
  }
  return true;
}

/** The fields only a question has, on a composite or a reference. */
export function checkQuestionOnlyFields(
  raw: RawNode,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): void {
  for (const field of ['not_applicable', 'applies_if', 'sources_guidance'] as const) {
    if (raw[field] !== undefined) {
      issues.push(
        source.issue(
          'invalid-node-kind',
          [...path, field],
          `${field} applies to questions only, and "${raw.id}" is not a question`,
        ),
      );
    }
  }
}

/** A reference takes the evidence rules and the aggregation rule of what it refers to. */
export function checkReferenceFields(
  raw: RawNode,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): void {
  if (raw.evidence !== undefined) {
    issues.push(
      source.issue(
        'invalid-node-kind',
        [...path, 'evidence'],
        'a reference takes the evidence rules of the question it refers to',
      ),
    );
  }
  if (raw.aggregation !== undefined) {
    issues.push(
      source.issue(
        'invalid-node-kind',
        [...path, 'aggregation'],
        'a reference takes the rule of the node it refers to',
      ),
    );
  }
}
