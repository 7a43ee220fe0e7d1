/**
 * The sheets of one import, taken in file order as they are validated: a second sheet for the
 * same key is refused (`duplicate-sheet`), an edition that does not exist yet needs a reference
 * date (`unknown-edition`). While no error has turned up, what each sheet changes is worked out
 * (reading only) and new sheets are staged (TEMP tables, no lock: new-sheets-repository.ts) as
 * they come, so that with worker threads this work overlaps the validation of later files; a
 * worker thread stages the new sheets it checks itself, in a staging file of its own
 * (bulk/sheet-staging.ts), and only says so.
 * At the end, one write transaction creates the editions and saves every sheet — or, when any
 * error turned up, nothing is stored.
 */
import { DEVIATION_CODES } from '../answers/check-sheet.js';
import type { LoadedSheet } from '../answers/load-sheet.js';
import { duplicateSheets } from '../answers/gather-sheets.js';
import { coderOfFile } from '../answers/sheet-file-name.js';
import { ConflictError, fileIssue, hasErrors, type Issue } from '../issues/issue.js';
import { checkpointNow, now, type Db } from './database.js';
import { createEdition, defaultReferenceDate, getEdition } from './edition-repository.js';
import {
  clearStagedSheets,
  stagedSheet,
  stagedSheetsTaken,
  stageNewSheets,
  writeStagedSheets,
  type NewSheet,
  type StagedRun,
} from './new-sheets-repository.js';
import { importReason, type StagedCheck } from '../bulk/sheet-staging.js';
import { questionnaireVersionOf } from './questionnaire-repository.js';
import {
  applySave,
  OFFICIAL_CODER,
  planSave,
  sheetRevision,
  type SavePlan,
  type SheetData,
  type SheetKey,
} from './sheet-repository.js';

export interface ImportOptions {
  user: string;
  reason?: string;
  /** Reference date for editions created by this import (default: 1 January of the edition year). */
  referenceDate?: string;
  /**
   * Called after each sheet is written, inside the transaction: with the sheets written and
   * accepted so far (once every file is checked, `total` is every sheet).
   */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportResult {
  issues: Issue[];
  /** Sheets stored (0 when there was an error). */
  imported: number;
  /** Sheets whose content changed. */
  changed: number;
  createdEditions: string[];
  /**
   * Sheets approved as coded (`as_coded: true`) and their deviations from the skip logic, kept
   * as warnings: `publish` records them with the edition.
   */
  asCoded: { sheets: number; deviations: number };
}

/**
 * An accepted sheet: staged (its rows in the staging tables of `schema`, as sheet `n`), or whole,
 * with what saving it changes once worked out (`prepare`).
 */
type Accepted = { staged: { schema: string; n: number } } | Whole;

interface Whole {
  sheet: SheetData;
  coderKey: string;
  /** Its place among the import's files. */
  n: number;
  reason: string;
  plan: SavePlan | null;
}

/** What an import that stored nothing reports, besides its issues. */
export const NOTHING_IMPORTED: Omit<ImportResult, 'issues'> = {
  imported: 0,
  changed: 0,
  createdEditions: [],
  asCoded: { sheets: 0, deviations: 0 },
};

export class ImportBatch {
  private readonly issues: Issue[] = [];
  private readonly sheets: Accepted[] = [];
  /** Editions this import creates: reference date and the questionnaire their sheets declare. */
  private readonly newEditions = new Map<
    string,
    { date: string; questionnaire: { id: string; version: string } }
  >();
  private readonly duplicateOf = duplicateSheets();
  private readonly asCoded = { sheets: 0, deviations: 0 };
  /** Files accepted so far: the place of the next one among the import's files. */
  private files = 0;
  /** Sheets worked out (`prepare`) so far. */
  private prepared = 0;
  /** Whether the TEMP staging tables hold sheets of this import. */
  private stagedHere = false;
  /** The workers' staging files no longer written to (`stagingClosed`): they can be read. */
  private readonly closed = new Set<string>(['temp']);
  /** The write transaction, once open (`startWriting`); null before. */
  private writing: {
    at: string;
    attached: string[];
    /** Accepted sheets whose staged ones are written. */
    upTo: number;
    editions: Set<string>;
    changed: number;
    done: number;
  } | null = null;

  /**
   * `editions`: the editions that exist (id → questionnaire version id). `stagingFiles`: the
   * workers' staging files (bulk/sheet-staging.ts) by the schema their sheets name.
   */
  constructor(
    private readonly db: Db,
    private readonly editions: ReadonlyMap<string, number>,
    private readonly options: ImportOptions,
    private readonly stagingFiles: ReadonlyMap<string, string> = new Map(),
  ) {}

