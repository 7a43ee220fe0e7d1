/**
 * The downloads of one published edition revision: scores (long CSV and JSON), answers with
 * their sources (CSV), a codebook of questions and options (CSV), the gate tables of the strands
 * with facets (CSV, `gate-table.ts`) and the `datapackage.json`
 * describing them. Each is derived from the immutable snapshot only, so a revision's files never
 * change.
 */
import type { PublishedEdition } from '../published/public-data.js';
import { answerScore, answerText } from '../answers/vocabulary.js';
import { labelText, type QuestionnaireNode } from '../questionnaire/types.js';
import { effectiveWeights } from '../scoring/effective-weights.js';
import { COLUMN, TERMS_COLUMNS, csvTable, type Cell, type Column } from './columns.js';
import { csvFile } from './csv-resource.js';
import { dataPackageFile } from './data-package.js';
import { facetedStrands, gateCells, gateColumns } from './gate-table.js';
import { termsCells, termsOf } from './data-terms.js';
import { jsonFile, type DownloadFile } from './download-file.js';

export const DATASET_FILES = [
  'scores.csv',
  'scores.json',
  'answers.csv',
  'codebook.csv',
  'gates.csv',
  'datapackage.json',
] as const;
export type DatasetFile = (typeof DATASET_FILES)[number];

/**
 * The files a revision has: all of {@link DATASET_FILES}, except `gates.csv` when no strand of
 * its questionnaire declares facets (a 2020-generation edition has no gate table to give).
 */
export function editionFileNames(edition: PublishedEdition): DatasetFile[] {
  const gates = facetedStrands(edition.questionnaire).length > 0;
  return DATASET_FILES.filter((file) => gates || file !== 'gates.csv');
}

export function datasetPath(edition: PublishedEdition, file: string): string {
  return `/downloads/${edition.edition.id}/r${edition.snapshot.revision}/${file}`;
}

const SCORE_COLUMNS: Column[] = [
  COLUMN.country,
  COLUMN.edition,
  COLUMN.revision,
  COLUMN.node,
  COLUMN.level,
  COLUMN.nodeCode,
  COLUMN.score,
  COLUMN.coverage,
  ...TERMS_COLUMNS,
];
const ANSWER_COLUMNS: Column[] = [
  COLUMN.country,
  COLUMN.edition,
  { name: 'revision', type: 'integer', description: 'published revision' },
  { name: 'question', type: 'string', description: 'question id' },
  COLUMN.questionCode,
  COLUMN.answer,
  COLUMN.answerLabel,
  { name: 'points', type: 'number', description: 'points of the chosen option; empty when none' },
  COLUMN.inForceSince,
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
  ...TERMS_COLUMNS,
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
  ...TERMS_COLUMNS,
];

