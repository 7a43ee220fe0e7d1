/**
 * The one problem format of the project. Every check (YAML syntax, JSON Schema, semantic rules,
 * skip logic, imports, refused actions) reports problems as `Issue` values, built by `issueAt`;
 * they are turned into text in exactly one place (`format-issues.ts`) and into JSON or a page by
 * the web's error handler.
 *
 * `code` is stable kebab-case: tests and tools match on it, never on the wording of `message`.
 */
import type { IssueCode } from './codes.js';

export { type IssueCode } from './codes.js';

export type Severity = 'error' | 'warning';

export interface Issue {
  severity: Severity;
  /**
   * Stable kebab-case identifier of the kind of problem, e.g. `duplicate-id`: one of the registered
   * codes (`codes.ts`), so that a new code cannot be emitted without being registered.
   */
  code: IssueCode;
  /** Human-readable explanation: what is wrong and, where possible, what to do. */
  message: string;
  /** File the problem is in (as given to the loader), or `null` for problems without a file. */
  file: string | null;
  /** Path inside the document, e.g. `['dimensions', 0, 'indicators', 2, 'weight']`. */
  path: (string | number)[];
  /**
   * 1-based line and column in `file`, or both `null` when the problem has no place inside a
   * file (the file is missing, too large, or the issue concerns no file at all).
   */
  line: number | null;
  column: number | null;
}

/**
 * Where an issue is. `line` and `column` are 1-based and go together (a line without a column
 * means its first column); leave them out for a problem that has no place inside the file — a
 * missing file has no line. A line below 1 is not a place either: it becomes "no position", so
 * nothing ever prints as `FILE:0:0`.
 */
export interface IssuePosition {
  file: string | null;
  path?: readonly (string | number)[];
  line?: number | null;
  column?: number | null;
}

/** No file, no path, no line: a problem with the state of things (a database, an argument). */
export const NOWHERE: IssuePosition = Object.freeze({ file: null });

/** The one constructor of issues: every issue gets its position the same way. */
export function issueAt(
  where: IssuePosition,
  code: IssueCode,
  message: string,
  severity: Severity = 'error',
): Issue {
  const line = where.line != null && where.line >= 1 ? where.line : null;
  const column =
    line === null ? null : where.column != null && where.column >= 1 ? where.column : 1;
  return { severity, code, message, file: where.file, path: [...(where.path ?? [])], line, column };
}

/** An issue about a whole file (or, with `null`, about no file): `issueAt` without a position. */
export function fileIssue(
  file: string | null,
  code: IssueCode,
  message: string,
  severity: Severity = 'error',
): Issue {
  return issueAt({ file }, code, message, severity);
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/** Sorts issues by file, then position (no position first), keeping the original order for ties. */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        (a.issue.file ?? '').localeCompare(b.issue.file ?? '') ||
        (a.issue.line ?? 0) - (b.issue.line ?? 0) ||
        (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}

/**
 * Thrown where a whole operation must stop because its input is unusable (a missing file, a
 * questionnaire that does not validate, a refused choice). Carries the issues that explain why;
 * the CLI (`cli/report-failure.ts`) and the web (`web/http-error.ts`) render them, with their
 * codes, the same way: exit 1 / HTTP 400.
 */
export class InputError extends Error {
  /** At least one: refused without a named problem, `unexplained-refusal` stands in. */
  readonly issues: Issue[];

  constructor(issues: Issue[], message?: string) {
    super(message ?? (issues.map((issue) => issue.message).join('; ') || 'invalid input'));
    this.name = 'InputError';
    this.issues =
      issues.length > 0 ? issues : [fileIssue(null, 'unexplained-refusal', this.message)];
  }

  /** The code of the first issue: what a JSON error's `code` says. */
  get code(): IssueCode {
    return this.issues[0]!.code;
  }

  /**
   * What went wrong, from the issues alone — without what the message may add about the
   * consequence ("Nothing was saved."), for a page that says that in its own words.
   */
  get summary(): string {
    return this.issues.map((issue) => issue.message).join('; ') || this.message;
  }
}

/**
 * The input was fine, but the state it was meant for has changed or forbids it: a save based on
 * a revision someone else replaced, a publication whose preview no longer holds, coders who
 * still disagree. Nothing was changed. Rendered like any `InputError`, but the web answers 409.
 */
export class ConflictError extends InputError {
  constructor(issues: Issue[], message?: string) {
    super(issues, message);
    this.name = 'ConflictError';
  }
}
