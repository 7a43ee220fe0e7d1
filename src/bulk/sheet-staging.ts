/**
 * What a thread that checks sheets for an import does with each valid sheet whose key is not
 * stored: it stages the sheet itself as soon as it is checked (storage/new-sheets-repository.ts)
 * — a worker in a staging file of its own, the main thread in the TEMP tables of the import's
 * connection — and answers with a {@link StagedCheck}, the few facts the import needs to accept
 * the sheet in file order, instead of the sheet. A sheet whose key is stored is answered whole (by
 * a worker packed, sheet-transfer.ts): the main thread works out what it changes.
 */
import { join } from 'node:path';
import type { LoadedSheet } from '../answers/load-sheet.js';
import { coderOfFile, OFFICIAL_CODER } from '../answers/sheet-file-name.js';
import type { AnswerSheet } from '../answers/types.js';
import type { Issue } from '../issues/issue.js';
import type { Db } from '../storage/database.js';
import {
  inStagingTransaction,
  openStagingFile,
  stageRows,
} from '../storage/new-sheets-repository.js';

/** What a worker needs to stage an import's new sheets; plain data, sent to each worker. */
export interface StagingSetup {
  /** The folder of the staging files: the worker numbered `w` writes `staged_w.sqlite`. */
  dir: string;
  /** The keys of the sheets stored when the import began (`sheetKeyText`). */
  existing: string[];
  user: string;
  reason: string | null;
  /**
   * One `Int32Array` cell, set by the main thread when it starts copying (`stopStaging`): from
   * the next chunk on, a worker closes its staging file and sends every sheet whole, so that the
   * main thread can read the file without waiting for the worker's writes.
   */
  stop: SharedArrayBuffer;
}

/** A new stop cell for {@link StagingSetup}. */
export function stagingStop(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** Tells the workers to stop staging (see {@link StagingSetup.stop}). */
export function stopStaging(stop: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(stop), 0, 1);
}

/** A valid sheet a thread has staged: what accepting it needs, and where its rows are. */
export interface StagedSheet {
  file: string;
  country: string;
  edition: string;
  questionnaire: AnswerSheet['questionnaire'];
  asCoded: boolean;
  /** Its place among the import's files. */
  n: number;
  /** Where the import finds its rows: `temp`, or the schema of a worker's file (`stagingSchema`). */
  schema: string;
}

export interface StagedCheck {
  sheet: null;
  staged: StagedSheet;
  issues: Issue[];
}

/** The schema a worker's staging file is attached as, and the file's name in the staging folder. */
export function stagingSchema(worker: number): string {
  return `staged_${worker}`;
}

export function stagingFile(dir: string, schema: string): string {
  return join(dir, `${schema}.sqlite`);
}

/** A sheet's key as one text, to look up in `StagingSetup.existing`. */
export function sheetKeyText(country: string, edition: string, coderKey: string): string {
  return `${country}\n${edition}\n${coderKey}`;
}

/** The reason recorded in the history of a sheet an import saves. */
export function importReason(reason: string | null | undefined, file: string): string {
  return reason ?? `import of ${file}`;
}

/**
 * The staging of one thread, whose sheets the import finds in `schema` (its TEMP tables or an
 * attached staging file), written through the connection `open` gives (with the first sheet to
 * stage). `chunk` checks a chunk of files and stages each new sheet as soon as it is checked, one
 * transaction a chunk. `stopsNow` says, at the start of each chunk, whether staging has just
 * stopped (see {@link StagingSetup.stop}): `close` is called then, and nothing is staged after.
 */
export function threadStaging(
  setup: StagingSetup,
  schema: string,
  open: () => Db,
  close: (db: Db) => void,
  /** The schema of the tables on the connection `open` gives (a worker's file: `main`). */
  tables = schema,
) {
  const existing = new Set(setup.existing);
  const stop = new Int32Array(setup.stop);
  let db: Db | null = null;
  let stopped = false;
  const end = (): boolean => {
    if (stopped) return false;
    stopped = true;
    if (db) close(db);
    return true;
  };
  /** Stages the sheet `loaded` of `file` if it is new: what to answer for it then. */
  const stage = (file: string, n: number, loaded: LoadedSheet): StagedCheck | null => {
    const { sheet } = loaded;
    if (!sheet) return null;
    const coderKey = coderOfFile(file) ?? OFFICIAL_CODER;
    if (existing.has(sheetKeyText(sheet.country, sheet.edition, coderKey))) return null;
    const reason = importReason(setup.reason, sheet.file);
    stageRows(db!, [{ n, sheet, coderKey, user: setup.user, reason }], tables);
    const { country, edition, questionnaire } = sheet;
    const asCoded = !!sheet.asCoded;
    return {
      sheet: null,
      staged: { file: sheet.file, country, edition, questionnaire, asCoded, n, schema },
      issues: loaded.issues,
    };
  };
  return {
    /** Whether staging stops now, at the start of a chunk; true once. */
    stopsNow: (): boolean => Atomics.load(stop, 0) !== 0 && end(),
    /** Ends staging at the end of the run; whether it was still going. */
    end,
    /**
     * Checks `files` (`first`: the place of the first among the import's files): a staged sheet
     * is answered with a {@link StagedCheck}, any other with its result.
     */
    chunk(
      files: readonly string[],
      first: number,
      check: (file: string) => LoadedSheet,
    ): (StagedCheck | LoadedSheet)[] {
      if (stopped) return files.map(check);
      const into = (db ??= open());
      return inStagingTransaction(into, () =>
        files.map((file, i) => {
          const loaded = check(file);
          return stage(file, first + i, loaded) ?? loaded;
        }),
      );
    },
  };
}

export type ThreadStaging = ReturnType<typeof threadStaging>;

/** The staging of worker `worker`, in its staging file. */
export function workerStaging(setup: StagingSetup, worker: number) {
  const schema = stagingSchema(worker);
  return threadStaging(
    setup,
    schema,
    () => openStagingFile(stagingFile(setup.dir, schema)),
    (db) => db.close(),
    'main',
  );
}
