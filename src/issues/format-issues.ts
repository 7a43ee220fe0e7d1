import type { Issue } from './issue.js';

/**
 * Renders one issue as `FILE:LINE:COL: severity[code]: message` — the format editors and CI
 * annotators understand. An issue about a whole file (a missing file has no line) prints as
 * `FILE: severity[code]: message`, never with a made-up `0:0`; an issue that concerns no file
 * (a database state, an argument) prints without location.
 */
export function formatIssue(issue: Issue): string {
  const text = `${issue.severity}[${issue.code}]: ${issue.message}`;
  if (issue.file === null) return text;
  if (issue.line === null) return `${issue.file}: ${text}`;
  return `${issue.file}:${issue.line}:${issue.column ?? 1}: ${text}`;
}

export function formatIssues(issues: readonly Issue[]): string {
  return issues.map(formatIssue).join('\n');
}
