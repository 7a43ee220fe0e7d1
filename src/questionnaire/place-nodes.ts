/**
 * Step 1 of stage 2 (`build-questionnaire.ts`): the tree. Every strand, dimension, indicator and
 * item is placed under its parent and checked as it is placed, in reading order — its kind and
 * the fields of that kind (`node-kinds.ts`), its id, code and weight (`node-ids.ts`,
 * `weights.ts`), a question's options (`options.ts`), its evidence rules, inherited from its
 * parent (`evidence-rules.ts`), a composite's table rule (`table-rule.ts`), and for a reference
 * that its strand is cross-cutting (`references.ts`). What later steps need is collected on the way: the references, the
 * questions and where each was written.
 */
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import { resolveEvidenceRules } from './evidence-rules.js';
import {
  checkReadingsCarried,
  indicatorFacet,
  resolveFacets,
  type PlacedReadings,
} from './facets.js';
import { NodeIndex } from './node-ids.js';
import {
  checkQuestionFields,
  checkQuestionOnlyFields,
  checkReferenceFields,
  nodeKind,
  type RawNode,
} from './node-kinds.js';
import { resolveOptions } from './options.js';
import type { RawIndexFile, RawStrandFile } from './raw-schema.js';
import { checkRefPlacement, type PlacedRef } from './references.js';
import type { QuestionOrigin } from './skip-logic.js';
import { checkTableDeclaration, resolveTable } from './table-rule.js';
import {
  NO_EVIDENCE_RULES,
  OVERALL_ID,
  type CompositeNode,
  type EvidenceRules,
  type Label,
  type Level,
  type QuestionNode,
  type QuestionnaireNode,
  type RefNode,
  type Strand,
} from './types.js';

export interface StrandInput {
  raw: RawStrandFile;
  source: YamlSource;
}

export interface IndexInput {
  raw: RawIndexFile;
  source: YamlSource;
}

/** The questionnaire's nodes as placed in step 1, and what the later steps check. */
export interface Tree {
  overall: CompositeNode;
  strands: Strand[];
  index: NodeIndex;
  refs: PlacedRef[];
  /** Strands that declare readings, for the checks once every node is placed. */
  readings: PlacedReadings[];
  questions: QuestionNode[];
  origins: Map<string, QuestionOrigin>;
  optionSets: RawIndexFile['option_sets'];
  issues: Issue[];
}

/** Step 1: every node placed under its parent and checked as it is placed. */
export function placeTree(index: IndexInput, strandInputs: StrandInput[], issues: Issue[]): Tree {
  const overall: CompositeNode = {
    kind: 'composite',
    id: OVERALL_ID,
    code: null,
    label: 'Overall',
    guidance: null,
    rationale: null,
    weight: 1,
    level: 'overall',
    parentId: null,
    strandId: null,
    source: { file: index.source.file, path: [] },
    aggregation: 'mean',
    children: [],
  };
  const tree: Tree = {
    overall,
    strands: [],
    index: new NodeIndex(overall, issues),
    refs: [],
    readings: [],
    questions: [],
    origins: new Map(),
    optionSets: index.raw.option_sets,
    issues,
  };
  const evidence = resolveEvidenceRules(
    index.raw.evidence,
    NO_EVIDENCE_RULES,
    index.source,
    [],
    issues,
  );
  for (const { raw, source } of strandInputs) placeStrand(tree, raw, source, evidence);
  return tree;
}

