import type { Issue } from './issue.js';

/**
 * Renders one issue as `FILE:LINE:COL: severity[code]: message` — the format editors and CI
 * annotators understand. Unknown positions print as 0; an issue that concerns no file (a
 * database state, an argument) prints without location.
 */
export function formatIssue(issue: Issue): string {
  const text = `${issue.severity}[${issue.code}]: ${issue.message}`;
  return issue.file === null ? text : `${issue.file}:${issue.line}:${issue.column}: ${text}`;
}

export function formatIssues(issues: readonly Issue[]): string {
  return issues.map(formatIssue).join('\n');
}
