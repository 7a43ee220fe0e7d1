/**
 * Imports answer-sheet files into the database: all of them or none. Every file is validated
 * first (against the questionnaire version of its edition, or the latest for a new edition); any
 * error means nothing is stored. Then what each sheet changes is worked out (reading only), and
 * one write transaction creates missing editions and saves every sheet, recording each changed
 * answer in the history; the write lock is held only for that last step.
 */
import { findSheetFiles, validateSheetSource } from '../answers/load-sheet.js';
import { coderOfFile } from '../answers/sheet-file-name.js';
import type { AnswerSheet } from '../answers/types.js';
import { fileIssue, hasErrors, type Issue } from '../issues/issue.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { isYamlSource, readYamlFile } from '../source/read-file.js';
import { statSync } from 'node:fs';
import { checkpointNow, now, type Db } from './database.js';
import { storedCountries } from './country-repository.js';
import { createEdition, defaultReferenceDate, getEdition } from './edition-repository.js';
import { clearStagedSheets, stageNewSheets, writeStagedSheets } from './new-sheets-repository.js';
import { latestQuestionnaireVersion, storedQuestionnaire } from './questionnaire-repository.js';
import { applySave, OFFICIAL_CODER, planSave, sheetRevision } from './sheet-repository.js';

export interface ImportOptions {
  user: string;
  reason?: string;
  /** Reference date for editions created by this import (default: 1 January of the edition year). */
  referenceDate?: string;
  /** Called after each sheet is written, inside the transaction. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportResult {
  issues: Issue[];
  /** Sheets stored (0 when there was an error). */
  imported: number;
  /** Sheets whose content changed. */
  changed: number;
  createdEditions: string[];
}

export function importSheetFiles(
  db: Db,
  paths: readonly string[],
  options: ImportOptions,
): ImportResult {
  const latest = latestQuestionnaireVersion(db);
  if (!latest) {
    return {
      issues: [
        fileIssue(
          null,
          'no-questionnaire',
          'the database holds no questionnaire yet: run "policy-index start" or "policy-index db init" first',
        ),
      ],
      imported: 0,
      changed: 0,
      createdEditions: [],
    };
  }
  const countries = storedCountries(db);
  const issues: Issue[] = [];
  const sheets: { sheet: AnswerSheet; coderKey: string }[] = [];
  const newEditions = new Map<string, string>();
  const seen = new Map<string, string>();
  const files = paths.flatMap((path) => (isDirectory(path) ? findSheetFiles(path) : [path]));

  for (const file of files) {
    const source = readYamlFile(file);
    if (!isYamlSource(source)) {
      issues.push(...source.issues);
      continue;
    }
    const editionId = editionOf(source.value);
    const edition = editionId ? getEdition(db, editionId) : null;
    const questionnaire: Questionnaire = storedQuestionnaire(
      db,
      edition ? edition.questionnaire_version_id : latest.id,
    );
    const loaded = hasErrors(source.issues)
      ? { sheet: null, issues: source.issues }
      : validateSheetSource(source, { questionnaire, countries: countries.codes ?? undefined });
    issues.push(...loaded.issues);
    if (!loaded.sheet) continue;
    const coderKey = coderKeyOf(file);
    const key = `${loaded.sheet.edition}/${loaded.sheet.country}/${coderKey}`;
    if (seen.has(key)) {
      issues.push(
        fileIssue(
          file,
          'duplicate-sheet',
          `a second sheet for ${loaded.sheet.country} ${loaded.sheet.edition} (first: ${seen.get(key)})`,
        ),
      );
      continue;
    }
    seen.set(key, file);
    if (!edition && !newEditions.has(loaded.sheet.edition)) {
      const date = options.referenceDate ?? defaultReferenceDate(loaded.sheet.edition);
      if (!date) {
        issues.push(
          fileIssue(
            file,
            'unknown-edition',
            `edition "${loaded.sheet.edition}" does not exist and has no year in its name: give --reference-date`,
          ),
        );
        continue;
      }
      newEditions.set(loaded.sheet.edition, date);
    }
    sheets.push({ sheet: loaded.sheet, coderKey });
  }
  if (hasErrors(issues)) return { issues, imported: 0, changed: 0, createdEditions: [] };

  const requestFor = ({ sheet, coderKey }: { sheet: AnswerSheet; coderKey: string }) => ({
    sheet,
    coderKey,
    baseRevision: sheetRevision(db, { country: sheet.country, edition: sheet.edition, coderKey }),
    user: options.user,
    reason: options.reason ?? `import of ${sheet.file}`,
  });
  // Working out what changes only reads (one snapshot, taking no lock), and new sheets are staged
  // (see new-sheets-repository.ts), so both are done first: the write lock, which the server's
  // saves wait for, is held only to write. A sheet saved by someone else in between is worked out
  // again inside the lock.
  const plans = db.transaction(() => sheets.map((s) => planSave(db, requestFor(s)))).deferred();
  const created = plans.filter((plan) => plan.basedOn === null);
  if (created.length > 0) stageNewSheets(db, created);
  let changed = 0;
  try {
    db.transaction(() => {
      for (const [id, date] of newEditions) createEdition(db, id, date, latest.id);
      const staged = created.length > 0 && writeStagedSheets(db, now());
      plans.forEach((plan, i) => {
        if (staged && plan.basedOn === null) {
          changed++;
        } else {
          const current = sheetRevision(db, plan.key) === (plan.basedOn?.revision ?? null);
          const result = applySave(db, current ? plan : planSave(db, requestFor(sheets[i]!)));
          if (result.changed.length > 0 || result.created) changed++;
        }
        options.onProgress?.(i + 1, sheets.length);
      });
    }).immediate();
  } finally {
    if (created.length > 0) clearStagedSheets(db);
  }
  checkpointNow(db);
  return { issues, imported: sheets.length, changed, createdEditions: [...newEditions.keys()] };
}

/**
 * The coder of a sheet file: `AT.yaml` is the official sheet, `AT.jane-doe.yaml` the sheet of
 * coder "jane-doe" (as `export-sheets` writes them; the naming is shared with `validate`).
 */
export function coderKeyOf(file: string): string {
  return coderOfFile(file) ?? OFFICIAL_CODER;
}

function editionOf(value: unknown): string | null {
  if (value && typeof value === 'object' && 'edition' in value) {
    const edition = (value as { edition: unknown }).edition;
    return typeof edition === 'string' ? edition : null;
  }
  return null;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
