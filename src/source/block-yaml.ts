/**
 * The block-layout reader: the first and fastest of the three ways a YAML text is read
 * (yaml-source.ts). Answer sheets are written in one layout — block mappings and sequences, one
 * scalar per line, comments — by our own writer (write-sheet.ts), the sample sheets and most
 * people. This reader reads that layout, line by line, and nothing else: for
 * any text outside it, it gives `null`, and js-yaml (fast-yaml.ts) and then the position-keeping
 * `yaml` library read the text as before. When it gives a value, that value is the one `yaml`
 * gives (checked by tests/answers/yaml-fast-path.test.ts on generated documents, random edits of
 * real sheets and each case below).
 *
 * Why: js-yaml's general parser was three quarters of the time spent validating a real-size
 * sheet; this reader takes about a third of js-yaml's time for the same text.
 *
 * Read here:
 * - block mappings whose keys are plain words (`[A-Za-z_][A-Za-z0-9_-]*`, not a null or a boolean
 *   spelling), each `key:` followed by a space or the end of the line;
 * - block sequences (`- item`), a mapping starting on an item's line (`- title: …`), and a
 *   sequence at its key's own column (`key:` then `- item` below it);
 * - plain scalars, resolved by the core schema (`plainScalar`) when on one line, a ` #` comment
 *   after them, and over several lines (our writer breaks long text so) when no blank or comment
 *   line comes between and no line starts with `-` or another indicator;
 * - single- and double-quoted scalars on one line, without escapes in double quotes;
 * - literal and folded block scalars (`|`, `|-`, `>`, `>-`) whose lines all have the same
 *   indentation, with no blank line between them;
 * - comments and blank lines anywhere.
 *
 * Left to the others: everything else, and among it all that YAML allows and reads in ways
 * worth a parser of its own: tabs, carriage returns, a byte-order mark, control characters,
 * Unicode line separators (all looked for once, before reading); flow collections; anchors,
 * aliases and tags; directives and document markers; escapes and quoted scalars over several
 * lines; plain scalars going on after a blank line, a comment or an indicator; block scalars with indentation indicators, `+`,
 * inner blank lines, lines more indented than the first or ending in a space, or no lines; a duplicate key, a null
 * key, a key not a plain word, more than `MAX_MAPPING_KEYS` keys in a mapping, nesting deeper
 * than {@link MAX_DEPTH}; a number too large for a double. None of these is an error here: the
 * text goes on to be read, and any problem reported, with its line and column, as before.
 */
import { LONG_KEY, plainScalar, setOwnKey } from './core-scalars.js';
import { MAX_MAPPING_KEYS, NON_PRINTABLE } from './yaml-limits.js';

/**
 * Characters this reader never reads, besides those YAML does not allow (`NON_PRINTABLE`): tab,
 * carriage return, U+0085 and U+2028/9 (line breaks in YAML 1.1), a byte-order mark. Together
 * with every surrogate (a pair is allowed), one simple class, cheap to look for; `NON_PRINTABLE`
 * is asked only when it finds something.
 */
const MAYBE_NOT_READ_HERE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;
/** The characters of {@link MAYBE_NOT_READ_HERE} that YAML allows but this reader leaves. */
const LEFT_TO_OTHERS = /[\t\r\x85\u2028\u2029\uFEFF]/;

/** Deeper nesting is left to the others, which refuse it where they must. */
export const MAX_DEPTH = 90;

/** Keys the core schema reads as a null or a boolean, which `yaml` and js-yaml name differently. */
const NOT_WORD_KEYS = new Set([
  'null',
  'Null',
  'NULL',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
]);

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const PIPE = 0x7c;
const GREATER = 0x3e;
const DOT = 0x2e;
const PERCENT = 0x25;

