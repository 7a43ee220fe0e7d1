/** What `datapackage.json` says about a CSV file beyond its size: format and columns. */
import { csvTable, type Cell, type Column } from './columns.js';
import { CSV_TYPE, textFile, type DownloadFile } from './download-file.js';

export function csvFile(
  name: string,
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  description: string,
  schemaExtra: Record<string, unknown> = {},
): DownloadFile {
  return textFile(name, CSV_TYPE, csvTable(columns, rows), rows.length, description, {
    profile: 'tabular-data-resource',
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    schema: { fields: columns, ...schemaExtra },
  });
}
