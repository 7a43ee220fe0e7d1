/**
 * The two fingerprints of a questionnaire: the content hash (everything but where things were
 * written — a new wording is a new content) and the scoring hash (only what determines scores:
 * structure, weights, rules and tables, option scores, and readings with the facets they read,
 * since readings are published numbers too). Editions whose questionnaires share a scoring hash
 * score alike and can be compared.
 */
import { canonicalJson, sha256 } from '../source/canonical-json.js';
import { NO_EVIDENCE_RULES, type QuestionnaireNode, type Strand } from './types.js';

export function contentHash(definition: unknown, strands: readonly Strand[]): string {
  return sha256(canonicalJson({ definition, strands: strands.map(describeNode) }));
}

export function scoringHash(strands: readonly Strand[]): string {
  return sha256(canonicalJson(strands.map(scoringShape)));
}

/**
 * Everything about a node except where it was written: the input of the content hash. A question
 * without evidence rules is described as before rules existed, so that the hash of a questionnaire
 * that declares none did not change when they were introduced.
 */
function describeNode(node: QuestionnaireNode): unknown {
  const { source: _source, ...rest } = node;
  if (node.kind === 'composite') return { ...rest, children: node.children.map(describeNode) };
  if (node.kind === 'question') {
    const { source: _where, evidence, ...question } = node;
    const declared =
      evidence.sourcesRequired !== NO_EVIDENCE_RULES.sourcesRequired ||
      evidence.maxSourceAgeYears !== NO_EVIDENCE_RULES.maxSourceAgeYears;
    const described = { ...question, appliesIf: node.appliesIf?.source ?? null };
    return declared ? { ...described, evidence } : described;
  }
  return rest;
}

/** What determines scores and readings: structure, weights, rules, option scores. Not wording. */
function scoringShape(node: QuestionnaireNode): unknown {
  // A facet or reading is described only where declared, so hashes without them are unchanged.
  const facet = node.facet === undefined ? {} : { facet: node.facet };
  const common = { id: node.id, weight: node.weight, ...facet };
  if (node.kind === 'question') {
    return { ...common, options: node.options.map((option) => [option.id, option.score]) };
  }
  if (node.kind === 'ref') return { ...common, ref: node.targetId };
  const strandFlags = node.level === 'strand' ? strandShape(node as Strand) : {};
  // A table is part of the rule; a composite without one is described as before tables existed.
  const table = node.table ? { table: node.table } : {};
  return {
    ...common,
    ...strandFlags,
    aggregation: node.aggregation,
    ...table,
    children: node.children.map(scoringShape),
  };
}

function strandShape(strand: Strand): { counted: boolean; readings?: unknown[] } {
  const readings = strand.readings?.map(({ id, facets, direction }) => ({ id, facets, direction }));
  return readings
    ? { counted: strand.countInOverall, readings }
    : { counted: strand.countInOverall };
}
