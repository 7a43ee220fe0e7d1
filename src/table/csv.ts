/**
 * CSV as RFC 4180 writes it: comma-separated, fields with commas, quotes or line breaks quoted,
 * quotes doubled. The reader returns each record with the line it starts on, so that errors can
 * name the row a person sees in a spreadsheet or editor.
 *
 * Written CSV is opened in spreadsheets, which run a cell that starts with `=`, `+`, `-` or `@`
 * (or a tab or carriage return before one) as a formula: "CSV injection". So text cells that
 * start with one of those characters are written as OWASP recommends, with a single quote in
 * front and the whole cell quoted (`=1+1` → `"'=1+1"`). Numeric columns are written as the
 * numbers they are: a score of -1.5 stays `-1.5`.
 */

/** How a column's cells are written: `number` cells as numbers, `text` cells made inert. */
export type CsvCellType = 'text' | 'number';

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A number as a numeric column may hold it: optional minus, digits, fraction, exponent. */
const PLAIN_NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

type CsvValue = string | number | null | undefined;

/**
 * One cell. `type` defaults to `number` for a JavaScript number and `text` otherwise; a value of
 * a `number` column that is not a plain finite number is treated as text, so nothing can slip
 * a formula through a numeric column either.
 */
export function csvField(
  value: CsvValue,
  type: CsvCellType = typeof value === 'number' ? 'number' : 'text',
): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (type === 'number' && PLAIN_NUMBER.test(text)) return text;
  if (FORMULA_START.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record; `types[i]` is the type of column i (default: inferred from each value). */
export function csvLine(values: readonly CsvValue[], types?: readonly CsvCellType[]): string {
  return values.map((value, i) => csvField(value, types?.[i])).join(',');
}

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** Parses CSV text (a leading byte-order mark is ignored; blank lines are skipped). */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !fieldStarted))
      records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field !== '') throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed');
  if (field !== '' || fields.length > 0 || fieldStarted) endRecord();
  return records;
}
