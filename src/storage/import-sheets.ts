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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stageSheetFilesInThreads } from '../bulk/check-in-threads.js';
import {
  sheetKeyText,
  stagingFile,
  stagingSchema,
  stagingStop,
  stopStaging,
  threadStaging,
} from '../bulk/sheet-staging.js';
import { createStagingTables, openStagingFile } from './new-sheets-repository.js';
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
  files.forEach((file) => batch.accept(file, checkSheetFile(file, check.here)));
  return batch.finish();
}

/**
 * Like {@link importSheetFiles}, validating on `threads` threads (the main thread and workers).
 * The database is touched on the main thread only: as the results come in, in file order, what
 * they change is worked out and new sheets are staged while later files are still validated. A
 * worker stages the new sheets it checks in a file of its own, in a temporary folder removed at
 * the end; the import copies from it.
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
  const dir = mkdtempSync(join(tmpdir(), 'policy-index-import-'));
  try {
    // A staging file for each worker, made (empty) before the workers start, so that the import
    // can attach it whenever it starts writing.
    const stagingFiles = new Map(
      Array.from({ length: options.threads - 1 }, (_, i) => {
        const schema = stagingSchema(i + 1);
        return [schema, stagingFile(dir, schema)] as const;
      }),
    );
    for (const file of stagingFiles.values()) openStagingFile(file).close();
    const batch = new ImportBatch(db, check.editions, options, stagingFiles);
    try {
      const staging = {
        dir,
        existing: storedSheetKeys(db),
        user: options.user,
        reason: options.reason ?? null,
        stop: stagingStop(),
      };
      // The main thread stages the new sheets it checks in the TEMP tables of the connection.
      const stagingHere = threadStaging(
        staging,
        'temp',
        () => {
          createStagingTables(db, 'temp');
          return db;
        },
        () => {},
      );
      const both = { setup: staging, here: stagingHere };
      await stageSheetFilesInThreads(files, { here: check.here, setup: check.setup() }, both, {
        threads: options.threads,
        onResults: (first, results) => {
          results.forEach((result, i) => batch.accept(files[first + i]!, result));
          batch.prepare();
        },
        handOver: {
          leave: chunksLeftToWorkers,
          start: () => {
            stopStaging(staging.stop);
            batch.startWriting();
          },
        },
        onStagingClosed: (worker) => batch.stagingClosed(stagingSchema(worker)),
      });
      return batch.finish();
    } finally {
      batch.discard();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The chunks of files the main thread of an import leaves to the workers at the end, to copy the
 * sheets checked so far into the database meanwhile: about as long for the workers to check as
 * for the main thread to copy the rest. Measured on 1,000 real-size sheets: checking a sheet
 * takes a thread 4–5 ms, copying it (history included) 0.6 ms, an eighth as long. Since the
 * history holds no copy of a new answer's entry, copying takes 0.3 ms; leaving a fifteenth of
 * the chunks instead measured the same within the noise (the copy of a worker's file waits for
 * the worker to close it, so the main thread waits either way), and the eighth stays.
 *
 * Since sheets are read by the block-layout reader (source/block-yaml.ts), checking a sheet takes
 * about 1 ms, and copying is the larger part of the import's own work: of 1.7–2.1 s for 1,000
 * sheets, checking and staging took 1.1–1.4 s, copying 0.4 s (answers 0.10–0.15, sources
 * 0.12–0.20, history 0.05–0.09; foreign-key checks made no measurable part) and the commit with
 * its checkpoint 0.15–0.19 s. Leaving a third or half of the chunks measured the same within the
 * noise (1.9–2.7 s either way): the sheets a worker checks after the hand-over come whole, for the
 * main thread to stage and copy.
 */
function chunksLeftToWorkers(chunks: number, workers: number): number {
  return Math.ceil((chunks * workers) / (8 + workers));
}

/** The keys of the sheets stored, as sheet-staging.ts looks them up. */
function storedSheetKeys(db: Db): string[] {
  const rows = db.prepare('SELECT country, edition_id, coder_key FROM sheets').all() as {
    country: string;
    edition_id: string;
    coder_key: string;
  }[];
  return rows.map((r) => sheetKeyText(r.country, r.edition_id, r.coder_key));
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
