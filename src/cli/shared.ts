import { formatIssue } from '../issues/format-issues.js';
import { hasErrors, sortIssues, type Issue } from '../issues/issue.js';
import { loadQuestionnaire } from '../questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { EDITION_ID_RULE, isEditionId } from '../answers/edition-id.js';
import { UsageError, type CliIo } from './io.js';
import { databasePath, openDatabase, type Db } from '../storage/database.js';

export const DEFAULT_QUESTIONNAIRE_DIR = 'questionnaire';

/**
 * An edition named on the command line, checked by the same rule as imports and the web: a
 * malformed one is wrong usage (exit 2), not an edition that merely does not exist.
 */
export function editionArg(value: string, what = 'EDITION'): string {
  if (!isEditionId(value))
    throw new UsageError(`${what} "${value}" is not an edition id: ${EDITION_ID_RULE}`);
  return value;
}

/**
 * Prints issues on stderr, one per line, errors and warnings alike, sorted by file and position.
 * Problems never go to stdout, which carries only a command's result (see `io.ts`).
 */
export function printIssues(io: CliIo, issues: readonly Issue[]): void {
  for (const issue of sortIssues(issues)) io.err(formatIssue(issue));
}

/** Loads the questionnaire or prints why it cannot be loaded and returns null. */
export function questionnaireOrReport(io: CliIo, dir: string): Questionnaire | null {
  const { questionnaire, issues } = loadQuestionnaire(dir);
  if (questionnaire && !hasErrors(issues)) {
    printIssues(io, issues);
    return questionnaire;
  }
  printIssues(io, issues);
  io.err(`questionnaire in ${dir} is invalid (${countOf(issues, 'error')}); nothing done`);
  return null;
}

/** `1 sheet`, `2 sheets`: a count and its noun, in the plural unless the count is one. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function countOf(issues: readonly Issue[], severity: Issue['severity']): string {
  return counted(issues.filter((issue) => issue.severity === severity).length, severity);
}

/**
 * Says that coders' own sheets (`{country}.{coder}.yaml`) were left out of a computation: only
 * official sheets are scored and ranked; coders' sheets become one through `reconcile`.
 */
export function noteCoderSheetsLeftOut(io: CliIo, count: number): void {
  if (count === 0) return;
  io.err(
    `note: ${counted(count, 'coder sheet')} ({country}.{coder}.yaml) left out: only official sheets are scored (reconcile them into one first)`,
  );
}

/** Opens the working database (POLICY_INDEX_DB), runs `work`, and always closes it. */
export function withDatabase<T>(work: (db: Db) => T): T {
  const db = openDatabase(databasePath());
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Said in the help of every command that works on the database. */
export const DB_NOTE = 'The database is POLICY_INDEX_DB (default: data/policy-index.sqlite).';

/** Who is acting, for the history: POLICY_INDEX_USER, else the login name. */
export function cliActor(): string {
  return process.env.POLICY_INDEX_USER || process.env.USER || 'cli';
}
