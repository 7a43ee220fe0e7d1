/**
 * Imports answer-sheet files into the database: all of them or none. Every file is validated
 * first (against the questionnaire version of its edition, or for a new edition the one the sheet
 * declares, which must be loaded); any
 * error means nothing is stored. Then what each sheet changes is worked out (reading only), and
 * one write transaction creates missing editions and saves every sheet, recording each changed
 * answer in the history; the write lock is held only for that last step.
 *
 * Validation, most of the work, runs on one thread (`importSheetFiles`) or on every core
 * (`importSheetFilesInThreads`, see `bulk/`); what is stored is the same.
 */
import { packSheetFilesInThreads } from '../bulk/check-in-threads.js';
import { packCheck } from '../bulk/sheet-transfer.js';
import { sheetFilesIn } from '../answers/gather-sheets.js';
import {
  checkSheetFile,
  questionnaireKey,
  type EditionDates,
  type SheetCheck,
  type SheetCheckSetup,
} from '../bulk/sheet-check.js';
import { fileIssue } from '../issues/issue.js';
import type { Questionnaire } from '../questionnaire/types.js';
import type { Db } from './database.js';
import { storedCountries } from './country-repository.js';
import { listEditions } from './edition-repository.js';
import {
  ImportBatch,
  NOTHING_IMPORTED,
  type ImportOptions,
  type ImportResult,
} from './import-batch.js';
import {
  latestQuestionnaireVersion,
  listQuestionnaireVersions,
  storedQuestionnaire,
  storedQuestionnaireFiles,
} from './questionnaire-repository.js';

export type { ImportOptions, ImportResult } from './import-batch.js';

/**
 * The sheet files of an import (folders searched recursively), or the import refused, storing
 * nothing, when a folder named holds none (`no-sheet-files`).
 */
export function filesToImport(
  paths: readonly string[],
): { files: string[] } | { refused: ImportResult } {
  const { files, issues } = sheetFilesIn(paths);
  return issues.length > 0 ? { refused: { ...NOTHING_IMPORTED, issues } } : { files };
}

/**
 * Imports the files named (folders searched recursively; a folder without sheets refuses the
 * import, `no-sheet-files`), validating them on this thread.
 */
export function importSheetFiles(
  db: Db,
  paths: readonly string[],
  options: ImportOptions,
): ImportResult {
  const found = filesToImport(paths);
  if ('refused' in found) return found.refused;
  const { files } = found;
  const check = importCheck(db, options);
  if ('refused' in check) return check.refused;
  const batch = new ImportBatch(db, check.editions, options);
  files.forEach((file) => batch.accept(file, packCheck(checkSheetFile(file, check.here))));
  return batch.finish();
}

/**
 * Like {@link importSheetFiles}, validating on `threads` threads (the main thread and workers).
 * The database is touched on the main thread only: as the results come in, in file order, what
 * they change is worked out while later files are still validated, and near the end they are
 * written (`chunksLeftWhenWriting`).
 */
export async function importSheetFilesInThreads(
  db: Db,
  paths: readonly string[],
  options: ImportOptions & { threads: number },
): Promise<ImportResult> {
  const found = filesToImport(paths);
  if ('refused' in found) return found.refused;
  const { files } = found;
  const check = importCheck(db, options);
  if ('refused' in check) return check.refused;
  const batch = new ImportBatch(db, check.editions, options);
  try {
    await packSheetFilesInThreads(
      files,
      { here: check.here, setup: check.setup() },
      {
        threads: options.threads,
        onResults: (first, results) => {
          results.forEach((result, i) => batch.accept(files[first + i]!, result));
          batch.prepare();
        },
        handOver: { leave: chunksLeftWhenWriting, start: () => batch.startWriting() },
      },
    );
    return batch.finish();
  } finally {
    batch.discard();
  }
}

/**
 * When an import on several threads starts writing: once no more than this many chunks of files
 * are left to check (an eighth). From then on it holds the write lock, which the server's saves
 * wait for, so it starts late; but the sheets checked so far are written while the workers check
 * the last files, and the rest between the main thread's own chunks, instead of all at the end.
 * Writing 1,000 real-size sheets (their answers stored as one text each) takes the main thread
 * 40–120 ms, checking an eighth of them about as long; the commit, with the checkpoint that copies
 * the write-ahead log into the database file, 130–200 ms more.
 */
function chunksLeftWhenWriting(chunks: number): number {
  return Math.ceil(chunks / 8);
}

interface ImportCheck {
  /** The check on this thread: stored questionnaires, rebuilt once per version. */
  here: SheetCheck;
  /**
   * The same for worker threads: the questionnaire versions' files, the country codes. Read from
   * the database only when workers are started.
   */
  setup: () => SheetCheckSetup;
  /** Editions that exist, with the id of their questionnaire version. */
  editions: Map<string, number>;
}

/**
 * What validating sheets for this database needs: each edition's questionnaire version, every
 * stored version by `id@version` (for an edition that does not exist yet: the one its sheet
 * declares) and the stored countries.
 */
function importCheck(
  db: Db,
  options: Pick<ImportOptions, 'referenceDate'>,
): ImportCheck | { refused: ImportResult } {
  const stored = listQuestionnaireVersions(db);
  if (stored.length === 0) {
    return {
      refused: {
        ...NOTHING_IMPORTED,
        issues: [fileIssue(null, 'no-questionnaire', NO_QUESTIONNAIRE)],
      },
    };
  }
  const listed = listEditions(db);
  const editions = new Map(listed.map((e) => [e.id, e.questionnaire_version_id]));
  // Each sheet is held to its edition's reference date: nothing in force after it.
  const editionDates: EditionDates = {
    existing: new Map(listed.map((e) => [e.id, e.reference_date])),
    created: options.referenceDate ?? null,
  };
  // A version loaded later under the same id and version number replaces an earlier one.
  const declared = new Map(stored.map((v) => [`${v.questionnaire_id}@${v.version}`, String(v.id)]));
  const keys = {
    defaultQuestionnaire: String(latestQuestionnaireVersion(db)!.id),
    editionQuestionnaires: new Map([...editions].map(([id, version]) => [id, String(version)])),
    declaredQuestionnaires: declared,
  };
  const versions = new Set([...declared.values(), ...keys.editionQuestionnaires.values()]);
  const codes = storedCountries(db).codes;
  // storedQuestionnaire reads the version's files from the database on every call (its cache is
  // by content hash): a thousand sheets would read them a thousand times.
  const questionnaires = new Map<string, Questionnaire>();
  const questionnaireOf = (id: string) => {
    if (!questionnaires.has(id)) questionnaires.set(id, storedQuestionnaire(db, Number(id)));
    return questionnaires.get(id)!;
  };
  return {
    here: {
      questionnaireFor: (edition, sheetDeclares) => {
        const key = questionnaireKey(keys, edition, sheetDeclares);
        return key === null ? null : questionnaireOf(key);
      },
      countries: codes ?? undefined,
      referenceDate: editionDates,
    },
    setup: () => ({
      questionnaires: new Map(
        [...versions].map((id) => [id, { texts: storedQuestionnaireFiles(db, Number(id)) }]),
      ),
      ...keys,
      countries: codes ? [...codes] : null,
      referenceDate: editionDates,
    }),
    editions,
  };
}

/** Why nothing can be imported into a database without a questionnaire, and what to do. */
export const NO_QUESTIONNAIRE =
  'the database holds no questionnaire yet: run "policy-index db init --empty" (loads every shipped questionnaire, no sample data) or "policy-index questionnaire load DIR"';
