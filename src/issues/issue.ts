/**
 * The one problem format of the project. Every check (YAML syntax, JSON Schema, semantic rules,
 * skip logic, imports) reports problems as `Issue` values; they are turned into text in exactly
 * one place (`format-issues.ts`) and into JSON by the web layer.
 *
 * `code` is stable kebab-case: tests and tools match on it, never on the wording of `message`.
 */
export type Severity = 'error' | 'warning';

export interface Issue {
  severity: Severity;
  /** Stable kebab-case identifier of the kind of problem, e.g. `duplicate-id`. */
  code: string;
  /** Human-readable explanation: what is wrong and, where possible, what to do. */
  message: string;
  /** File the problem is in (as given to the loader), or `null` for problems without a file. */
  file: string | null;
  /** Path inside the document, e.g. `['dimensions', 0, 'indicators', 2, 'weight']`. */
  path: (string | number)[];
  /** 1-based line and column in `file`; 0 when unknown. */
  line: number;
  column: number;
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/** Sorts issues by file, then position, keeping the original order for ties. */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        (a.issue.file ?? '').localeCompare(b.issue.file ?? '') ||
        a.issue.line - b.issue.line ||
        a.issue.column - b.issue.column ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}

/**
 * Thrown where a whole operation must stop because its input is unusable (a missing file, a
 * questionnaire that does not validate). Carries the issues that explain why; the CLI and the
 * web render them like any other issues.
 */
export class InputError extends Error {
  readonly issues: Issue[];

  constructor(issues: Issue[]) {
    super(issues.map((issue) => issue.message).join('; ') || 'invalid input');
    this.name = 'InputError';
    this.issues = issues;
  }
}

export function fileIssue(
  file: string | null,
  code: string,
  message: string,
  severity: Severity = 'error',
): Issue {
  return { severity, code, message, file, path: [], line: 0, column: 0 };
}
