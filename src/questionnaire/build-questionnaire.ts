/**
 * Stage 2 of questionnaire validation: turns structurally valid files (stage 1, JSON Schema)
 * into the normalised `Questionnaire`, checking everything that needs the whole picture:
 *
 * - ids unique across all files (`duplicate-id`), `overall` reserved (`reserved-id`),
 *   external codes unique (`duplicate-code`);
 * - each indicator or item is exactly one of: a question (`options` or `option_set`), a
 *   composite (`items`) or a reference (`ref`) — `invalid-node-kind`;
 * - option lists resolve (`unknown-option-set`), have at least two options
 *   (`too-few-options`), unique option ids (`duplicate-option-id`) and scores within 0–100
 *   (`option-score-out-of-range`). Option ids are kebab-case (stage 1), so they never clash
 *   with the missing-answer values `not_applicable`, `no_data`, `not_assessed`;
 * - weights are finite and > 0 (`invalid-weight`);
 * - references only in cross-cutting strands (`ref-outside-cross-cutting`), to nodes that exist
 *   (`unknown-ref`) in another strand below strand level (`invalid-ref-target`), without
 *   cycles (`ref-cycle`);
 * - skip-logic expressions parse, use only the allowed language and refer to existing questions
 *   and options (`expression-*`), without circular conditions (`applies-if-cycle`);
 * - bands cover 0–100 without gap or overlap (`bands-gap`, `bands-overlap`, `bands-range`);
 * - evidence rules: a maximum source age is a whole number of years > 0, or null for none
 *   (`invalid-source-age`); a reference takes no rules of its own (`invalid-node-kind`). Rules
 *   are inherited down the tree and resolved on every question (see `evidence-rules.ts`).
 *
 * All problems are collected in one pass; the questionnaire is returned only if there is none.
 */
