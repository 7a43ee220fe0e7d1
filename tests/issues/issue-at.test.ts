/**
 * `issueAt` is the one constructor of issues: every issue gets its position the same way, and a
 * problem without a place in its file (a missing file, a database state) has no line and column
 * at all — it never prints as `FILE:0:0`.
 */
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/issues/format-issues.js';
import {
  ConflictError,
  fileIssue,
  InputError,
  issueAt,
  NOWHERE,
  sortIssues,
} from '../../src/issues/issue.js';
import { parseYamlSource } from '../../src/source/yaml-source.js';
import { readTextFile } from '../../src/source/read-file.js';

describe('issueAt', () => {
  it('keeps a full position and copies the path', () => {
    const path = ['answers', 'fr-partners', 'answer'];
    const issue = issueAt({ file: 'DE.yaml', path, line: 14, column: 3 }, 'invalid-answer', 'no');
    expect(issue).toEqual({
      severity: 'error',
      code: 'invalid-answer',
      message: 'no',
      file: 'DE.yaml',
      path: ['answers', 'fr-partners', 'answer'],
      line: 14,
      column: 3,
    });
    path.push('changed later');
    expect(issue.path).toHaveLength(3);
    expect(formatIssue(issue)).toBe('DE.yaml:14:3: error[invalid-answer]: no');
  });

  it('gives a line without a column its first column', () => {
    const issue = issueAt({ file: 'rows.csv', line: 7 }, 'csv-syntax', 'bad', 'warning');
    expect([issue.line, issue.column, issue.severity]).toEqual([7, 1, 'warning']);
    expect(formatIssue(issue)).toBe('rows.csv:7:1: warning[csv-syntax]: bad');
  });

  it.each([
    ['no line', {}],
    ['line 0', { line: 0, column: 0 }],
    ['a negative line', { line: -1, column: 4 }],
    ['a null line', { line: null, column: 3 }],
  ])('has no position for %s, and prints none', (_name, where) => {
    const issue = issueAt({ file: 'gone.yaml', ...where }, 'file-not-found', 'file not found');
    expect([issue.line, issue.column]).toEqual([null, null]);
    expect(formatIssue(issue)).toBe('gone.yaml: error[file-not-found]: file not found');
  });

  it('prints an issue about no file without a location', () => {
    const issue = issueAt(NOWHERE, 'unknown-edition', 'no edition "2031"');
    expect(issue.path).toEqual([]);
    expect(formatIssue(issue)).toBe('error[unknown-edition]: no edition "2031"');
    expect(fileIssue(null, 'unknown-edition', 'no edition "2031"')).toEqual(issue);
  });

  it('sorts issues without a position before those with one in the same file', () => {
    const sorted = sortIssues([
      issueAt({ file: 'a.yaml', line: 3, column: 1 }, 'duplicate-key', 'b'),
      issueAt({ file: 'a.yaml' }, 'file-too-large', 'a'),
      issueAt({ file: 'a.yaml', line: 1, column: 5 }, 'yaml-syntax', 'c'),
    ]);
    expect(sorted.map((i) => i.message)).toEqual(['a', 'c', 'b']);
  });
});

describe('issues built by the readers go through issueAt', () => {
  it('a missing file has no line or column', () => {
    const read = readTextFile('/nonexistent/policy-index/sheet.yaml', 1000);
    const issues = 'issues' in read ? read.issues : [];
    expect(issues.map((i) => [i.code, i.line, i.column])).toEqual([['file-not-found', null, null]]);
    expect(formatIssue(issues[0]!)).toBe(
      '/nonexistent/policy-index/sheet.yaml: error[file-not-found]: file not found',
    );
  });

  it('a YAML problem has its line and column', () => {
    const source = parseYamlSource('s.yaml', 'a: 1\na: 2\n');
    expect(source.issues.map((i) => [i.code, i.line, i.column])).toEqual([['duplicate-key', 2, 1]]);
    const located = source.issue('unknown-field', ['a'], 'unknown field "a"');
    expect([located.file, located.line, located.column]).toEqual(['s.yaml', 1, 4]);
  });
});

describe('the error family', () => {
  it('an InputError and a ConflictError carry their issues and the first code', () => {
    const input = new InputError([issueAt(NOWHERE, 'invalid-choice', 'pick one')]);
    expect([input.code, input.message]).toEqual(['invalid-choice', 'pick one']);
    const conflict = new ConflictError(
      [issueAt(NOWHERE, 'sheet-conflict', 'DE 2024 was changed by alice')],
      'DE 2024 was changed by alice. Nothing was saved.',
    );
    expect(conflict).toBeInstanceOf(InputError);
    expect(conflict.code).toBe('sheet-conflict');
    expect(conflict.message).toBe('DE 2024 was changed by alice. Nothing was saved.');
  });
});
