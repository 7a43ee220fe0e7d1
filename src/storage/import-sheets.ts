/**
 * Imports answer-sheet files into the database: all of them or none. Every file is validated
 * first (against the questionnaire version of its edition, or the latest for a new edition); any
 * error means nothing is stored. Then what each sheet changes is worked out (reading only), and
 * one write transaction creates missing editions and saves every sheet, recording each changed
 * answer in the history; the write lock is held only for that last step.
 *
 * Validation, most of the work, runs on one thread (`importSheetFiles`) or on every core
 * (`importSheetFilesInThreads`, see `bulk/`); what is stored is the same.
 */
import type { LoadedSheet } from '../answers/load-sheet.js';
import { coderOfFile } from '../answers/sheet-file-name.js';
import type { AnswerSheet } from '../answers/types.js';
import { checkSheetFilesInThreads } from '../bulk/check-in-threads.js';
import { sheetFilesOf } from '../bulk/gather-sheets.js';
import { checkSheetFile, type SheetCheck, type SheetCheckSetup } from '../bulk/sheet-check.js';
import { fileIssue, hasErrors, type Issue } from '../issues/issue.js';
import { checkpointNow, now, type Db } from './database.js';
import { storedCountries } from './country-repository.js';
import { createEdition, defaultReferenceDate, listEditions } from './edition-repository.js';
import { clearStagedSheets, stageNewSheets, writeStagedSheets } from './new-sheets-repository.js';
import {
  latestQuestionnaireVersion,
  storedQuestionnaire,
  storedQuestionnaireFiles,
} from './questionnaire-repository.js';
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

/** Imports the files named (folders searched recursively), validating them on this thread. */
export function importSheetFiles(
  db: Db,
  paths: readonly string[],
  options: ImportOptions,
): ImportResult {
  const files = sheetFilesOf(paths);
  const check = importCheck(db);
  if ('refused' in check) return check.refused;
  return storeSheets(
    db,
    files,
    files.map((file) => checkSheetFile(file, check.here)),
    check.editions,
    options,
  );
}

/**
 * Like {@link importSheetFiles}, validating on `threads` threads (the main thread and workers).
 * The database is touched on the main thread only, before and after.
 */
export async function importSheetFilesInThreads(
  db: Db,
  paths: readonly string[],
  options: ImportOptions & { threads: number },
): Promise<ImportResult> {
  const files = sheetFilesOf(paths);
  const check = importCheck(db);
  if ('refused' in check) return check.refused;
  const results = await checkSheetFilesInThreads(files, check, { threads: options.threads });
  return storeSheets(db, files, results, check.editions, options);
}

interface ImportCheck {
  /** The check on this thread: stored questionnaires, rebuilt once per version. */
  here: SheetCheck;
  /** The same for worker threads: the questionnaire versions' files, the country codes. */
  setup: SheetCheckSetup;
  /** Editions that exist, with the id of their questionnaire version. */
  editions: Map<string, number>;
}

/**
 * What validating sheets for this database needs: each edition's questionnaire version (the
 * latest for an edition that does not exist yet) and the stored countries.
 */
function importCheck(db: Db): ImportCheck | { refused: ImportResult } {
  const latest = latestQuestionnaireVersion(db);
  if (!latest) {
    return {
      refused: {
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
      },
    };
  }
  const editions = new Map(listEditions(db).map((e) => [e.id, e.questionnaire_version_id]));
  const versions = new Set([latest.id, ...editions.values()]);
  const codes = storedCountries(db).codes;
  return {
    here: {
      questionnaireFor: (edition) =>
        storedQuestionnaire(
          db,
          (edition === null ? undefined : editions.get(edition)) ?? latest.id,
        ),
      countries: codes ?? undefined,
      referenceDate: null,
    },
    setup: {
      questionnaires: new Map(
        [...versions].map((id) => [String(id), { texts: storedQuestionnaireFiles(db, id) }]),
      ),
      defaultQuestionnaire: String(latest.id),
      editionQuestionnaires: new Map([...editions].map(([id, version]) => [id, String(version)])),
      countries: codes ? [...codes] : null,
      referenceDate: null,
    },
    editions,
  };
}

/**
 * Stores the validated sheets (`results[i]` is the result of `files[i]`), or nothing when any
 * has an error, a second sheet has the same key or a new edition has no reference date.
 */
function storeSheets(
  db: Db,
  files: readonly string[],
  results: readonly LoadedSheet[],
  editions: ReadonlyMap<string, number>,
  options: ImportOptions,
): ImportResult {
  const latest = latestQuestionnaireVersion(db)!;
  const issues: Issue[] = [];
  const sheets: { sheet: AnswerSheet; coderKey: string }[] = [];
  const newEditions = new Map<string, string>();
  const seen = new Map<string, string>();

  files.forEach((file, i) => {
    const loaded = results[i]!;
    issues.push(...loaded.issues);
    if (!loaded.sheet) return;
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
      return;
    }
    seen.set(key, file);
    if (!editions.has(loaded.sheet.edition) && !newEditions.has(loaded.sheet.edition)) {
      const date = options.referenceDate ?? defaultReferenceDate(loaded.sheet.edition);
      if (!date) {
        issues.push(
          fileIssue(
            file,
            'unknown-edition',
            `edition "${loaded.sheet.edition}" does not exist and has no year in its name: give --reference-date`,
          ),
        );
        return;
      }
      newEditions.set(loaded.sheet.edition, date);
    }
    sheets.push({ sheet: loaded.sheet, coderKey });
  });
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
