/**
 * Turning the results of checking many sheet files (on one thread by `loadSheets`, or on several
 * by bulk/) into what `validate` and `import-sheets` work on: official and coders' sheets told apart
 * by their file names, and a second sheet for the same country, edition and coder refused
 * (`duplicate-sheet`).
 */
import { relative, resolve } from 'node:path';
import { realpathSync, statSync } from 'node:fs';
import type { SheetContext } from './check-sheet.js';
import { findSheetFiles, loadSheetFile } from './load-sheet.js';
import { coderOfFile } from './sheet-file-name.js';
import type { AnswerSheet } from './types.js';
import { fileIssue, issueAt, type Issue } from '../issues/issue.js';

/** What a bulk check keeps of a valid sheet when it need not keep the answers. */
export type SheetSummary = Pick<AnswerSheet, 'file' | 'country' | 'edition'>;

/** The result of checking a file, with the sheet kept in full or as its summary. */
export interface CheckedSheet<S extends SheetSummary = AnswerSheet> {
  sheet: S | null;
  issues: Issue[];
}

/** The sheets of many files: official ones, coders' ones (kept in full or as summaries), problems. */
export interface GatheredSheets<S extends SheetSummary = AnswerSheet> {
  /** The official sheets (`{edition}/{country}.yaml`, or any file not named after a coder). */
  sheets: S[];
  /** The coders' own sheets (`{edition}/{country}.{coder}.yaml`), as `import-sheets` keeps them. */
  coderSheets: { coder: string; sheet: S }[];
  issues: Issue[];
}

/**
 * Loads every sheet named, on this thread: files directly, folders recursively (bulk/ does the
 * same on several threads).
 */
export function loadSheets(paths: readonly string[], context: SheetContext): GatheredSheets {
  const { files, issues } = sheetFilesIn(paths);
  return gatherSheets(
    files,
    files.map((file) => loadSheetFile(file, context)),
    issues,
  );
}

/** The files named: files as given, folders searched recursively, sorted within each folder. */
export function sheetFilesOf(paths: readonly string[]): string[] {
  return sheetFilesIn(paths).files;
}

/**
 * Like {@link sheetFilesOf}, with a `no-sheet-files` error for each folder named that holds no
 * sheet file: a mistyped folder would otherwise validate, score or import nothing, and say so
 * with exit code 0.
 */
export function sheetFilesIn(paths: readonly string[]): { files: string[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const found = paths.flatMap((path) => {
    if (!isDirectory(path)) return [path];
    const inFolder = findSheetFiles(path);
    if (inFolder.length === 0)
      issues.push(
        fileIssue(
          path,
          'no-sheet-files',
          'this folder holds no answer sheet (.yaml), nor does any folder below it',
        ),
      );
    return inFolder;
  });
  return { files: distinctFiles(paths, found), issues };
}

/** `files` without a second path to a file (only when several paths were given). */
function distinctFiles(paths: readonly string[], files: string[]): string[] {
  if (paths.length < 2) return files;
  // A file reached through two of the paths (a folder and a file in it, a folder and a link to
  // it) is one file: read twice, it was reported as a second sheet of its own country and edition.
  const seen = new Set<string>();
  return files.filter((file) => {
    const real = realPathOrSelf(file);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

/** The file's real path (links resolved), or the path as given when it cannot be resolved. */
function realPathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file); // missing or unreadable: reported when it is read
  }
}

/**
 * `results[i]` is the result of checking `files[i]`; `found`, the problems of finding the files
 * (`sheetFilesIn`), come first.
 */
export function gatherSheets<S extends SheetSummary>(
  files: readonly string[],
  results: readonly CheckedSheet<S>[],
  found: readonly Issue[] = [],
): GatheredSheets<S> {
  const gathered: GatheredSheets<S> = { sheets: [], coderSheets: [], issues: [...found] };
  const duplicate = duplicateSheets();
  files.forEach((file, i) => {
    const loaded = results[i]!;
    gathered.issues.push(...loaded.issues);
    if (!loaded.sheet) return;
    const coder = coderOfFile(file);
    const issue = duplicate(file, loaded.sheet, coder);
    if (issue) gathered.issues.push(issue);
    else if (coder === null) gathered.sheets.push(loaded.sheet);
    else gathered.coderSheets.push({ coder, sheet: loaded.sheet });
  });
  return gathered;
}

/**
 * Refuses a second sheet for the same country, edition and coder, the files taken in order (as
 * `gatherSheets` and an import take them): the `duplicate-sheet` issue of `file`, or null when its
 * sheet is the first for its key.
 */
export function duplicateSheets(): (
  file: string,
  sheet: SheetSummary,
  coder: string | null,
) => Issue | null {
  const seen = new Map<string, string>();
  return (file, sheet, coder) => {
    const key = `${sheet.country}/${sheet.edition}/${coder ?? ''}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, file);
      return null;
    }
    return issueAt(
      { file, line: 1, column: 1 },
      'duplicate-sheet',
      `a second sheet for ${sheet.country} ${sheet.edition}${coder ? ` by coder ${coder}` : ''} (first: ${relative('.', first)})`,
    );
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
