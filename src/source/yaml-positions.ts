/**
 * The position-keeping YAML parse (the `yaml` library's document with a line counter): every
 * syntax error, duplicate key and oversized mapping with the line and column where it occurs, and
 * the line and column of any value by its path. It costs three to four times js-yaml's parse, so
 * `yaml-source.ts` runs it only for a file that has problems to report (see `fast-yaml.ts`).
 */
import { createRequire } from 'node:module';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { issueAt, type Issue, type IssueCode } from '../issues/issue.js';
import { LONE_CR, MAX_MAPPING_KEYS, NON_PRINTABLE, type DocPath } from './yaml-limits.js';

type YamlModule = typeof import('yaml');

let yamlModule: YamlModule | null = null;

/**
 * The `yaml` library, loaded on first use: it takes tens of milliseconds to load, and a run whose
 * files are all clean never needs it.
 */
function yaml(): YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);
}

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** A text parsed with positions: its problems, its value when it has none, and `locate`. */
export interface PositionedYaml {
  /** Syntax errors, duplicate keys, oversized mappings, too many aliases. */
  issues: Issue[];
  /** The plain value; `null` when there are issues. */
  value: unknown;
  /** Where the value at `path` (or its key, when `at` is `key`) is written; 1:1 when not found. */
  locate(path: DocPath, at?: 'value' | 'key'): Position;
}

/**
 * Parses YAML text with the YAML 1.2 core schema, keeping positions. Duplicate keys are errors (a
 * repeated key would silently drop an answer), aliases are limited (no "billion laughs"), mappings
 * are limited to `MAX_MAPPING_KEYS` keys. The cost is linear in the size of the text.
 */
export function parseWithPositions(file: string, text: string): PositionedYaml {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

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

  const issues: Issue[] = [];
  // Past the depth the parser's stack allows, its other errors are echoes of that one (a
  // structure left open repeats its error at every level: 786 times for `[[[…` 5,000 deep).
  const overflow = doc.errors.find((error) => isStackOverflow(error.message));
  // One error per place otherwise.
  const places = new Set<number>();
  // A tag of the file's own (`!custom AT`) is a warning to the library, which reads the plain
  // text instead; js-yaml refuses it, and so do we.
  const ownTags = doc.warnings.filter(
    (w) =>
      w.code === 'TAG_RESOLVE_FAILED' &&
      !w.message.startsWith('Unresolved tag: tag:yaml.org,2002:'),
  );
  for (const error of overflow ? [overflow] : [...doc.errors, ...ownTags]) {
    if (places.has(error.pos[0])) continue;
    places.add(error.pos[0]);
    issues.push(
      issueAt({ file, ...position(error.pos[0]) }, 'yaml-syntax', syntaxMessage(error.message)),
    );
  }
  // A lone CR (old Mac line endings, or one stray) is no line break to this parser: a comment
  // ending in one swallows the next line's key, silently, and other lines read as one long line
  // whose errors ("nested mappings are not allowed…") do not say why. Refused, where it is.
  const loneCr = text.search(LONE_CR);
  if (loneCr !== -1)
    issues.unshift(
      issueAt(
        { file, ...position(loneCr) },
        'yaml-syntax',
        'a line ends in a lone carriage return (CR, as in old Mac files), which is not read as a line break here: save the file with LF or CRLF line endings',
      ),
    );
  for (const found of mappingIssues(doc, text)) {
    issues.push(issueAt({ file, ...position(found.offset) }, found.code, found.message));
  }

  let value: unknown = null;
  if (issues.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (error) {
      issues.push(
        issueAt(
          { file, line: 1, column: 1 },
          'yaml-syntax',
          error instanceof Error ? syntaxMessage(error.message) : 'unreadable YAML',
        ),
      );
    }
  }

  const locate = (path: DocPath, at: 'value' | 'key' = 'value'): Position => {
    // Issues are positioned one by one (one per unknown key, say): each lookup must be cheap.
    const offset = offsetOf(doc.contents as Node | null, path, at);
    return offset === null ? { line: 1, column: 1 } : position(offset);
  };
  const forbidden = issues.length === 0 ? forbiddenInScalars(doc, text) : null;
  if (forbidden) {
    issues.push(
      issueAt(
        { file, ...position(forbidden.offset) },
        'yaml-syntax',
        `the character U+${forbidden.code} is not allowed in YAML text (control characters other than tab and line breaks; write an escape such as \\t in double quotes)`,
      ),
    );
    value = null;
  }
  return { issues, value, locate };
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
): { code: IssueCode; message: string; offset: number }[] {
  const { isScalar, visit } = yaml();
  const found: { code: IssueCode; message: string; offset: number }[] = [];
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

/** Walks `path` down the YAML node tree; stops at the deepest node that exists. */
function offsetOf(root: Node | null, path: DocPath, at: 'value' | 'key'): number | null {
  const { isMap, isSeq } = yaml();
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
    const { isPair, isScalar } = yaml();
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

/**
 * The first character YAML does not allow written as such in a key or value (not in a comment,
 * which stores nothing, and not as an escape like `"\\0"` in double quotes, which YAML allows):
 * where the fast path refuses it, so that both read a file the same way.
 */
function forbiddenInScalars(
  doc: Document.Parsed,
  text: string,
): { offset: number; code: string } | null {
  if (!NON_PRINTABLE.test(text)) return null;
  const ranges: [number, number][] = [];
  yaml().visit(doc, {
    Scalar(_, node) {
      if (node.range) ranges.push([node.range[0], node.range[1]]); // the value, not its comment
    },
  });
  for (const match of text.matchAll(new RegExp(NON_PRINTABLE.source, 'g'))) {
    const offset = match.index + match[0].length - 1;
    if (ranges.some(([start, end]) => offset >= start && offset < end))
      return { offset, code: text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, '0') };
  }
  return null;
}

/** Whether a parser's error is the engine running out of stack (V8's RangeError message). */
function isStackOverflow(message: string): boolean {
  return message.includes('Maximum call stack size exceeded');
}

/** A parser's message as the user reads it: its first line; running out of stack is nesting. */
function syntaxMessage(message: string): string {
  if (isStackOverflow(message)) return 'the YAML is nested too deeply to be read';
  const tag = /^Unresolved tag: (\S+)/.exec(message);
  if (tag) return `unknown tag ${tag[1]}: a value here is plain YAML, without tags`;
  if (message.startsWith('Source contains multiple documents'))
    return 'a second YAML document starts here ("---"): a file holds one document';
  return firstLine(message);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}
