/**
 * The downloadable datasets of a published edition revision: scores (long CSV and JSON), answers
 * with their sources (CSV), a codebook of questions and options (CSV) and a Frictionless Data
 * `datapackage.json` describing them. Each is derived from the immutable snapshot only.
 */
import { labelText, type QuestionnaireNode } from '../questionnaire/types.js';
import { effectiveWeights } from '../scoring/effective-weights.js';
import { csvLine, type CsvCellType } from '../table/csv.js';
import type { PublishedEdition } from '../published/public-data.js';

export const DATASET_FILES = [
  'scores.csv',
  'scores.json',
  'answers.csv',
  'codebook.csv',
  'datapackage.json',
] as const;
export type DatasetFile = (typeof DATASET_FILES)[number];

interface Column {
  name: string;
  type: 'string' | 'number' | 'integer' | 'date' | 'boolean';
  description: string;
}

/** Each CSV's columns, declared once: they make both the CSV header and the data package. */
const SCORE_COLUMNS: Column[] = [
  { name: 'country', type: 'string', description: 'ISO 3166-1 alpha-2 code' },
  { name: 'edition', type: 'string', description: 'edition id' },
  { name: 'revision', type: 'integer', description: 'published revision of the edition' },
  {
    name: 'node',
    type: 'string',
    description: 'questionnaire node id (overall, strand, dimension, indicator or item)',
  },
  { name: 'level', type: 'string', description: 'overall, strand, dimension, indicator or item' },
  { name: 'code', type: 'string', description: 'external code of the node, if any' },
  {
    name: 'score',
    type: 'number',
    description: '0–100 at full precision; empty when nothing below the node has a score',
  },
  {
    name: 'coverage',
    type: 'number',
    description: 'share of the questions below the node that are answered or not applicable',
  },
];
const ANSWER_COLUMNS: Column[] = [
  { name: 'country', type: 'string', description: 'ISO 3166-1 alpha-2 code' },
  { name: 'edition', type: 'string', description: 'edition id' },
  { name: 'revision', type: 'integer', description: 'published revision' },
  { name: 'question', type: 'string', description: 'question id' },
  { name: 'code', type: 'string', description: 'external code of the question' },
  {
    name: 'answer',
    type: 'string',
    description: 'option id, or not_applicable / no_data / not_assessed',
  },
  { name: 'answer_label', type: 'string', description: 'the answer in words' },
  { name: 'points', type: 'number', description: 'points of the chosen option; empty when none' },
  { name: 'in_force_since', type: 'date', description: 'since when the rule coded is in force' },
  { name: 'confidence', type: 'string', description: 'coder confidence: low, medium, high' },
  { name: 'comment', type: 'string', description: "the coder's comment" },
  {
    name: 'source_number',
    type: 'integer',
    description: 'number of the legal source (one row per source)',
  },
  { name: 'source_title', type: 'string', description: 'title of the legal source' },
  { name: 'source_article', type: 'string', description: 'article or section' },
  { name: 'source_url', type: 'string', description: 'where the source can be read' },
  { name: 'source_date', type: 'date', description: 'date of the source' },
];
const CODEBOOK_COLUMNS: Column[] = [
  { name: 'node', type: 'string', description: 'questionnaire node id' },
  { name: 'code', type: 'string', description: 'external code' },
  { name: 'level', type: 'string', description: 'overall, strand, dimension, indicator or item' },
  { name: 'kind', type: 'string', description: 'question, composite or ref' },
  { name: 'strand', type: 'string', description: 'strand of the node' },
  { name: 'parent', type: 'string', description: 'parent node id' },
  { name: 'label', type: 'string', description: 'label' },
  { name: 'weight', type: 'number', description: 'weight among siblings' },
  {
    name: 'aggregation',
    type: 'string',
    description: 'rule of a node with children: mean, geometric, min',
  },
  { name: 'option', type: 'string', description: 'option id (one row per option)' },
  { name: 'option_label', type: 'string', description: 'option in words' },
  { name: 'option_points', type: 'number', description: 'points of the option' },
  { name: 'applies_if', type: 'string', description: 'skip logic: asked only when this is true' },
  {
    name: 'not_applicable_allowed',
    type: 'boolean',
    description: 'whether "not applicable" may be answered',
  },
  {
    name: 'effective_weight_in_strand',
    type: 'number',
    description: 'share of the strand score, all answered',
  },
  {
    name: 'effective_weight_overall',
    type: 'number',
    description: 'share of the overall score, all answered',
  },
];

