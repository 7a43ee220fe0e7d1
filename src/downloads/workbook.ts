/**
 * An Excel workbook (.xlsx, written by write-excel-file) for people who live in spreadsheets: a
 * README sheet first (what the workbook is, its licence, the illustrative notice, where it comes
 * from, what every column means), then one sheet per table with its header row frozen. Numbers
 * are numeric cells and text is text: a cell is never written as a formula, whatever it starts
 * with.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import writeXlsxFile, { type Row, type Sheet } from 'write-excel-file/node';
import type { Cell, Column } from './columns.js';

export interface WorkbookTable {
  sheet: string;
  columns: readonly Column[];
  rows: readonly (readonly Cell[])[];
}

/** README lines: a field and its text; a field of `null` leaves a blank line. */
export type ReadmeLine = [field: string | null, text: string];

const bold = (value: string) => ({ value, fontWeight: 'bold' as const });

/** Width of a column in characters: its header or widest cell, within reason. */
function width(column: Column, rows: readonly (readonly Cell[])[], index: number): number {
  let widest = column.name.length;
  for (const row of rows.slice(0, 500)) widest = Math.max(widest, String(row[index] ?? '').length);
  return Math.min(Math.max(widest + 2, 8), 60);
}

export async function workbook(
  readme: readonly ReadmeLine[],
  tables: readonly WorkbookTable[],
): Promise<Buffer> {
  const columnsLines: ReadmeLine[] = tables.flatMap((table) => [
    [null, ''] as ReadmeLine,
    [`Sheet "${table.sheet}"`, `${table.rows.length} rows, one column each:`] as ReadmeLine,
    ...table.columns.map((column): ReadmeLine => [
      column.name,
      `${column.title ? `${column.title}: ` : ''}${column.description} (${column.type})`,
    ]),
  ]);
  const readmeRows: Row[] = [...readme, ...columnsLines].map(([field, text]) => [
    field === null ? null : bold(field),
    text,
  ]);
  const sheets: Sheet<never>[] = [
    { sheet: 'README', data: readmeRows, columns: [{ width: 28 }, { width: 110 }] },
    ...tables.map((table): Sheet<never> => ({
      sheet: table.sheet,
      data: [
        table.columns.map((column) => bold(column.name)),
        ...table.rows.map((row) => row.map((cell) => cell)),
      ],
      columns: table.columns.map((column, i) => ({ width: width(column, table.rows, i) })),
      stickyRowsCount: 1,
    })),
  ];
  return sameBytesAlways(await writeXlsxFile(sheets).toBuffer());
}

/**
 * The time every part of a workbook is dated in its zip: the first day zip dates can hold, at
 * noon, in local time as the zip format keeps it, so that no time zone turns it into another day.
 */
const PART_TIME = new Date(1980, 0, 1, 12);

/**
 * The workbook with its parts dated `PART_TIME`. write-excel-file dates them when it writes them
 * (fflate's default, the clock), so the same tables gave other bytes every time — a file whose
 * checksum (`hash` in the data package) changed with nothing in it changed. Same parts, same
 * order, same compression.
 */
function sameBytesAlways(xlsx: Buffer): Buffer {
  const parts: Zippable = {};
  for (const [name, data] of Object.entries(unzipSync(new Uint8Array(xlsx))))
    parts[name] = [data, { mtime: PART_TIME }];
  return Buffer.from(zipSync(parts));
}
