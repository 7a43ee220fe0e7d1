/**
 * The sheets of one import, taken in file order as they are validated: a second sheet for the
 * same key is refused (`duplicate-sheet`), an edition that does not exist yet needs a reference
 * date (`unknown-edition`). While no error has turned up, what each sheet changes is worked out
 * (reading only) and new sheets are staged (TEMP tables, no lock: new-sheets-repository.ts) as
 * they come, so that with worker threads this work overlaps the validation of later files.
 * At the end, one write transaction creates the editions and saves every sheet — or, when any
 * error turned up, nothing is stored.
 */
import { DEVIATION_CODES } from '../answers/check-sheet.js';
import type { LoadedSheet } from '../answers/load-sheet.js';
import { duplicateSheets } from '../answers/gather-sheets.js';
import { coderOfFile } from '../answers/sheet-file-name.js';
import type { AnswerSheet } from '../answers/types.js';
import { fileIssue, hasErrors, type Issue } from '../issues/issue.js';
import { checkpointNow, now, type Db } from './database.js';
import { createEdition, defaultReferenceDate } from './edition-repository.js';
import { clearStagedSheets, stageNewSheets, writeStagedSheets } from './new-sheets-repository.js';
import { questionnaireVersionOf } from './questionnaire-repository.js';
import {
  applySave,
  OFFICIAL_CODER,
  planSave,
  sheetRevision,
  type SavePlan,
} from './sheet-repository.js';

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
  /**
   * Sheets approved as coded (`as_coded: true`) and their deviations from the skip logic, kept
   * as warnings: `publish` records them with the edition.
   */
  asCoded: { sheets: number; deviations: number };
}

interface Accepted {
  sheet: AnswerSheet;
  coderKey: string;
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
  private readonly plans: SavePlan[] = [];
  /** Editions this import creates: reference date and the questionnaire their sheets declare. */
  private readonly newEditions = new Map<
    string,
    { date: string; questionnaire: { id: string; version: string } }
  >();
  private readonly duplicateOf = duplicateSheets();
  private readonly asCoded = { sheets: 0, deviations: 0 };
  private staged = 0;

  /** `editions`: the editions that exist (id → questionnaire version id). */
  constructor(
    private readonly db: Db,
    private readonly editions: ReadonlyMap<string, number>,
    private readonly options: ImportOptions,
  ) {}

  /** Takes the result of validating `file`; call in file order. */
  accept(file: string, loaded: LoadedSheet): void {
    this.issues.push(...loaded.issues);
    if (!loaded.sheet) return;
    const { sheet } = loaded;
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
    this.sheets.push({ sheet, coderKey: coder ?? OFFICIAL_CODER });
    if (sheet.asCoded) {
      this.asCoded.sheets++;
      this.asCoded.deviations += loaded.issues.filter((i) => DEVIATION_CODES.has(i.code)).length;
    }
  }

  /**
   * Works out what the sheets accepted since the last call change, in one read snapshot, and
   * stages the new ones; nothing once an error has turned up (nothing will be stored then).
   */
  prepare(): void {
    if (hasErrors(this.issues) || this.plans.length === this.sheets.length) return;
    const fresh = this.sheets.slice(this.plans.length);
    const plans = this.db.transaction(() => fresh.map((s) => this.plan(s))).deferred();
    this.plans.push(...plans);
    const created = plans.filter((plan) => plan.basedOn === null);
    if (created.length === 0) return;
    stageNewSheets(this.db, created, this.staged);
    this.staged += created.length;
    // The staging tables hold the history now. Kept until the end, a thousand sheets' answers as
    // JSON (as much text again as the sheets) made each collection of the main thread's young
    // objects copy them; should the staged sheets not be written, they are planned again.
    for (const plan of created) plan.history = [];
  }

  /**
   * Stores every accepted sheet in one write transaction (the write lock, which the server's
   * saves wait for, is held only for this), or nothing when any error turned up. A sheet saved
   * by someone else since it was planned is worked out again inside the lock.
   */
  finish(): ImportResult {
    try {
      if (hasErrors(this.issues)) return { ...NOTHING_IMPORTED, issues: this.issues };
      this.prepare();
      const changed = this.write();
      checkpointNow(this.db);
      return {
        issues: this.issues,
        imported: this.sheets.length,
        changed,
        createdEditions: [...this.newEditions.keys()],
        asCoded: this.asCoded,
      };
    } finally {
      this.discard();
    }
  }

  /** Drops what was staged (the import failed or is done); the staging rows stay otherwise. */
  discard(): void {
    if (this.staged > 0) clearStagedSheets(this.db);
    this.staged = 0;
  }

  private write(): number {
    const { db, plans, sheets } = this;
    let changed = 0;
    db.transaction(() => {
      for (const [id, { date, questionnaire }] of this.newEditions)
        createEdition(
          db,
          id,
          date,
          questionnaireVersionOf(db, questionnaire.id, questionnaire.version)!.id,
        );
      const staged = this.staged > 0 && writeStagedSheets(db, now());
      plans.forEach((plan, i) => {
        if (staged && plan.basedOn === null) {
          changed++;
        } else {
          // A staged plan has left its history in the staging tables (`prepare`): plan again.
          const current =
            plan.basedOn !== null && sheetRevision(db, plan.key) === plan.basedOn.revision;
          const result = applySave(db, current ? plan : this.plan(sheets[i]!));
          if (result.changed.length > 0 || result.created) changed++;
        }
        this.options.onProgress?.(i + 1, sheets.length);
      });
    }).immediate();
    return changed;
  }

  private plan({ sheet, coderKey }: Accepted): SavePlan {
    const key = { country: sheet.country, edition: sheet.edition, coderKey };
    return planSave(this.db, {
      sheet,
      coderKey,
      baseRevision: sheetRevision(this.db, key),
      user: this.options.user,
      reason: this.options.reason ?? `import of ${sheet.file}`,
    });
  }
}

function sameQuestionnaire(a: { id: string; version: string }, b: { id: string; version: string }) {
  return a.id === b.id && a.version === b.version;
}
