/**
 * The folder an export is written to, rebuilt cleanly every time: the new export is rendered
 * into a staging folder inside it, and only when every file is written does it replace the old
 * contents — so a file of an edition, a country or a page that no longer exists never lingers,
 * and a failed export leaves the previous one whole.
 *
 * Replacing contents means deleting files, so it is done only to a folder that is empty or that
 * an earlier export marked as its own (`MARKER_FILE`); any other folder is refused, never
 * touched.
 */
import { writeOutputFile, makeDirectories } from '../../source/write-file.js';
import { mkdtempSync, readdirSync, renameSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, issueAt } from '../../issues/issue.js';

/** Marks a folder as written by `export-site`: its contents may be replaced by the next export. */
export const MARKER_FILE = '.policy-index-export';

const STAGING_PREFIX = '.export-staging-';

export interface ExportFolder {
  /** Where this export writes its files. */
  staging: string;
  /** Replaces the folder's old contents with what was written to `staging`. */
  commit(): void;
  /** Drops what was written to `staging`; the previous export stays as it was. */
  discard(): void;
}

/**
 * Opens `outDir` for an export: creates it if needed, refuses a non-empty folder without the
 * marker (`not-an-export-folder`), marks it and makes the staging folder inside it (same file
 * system, so moving files is a rename).
 */
export function openExportFolder(outDir: string): ExportFolder {
  makeDirectories(outDir);
  const entries = readdirSync(outDir);
  if (entries.length > 0 && !entries.includes(MARKER_FILE))
    throw new InputError([
      issueAt(
        { file: outDir },
        'not-an-export-folder',
        `the folder is not empty and has no ${MARKER_FILE} file, so it is not an earlier export: ` +
          'export-site replaces all of a folder’s contents and refuses to do so here; ' +
          'name a new or empty folder',
      ),
    ]);
  // Marked before anything else is written: a folder left half-done by a crash stays ours.
  writeOutputFile(
    join(outDir, MARKER_FILE),
    'Written by policy-index export-site. The next export replaces everything in this folder.\n',
  );
  const staging = mkdtempSync(join(outDir, STAGING_PREFIX));
  return {
    staging,
    commit() {
      for (const name of readdirSync(outDir))
        if (name !== MARKER_FILE && join(outDir, name) !== staging)
          rmSync(join(outDir, name), { recursive: true, force: true });
      for (const name of readdirSync(staging)) renameSync(join(staging, name), join(outDir, name));
      rmSync(staging, { recursive: true, force: true });
    },
    discard() {
      if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
    },
  };
}