  /**
   * Takes the result of validating `file`: the sheet, or the sheet a worker staged; call in file
   * order, once for every file of the import.
   */
  accept(file: string, loaded: LoadedSheet | StagedCheck): void {
    const n = this.files++;
    this.issues.push(...loaded.issues);
    const sheet = 'staged' in loaded ? loaded.staged : loaded.sheet;
    if (!sheet) return;
    const coder = coderOfFile(file);
    const duplicate = this.duplicateOf(file, sheet, coder);
    if (duplicate) {
      this.issues.push(duplicate);
      return;
    }
    if (!this.editions.has(sheet.edition) && !this.newEditions.has(sheet.edition)) {
      const date = this.options.referenceDate ?? defaultReferenceDate(sheet.edition);
      if (!date) {
        this.issues.push(
          fileIssue(
            file,
            'unknown-edition',
            `edition "${sheet.edition}" does not exist and has no year in its name: give --reference-date`,
          ),
        );
        return;
      }
      this.newEditions.set(sheet.edition, { date, questionnaire: sheet.questionnaire });
    }
    const created = this.newEditions.get(sheet.edition);
    if (created && !sameQuestionnaire(created.questionnaire, sheet.questionnaire)) {
      this.issues.push(
        fileIssue(
          file,
          'questionnaire-mismatch',
          `the new edition "${sheet.edition}" is coded with ${created.questionnaire.id} ${created.questionnaire.version} (its first sheet says so), this sheet with ${sheet.questionnaire.id} ${sheet.questionnaire.version}`,
        ),
      );
      return;
    }
    if ('staged' in loaded && loaded.staged.schema === 'temp') this.stagedHere = true;
    this.sheets.push(
      'staged' in loaded
        ? { staged: { schema: loaded.staged.schema, n: loaded.staged.n } }
        : {
            sheet: loaded.sheet!,
            coderKey: coder ?? OFFICIAL_CODER,
            n,
            reason: importReason(this.options.reason, file),
            plan: null,
          },
    );
    if (sheet.asCoded) {
      this.asCoded.sheets++;
      this.asCoded.deviations += loaded.issues.filter((i) => DEVIATION_CODES.has(i.code)).length;
    }
  }

  /**
   * Works out, in one read snapshot, what the whole sheets accepted since the last call change,
   * and stages those that are new (TEMP tables, no lock); once writing (`startWriting`), writes
   * the new staged sheets too. Nothing once an error has turned up (nothing will be stored then).
   */
  prepare(): void {
    if (hasErrors(this.issues) || this.prepared === this.sheets.length) return;
    const { db, sheets } = this;
    const fresh: NewSheet[] = [];
    // Most results of an import on several threads are staged already: nothing to read for them.
    const whole = sheets.slice(this.prepared).some((accepted) => !('staged' in accepted));
    if (whole)
      db.transaction(() => {
        for (let i = this.prepared; i < sheets.length; i++) {
          const accepted = sheets[i]!;
          if ('staged' in accepted) continue;
          const revision = sheetRevision(db, keyOf(accepted));
          if (revision !== null) {
            accepted.plan = this.plan(accepted, revision);
            continue;
          }
          const { sheet, coderKey, n, reason } = accepted;
          fresh.push({ n, sheet, coderKey, user: this.options.user, reason });
          // Staged, the sheet is no longer kept: a thousand sheets' answers made each collection
          // of the main thread's young objects copy them.
          sheets[i] = { staged: { schema: 'temp', n } };
        }
      }).deferred();
    this.prepared = sheets.length;
    if (fresh.length > 0) {
      stageNewSheets(db, fresh);
      this.stagedHere = true;
    }
    if (this.writing) this.writeStaged();
  }

  /**
   * Takes the write lock (the server's saves wait for it) and writes what is staged so far,
   * then the rest as it is accepted — unless an error has turned up. For an import on several
   * threads, called when the main thread has no more sheets to check: the sheets checked are
   * copied while the workers check the last ones (check-in-threads.ts, `handOver`).
   */
  startWriting(): void {
    if (this.writing || hasErrors(this.issues)) return;
    const { db } = this;
    // ATTACH cannot run inside a transaction. A connection can attach 10 databases (SQLite's
    // default), more than the workers `MAX_THREADS` allows (bulk/thread-count.ts).
    const attached: string[] = [];
    try {
      for (const [schema, file] of this.stagingFiles) {
        db.prepare(`ATTACH DATABASE ? AS ${schema}`).run(file);
        attached.push(schema);
      }
      // Not BEGIN IMMEDIATE, which would lock the staging files too, while workers still write
      // them: a deferred transaction whose first statement writes (nothing) to the database,
      // which takes its write lock before anything is read.
      db.exec('BEGIN DEFERRED');
      db.exec('DELETE FROM main.editions WHERE 0');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const schema of attached) db.exec(`DETACH DATABASE ${schema}`);
      throw error;
    }
    this.writing = { at: now(), attached, upTo: 0, editions: new Set(), changed: 0, done: 0 };
    this.prepare();
    this.writeStaged();
  }

  /**
   * Worker staging file `schema` is written no more: its sheets can be copied (reading it while
   * the worker writes would make the one wait for the other's lock).
   */
  stagingClosed(schema: string): void {
    this.closed.add(schema);
    if (this.writing && !hasErrors(this.issues)) this.writeStaged();
  }

