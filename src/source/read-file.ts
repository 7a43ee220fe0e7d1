import { readFileSync, statSync } from 'node:fs';
import { fileIssue, type Issue } from '../issues/issue.js';
import { MAX_YAML_BYTES, parseYamlSource, type YamlSource } from './yaml-source.js';

/** Reads and parses a YAML file; a missing or unreadable file becomes an issue, never a throw. */
export function readYamlFile(file: string): YamlSource | { issues: Issue[] } {
  try {
    const size = statSync(file).size;
    if (size > MAX_YAML_BYTES) {
      return {
        issues: [fileIssue(file, 'file-too-large', `file is larger than ${MAX_YAML_BYTES} bytes`)],
      };
    }
    return parseYamlSource(file, readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : `cannot read file (${code ?? 'unknown error'})`;
    return { issues: [fileIssue(file, 'file-not-found', message)] };
  }
}

export function isYamlSource(value: YamlSource | { issues: Issue[] }): value is YamlSource {
  return 'locate' in value;
}
