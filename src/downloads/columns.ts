/**
 * The columns of the tabular downloads, declared once: each makes the CSV header, the cell types
 * (numbers stay numbers, text is made inert against formula injection: table/csv.ts), the
 * workbook's header row and the field list of `datapackage.json`.
 */
import { csvLine, type CsvCellType } from '../table/csv.js';

export interface Column {
  name: string;
  type: 'string' | 'number' | 'integer' | 'date' | 'boolean';
  description: string;
  /** A readable name where `name` is an identifier (the wide table's question columns). */
  title?: string;
}

/** A cell as the table builders produce it; `null` is an empty cell. */
export type Cell = string | number | boolean | null;

/**
 * The two columns every CSV download ends with, so that a row keeps its terms wherever it goes
 * (filtered, merged, pasted): whether it is sample data, and under which licence it may be used.
 * Columns rather than comment lines or a header block, because pandas' `read_csv` and R's
 * `read.csv` read a plain table as it is and would break on anything above the header.
 */
export const TERMS_COLUMNS: Column[] = [
  {
    name: 'illustrative',
    type: 'boolean',
    description: 'true: illustrative sample data, not a real assessment of any country',
  },
  {
    name: 'licence',
    type: 'string',
    description:
      'SPDX identifier of the data licence (title and text: datapackage.json); empty when none is declared',
  },
];

/**
 * Columns several tables share (the edition's scores, the panel), declared once so the same
 * column always has the same name, type and description.
 */
export const COLUMN = {
  country: { name: 'country', type: 'string', description: 'ISO 3166-1 alpha-2 code' },
  edition: { name: 'edition', type: 'string', description: 'edition id' },
  revision: { name: 'revision', type: 'integer', description: 'published revision of the edition' },
  node: {
    name: 'node',
    type: 'string',
    description: 'questionnaire node id (overall, strand, dimension, indicator or item)',
  },
  level: {
    name: 'level',
    type: 'string',
    description: 'overall, strand, dimension, indicator or item',
  },
  nodeCode: { name: 'code', type: 'string', description: 'external code of the node, if any' },
  score: {
    name: 'score',
    type: 'number',
    description: '0–100 at full precision; empty when nothing below the node has a score',
  },
  coverage: {
    name: 'coverage',
    type: 'number',
    description: 'share of the questions below the node that are answered or not applicable',
  },
  questionCode: { name: 'code', type: 'string', description: 'external code of the question' },
  answer: {
    name: 'answer',
    type: 'string',
    description: 'option id, or not_applicable / no_data / not_assessed',
  },
  answerLabel: { name: 'answer_label', type: 'string', description: 'the answer in words' },
  inForceSince: {
    name: 'in_force_since',
    type: 'date',
    description: 'since when the rule coded is in force',
  },
} as const satisfies Record<string, Column>;

/** How a column's cells are written in CSV. */
function cellType(column: Column): CsvCellType {
  return column.type === 'number' || column.type === 'integer' ? 'number' : 'text';
}

/** A table as CSV text, header first, one line per row, ending with a line break. */
export function csvTable(columns: readonly Column[], rows: readonly (readonly Cell[])[]): string {
  const types = columns.map(cellType);
  const lines = [csvLine(columns.map((c) => c.name))];
  for (const row of rows)
    lines.push(
      csvLine(
        row.map((cell) => (typeof cell === 'boolean' ? String(cell) : cell)),
        types,
      ),
    );
  return `${lines.join('\n')}\n`;
}
