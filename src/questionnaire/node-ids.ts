/**
 * Ids and codes of the questionnaire's nodes, checked as each node is placed: ids are unique
 * across all files (`duplicate-id`, naming where the id was first used), `overall` is reserved
 * for the overall score (`reserved-id`), and external codes are unique (`duplicate-code`). A
 * node whose id is refused is not placed; a placed node has its weight checked (`weights.ts`).
 */
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import { OVERALL_ID, type QuestionnaireNode } from './types.js';
import { checkWeight } from './weights.js';

export class NodeIndex {
  /** Every placed node by id, the overall node included. */
  readonly nodes = new Map<string, QuestionnaireNode>();
  private readonly codes = new Map<string, string>();
  private readonly sources = new Map<string, YamlSource>();

  constructor(
    overall: QuestionnaireNode,
    private readonly issues: Issue[],
  ) {
    this.nodes.set(OVERALL_ID, overall);
  }

  /** Places `node` written at `path` of `source`; false when its id is reserved or taken. */
  register(node: QuestionnaireNode, source: YamlSource, path: DocPath): boolean {
    if (node.id === OVERALL_ID) {
      this.issues.push(
        source.issue(
          'reserved-id',
          [...path, 'id'],
          `id "${OVERALL_ID}" is reserved for the overall score`,
        ),
      );
      return false;
    }
    const first = this.nodes.get(node.id);
    if (first) {
      const firstSource = this.sources.get(node.id);
      const where = firstSource
        ? ` (first used at ${describeLocation(firstSource, first.source.path)})`
        : '';
      this.issues.push(
        source.issue('duplicate-id', [...path, 'id'], `id "${node.id}" is used twice${where}`),
      );
      return false;
    }
    if (node.code !== null) {
      const owner = this.codes.get(node.code);
      if (owner) {
        this.issues.push(
          source.issue(
            'duplicate-code',
            [...path, 'code'],
            `code "${node.code}" is already used by "${owner}"`,
          ),
        );
      } else {
        this.codes.set(node.code, node.id);
      }
    }
    checkWeight(node, source, path, this.issues);
    this.nodes.set(node.id, node);
    this.sources.set(node.id, source);
    return true;
  }
}

function describeLocation(source: YamlSource, path: DocPath): string {
  const { line, column } = source.locate([...path, 'id']);
  return `${source.file}:${line}:${column}`;
}
