/**
 * The downloadable datasets of a published edition revision: scores (long CSV and JSON), answers
 * with their sources (CSV), a codebook of questions and options (CSV) and a Frictionless Data
 * `datapackage.json` describing them. Each is derived from the immutable snapshot only.
 */
import { labelText, type QuestionnaireNode } from '../questionnaire/types.js';
import { effectiveWeights } from '../scoring/effective-weights.js';
import { csvLine } from '../table/csv.js';
import type { PublishedEdition } from './public-data.js';

export const DATASET_FILES = [
  'scores.csv',
  'scores.json',
  'answers.csv',
  'codebook.csv',
  'datapackage.json',
] as const;
export type DatasetFile = (typeof DATASET_FILES)[number];

const SCORE_FIELDS = [
  'country',
  'edition',
  'revision',
  'node',
  'level',
  'code',
  'score',
  'coverage',
] as const;
const ANSWER_FIELDS = [
  'country',
  'edition',
  'revision',
  'question',
  'code',
  'answer',
  'answer_label',
  'points',
  'in_force_since',
  'confidence',
  'comment',
  'source_number',
  'source_title',
  'source_article',
  'source_url',
  'source_date',
] as const;
const CODEBOOK_FIELDS = [
  'node',
  'code',
  'level',
  'kind',
  'strand',
  'parent',
  'label',
  'weight',
  'aggregation',
  'option',
  'option_label',
  'option_points',
  'applies_if',
  'not_applicable_allowed',
  'effective_weight_in_strand',
  'effective_weight_overall',
] as const;

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
  return `${[csvLine(SCORE_FIELDS), ...rows.map((r) => csvLine([r.country, r.edition, r.revision, r.node, r.level, r.code, r.score, r.coverage]))].join('\n')}\n`;
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
  const lines = [csvLine(ANSWER_FIELDS)];
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
        lines.push(csvLine([...common, null, null, null, null, null]));
      entry.sources.forEach((s, i) =>
        lines.push(csvLine([...common, i + 1, s.title, s.article, s.url, s.date])),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function codebookCsv(edition: PublishedEdition): string {
  const { questionnaire } = edition;
  const weights = new Map(effectiveWeights(questionnaire).map((w) => [w.questionId, w]));
  const lines = [csvLine(CODEBOOK_FIELDS)];
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
          csvLine([
            ...common,
            option.id,
            labelText(option.label),
            option.score,
            node.appliesIf?.source ?? null,
            node.notApplicableAllowed ? 'true' : 'false',
            w.inStrand[node.strandId!] ?? null,
            w.inOverall,
          ]),
        );
      }
      return;
    }
    lines.push(csvLine([...common, null, null, null, null, null, null, null]));
    if (node.kind === 'ref') return;
    for (const child of node.children) visit(child);
  };
  visit(questionnaire.overall);
  for (const strand of questionnaire.strands) if (!strand.countInOverall) visit(strand);
  return `${lines.join('\n')}\n`;
}

function field(name: string, type: string, description: string) {
  return { name, type, description };
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
      {
        name: 'scores',
        path: 'scores.csv',
        profile: 'tabular-data-resource',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        schema: {
          fields: [
            field('country', 'string', 'ISO 3166-1 alpha-2 code'),
            field('edition', 'string', 'edition id'),
            field('revision', 'integer', 'published revision of the edition'),
            field(
              'node',
              'string',
              'questionnaire node id (overall, strand, dimension, indicator or item)',
            ),
            field('level', 'string', 'overall, strand, dimension, indicator or item'),
            field('code', 'string', 'external code of the node, if any'),
            field(
              'score',
              'number',
              '0–100 at full precision; empty when nothing below the node has a score',
            ),
            field(
              'coverage',
              'number',
              'share of the questions below the node that are answered or not applicable',
            ),
          ],
          primaryKey: ['country', 'node'],
        },
      },
      {
        name: 'answers',
        path: 'answers.csv',
        profile: 'tabular-data-resource',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        schema: {
          fields: [
            field('country', 'string', 'ISO 3166-1 alpha-2 code'),
            field('edition', 'string', 'edition id'),
            field('revision', 'integer', 'published revision'),
            field('question', 'string', 'question id'),
            field('code', 'string', 'external code of the question'),
            field('answer', 'string', 'option id, or not_applicable / no_data / not_assessed'),
            field('answer_label', 'string', 'the answer in words'),
            field('points', 'number', 'points of the chosen option; empty when none'),
            field('in_force_since', 'date', 'since when the rule coded is in force'),
            field('confidence', 'string', 'coder confidence: low, medium, high'),
            field('comment', 'string', "the coder's comment"),
            field('source_number', 'integer', 'number of the legal source (one row per source)'),
            field('source_title', 'string', 'title of the legal source'),
            field('source_article', 'string', 'article or section'),
            field('source_url', 'string', 'where the source can be read'),
            field('source_date', 'date', 'date of the source'),
          ],
        },
      },
      {
        name: 'codebook',
        path: 'codebook.csv',
        profile: 'tabular-data-resource',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        schema: {
          fields: CODEBOOK_FIELDS.map((name) =>
            field(
              name,
              name === 'weight' || name.startsWith('effective') || name === 'option_points'
                ? 'number'
                : 'string',
              name.replace(/_/g, ' '),
            ),
          ),
        },
      },
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
