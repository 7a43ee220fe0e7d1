/**
 * The sheets of one import, taken in file order as they are validated: a second sheet for the
 * same key is refused (`duplicate-sheet`), an edition that does not exist yet needs a reference
 * date (`unknown-edition`). Each sheet comes packed, its answers as the JSON text the database
 * stores (bulk/sheet-transfer.ts: a worker thread makes it). While no error has turned up, what
 * each sheet changes is worked out as it comes (reading only): a new sheet is written as it came,
 * a stored one is unpacked and compared. One write transaction creates the editions and saves
 * every sheet — or, when any error turned up, nothing is stored. With worker threads it opens
 * before the last files are checked (`startWriting`), and the sheets checked are written while
 * the workers check those.
 */
import { DEVIATION_CODES } from '../answers/check-sheet.js';
import { duplicateSheets } from '../answers/gather-sheets.js';
import { coderOfFile } from '../answers/sheet-file-name.js';
import { unpackSheet, type PackedCheck, type PackedSheet } from '../bulk/sheet-transfer.js';
import { ConflictError, fileIssue, hasErrors, type Issue } from '../issues/issue.js';
import { startBulkWrite, type BulkWrite } from './bulk-write.js';
import { checkpointNow, now, type Db } from './database.js';
import { createEdition, defaultReferenceDate, getEdition } from './edition-repository.js';
import { questionnaireVersionOf } from './questionnaire-repository.js';
import {
  applySave,
  OFFICIAL_CODER,
  planSave,
  sheetRevision,
  writeNewSheet,
  type SavePlan,
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

/** An accepted sheet, until it is written. */
interface Accepted {
  sheet: PackedSheet;
  key: Required<SheetKey>;
  reason: string;
  /**
   * Once worked out (`prepare`): `new` when its key was not stored, else what saving it changes
   * (against the revision then stored).
   */
  plan: 'new' | SavePlan | null;
}

/** What an import that stored nothing reports, besides its issues. */
export const NOTHING_IMPORTED: Omit<ImportResult, 'issues'> = {
  imported: 0,
  changed: 0,
  createdEditions: [],
  asCoded: { sheets: 0, deviations: 0 },
};

/** The reason recorded in the history of a sheet an import saves. */
export function importReason(reason: string | null | undefined, file: string): string {
  return reason ?? `import of ${file}`;
}

export class ImportBatch {
  private readonly issues: Issue[] = [];
  /** Accepted sheets in file order; a written one is dropped (null), its text no longer kept. */
  private readonly sheets: (Accepted | null)[] = [];
  /** Editions this import creates: reference date and the questionnaire their sheets declare. */
  private readonly newEditions = new Map<
    string,
    { date: string; questionnaire: { id: string; version: string } }
  >();
  private readonly duplicateOf = duplicateSheets();
  private readonly asCoded = { sheets: 0, deviations: 0 };
  /** Sheets worked out (`prepare`) so far. */
  private prepared = 0;
  /** The write transaction, once open (`startWriting`); null before. */
  private writing: {
    at: string;
    /** The connection set for the bulk write (bulk-write.ts) until the transaction ends. */
    bulk: BulkWrite;
    /** Accepted sheets written so far. */
    upTo: number;
    editions: Set<string>;
    changed: number;
  } | null = null;

  /** `editions`: the editions that exist (id → questionnaire version id). */
  constructor(
    private readonly db: Db,
    private readonly editions: ReadonlyMap<string, number>,
    private readonly options: ImportOptions,
  ) {}

  /** Takes the result of validating `file`, its sheet packed; call in file order, once a file. */
  accept(file: string, loaded: PackedCheck): void {
    this.issues.push(...loaded.issues);
    const { sheet } = loaded;
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
    this.sheets.push({
      sheet,
      key: { country: sheet.country, edition: sheet.edition, coderKey: coder ?? OFFICIAL_CODER },
      reason: importReason(this.options.reason, file),
      plan: null,
    });
    if (sheet.asCoded) {
      this.asCoded.sheets++;
      this.asCoded.deviations += loaded.issues.filter((i) => DEVIATION_CODES.has(i.code)).length;
    }
  }

  /**
   * Works out, in one read snapshot, what the sheets accepted since the last call change; once
   * writing (`startWriting`), writes them too. Nothing once an error has turned up (nothing will
   * be stored then).
   */
  prepare(): void {
    if (hasErrors(this.issues) || this.prepared === this.sheets.length) return;
    const { db, sheets } = this;
    db.transaction(() => {
      for (let i = this.prepared; i < sheets.length; i++) {
        const accepted = sheets[i]!;
        const revision = sheetRevision(db, accepted.key);
        accepted.plan = revision === null ? 'new' : this.plan(accepted, revision);
      }
    }).deferred();
    this.prepared = sheets.length;
    if (this.writing) this.write();
  }

  /**
   * Takes the write lock (the server's saves wait for it) and writes what is worked out so far,
   * then the rest as it is accepted — unless an error has turned up. For an import on several
   * threads, called when the main thread has no more sheets to check: the sheets checked are
   * written while the workers check the last ones (check-in-threads.ts, `handOver`).
   */
  startWriting(): void {
    if (this.writing || hasErrors(this.issues)) return;
    const bulk = startBulkWrite(this.db);
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      bulk.end();
      throw error;
    }
    this.writing = { at: now(), bulk, upTo: 0, editions: new Set(), changed: 0 };
    this.prepare();
    this.write();
  }

  /**
   * Stores every accepted sheet in the write transaction (opened now unless `startWriting`
   * opened it), or nothing when any error turned up.
   */
  finish(): ImportResult {
    try {
      if (hasErrors(this.issues)) return { ...NOTHING_IMPORTED, issues: this.issues };
      this.startWriting();
      this.prepare();
      this.write();
      const writing = this.writing!;
      this.db.exec('COMMIT');
      this.writing = null;
      writing.bulk.end();
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

  /** Drops what was written (the import failed or is done). */
  discard(): void {
    if (this.writing && this.db.inTransaction) this.db.exec('ROLLBACK');
    this.writing?.bulk.end();
    this.writing = null;
  }

  /**
   * Creates the new editions accepted so far and writes the sheets worked out since the last
   * call, in file order.
   */
  private write(): void {
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
    for (; writing.upTo < this.prepared; writing.upTo++) {
      const accepted = sheets[writing.upTo]!;
      if (this.save(accepted)) writing.changed++;
      writing.bulk.wrote(accepted.sheet.answers.byteLength);
      sheets[writing.upTo] = null;
      this.options.onProgress?.(writing.upTo + 1, sheets.length);
    }
  }

  /**
   * Saves a sheet as worked out, or worked out again against what is stored now if someone else
   * saved it since; whether it changed.
   */
  private save(accepted: Accepted): boolean {
    const { db } = this;
    const revision = sheetRevision(db, accepted.key);
    if (accepted.plan === 'new' && revision === null) {
      const { sheet, key, reason } = accepted;
      writeNewSheet(db, { key, sheet, user: this.options.user, reason, at: this.writing!.at });
      return true;
    }
    const planned = accepted.plan;
    const current = typeof planned === 'object' && planned?.basedOn?.revision === revision;
    const result = applySave(db, current ? planned : this.plan(accepted, revision));
    // A new revision, whatever it changed: answers, or only the coders or the status.
    return result.created || result.revision !== revision;
  }

  private plan({ sheet, key, reason }: Accepted, baseRevision: number | null): SavePlan {
    return planSave(this.db, {
      sheet: unpackSheet(sheet),
      coderKey: key.coderKey,
      baseRevision,
      user: this.options.user,
      reason,
    });
  }
}

function sameQuestionnaire(a: { id: string; version: string }, b: { id: string; version: string }) {
  return a.id === b.id && a.version === b.version;
}