/** Every file of a revision, the data package last (it lists the others' sizes). */
export function editionFiles(edition: PublishedEdition): DownloadFile[] {
  const files = [
    csvFile(
      'scores.csv',
      SCORE_COLUMNS,
      scoreCells(edition, scoreRows(edition)),
      'Scores in long form: one row per country and questionnaire node.',
      { primaryKey: ['country', 'node'] },
    ),
    jsonFile(
      'scores.json',
      scoresJson(edition),
      edition.countries.length,
      'The published scores with their provenance (questionnaire version and hash, method, time); one record per country.',
      { format: 'json', mediatype: 'application/json' },
    ),
    csvFile(
      'answers.csv',
      ANSWER_COLUMNS,
      answerCells(edition),
      'Every answer with its legal sources: one row per source (one row for an answer without).',
    ),
    csvFile(
      'codebook.csv',
      CODEBOOK_COLUMNS,
      codebookCells(edition),
      'The questionnaire: one row per node, one per option of a question, with weights and skip logic.',
    ),
  ];
  if (editionFileNames(edition).includes('gates.csv'))
    files.push(
      csvFile(
        'gates.csv',
        gateColumns(edition.questionnaire),
        gateCells(edition),
        "The gate tables of the strands with facets: one row per country, gate, facet and question answered, with the answer in words, its legal sources and in-force date, and the gate's and the strand's score and readings.",
      ),
    );
  const id = edition.edition.id;
  const revision = edition.snapshot.revision;
  return [
    ...files,
    dataPackageFile(
      {
        name: `policy-index-${id.toLowerCase()}-r${revision}`,
        title: `${labelText(edition.questionnaire.title)}: edition ${id}, revision ${revision}`,
        description: `Scores, answers, codebook and gate tables of edition ${id} (law as of ${edition.edition.reference_date}), published ${edition.snapshot.publishedAt}.${
          edition.snapshot.note ? ` Note: ${edition.snapshot.note}` : ''
        }`,
        version: `${edition.questionnaire.version}+r${revision}`,
        created: edition.snapshot.publishedAt,
        sources: [
          {
            title: `Questionnaire ${edition.questionnaire.id} ${edition.questionnaire.version}`,
            path: edition.questionnaire.hash,
          },
        ],
        terms: termsOf([edition]),
      },
      files,
    ),
  ];
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

function scoreCells(edition: PublishedEdition, rows: ReturnType<typeof scoreRows>): Cell[][] {
  const terms = termsCells(edition);
  return rows.map((r) => [
    r.country,
    r.edition,
    r.revision,
    r.node,
    r.level,
    r.code,
    r.score,
    r.coverage,
    ...terms,
  ]);
}

/** Score rows of an edition (the API's, filtered) as the scores CSV writes them. */
export function scoreRowsCsv(rows: ReturnType<typeof scoreRows>, edition: PublishedEdition) {
  return csvTable(SCORE_COLUMNS, scoreCells(edition, rows));
}

export function scoresJson(edition: PublishedEdition) {
  const terms = termsOf([edition]);
  return {
    edition: edition.edition.id,
    reference_date: edition.edition.reference_date,
    revision: edition.snapshot.revision,
    published_at: edition.snapshot.publishedAt,
    note: edition.snapshot.note,
    illustrative: edition.illustrative,
    notice: terms.notice,
    licence: edition.questionnaire.dataLicence,
    ...edition.snapshot.scores,
  };
}

function answerCells(edition: PublishedEdition): Cell[][] {
  const rows: Cell[][] = [];
  const terms = termsCells(edition);
  for (const country of edition.countries) {
    const sheet = edition.sheets.get(country)!;
    for (const question of edition.questionnaire.questions) {
      const entry = sheet.answers[question.id];
      if (!entry) continue;
      const common: Cell[] = [
        country,
        edition.edition.id,
        edition.snapshot.revision,
        question.id,
        question.code,
        entry.answer,
        answerText(question, entry.answer),
        answerScore(question, entry.answer),
        entry.inForceSince,
        entry.confidence,
        entry.comment,
      ];
      if (entry.sources.length === 0)
        rows.push([...common, null, null, null, null, null, ...terms]);
      entry.sources.forEach((s, i) =>
        rows.push([...common, i + 1, s.title, s.article, s.url, s.date, ...terms]),
      );
    }
  }
  return rows;
}

function codebookCells(edition: PublishedEdition): Cell[][] {
  const { questionnaire } = edition;
  const terms = termsCells(edition);
  const weights = new Map(effectiveWeights(questionnaire).map((w) => [w.questionId, w]));
  const rows: Cell[][] = [];
  const visit = (node: QuestionnaireNode) => {
    const common: Cell[] = [
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
        rows.push([
          ...common,
          option.id,
          labelText(option.label),
          option.score,
          node.appliesIf?.source ?? null,
          node.notApplicableAllowed,
          w.inStrand[node.strandId!] ?? null,
          w.inOverall,
          ...terms,
        ]);
      }
      return;
    }
    rows.push([...common, null, null, null, null, null, null, null, ...terms]);
    if (node.kind === 'ref') return;
    for (const child of node.children) visit(child);
  };
  visit(questionnaire.overall);
  for (const strand of questionnaire.strands) if (!strand.countInOverall) visit(strand);
  return rows;
}
