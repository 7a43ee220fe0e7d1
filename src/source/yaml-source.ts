import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { fileIssue, type Issue, type Severity } from '../issues/issue.js';
import { decodeUtf8 } from './utf8.js';

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
 * Most keys one mapping may have. A sheet has one answer per question and real questionnaires
 * have a few hundred; a mapping with thousands of keys is not a document we could use, and each
 * key would become an issue to print. Refused (`too-many-keys`) before any validation.
 */
export const MAX_MAPPING_KEYS = 5000;

/** How much structure a YAML text may have before it is parsed at all. */
export interface YamlBudget {
  lines: number;
  /** `:` characters: every key of a block or flow mapping has one. */
  colons: number;
}

/**
 * Refuses a text with more lines or mapping keys than `budget`, in one cheap scan before parsing:
 * parsing costs tens of microseconds per key, so a request handler that must not hold the event
 * loop (the web upload) checks this first. `null` when the text is within budget.
 */
export function yamlBudgetIssue(file: string, text: string, budget: YamlBudget): Issue | null {
  let lines = 1;
  let colons = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lines++;
    else if (c === 58) colons++;
  }
  if (lines <= budget.lines && colons <= budget.colons) return null;
  return fileIssue(
    file,
    'too-many-keys',
    lines > budget.lines
      ? `the text has ${lines} lines; at most ${budget.lines} are accepted here (a full sheet has about a thousand)`
      : `the text has about ${colons} keys; at most ${budget.colons} are accepted here (a full sheet has about a thousand)`,
  );
}

/**
 * Parses YAML bytes (a file or an upload as read): strict UTF-8 first (`invalid-utf8` at the
 * first bad byte), then `parseYamlSource`.
 */
export function parseYamlBytes(file: string, bytes: Uint8Array): YamlSource {
  if (bytes.length > MAX_YAML_BYTES) return refused(file, tooLargeIssue(file));
  const decoded = decodeUtf8(file, bytes);
  if ('issues' in decoded) return refused(file, ...decoded.issues);
  return parseYamlSource(file, decoded.text);
}

/**
 * Parses YAML text with the YAML 1.2 core schema. Duplicate keys are errors (a repeated key
 * would silently drop an answer), aliases are limited (no "billion laughs"), mappings are limited
 * to `MAX_MAPPING_KEYS` keys, and every problem carries the line and column where it occurs.
 * The cost is linear in the size of the text.
 */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const issues: Issue[] = [];
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (text.length > MAX_YAML_BYTES) return refused(file, tooLargeIssue(file));

  // The library's own duplicate-key check (`uniqueKeys: true`) compares every key with every
  // earlier key of its mapping: quadratic, 53 s for 45,000 keys. `mappingIssues` does it in one
  // pass with a set per mapping instead.
  const doc = parseDocument(text, {
    lineCounter,
    schema: 'core',
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
  });

  for (const error of doc.errors) {
    issues.push({
      severity: 'error',
      code: 'yaml-syntax',
      message: firstLine(error.message),
      file,
      path: [],
      ...position(error.pos[0]),
    });
  }
  for (const found of mappingIssues(doc, text)) {
    issues.push({ severity: 'error', file, path: [], ...found, ...position(found.offset) });
  }

  let value: unknown = null;
  if (issues.length === 0) {
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
    // Issues are positioned one by one (one per unknown key, say): each lookup must be cheap.
    const offset = offsetOf(doc.contents as Node | null, path, at);
    return offset === null ? { line: 1, column: 1 } : position(offset);
  };
  return makeSource(file, value, issues, locate);
}

/** A source that could not be parsed at all: no value, the issues, positions at 1:1. */
function refused(file: string, ...issues: Issue[]): YamlSource {
  return makeSource(file, null, issues, () => ({ line: 1, column: 1 }));
}

function tooLargeIssue(file: string): Issue {
  return {
    severity: 'error',
    code: 'file-too-large',
    message: `file is larger than ${MAX_YAML_BYTES} bytes`,
    file,
    path: [],
    line: 1,
    column: 1,
  };
}

/**
 * Duplicate keys (`duplicate-key`, at the second occurrence) and oversized mappings
 * (`too-many-keys`, at the first key over the limit), in one pass over the document. Scalar keys
 * are compared as the JavaScript object built from the document sees them: `1` and `"1"` are the
 * same key there, so they are duplicates here.
 */
function mappingIssues(
  doc: Document.Parsed,
  text: string,
): { code: string; message: string; offset: number }[] {
  const found: { code: string; message: string; offset: number }[] = [];
  visit(doc, {
    Map(_, map) {
      if (map.items.length > MAX_MAPPING_KEYS) {
        const extra = map.items[MAX_MAPPING_KEYS]!;
        found.push({
          code: 'too-many-keys',
          message: `a mapping with ${map.items.length} keys; at most ${MAX_MAPPING_KEYS} are accepted (a sheet has one answer per question)`,
          offset: rangeStart(extra.key) ?? rangeStart(map) ?? 0,
        });
        return visit.SKIP;
      }
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        const offset = rangeStart(pair.key) ?? 0;
        found.push({
          code: 'duplicate-key',
          message: `duplicate key ${JSON.stringify(keyTextAt(text, offset))}: each key may appear only once in a mapping`,
          offset,
        });
      }
      return undefined;
    },
  });
  return found;
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
      const pair = pairsByKey(node).get(String(segment));
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

const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

/** A mapping's pairs by key text (first occurrence), built once per mapping. */
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const key = String(item.key.value);
      if (!index.has(key)) index.set(key, item as Pair);
    }
    pairIndex.set(map, index);
  }
  return index;
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