const header = (columns: Column[]) => csvLine(columns.map((c) => c.name));

/**
 * How each column's cells are written: numbers as numbers, everything else as text that a
 * spreadsheet will not run as a formula (see table/csv.ts).
 */
const cellTypes = (columns: Column[]): CsvCellType[] =>
  columns.map((c) => (c.type === 'number' || c.type === 'integer' ? 'number' : 'text'));
const SCORE_TYPES = cellTypes(SCORE_COLUMNS);
const ANSWER_TYPES = cellTypes(ANSWER_COLUMNS);
const CODEBOOK_TYPES = cellTypes(CODEBOOK_COLUMNS);

export function datasetPath(edition: PublishedEdition, file: DatasetFile): string {
  return `/downloads/${edition.edition.id}/r${edition.snapshot.revision}/${file}`;
}

export function dataset(
  edition: PublishedEdition,
  file: DatasetFile,
): { body: string; type: string } {
  switch (file) {
    case 'scores.csv':
      return { body: scoresCsv(edition), type: 'text/csv; charset=utf-8' };
    case 'scores.json':
      return {
        body: JSON.stringify(scoresJson(edition), null, 2),
        type: 'application/json; charset=utf-8',
      };
    case 'answers.csv':
      return { body: answersCsv(edition), type: 'text/csv; charset=utf-8' };
    case 'codebook.csv':
      return { body: codebookCsv(edition), type: 'text/csv; charset=utf-8' };
    case 'datapackage.json':
      return {
        body: JSON.stringify(datapackage(edition), null, 2),
        type: 'application/json; charset=utf-8',
      };
  }
}

export function scoreRows(
  edition: PublishedEdition,
  filter: { country?: string; node?: string; level?: string } = {},
) {
  const rows: {
    country: string;
    edition: string;
    revision: number;
    node: string;
    level: string;
    code: string | null;
    score: number | null;
    coverage: number;
  }[] = [];
  for (const country of edition.countries) {
    if (filter.country && filter.country !== country) continue;
    for (const [node, value] of Object.entries(edition.scores.get(country)!)) {
      if (filter.node && filter.node !== node) continue;
      if (filter.level && filter.level !== value.level) continue;
      rows.push({
        country,
        edition: edition.edition.id,
        revision: edition.snapshot.revision,
        node,
        level: value.level,
        code: value.code,
        score: value.score,
        coverage: value.coverage,
      });
    }
  }
  return rows;
}

export function scoreRowsCsv(rows: ReturnType<typeof scoreRows>): string {
  return `${[header(SCORE_COLUMNS), ...rows.map((r) => csvLine([r.country, r.edition, r.revision, r.node, r.level, r.code, r.score, r.coverage], SCORE_TYPES))].join('\n')}\n`;
}

function scoresCsv(edition: PublishedEdition): string {
  return scoreRowsCsv(scoreRows(edition));
}

export function scoresJson(edition: PublishedEdition) {
  return {
    edition: edition.edition.id,
    reference_date: edition.edition.reference_date,
    revision: edition.snapshot.revision,
    published_at: edition.snapshot.publishedAt,
    note: edition.snapshot.note,
    illustrative: edition.illustrative,
    ...edition.snapshot.scores,
  };
}

