/**
 * A plain-text table for the terminal: columns padded to their widest cell; the columns named in
 * `leftAligned` (names, bands) are left-aligned, numbers right-aligned.
 */
export function textTable(rows: string[][], leftAligned: readonly number[] = [1, 3]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, c) =>
        leftAligned.includes(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!),
      )
      .join('  ')
      .trimEnd(),
  );
}
