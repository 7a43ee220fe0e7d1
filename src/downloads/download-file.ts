/**
 * One downloadable file as every consumer needs it: the route sends `body`, the downloads page
 * and `datapackage.json` list its size and row count, the static export writes it.
 */
export interface DownloadFile {
  /** File name, the last segment of its address: `scores.csv`. */
  name: string;
  /** Content type sent with it. */
  type: string;
  body: Buffer;
  /**
   * Data rows: CSV lines below the header, records of a JSON file, data rows of a workbook's
   * tables; null for a file that is not a table (the data package itself).
   */
  rows: number | null;
  /** What it holds, in a sentence (page and data package). */
  description: string;
  /** What `datapackage.json` says about it besides name, path, bytes, rows and description. */
  resource: Record<string, unknown> | null;
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function textFile(
  name: string,
  type: string,
  text: string,
  rows: number | null,
  description: string,
  resource: Record<string, unknown> | null,
): DownloadFile {
  return { name, type, body: Buffer.from(text, 'utf8'), rows, description, resource };
}

/** A JSON file, pretty-printed as every JSON download is. */
export function jsonFile(
  name: string,
  value: unknown,
  rows: number | null,
  description: string,
  resource: Record<string, unknown> | null,
): DownloadFile {
  return textFile(name, JSON_TYPE, JSON.stringify(value, null, 2), rows, description, resource);
}

/**
 * JSON holding a long list of records: the head pretty-printed as every JSON download is, each
 * record on a line of its own — a third of the fully indented size, still readable and diffable
 * line by line.
 */
export function jsonWithRecords(
  head: Record<string, unknown>,
  key: string,
  records: readonly unknown[],
): string {
  const opening = JSON.stringify(head, null, 2).replace(/\n\}$/, '');
  const lines = records.map((record) => `    ${JSON.stringify(record)}`).join(',\n');
  return `${opening},\n  ${JSON.stringify(key)}: [\n${lines}\n  ]\n}`;
}
