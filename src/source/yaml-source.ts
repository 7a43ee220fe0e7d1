import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Issue, Severity } from '../issues/issue.js';

export type DocPath = (string | number)[];

/** A parsed YAML file: its plain value plus the means to point back into the source text. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Problems found while parsing (syntax errors, duplicate keys). */
  issues: Issue[];
  /** 1-based line and column of the value at `path`, or of its key when `at` is `key`. */
  locate(path: DocPath, at?: 'value' | 'key'): { line: number; column: number };
  /** Builds an issue positioned at `path`. */
  issue(
    code: string,
    path: DocPath,
    message: string,
    severity?: Severity,
    at?: 'value' | 'key',
  ): Issue;
}

/** Largest YAML input we accept; anything bigger is refused before parsing. */
export const MAX_YAML_BYTES = 5 * 1024 * 1024;

/**
 * Parses YAML text with the YAML 1.2 core schema. Duplicate keys are errors (a repeated key
 * would silently drop an answer), aliases are limited (no "billion laughs"), and every problem
 * carries the line and column where it occurs.
 */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const issues: Issue[] = [];
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (text.length > MAX_YAML_BYTES) {
    issues.push({
      severity: 'error',
      code: 'file-too-large',
      message: `file is larger than ${MAX_YAML_BYTES} bytes`,
      file,
      path: [],
      line: 1,
      column: 1,
    });
    return makeSource(file, null, issues, () => ({ line: 1, column: 1 }));
  }

  const doc = parseDocument(text, {
    lineCounter,
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });

  for (const error of doc.errors) {
    issues.push({
      severity: 'error',
      code: error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax',
      message:
        error.code === 'DUPLICATE_KEY'
          ? `duplicate key ${JSON.stringify(keyTextAt(text, error.pos[0]))}: each key may appear only once in a mapping`
          : firstLine(error.message),
      file,
      path: [],
      ...position(error.pos[0]),
    });
  }

  let value: unknown = null;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (error) {
      issues.push({
        severity: 'error',
        code: 'yaml-syntax',
        message: error instanceof Error ? firstLine(error.message) : 'unreadable YAML',
        file,
        path: [],
        line: 1,
        column: 1,
      });
    }
  }

  const locate = (path: DocPath, at: 'value' | 'key' = 'value') => {
    const offset = offsetOf(doc.contents as Node | null, path, at);
    return offset === null ? { line: 1, column: 1 } : position(offset);
  };
  return makeSource(file, value, issues, locate);
}

function makeSource(
  file: string,
  value: unknown,
  issues: Issue[],
  locate: YamlSource['locate'],
): YamlSource {
  return {
    file,
    value,
    issues,
    locate,
    issue(code, path, message, severity = 'error', at = 'value') {
      return { severity, code, message, file, path, ...locate(path, at) };
    },
  };
}

/** Walks `path` down the YAML node tree; stops at the deepest node that exists. */
function offsetOf(root: Node | null, path: DocPath, at: 'value' | 'key'): number | null {
  let node: unknown = root;
  let offset: number | null = rangeStart(node);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) return offset;
      if (last && at === 'key') return rangeStart(pair.key) ?? offset;
      node = pair.value;
      offset = rangeStart(node) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return offset;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | null {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range ? range[0] : null;
  }
  return null;
}

function keyTextAt(text: string, offset: number): string {
  const match = /^[^:\n]*/.exec(text.slice(offset));
  return (match?.[0] ?? '').trim().replace(/^["']|["']$/g, '');
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}
