/**
 * Turning the results of checking many sheet files into what `validate` reports, exactly as
 * `loadSheets` (answers/load-sheet.ts) does on one thread: official and coders' sheets told apart
 * by their file names, and a second sheet for the same country, edition and coder refused
 * (`duplicate-sheet`). A test keeps the two in step.
 */
import { relative } from 'node:path';
import { statSync } from 'node:fs';
import { findSheetFiles, type LoadedSheet, type LoadedSheets } from '../answers/load-sheet.js';
import { coderOfFile } from '../answers/sheet-file-name.js';

/** The files named: files as given, folders searched recursively, in `loadSheets`' order. */
export function sheetFilesOf(paths: readonly string[]): string[] {
  return paths.flatMap((path) => (isDirectory(path) ? findSheetFiles(path) : [path]));
}

/** `results[i]` is the result of checking `files[i]`. */
export function gatherSheets(
  files: readonly string[],
  results: readonly LoadedSheet[],
): LoadedSheets {
  const gathered: LoadedSheets = { sheets: [], coderSheets: [], issues: [] };
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
