/**
 * References (a cross-cutting strand's nodes that report a node of another strand): they stand
 * only in cross-cutting strands (`ref-outside-cross-cutting`), so that nothing is counted twice in
 * the overall score; they point at a node that exists (`unknown-ref`), in another strand and below
 * strand level (`invalid-ref-target`); and following them never comes back to where it started
 * (`ref-cycle`).
 */
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import type { QuestionnaireNode, RefNode } from './types.js';

/** A reference as placed in the tree, with where it was written. */
export interface PlacedRef {
  node: RefNode;
  source: YamlSource;
  path: DocPath;
}

/** Checked as the reference is placed: only cross-cutting strands hold references. */
export function checkRefPlacement(
  strand: { id: string; crossCutting: boolean },
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): void {
  if (strand.crossCutting) return;
  issues.push(
    source.issue(
      'ref-outside-cross-cutting',
      [...path, 'ref'],
      `references are allowed only in cross-cutting strands (set cross_cutting: true on strand "${strand.id}"), so that nothing is counted twice`,
    ),
  );
}

/** Checked once every node is placed: targets exist and are allowed; no cycles. */
export function checkRefTargets(
  refs: readonly PlacedRef[],
  nodes: ReadonlyMap<string, QuestionnaireNode>,
  issues: Issue[],
): void {
  for (const { node, source, path } of refs) {
    const target = nodes.get(node.targetId);
    if (!target) {
      issues.push(
        source.issue(
          'unknown-ref',
          [...path, 'ref'],
          `"${node.id}" refers to "${node.targetId}", which does not exist`,
        ),
      );
    } else if (
      target.level === 'overall' ||
      target.level === 'strand' ||
      target.strandId === node.strandId
    ) {
      issues.push(
        source.issue(
          'invalid-ref-target',
          [...path, 'ref'],
          `"${node.id}" may refer to a dimension, indicator or item of another strand, not to ${
            target.strandId === node.strandId
              ? 'its own strand'
              : `the ${target.level} "${target.id}"`
          }`,
        ),
      );
    }
  }
  checkRefCycles(refs, nodes, issues);
}

/** A reference may point at a composite that itself contains references: follow them all. */
function checkRefCycles(
  refs: readonly PlacedRef[],
  nodes: ReadonlyMap<string, QuestionnaireNode>,
  issues: Issue[],
): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]): void => {
    const node = nodes.get(id);
    if (!node || state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      const ref = refs.find((r) => cycle.includes(r.node.id) && !reported.has(r.node.id));
      if (ref) {
        cycle.forEach((member) => reported.add(member));
        issues.push(
          ref.source.issue(
            'ref-cycle',
            [...ref.path, 'ref'],
            `references form a cycle: ${cycle.join(' → ')}`,
          ),
        );
      }
      return;
    }
    state.set(id, 'visiting');
    const next =
      node.kind === 'ref'
        ? [node.targetId]
        : node.kind === 'composite'
          ? node.children.map((c) => c.id)
          : [];
    for (const child of next) visit(child, [...trail, id]);
    state.set(id, 'done');
  };
  for (const { node } of refs) visit(node.id, []);
}
