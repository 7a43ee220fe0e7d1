/**
 * Panels: every published edition whose scores are comparable (same questionnaire, same scoring
 * hash: tree, weights, rules and option points) in one table, for work across editions. Each
 * edition enters with its latest revision. A panel is named after its questionnaire and scoring
 * hash, so its address holds while editions are added and changes only when the method does —
 * exactly when scores stop being comparable.
 */
import type { PublicData, PublishedEdition } from '../published/public-data.js';
import { labelText } from '../questionnaire/types.js';
import { roundHalfUp } from '../scoring/rounding.js';
import { COLUMN, TERMS_COLUMNS, type Cell, type Column } from './columns.js';
import { termsCells } from './data-terms.js';

export interface Panel {
  /** `{questionnaire id}-{first 12 hex digits of the scoring hash}`. */
  id: string;
  questionnaireId: string;
  scoringHash: string;
  /** The latest revision of every comparable published edition, oldest edition first. */
  editions: PublishedEdition[];
}

export const PANEL_FILES = [
  'panel.csv',
  'panel.json',
  'wide.csv',
  'panel.xlsx',
  'datapackage.json',
] as const;
export type PanelFile = (typeof PANEL_FILES)[number];

export function panelPath(panel: Panel, file: string): string {
  return `/downloads/panels/${panel.id}/${file}`;
}

/** The panels of the published editions, in the order of their first edition. */
export function panels(data: PublicData): Panel[] {
  const byKey = new Map<string, Panel>();
  for (const { id } of data.publishedEditions()) {
    const edition = data.edition(id)!;
    const questionnaireId = edition.questionnaire.id;
    const key = `${questionnaireId}|${edition.scoringHash}`;
    let panel = byKey.get(key);
    if (!panel) {
      const digits = edition.scoringHash.replace(/^sha256:/, '').slice(0, 12);
      panel = {
        id: `${questionnaireId}-${digits}`,
        questionnaireId,
        scoringHash: edition.scoringHash,
        editions: [],
      };
      byKey.set(key, panel);
    }
    panel.editions.push(edition);
  }
  return [...byKey.values()];
}

export function panelNamed(data: PublicData, id: string): Panel | null {
  return panels(data).find((panel) => panel.id === id) ?? null;
}

/** The questionnaire a panel's labels and question list come from: its newest edition's. */
export const panelQuestionnaire = (panel: Panel) => panel.editions.at(-1)!.questionnaire;

export const PANEL_COLUMNS: Column[] = [
  COLUMN.country,
  COLUMN.edition,
  COLUMN.revision,
  { name: 'reference_date', type: 'date', description: 'the law coded is the law as of this date' },
  COLUMN.node,
  COLUMN.nodeCode,
  COLUMN.level,
  COLUMN.score,
  {
    name: 'displayed_score',
    type: 'number',
    description: "the score as the site shows and ranks it (the questionnaire's display decimals)",
  },
  {
    name: 'rank',
    type: 'integer',
    description: 'rank in the edition on the displayed score (overall and strands only)',
  },
  COLUMN.coverage,
  ...TERMS_COLUMNS,
];

/** One row per country, edition and node: the panel in long form. */
export function panelCells(panel: Panel): Cell[][] {
  const rows: Cell[][] = [];
  for (const edition of panel.editions) {
    const terms = termsCells(edition);
    const decimals = edition.questionnaire.displayDecimals;
    for (const country of edition.countries) {
      for (const [node, value] of Object.entries(edition.scores.get(country)!)) {
        rows.push([
          country,
          edition.edition.id,
          edition.snapshot.revision,
          edition.edition.reference_date,
          node,
          value.code,
          value.level,
          value.score,
          value.score === null ? null : roundHalfUp(value.score, decimals),
          edition.ranks.get(node)?.get(country)?.rank ?? null,
          value.coverage,
          ...terms,
        ]);
      }
    }
  }
  return rows;
}

/** A question's column in the wide table: `q_` and its id with dashes as underscores. */
export const wideColumnName = (questionId: string) => `q_${questionId.replace(/-/g, '_')}`;

/** The wide table's columns: the row's keys, one per question (its points), then the terms. */
export function wideColumns(panel: Panel): Column[] {
  return [
    { name: 'country', type: 'string', description: 'ISO 3166-1 alpha-2 code' },
    { name: 'edition', type: 'string', description: 'edition id' },
    { name: 'revision', type: 'integer', description: 'published revision of the edition' },
    ...panelQuestionnaire(panel).questions.map((question): Column => ({
      name: wideColumnName(question.id),
      title: [question.code, labelText(question.label)].filter(Boolean).join(' '),
      type: 'number',
      description: `points of the answer to question ${question.code ?? question.id} ("${question.id}"); empty when not applicable, not asked, no data or not assessed (answers.csv of the edition says which)`,
    })),
    ...TERMS_COLUMNS,
  ];
}

/** One row per country and edition, one cell per question: the points its answer scored. */
export function wideCells(panel: Panel): Cell[][] {
  const questions = panelQuestionnaire(panel).questions;
  const rows: Cell[][] = [];
  for (const edition of panel.editions) {
    const terms = termsCells(edition);
    for (const country of edition.countries) {
      const scores = edition.scores.get(country)!;
      rows.push([
        country,
        edition.edition.id,
        edition.snapshot.revision,
        ...questions.map((question) => scores[question.id]?.score ?? null),
        ...terms,
      ]);
    }
  }
  return rows;
}