/** Characters a plain scalar may not start with (YAML's indicators, but for `-`). */
const NOT_PLAIN_FIRST = new Set('?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));

/** A blank line's indentation: it has none, only spaces or nothing. */
const BLANK = -1;

/** Thrown inside the reader when the text is outside its layout; never leaves this module. */
class OutsideLayout extends Error {}
const OUTSIDE = new OutsideLayout('outside the block layout');

/** The value of `text` when it is in the block layout; `null` when it is not. */
export function blockYamlValue(text: string): { value: unknown } | null {
  if (text.length === 0) return null;
  if (MAYBE_NOT_READ_HERE.test(text) && (LEFT_TO_OTHERS.test(text) || NON_PRINTABLE.test(text)))
    return null;
  try {
    return { value: new BlockReader(text).document() };
  } catch (error) {
    if (error === OUTSIDE) return null;
    throw error;
  }
}

function isKeyStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 0x30 && c <= 0x39) || c === DASH;
}

class BlockReader {
  /** Where each line starts, where it ends (before its line feed), and its indentation. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly indents: number[] = [];
  /** The last line read by the node being read. */
  private line = 0;

  constructor(private readonly text: string) {
    for (let start = 0; ;) {
      const feed = text.indexOf('\n', start);
      const end = feed === -1 ? text.length : feed;
      let at = start;
      while (at < end && text.charCodeAt(at) === SPACE) at++;
      this.starts.push(start);
      this.ends.push(end);
      this.indents.push(at === end ? BLANK : at - start);
      if (feed === -1) break;
      start = feed + 1;
    }
  }

  document(): unknown {
    const first = this.contentFrom(0);
    if (first === -1) throw OUTSIDE; // an empty document
    const value = this.collection(first, this.indents[first]!, 0);
    if (this.contentFrom(this.line + 1) !== -1) throw OUTSIDE;
    return value;
  }

  private code(at: number): number {
    return this.text.charCodeAt(at);
  }

  /** The first line from `from` with something on it but a comment; -1 when there is none. */
  private contentFrom(from: number): number {
    for (let line = from; line < this.starts.length; line++) {
      const indent = this.indents[line]!;
      if (indent === BLANK) continue;
      const at = this.starts[line]! + indent;
      const c = this.code(at);
      if (c === HASH) continue;
      // A directive or a document marker.
      if (indent === 0 && (c === PERCENT || this.text.startsWith('---', at))) throw OUTSIDE;
      if (indent === 0 && c === DOT && this.text.startsWith('...', at)) throw OUTSIDE;
      return line;
    }
    return -1;
  }

  /** Whether a sequence entry (`-` then a space or the end of the line) starts at `at`. */
  private isEntry(at: number, end: number): boolean {
    return this.code(at) === DASH && (at + 1 === end || this.code(at + 1) === SPACE);
  }

  /** Where the `:` of a plain-word key starting at `at` is; -1 when no such key starts there. */
  private keyColon(at: number, end: number): number {
    if (!isKeyStart(this.code(at))) return -1;
    let i = at + 1;
    while (i < end && isKeyChar(this.code(i))) i++;
    if (i === end || this.code(i) !== COLON) return -1;
    if (i + 1 < end && this.code(i + 1) !== SPACE) return -1;
    return i;
  }

  /** The mapping or sequence whose first line is `line`, at column `indent`. */
  private collection(line: number, indent: number, depth: number): unknown {
    if (depth > MAX_DEPTH) throw OUTSIDE;
    const at = this.starts[line]! + indent;
    if (this.isEntry(at, this.ends[line]!)) return this.sequence(line, indent, depth);
    return this.mapping(line, at, indent, depth);
  }

