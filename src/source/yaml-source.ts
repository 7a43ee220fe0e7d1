import { fileIssue, issueAt, type Issue, type IssueCode, type Severity } from '../issues/issue.js';
import { fastYamlValue } from './fast-yaml.js';
import { MAX_YAML_BYTES, type DocPath } from './yaml-limits.js';
import { parseWithPositions, type PositionedYaml } from './yaml-positions.js';
import { decodeUtf8 } from './utf8.js';

export { MAX_MAPPING_KEYS, MAX_YAML_BYTES, type DocPath } from './yaml-limits.js';

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
    code: IssueCode,
    path: DocPath,
    message: string,
    severity?: Severity,
    at?: 'value' | 'key',
  ): Issue;
}

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
 *
 * Positions cost: the position-keeping parse takes three to four times as long as js-yaml's, and
 * js-yaml three times as long as a line reader of the block layout sheets are written in. So a
 * text is read by that reader first (`block-yaml.ts`), then by js-yaml (`fast-yaml.ts`), and when
 * either gives a value — a clean file — the positions are worked out only if something asks where
 * a value is (`locate`, `issue`), once per file. Anything js-yaml refuses or might read
 * differently is parsed with positions straight away, which reports its problems exactly as it
 * always has. The cost is linear in the size of
 * the text.
 */
export function parseYamlSource(file: string, text: string): YamlSource {
  if (text.length > MAX_YAML_BYTES) return refused(file, tooLargeIssue(file));
  const fast = fastYamlValue(text);
  if (fast) {
    let positioned: PositionedYaml | null = null;
    return makeSource(file, fast.value, [], (path, at) =>
      (positioned ??= parseWithPositions(file, text)).locate(path, at),
    );
  }
  const { issues, value, locate } = parseWithPositions(file, text);
  return makeSource(file, value, issues, locate);
}

/** A source that could not be parsed at all: no value, the issues, positions at 1:1. */
function refused(file: string, ...issues: Issue[]): YamlSource {
  return makeSource(file, null, issues, () => ({ line: 1, column: 1 }));
}

function tooLargeIssue(file: string): Issue {
  return issueAt(
    { file, line: 1, column: 1 },
    'file-too-large',
    `file is larger than ${MAX_YAML_BYTES} bytes`,
  );
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
      return issueAt({ file, path, ...locate(path, at) }, code, message, severity);
    },
  };
}
