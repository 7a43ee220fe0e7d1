import type { Issue } from './issue.js';

/**
 * Renders one issue as `FILE:LINE:COL: severity[code]: message` — the format editors and CI
 * annotators understand. Unknown positions print as 0; an issue without a file prints `-`.
 */
export function formatIssue(issue: Issue): string {
  const where = `${issue.file ?? '-'}:${issue.line}:${issue.column}`;
  return `${where}: ${issue.severity}[${issue.code}]: ${issue.message}`;
}

export function formatIssues(issues: readonly Issue[]): string {
  return issues.map(formatIssue).join('\n');
}