  /**
   * Stores every accepted sheet in the write transaction (opened now unless `startWriting`
   * opened it), or nothing when any error turned up. A sheet saved by someone else since it was
   * planned is worked out again inside the lock.
   */
  finish(): ImportResult {
    try {
      if (hasErrors(this.issues)) return { ...NOTHING_IMPORTED, issues: this.issues };
      // Every sheet is checked: the workers have ended.
      for (const schema of this.stagingFiles.keys()) this.closed.add(schema);
      this.startWriting();
      this.prepare();
      this.writeStaged();
      const writing = this.writing!;
      for (const accepted of this.sheets) {
        if ('staged' in accepted) continue;
        if (this.save(accepted)) writing.changed++;
        this.progress();
      }
      this.db.exec('COMMIT');
      this.stopWriting();
      checkpointNow(this.db);
      return {
        issues: this.issues,
        imported: this.sheets.length,
        changed: writing.changed,
        createdEditions: [...this.newEditions.keys()],
        asCoded: this.asCoded,
      };
    } finally {
      this.discard();
    }
  }

  /** Drops what was written and staged (the import failed or is done). */
  discard(): void {
    const { db } = this;
    if (this.writing && db.inTransaction) db.exec('ROLLBACK');
    this.stopWriting();
    // With workers, the main thread stages in the TEMP tables as it checks, before `accept`.
    if (this.stagedHere || this.stagingFiles.size > 0) clearStagedSheets(db);
    this.stagedHere = false;
  }

  /** Detaches the staging files after the write transaction (committed or rolled back). */
  private stopWriting(): void {
    for (const schema of this.writing?.attached ?? []) this.db.exec(`DETACH DATABASE ${schema}`);
    this.writing = null;
  }

  /**
   * Creates the new editions accepted so far and writes the staged sheets accepted since the last
   * call: each run copied in one go, or, when one of its sheets was created by someone else
   * meanwhile, each of them saved on its own.
   */
  private writeStaged(): void {
    const { db, sheets } = this;
    const writing = this.writing!;
    for (const [id, { date, questionnaire }] of this.newEditions) {
      if (writing.editions.has(id)) continue;
      // Another import (or the workspace) may have created it since this one read the editions:
      // its sheets were checked against this import's reference date, not that edition's.
      if (getEdition(db, id))
        throw new ConflictError([
          fileIssue(
            null,
            'edition-conflict',
            `edition "${id}" was created by someone else while this import ran: nothing was stored; run the import again to add the sheets to it`,
          ),
        ]);
      const version = questionnaireVersionOf(db, questionnaire.id, questionnaire.version)!;
      createEdition(db, id, date, version.id);
      writing.editions.add(id);
    }
    let i = writing.upTo;
    while (i < sheets.length) {
      const run = stagedRunAt(sheets, i);
      if (!run) {
        i++; // a whole sheet: saved at the end
        continue;
      }
      if (!this.closed.has(run.schema)) break; // in order: the rest waits for that file
      const copied = !stagedSheetsTaken(db, [run]);
      if (copied) writeStagedSheets(db, [run], writing.at);
      for (let n = run.first; n <= run.last; n++) {
        if (copied || this.saveStaged({ schema: run.schema, n })) writing.changed++;
        this.progress();
      }
      i += run.last - run.first + 1;
    }
    writing.upTo = i;
  }

  private progress(): void {
    this.options.onProgress?.(++this.writing!.done, this.sheets.length);
  }

  /** Saves a whole sheet as planned, or planned again if it changed since; whether it changed. */
  private save(whole: Whole): boolean {
    const revision = sheetRevision(this.db, keyOf(whole));
    const current = whole.plan !== null && whole.plan.basedOn?.revision === revision;
    const result = applySave(this.db, current ? whole.plan! : this.plan(whole, revision));
    // A new revision, whatever it changed: answers, or only the coders or the status.
    return result.created || result.revision !== revision;
  }

  /** Saves a staged sheet on its own, against what is stored now; whether it changed. */
  private saveStaged({ schema, n }: { schema: string; n: number }): boolean {
    const { sheet, coderKey, reason } = stagedSheet(this.db, schema, n);
    return this.save({ sheet, coderKey, n, reason, plan: null });
  }

  private plan({ sheet, coderKey, reason }: Whole, baseRevision: number | null): SavePlan {
    return planSave(this.db, { sheet, coderKey, baseRevision, user: this.options.user, reason });
  }
}

function keyOf({ sheet, coderKey }: Whole): SheetKey {
  return { country: sheet.country, edition: sheet.edition, coderKey };
}

/**
 * The run of staged sheets that starts at `sheets[i]` (null: a whole sheet there): the sheets
 * after it in file order, staged in the same place.
 */
function stagedRunAt(sheets: readonly Accepted[], i: number): StagedRun | null {
  const first = sheets[i]!;
  if (!('staged' in first)) return null;
  const { schema, n } = first.staged;
  let last = n;
  for (let j = i + 1; j < sheets.length; j++) {
    const next = sheets[j]!;
    if (!('staged' in next) || next.staged.schema !== schema || next.staged.n !== last + 1) break;
    last++;
  }
  return { schema, first: n, last };
}

function sameQuestionnaire(a: { id: string; version: string }, b: { id: string; version: string }) {
  return a.id === b.id && a.version === b.version;
}
