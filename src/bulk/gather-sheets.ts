/**
 * Turning the results of checking many sheet files into what `validate` reports, exactly as
 * `loadSheets` (answers/load-sheet.ts) does on one thread: official and coders' sheets told apart
 * by their file names, and a second sheet for the same country, edition and coder refused
 * (`duplicate-sheet`). A test keeps the two in step.
 */
import { relative } from 'node:path';
import { statSync } from 'node:fs';
import { findSheetFiles } from '../answers/load-sheet.js';
import { coderOfFile } from '../answers/sheet-file-name.js';
import type { AnswerSheet } from '../answers/types.js';
import type { Issue } from '../issues/issue.js';
import type { CheckedSheet, SheetSummary } from './sheet-check.js';

/** `LoadedSheets` (answers/load-sheet.ts) for full sheets; the same shape for summaries. */
export interface GatheredSheets<S extends SheetSummary = AnswerSheet> {
  sheets: S[];
  coderSheets: { coder: string; sheet: S }[];
  issues: Issue[];
}

/** The files named: files as given, folders searched recursively, in `loadSheets`' order. */
export function sheetFilesOf(paths: readonly string[]): string[] {
  return paths.flatMap((path) => (isDirectory(path) ? findSheetFiles(path) : [path]));
}

/** `results[i]` is the result of checking `files[i]`. */
export function gatherSheets<S extends SheetSummary>(
  files: readonly string[],
  results: readonly CheckedSheet<S>[],
): GatheredSheets<S> {
  const gathered: GatheredSheets<S> = { sheets: [], coderSheets: [], issues: [] };
  const seen = new Map<string, string>();
  files.forEach((file, i) => {
    const loaded = results[i]!;
    gathered.issues.push(...loaded.issues);
    if (!loaded.sheet) return;
    const coder = coderOfFile(file);
    const key = `${loaded.sheet.country}/${loaded.sheet.edition}/${coder ?? ''}`;
    const first = seen.get(key);
    if (first) {
      gathered.issues.push({
        severity: 'error',
        code: 'duplicate-sheet',
        message: `a second sheet for ${loaded.sheet.country} ${loaded.sheet.edition}${coder ? ` by coder ${coder}` : ''} (first: ${relative('.', first)})`,
        file,
        path: [],
        line: 1,
        column: 1,
      });
      return;
    }
    seen.set(key, file);
    if (coder === null) gathered.sheets.push(loaded.sheet);
    else gathered.coderSheets.push({ coder, sheet: loaded.sheet });
  });
  return gathered;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