function placeStrand(
  tree: Tree,
  raw: RawStrandFile,
  source: YamlSource,
  inherited: EvidenceRules,
): void {
  const evidence = resolveEvidenceRules(raw.evidence, inherited, source, [], tree.issues);
  const crossCutting = raw.cross_cutting ?? false;
  const strand: Strand = {
    ...nodeFields(raw, 'strand', null, raw.id, source, []),
    kind: 'composite',
    level: 'strand',
    aggregation: raw.aggregation ?? 'mean',
    children: [],
    crossCutting,
    countInOverall: raw.count_in_overall ?? !crossCutting,
    ...resolveFacets(raw, source, tree.issues),
  };
  if (strand.countInOverall) strand.parentId = OVERALL_ID;
  if (!tree.index.register(strand, source, [])) return;
  tree.strands.push(strand);
  if (strand.readings) tree.readings.push({ strand, source });
  if (strand.countInOverall) tree.overall.children.push(strand);
  raw.dimensions.forEach((rawDimension, d) => {
    const path: DocPath = ['dimensions', d];
    const dimension: CompositeNode = {
      ...nodeFields(rawDimension, 'dimension', strand.id, strand.id, source, path),
      kind: 'composite',
      aggregation: rawDimension.aggregation ?? 'mean',
      children: [],
    };
    tree.index.register(dimension, source, path);
    strand.children.push(dimension);
    const dimensionEvidence = resolveEvidenceRules(
      rawDimension.evidence,
      evidence,
      source,
      path,
      tree.issues,
    );
    rawDimension.indicators.forEach((rawIndicator, i) => {
      const child = placeNode(
        tree,
        rawIndicator,
        'indicator',
        dimension.id,
        strand,
        source,
        [...path, 'indicators', i],
        dimensionEvidence,
      );
      if (child) dimension.children.push(child);
    });
  });
  checkReadingsCarried(strand, source, tree.issues);
}

/** An indicator or item: a question, a reference or a composite (then its items, in turn). */
function placeNode(
  tree: Tree,
  raw: RawNode,
  level: 'indicator' | 'item',
  parentId: string,
  strand: Strand,
  source: YamlSource,
  path: DocPath,
  inherited: EvidenceRules,
): QuestionnaireNode | null {
  const { issues } = tree;
  const kind = nodeKind(raw, source, path, issues);
  if (kind === null) return null;
  const common = {
    ...nodeFields(raw, level, parentId, strand.id, source, path),
    ...indicatorFacet(raw, strand, source, path, issues),
  };
  const evidence = resolveEvidenceRules(raw.evidence, inherited, source, path, issues);
  checkTableDeclaration(raw, kind === 'composite', source, path, issues);

  if (kind === 'question') {
    if (!checkQuestionFields(raw, source, path, issues)) return null;
    const question: QuestionNode = {
      ...common,
      kind: 'question',
      options: resolveOptions(raw, tree.optionSets, source, path, issues),
      notApplicableAllowed: raw.not_applicable ?? false,
      appliesIf: null,
      sourcesGuidance: (raw.sources_guidance ?? null) as Label | null,
      evidence,
    };
    if (tree.index.register(question, source, path)) {
      tree.questions.push(question);
      tree.origins.set(question.id, { source, path, appliesIf: raw.applies_if });
    }
    return question;
  }

  checkQuestionOnlyFields(raw, source, path, issues);
  if (kind === 'ref') {
    checkReferenceFields(raw, source, path, issues);
    checkRefPlacement(strand, source, path, issues);
    const ref: RefNode = { ...common, kind: 'ref', targetId: raw.ref! };
    if (tree.index.register(ref, source, path)) tree.refs.push({ node: ref, source, path });
    return ref;
  }

  const composite: CompositeNode = {
    ...common,
    kind: 'composite',
    aggregation: raw.aggregation ?? 'mean',
    children: [],
  };
  tree.index.register(composite, source, path);
  const items = 'items' in raw ? raw.items : undefined;
  (items ?? []).forEach((item, i) => {
    const child = placeNode(
      tree,
      item,
      'item',
      composite.id,
      strand,
      source,
      [...path, 'items', i],
      evidence,
    );
    if (child) composite.children.push(child);
  });
  const table = resolveTable(raw, composite, source, path, issues);
  if (table) composite.table = table;
  return composite;
}

type RawLabelLike = string | { [language: string]: string };

/** What every node has, from its raw fields: label defaults to the id, weight to 1. */
function nodeFields(
  raw: {
    id: string;
    code?: string;
    label?: RawLabelLike;
    guidance?: RawLabelLike;
    rationale?: RawLabelLike;
    weight?: number;
  },
  level: Level,
  parentId: string | null,
  strandId: string | null,
  source: YamlSource,
  path: DocPath,
) {
  return {
    id: raw.id,
    code: raw.code ?? null,
    label: (raw.label ?? raw.id) as Label,
    guidance: (raw.guidance ?? null) as Label | null,
    rationale: (raw.rationale ?? null) as Label | null,
    weight: raw.weight ?? 1,
    level,
    parentId,
    strandId,
    source: { file: source.file, path },
  };
}