  /** A mapping at column `indent`, its first key at `at` on `line`. */
  private mapping(line: number, at: number, indent: number, depth: number): object {
    const object: Record<string, unknown> = {};
    for (let keys = 1; ; keys++) {
      const end = this.ends[line]!;
      const colon = this.keyColon(at, end);
      if (colon === -1 || colon - at >= LONG_KEY || keys > MAX_MAPPING_KEYS) throw OUTSIDE;
      const key = this.text.slice(at, colon);
      if (NOT_WORD_KEYS.has(key) || Object.prototype.hasOwnProperty.call(object, key))
        throw OUTSIDE;
      this.line = line;
      setOwnKey(object, key, this.value(colon + 1, end, indent, depth, true));
      const next = this.contentFrom(this.line + 1);
      if (next === -1 || this.indents[next]! < indent) return object;
      // More indented: a plain scalar going on, or bad indentation.
      if (this.indents[next]! > indent) throw OUTSIDE;
      line = next;
      at = this.starts[line]! + indent;
    }
  }

  /** A sequence at column `indent`, its first entry on `line`. */
  private sequence(line: number, indent: number, depth: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      const start = this.starts[line]!;
      const end = this.ends[line]!;
      this.line = line;
      let at = start + indent + 1;
      while (at < end && this.code(at) === SPACE) at++;
      if (at < end && this.code(at) !== HASH && this.keyColon(at, end) !== -1)
        items.push(this.mapping(line, at, at - start, depth + 1));
      else if (at < end && this.isEntry(at, end))
        throw OUTSIDE; // `- - x`
      else items.push(this.value(at, end, indent, depth, false));
      const next = this.contentFrom(this.line + 1);
      if (next === -1 || this.indents[next]! < indent) return items;
      if (this.indents[next]! > indent) throw OUTSIDE;
      // The next key of the mapping this sequence is a value in, at the same column.
      if (!this.isEntry(this.starts[next]! + indent, this.ends[next]!)) return items;
      line = next;
    }
  }

  /**
   * The value after a key's `:` or an entry's `-` (from `at` to the end of the line): a scalar on
   * the line, or a collection on the lines below, more indented than `indent` (or, after a key,
   * a sequence at its column), or null.
   */
  private value(at: number, end: number, indent: number, depth: number, key: boolean): unknown {
    while (at < end && this.code(at) === SPACE) at++;
    if (at < end && this.code(at) !== HASH) return this.scalar(at, end, indent);
    const next = this.contentFrom(this.line + 1);
    if (next === -1) return null;
    const below = this.indents[next]!;
    if (below > indent) return this.collection(next, below, depth + 1);
    if (key && below === indent && this.isEntry(this.starts[next]! + indent, this.ends[next]!))
      return this.sequence(next, indent, depth + 1);
    return null;
  }

  /** A scalar starting at `at` on the current line, in a collection at column `indent`. */
  private scalar(at: number, end: number, indent: number): unknown {
    const c = this.code(at);
    if (c === DOUBLE_QUOTE) return this.doubleQuoted(at, end);
    if (c === SINGLE_QUOTE) return this.singleQuoted(at, end);
    if (c === PIPE || c === GREATER) return this.blockScalar(at, end, indent, c === PIPE);
    if (NOT_PLAIN_FIRST.has(c) || this.isEntry(at, end)) throw OUTSIDE;
    return this.plain(at, end, indent);
  }

  /**
   * A plain scalar: its first line, up to a ` #` comment, and the lines after it more indented
   * than `indent` (each joined to the one before with a space, as YAML folds them): our writer
   * breaks long text so.
   */
  private plain(at: number, end: number, indent: number): unknown {
    const first = this.plainLine(at, end);
    if (first.comment) return this.resolved(first.text);
    let text = first.text;
    for (let line = this.line + 1; line < this.starts.length; line++) {
      const lineIndent = this.indents[line]!;
      // A blank line (a line break in the text) or a comment line ends it here; what follows
      // more indented is then left to the others by the collection being read.
      if (lineIndent === BLANK || lineIndent <= indent) break;
      const start = this.starts[line]! + lineIndent;
      const c = this.code(start);
      if (c === HASH) break;
      if (c === DASH || NOT_PLAIN_FIRST.has(c)) throw OUTSIDE;
      const next = this.plainLine(start, this.ends[line]!);
      if (next.comment) throw OUTSIDE;
      text += ` ${next.text}`;
      this.line = line;
    }
    return text === first.text ? this.resolved(text) : text;
  }

  /** One line of a plain scalar from `at`: its text, and whether a comment ends it. */
  private plainLine(at: number, end: number): { text: string; comment: boolean } {
    let stop = end;
    for (let i = at + 1; i < end; i++) {
      const c = this.code(i);
      if (c === HASH && this.code(i - 1) === SPACE) {
        stop = i;
        break;
      }
    }
    const comment = stop < end;
    while (this.code(stop - 1) === SPACE) stop--;
    // A `: ` or a final `:` would make it a key: a mapping where a scalar is.
    for (let i = at; i < stop; i++)
      if (this.code(i) === COLON && (i + 1 === stop || this.code(i + 1) === SPACE)) throw OUTSIDE;
    return { text: this.text.slice(at, stop), comment };
  }

  /** A one-line plain scalar's value in the core schema. */
  private resolved(source: string): unknown {
    const value = plainScalar(source);
    if (value === undefined) throw OUTSIDE;
    return value;
  }

  private doubleQuoted(at: number, end: number): string {
    let close = at + 1;
    for (; close < end; close++) {
      const c = this.code(close);
      if (c === DOUBLE_QUOTE) break;
      if (c === BACKSLASH) throw OUTSIDE;
    }
    if (close === end) throw OUTSIDE;
    this.endOfLine(close + 1, end);
    return this.text.slice(at + 1, close);
  }

  private singleQuoted(at: number, end: number): string {
    let value = '';
    for (let from = at + 1; ;) {
      let close = from;
      while (close < end && this.code(close) !== SINGLE_QUOTE) close++;
      if (close === end) throw OUTSIDE;
      if (close + 1 < end && this.code(close + 1) === SINGLE_QUOTE) {
        value += this.text.slice(from, close + 1);
        from = close + 2;
        continue;
      }
      this.endOfLine(close + 1, end);
      return value + this.text.slice(from, close);
    }
  }

  /** After a quoted scalar or a block scalar's header: spaces, then the end or a comment. */
  private endOfLine(at: number, end: number): void {
    const from = at;
    while (at < end && this.code(at) === SPACE) at++;
    if (at < end && !(this.code(at) === HASH && at > from)) throw OUTSIDE;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar, its header at `at`, its lines below, more
   * indented than `indent`: all at one indentation, none blank between them, the last one's line
   * break kept (clip) or not (`-`, strip).
   */
  private blockScalar(at: number, end: number, indent: number, literal: boolean): string {
    const strip = this.code(at + 1) === DASH;
    this.endOfLine(at + (strip ? 2 : 1), end);
    const lines: string[] = [];
    let column = -1;
    let blankAfter = false;
    let last = this.line;
    for (let line = this.line + 1; line < this.starts.length; line++) {
      const lineIndent = this.indents[line]!;
      if (lineIndent === BLANK) {
        // Before the first line, or with more spaces than the lines: read by YAML's rules.
        if (column === -1 || this.ends[line]! - this.starts[line]! > column) throw OUTSIDE;
        blankAfter = true;
        continue;
      }
      if (lineIndent <= indent) break;
      if (blankAfter || (column !== -1 && lineIndent !== column)) throw OUTSIDE;
      // Spaces at the end of a line are text, which folding and the writers treat differently.
      if (this.code(this.ends[line]! - 1) === SPACE) throw OUTSIDE;
      column = lineIndent;
      lines.push(this.text.slice(this.starts[line]! + column, this.ends[line]!));
      last = line;
    }
    if (lines.length === 0) throw OUTSIDE;
    // The last line without a line break: clip keeps none.
    if (!strip && this.ends[last] === this.text.length) throw OUTSIDE;
    this.line = last;
    const text = lines.join(literal ? '\n' : ' ');
    return strip ? text : `${text}\n`;
  }
}