import type { Issue } from '../issues/issue.js';
import { canonicalJson, sha256 } from '../source/canonical-json.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import { resolveEvidenceRules } from './evidence-rules.js';
import { compileExpression } from './expressions.js';
import type {
  RawIndexFile,
  RawIndicator,
  RawItem,
  RawOption,
  RawStrandFile,
} from './raw-schema.js';
import {
  NO_EVIDENCE_RULES,
  OVERALL_ID,
  type AnswerOption,
  type Band,
  type CompositeNode,
  type EvidenceRules,
  type Label,
  type Level,
  type QuestionNode,
  type Questionnaire,
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

export const DEFAULT_BANDS: Band[] = [
  { id: 'favourable', label: 'Favourable', min: 80, max: 100, colour: '#1a7f37' },
  { id: 'slightly-favourable', label: 'Slightly favourable', min: 60, max: 79, colour: '#6cae3e' },
  { id: 'halfway-favourable', label: 'Halfway favourable', min: 41, max: 59, colour: '#d4a72c' },
  {
    id: 'slightly-unfavourable',
    label: 'Slightly unfavourable',
    min: 21,
    max: 40,
    colour: '#e07b39',
  },
  { id: 'unfavourable', label: 'Unfavourable', min: 1, max: 20, colour: '#cf222e' },
  {
    id: 'critically-unfavourable',
    label: 'Critically unfavourable',
    min: 0,
    max: 0,
    colour: '#82071e',
  },
];

type RawNode = RawIndicator | RawItem;

export function buildQuestionnaire(
  index: IndexInput,
  strandInputs: StrandInput[],
): { questionnaire: Questionnaire | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const nodes = new Map<string, QuestionnaireNode>();
  const codes = new Map<string, string>();
  const sources = new Map<string, YamlSource>();
  const refs: { node: RefNode; source: YamlSource; path: DocPath }[] = [];
  const questions: QuestionNode[] = [];
  const questionSources = new Map<string, { source: YamlSource; path: DocPath; raw: RawNode }>();

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
  nodes.set(OVERALL_ID, overall);

  const register = (node: QuestionnaireNode, source: YamlSource, path: DocPath): boolean => {
    if (node.id === OVERALL_ID) {
      issues.push(
        source.issue(
          'reserved-id',
          [...path, 'id'],
          `id "${OVERALL_ID}" is reserved for the overall score`,
        ),
      );
      return false;
    }
    const first = nodes.get(node.id);
    if (first) {
      const firstSource = sources.get(node.id);
      const where = firstSource
        ? ` (first used at ${describeLocation(firstSource, first.source.path)})`
        : '';
      issues.push(
        source.issue('duplicate-id', [...path, 'id'], `id "${node.id}" is used twice${where}`),
      );
      return false;
    }
    if (node.code !== null) {
      const owner = codes.get(node.code);
      if (owner) {
        issues.push(
          source.issue(
            'duplicate-code',
            [...path, 'code'],
            `code "${node.code}" is already used by "${owner}"`,
          ),
        );
      } else {
        codes.set(node.code, node.id);
      }
    }
    if (!(Number.isFinite(node.weight) && node.weight > 0)) {
      issues.push(
        source.issue(
          'invalid-weight',
          [...path, 'weight'],
          `weight must be a number greater than 0, not ${node.weight}`,
        ),
      );
    }
    nodes.set(node.id, node);
    sources.set(node.id, source);
    return true;
  };

  const base = (
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
  ) => ({
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
  });

  const buildLeafOrComposite = (
    raw: RawNode,
    level: 'indicator' | 'item',
    parentId: string,
    strand: { id: string; crossCutting: boolean },
    source: YamlSource,
    path: DocPath,
    inherited: EvidenceRules,
  ): QuestionnaireNode | null => {
    const hasOptions = raw.options !== undefined || raw.option_set !== undefined;
    const items = 'items' in raw ? raw.items : undefined;
    const kinds = [
      hasOptions && 'options',
      items !== undefined && 'items',
      raw.ref !== undefined && 'ref',
    ].filter(Boolean);
    if (kinds.length !== 1) {
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
    const common = base(raw, level, parentId, strand.id, source, path);
    const evidence = resolveEvidenceRules(raw.evidence, inherited, source, path, issues);

    if (hasOptions) {
      if (raw.options !== undefined && raw.option_set !== undefined) {
        issues.push(
          source.issue(
            'invalid-node-kind',
            path,
            `"${raw.id}" has both options and option_set: use one`,
          ),
        );
        return null;
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
      const options = resolveOptions(raw, source, path);
      const question: QuestionNode = {
        ...common,
        kind: 'question',
        options,
        notApplicableAllowed: raw.not_applicable ?? false,
        appliesIf: null,
        sourcesGuidance: (raw.sources_guidance ?? null) as Label | null,
        evidence,
      };
      if (register(question, source, path)) {
        questions.push(question);
        questionSources.set(question.id, { source, path, raw });
      }
      return question;
    }

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

    if (raw.ref !== undefined) {
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
      if (!strand.crossCutting) {
        issues.push(
          source.issue(
            'ref-outside-cross-cutting',
            [...path, 'ref'],
            `references are allowed only in cross-cutting strands (set cross_cutting: true on strand "${strand.id}"), so that nothing is counted twice`,
          ),
        );
      }
      const ref: RefNode = { ...common, kind: 'ref', targetId: raw.ref };
      if (register(ref, source, path)) refs.push({ node: ref, source, path });
      return ref;
    }

    const composite: CompositeNode = {
      ...common,
      kind: 'composite',
      aggregation: raw.aggregation ?? 'mean',
      children: [],
    };
    register(composite, source, path);
    (items ?? []).forEach((item, i) => {
      const child = buildLeafOrComposite(
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
    return composite;
  };

  const resolveOptions = (raw: RawNode, source: YamlSource, path: DocPath): AnswerOption[] => {
    let rawOptions: RawOption[];
    let optionsPath: DocPath = [...path, 'options'];
    if (raw.option_set !== undefined) {
      const set = index.raw.option_sets?.[raw.option_set];
      if (!set) {
        const known = Object.keys(index.raw.option_sets ?? {});
        issues.push(
          source.issue(
            'unknown-option-set',
            [...path, 'option_set'],
            `option set "${raw.option_set}" is not defined in the index file${known.length ? ` (defined: ${known.join(', ')})` : ''}`,
          ),
        );
        return [];
      }
      rawOptions = set;
      optionsPath = [...path, 'option_set'];
    } else {
      rawOptions = raw.options ?? [];
    }
    if (rawOptions.length < 2) {
      issues.push(
        source.issue(
          'too-few-options',
          optionsPath,
          `"${raw.id}" needs at least two options, has ${rawOptions.length}`,
        ),
      );
    }
    const seen = new Set<string>();
    rawOptions.forEach((option, i) => {
      const optionPath = raw.option_set !== undefined ? optionsPath : [...optionsPath, i];
      if (seen.has(option.id)) {
        issues.push(
          source.issue(
            'duplicate-option-id',
            [...optionPath, 'id'],
            `option id "${option.id}" is used twice in "${raw.id}"`,
          ),
        );
      }
      seen.add(option.id);
      if (!(Number.isFinite(option.score) && option.score >= 0 && option.score <= 100)) {
        issues.push(
          source.issue(
            'option-score-out-of-range',
            [...optionPath, 'score'],
            `score of option "${option.id}" must be between 0 and 100, not ${option.score}`,
          ),
        );
      }
    });
    return rawOptions.map((option) => ({
      id: option.id,
      label: option.label as Label,
      score: option.score,
      guidance: (option.guidance ?? null) as Label | null,
    }));
  };

  const indexEvidence = resolveEvidenceRules(
    index.raw.evidence,
    NO_EVIDENCE_RULES,
    index.source,
    [],
    issues,
  );
  const strands: Strand[] = [];
  for (const { raw, source } of strandInputs) {
    const strandEvidence = resolveEvidenceRules(raw.evidence, indexEvidence, source, [], issues);
    const crossCutting = raw.cross_cutting ?? false;
    const strand: Strand = {
      ...base(raw, 'strand', null, raw.id, source, []),
      kind: 'composite',
      level: 'strand',
      aggregation: raw.aggregation ?? 'mean',
      children: [],
      crossCutting,
      countInOverall: raw.count_in_overall ?? !crossCutting,
    };
    if (strand.countInOverall) strand.parentId = OVERALL_ID;
    if (!register(strand, source, [])) continue;
    strands.push(strand);
    if (strand.countInOverall) overall.children.push(strand);
    raw.dimensions.forEach((rawDimension, d) => {
      const path: DocPath = ['dimensions', d];
      const dimension: CompositeNode = {
        ...base(rawDimension, 'dimension', strand.id, strand.id, source, path),
        kind: 'composite',
        aggregation: rawDimension.aggregation ?? 'mean',
        children: [],
      };
      register(dimension, source, path);
      strand.children.push(dimension);
      const dimensionEvidence = resolveEvidenceRules(
        rawDimension.evidence,
        strandEvidence,
        source,
        path,
        issues,
      );
      rawDimension.indicators.forEach((rawIndicator, i) => {
        const child = buildLeafOrComposite(
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
  }

  checkRefs(refs, nodes, issues);
  compileSkipLogic(questions, questionSources, issues);
  const bands = buildBands(index, issues);

  if (issues.some((issue) => issue.severity === 'error')) return { questionnaire: null, issues };

  const definition = {
    id: index.raw.id,
    title: index.raw.title as Label,
    description: (index.raw.description ?? null) as Label | null,
    version: index.raw.version,
    languages: index.raw.languages ?? ['en'],
    illustrative: index.raw.illustrative ?? false,
    displayDecimals: index.raw.display?.decimals ?? 0,
    bands,
  };
  // A declared licence is part of the content; without one the hash is what it was before.
  const dataLicence = index.raw.data_licence ?? null;
  const described = dataLicence ? { ...definition, dataLicence } : definition;
  return {
    questionnaire: {
      ...definition,
      dataLicence,
      overall,
      strands,
      nodes,
      questions,
      hash: sha256(canonicalJson({ definition: described, strands: strands.map(describeNode) })),
      scoringHash: sha256(canonicalJson(strands.map(scoringShape))),
      files: [index.source.file, ...strandInputs.map((input) => input.source.file)],
    },
    issues,
  };
}

type RawLabelLike = string | { [language: string]: string };

function checkRefs(
  refs: { node: RefNode; source: YamlSource; path: DocPath }[],
  nodes: Map<string, QuestionnaireNode>,
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
  // A reference may point at a composite that itself contains references: follow them all.
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

function compileSkipLogic(
  questions: QuestionNode[],
  questionSources: Map<string, { source: YamlSource; path: DocPath; raw: RawNode }>,
  issues: Issue[],
): void {
  const byId = new Map(questions.map((question) => [question.id, question]));
  const catalogue = { optionIds: (id: string) => byId.get(id)?.options.map((option) => option.id) };
  for (const question of questions) {
    const origin = questionSources.get(question.id);
    const text = origin?.raw.applies_if;
    if (!origin || text === undefined) continue;
    const result = compileExpression(text, catalogue);
    if ('problems' in result) {
      for (const problem of result.problems) {
        issues.push(
          origin.source.issue(
            problem.code,
            [...origin.path, 'applies_if'],
            `applies_if of "${question.id}": ${problem.message}`,
          ),
        );
      }
    } else {
      question.appliesIf = result.expression;
    }
  }
  // A question must not depend, directly or through others, on itself.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      const origin = questionSources.get(id);
      if (origin) {
        issues.push(
          origin.source.issue(
            'applies-if-cycle',
            [...origin.path, 'applies_if'],
            `skip logic is circular: ${cycle.join(' → ')}`,
          ),
        );
      }
      return;
    }
    state.set(id, 'visiting');
    for (const dependency of byId.get(id)?.appliesIf?.dependsOn ?? [])
      visit(dependency, [...trail, id]);
    state.set(id, 'done');
  };
  for (const question of questions) visit(question.id, []);
}

function buildBands(index: IndexInput, issues: Issue[]): Band[] {
  if (!index.raw.bands) return DEFAULT_BANDS;
  const bands: Band[] = index.raw.bands.map((band) => ({
    id: band.id,
    label: band.label as Label,
    min: band.min,
    max: band.max,
    colour: band.colour ?? null,
  }));
  const order = bands.map((band, i) => ({ band, i })).sort((a, b) => a.band.min - b.band.min);
  const at = (i: number) => ['bands', i];
  for (const { band, i } of order) {
    if (band.min > band.max) {
      issues.push(
        index.source.issue(
          'bands-range',
          at(i),
          `band "${band.id}" has min ${band.min} above max ${band.max}`,
        ),
      );
    }
  }
  const first = order[0];
  const last = order[order.length - 1];
  if (first && first.band.min !== 0) {
    issues.push(
      index.source.issue(
        'bands-range',
        at(first.i),
        `the lowest band must start at 0, "${first.band.id}" starts at ${first.band.min}`,
      ),
    );
  }
  if (last && Math.max(...bands.map((b) => b.max)) !== 100) {
    issues.push(index.source.issue('bands-range', at(last.i), `the highest band must end at 100`));
  }
  for (let k = 1; k < order.length; k++) {
    const previous = order[k - 1]!;
    const current = order[k]!;
    if (current.band.min <= previous.band.max) {
      issues.push(
        index.source.issue(
          'bands-overlap',
          at(current.i),
          `band "${current.band.id}" (${current.band.min}–${current.band.max}) overlaps "${previous.band.id}" (${previous.band.min}–${previous.band.max})`,
        ),
      );
    } else if (current.band.min > previous.band.max + 1) {
      issues.push(
        index.source.issue(
          'bands-gap',
          at(current.i),
          `no band covers ${previous.band.max + 1}–${current.band.min - 1} (between "${previous.band.id}" and "${current.band.id}")`,
        ),
      );
    }
  }
  return bands;
}

function describeLocation(source: YamlSource, path: DocPath): string {
  const { line, column } = source.locate([...path, 'id']);
  return `${source.file}:${line}:${column}`;
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

/** What determines scores: structure, weights, rules, option scores. Not wording. */
function scoringShape(node: QuestionnaireNode): unknown {
  const common = { id: node.id, weight: node.weight };
  if (node.kind === 'question') {
    return { ...common, options: node.options.map((option) => [option.id, option.score]) };
  }
  if (node.kind === 'ref') return { ...common, ref: node.targetId };
  const strandFlags = node.level === 'strand' ? { counted: (node as Strand).countInOverall } : {};
  return {
    ...common,
    ...strandFlags,
    aggregation: node.aggregation,
    children: node.children.map(scoringShape),
  };
}