function answersCsv(edition: PublishedEdition): string {
  const lines = [header(ANSWER_COLUMNS)];
  for (const country of edition.countries) {
    const sheet = edition.sheets.get(country)!;
    for (const question of edition.questionnaire.questions) {
      const entry = sheet.answers[question.id];
      if (!entry) continue;
      const option = question.options.find((o) => o.id === entry.answer);
      const common = [
        country,
        edition.edition.id,
        edition.snapshot.revision,
        question.id,
        question.code,
        entry.answer,
        option ? labelText(option.label) : entry.answer.replace(/_/g, ' '),
        option?.score ?? null,
        entry.inForceSince,
        entry.confidence,
        entry.comment,
      ];
      if (entry.sources.length === 0)
        lines.push(csvLine([...common, null, null, null, null, null], ANSWER_TYPES));
      entry.sources.forEach((s, i) =>
        lines.push(csvLine([...common, i + 1, s.title, s.article, s.url, s.date], ANSWER_TYPES)),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function codebookCsv(edition: PublishedEdition): string {
  const { questionnaire } = edition;
  const weights = new Map(effectiveWeights(questionnaire).map((w) => [w.questionId, w]));
  const lines = [header(CODEBOOK_COLUMNS)];
  const visit = (node: QuestionnaireNode) => {
    const common = [
      node.id,
      node.code,
      node.level,
      node.kind,
      node.strandId,
      node.parentId,
      labelText(node.label),
      node.weight,
      node.kind === 'composite' ? node.aggregation : null,
    ];
    if (node.kind === 'question') {
      const w = weights.get(node.id)!;
      for (const option of node.options) {
        lines.push(
          csvLine(
            [
              ...common,
              option.id,
              labelText(option.label),
              option.score,
              node.appliesIf?.source ?? null,
              node.notApplicableAllowed ? 'true' : 'false',
              w.inStrand[node.strandId!] ?? null,
              w.inOverall,
            ],
            CODEBOOK_TYPES,
          ),
        );
      }
      return;
    }
    lines.push(csvLine([...common, null, null, null, null, null, null, null], CODEBOOK_TYPES));
    if (node.kind === 'ref') return;
    for (const child of node.children) visit(child);
  };
  visit(questionnaire.overall);
  for (const strand of questionnaire.strands) if (!strand.countInOverall) visit(strand);
  return `${lines.join('\n')}\n`;
}

function csvResource(name: string, columns: Column[], extra: Record<string, unknown> = {}) {
  return {
    name,
    path: `${name}.csv`,
    profile: 'tabular-data-resource',
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    schema: { fields: columns, ...extra },
  };
}

function datapackage(edition: PublishedEdition) {
  const id = edition.edition.id;
  const revision = edition.snapshot.revision;
  return {
    profile: 'tabular-data-package',
    name: `policy-index-${id.toLowerCase()}-r${revision}`,
    title: `${labelText(edition.questionnaire.title)}: edition ${id}, revision ${revision}`,
    description: `Scores, answers and codebook of edition ${id} (law as of ${edition.edition.reference_date}), published ${edition.snapshot.publishedAt}.${
      edition.illustrative
        ? ' ILLUSTRATIVE SAMPLE DATA — not a real assessment of any country.'
        : ''
    }${edition.snapshot.note ? ` Note: ${edition.snapshot.note}` : ''}`,
    version: `${edition.questionnaire.version}+r${revision}`,
    created: edition.snapshot.publishedAt,
    keywords: ['policy index', 'migration', 'integration'],
    sources: [
      {
        title: `Questionnaire ${edition.questionnaire.id} ${edition.questionnaire.version}`,
        path: edition.questionnaire.hash,
      },
    ],
    resources: [
      csvResource('scores', SCORE_COLUMNS, { primaryKey: ['country', 'node'] }),
      csvResource('answers', ANSWER_COLUMNS),
      csvResource('codebook', CODEBOOK_COLUMNS),
      {
        name: 'scores-json',
        path: 'scores.json',
        format: 'json',
        mediatype: 'application/json',
        description:
          'The published scores with their provenance (questionnaire version and hash, method, time).',
      },
    ],
  };
}
