/**
 * The fast YAML parse: the block-layout reader (`block-yaml.ts`) for a sheet in the layout it is
 * written in, else js-yaml (3–4 times faster than the `yaml` library, and it refuses duplicate
 * keys), for the common case, a clean file. It gives a value only when that value is certainly the
 * one the position-keeping parse (`yaml-positions.ts`) would give; for anything else it gives
 * `null`, and the caller parses the text again with positions, which reports the problems exactly
 * as before (same codes, messages, lines and columns).
 *
 * What goes to the positioned parse, and why (found by comparing the two parsers, see
 * tests/answers/yaml-fast-path.test.ts):
 * - anything js-yaml refuses: syntax errors, duplicate keys (also `1` and `"1"`), complex keys,
 *   unknown tags, nesting deeper than 100, a NUL byte;
 * - a lone carriage return (not followed by a line feed): js-yaml reads it as a line break,
 *   `yaml` does not (a comment ending in one swallows the next line's key in one, not the other);
 *   the positioned parse refuses it;
 * - an explicit tag: `!!float 1` is `"1"` for `yaml` and `1` for js-yaml;
 * - an alias: js-yaml shares the anchored value, `yaml` expands it under a limit (at most 50, no
 *   "billion laughs") that must keep refusing what it refuses; documents never need aliases;
 * - a `%YAML` or `%TAG` directive: no difference found, but what directives change (versions,
 *   tags) is where the two parsers differ, and our files never need one;
 * - anything but exactly one document (empty text, comments only, `---` twice), and any
 *   document-end marker `...`: before a document, `yaml` counts an empty document and refuses
 *   the text as two, js-yaml reads one;
 * - a mapping with more than `MAX_MAPPING_KEYS` keys (`too-many-keys`, at the first key over);
 * - a plain null key (`~:`, `null:`, an empty key): `yaml` names it `""`, js-yaml `"null"`;
 * - an implicit key whose `:` is 1,000 or more characters after its start: `yaml` refuses it
 *   (the YAML 1.2 limit is 1,024), js-yaml does not;
 * - a plain number too large for a double (`1e310`, 400 digits, a long `0x…`): js-yaml keeps
 *   the text, `yaml` reads Infinity.
 *
 * Values match `yaml`'s YAML 1.2 core schema: js-yaml's CORE_SCHEMA has no timestamps and no
 * merge keys, so `2024-01-01` and `<<` stay strings, `0o17` and `0x1F` are numbers, `yes`/`on`
 * are strings, `.inf` is Infinity.
 *
 * The value is built from js-yaml's events here, in the same pass that looks for the cases above,
 * rather than by js-yaml's `constructFromEvents` after it: that general constructor handles
 * tags, anchors, aliases and merge keys, which this path never takes, and a second pass over a
 * thousand events per sheet cost a tenth of validating one. Scalars are decoded by js-yaml
 * (`getScalarValue`) and plain ones resolved by its core schema, mappings are plain objects
 * (`__proto__` an own key), and a repeated key or a collection as a key sends the text to the
 * positioned parse, as js-yaml's refusal of them did.
 */
import {
  EVENT_ID,
  SCALAR_STYLE,
  getScalarValue,
  parseEvents,
  type Event,
  type ScalarEvent,
} from 'js-yaml';
import { blockYamlValue } from './block-yaml.js';
import { LONG_KEY, NULL_KEYS, plainScalar, setOwnKey } from './core-scalars.js';
import { LONE_CR, MAX_MAPPING_KEYS } from './yaml-limits.js';

const DOCUMENT_END = /^\.\.\.(?!\S)/m;

/**
 * The value of `text`, when the block-layout reader or js-yaml certainly reads it as `yaml` does;
 * `null` otherwise.
 */
export function fastYamlValue(text: string): { value: unknown } | null {
  const block = blockYamlValue(text);
  if (block) return block;
  // `includes` first: most files have no carriage return, and the regex costs 50 times more.
  if ((text.includes('\r') && LONE_CR.test(text)) || DOCUMENT_END.test(text)) return null;
  try {
    return valueOf(text, parseEvents(text, {}));
  } catch {
    return null;
  }
}

/** An open document, sequence or mapping while the value is built. */
interface Frame {
  kind: 'document' | 'sequence' | 'mapping';
  value: unknown;
  /** In a mapping: the key read, waiting for its value (`hasKey`), and the keys so far. */
  key: string;
  hasKey: boolean;
  keys: number;
}

/**
 * The value the events describe, or null when they hold anything the two parsers may read
 * differently or a problem only the positioned parse reports (see the file comment). One pass;
 * an event is looked at once, a key's text only when it is short enough to be a null or long
 * enough to be refused.
 */
function valueOf(text: string, events: readonly Event[]): { value: unknown } | null {
  let documents = 0;
  let result: unknown;
  const frames: Frame[] = [];
  /** Adds `value` to the innermost frame; false when that cannot be done as `yaml` would. */
  const add = (value: unknown, collection: boolean): boolean => {
    const frame = frames[frames.length - 1]!;
    if (frame.kind === 'sequence') (frame.value as unknown[]).push(value);
    else if (frame.kind === 'document') frame.value = value;
    else if (frame.hasKey) {
      const object = frame.value as Record<string, unknown>;
      const key = frame.key;
      if (Object.prototype.hasOwnProperty.call(object, key)) return false; // duplicate key
      setOwnKey(object, key, value);
      frame.hasKey = false;
    } else {
      if (collection) return false; // a complex key
      frame.key = String(value);
      frame.hasKey = true;
      frame.keys++;
    }
    return true;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        documents++;
        if (documents > 1 || event.directives.length > 0) return null;
        frames.push({ kind: 'document', value: undefined, key: '', hasKey: false, keys: 0 });
        break;
      case EVENT_ID.ALIAS:
        return null;
      case EVENT_ID.SCALAR: {
        if (event.tagStart !== -1) return null;
        const frame = frames[frames.length - 1]!;
        if (frame.kind === 'mapping' && !frame.hasKey && isRiskyKey(text, event)) return null;
        const source = getScalarValue(text, event);
        const value = event.style === SCALAR_STYLE.PLAIN ? plainScalar(source) : source;
        // A number js-yaml left as text because it overflows a double: `yaml` reads Infinity.
        if (value === undefined) return null;
        if (!add(value, false)) return null;
        break;
      }
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        if (event.tagStart !== -1) return null;
        frames.push({
          kind: event.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence',
          value: event.type === EVENT_ID.MAPPING ? {} : [],
          key: '',
          hasKey: false,
          keys: 0,
        });
        break;
      case EVENT_ID.POP: {
        const frame = frames.pop()!;
        if (frame.kind === 'document') {
          result = frame.value;
          break;
        }
        if (frame.hasKey || frame.keys > MAX_MAPPING_KEYS) return null;
        if (!add(frame.value, true)) return null;
        break;
      }
    }
  }
  return documents === 1 && frames.length === 0 ? { value: result } : null;
}

/** A key `yaml` names differently (a plain null) or refuses (its `:` too far from its start). */
function isRiskyKey(text: string, key: ScalarEvent): boolean {
  if (key.valueStart === -1) return key.style === SCALAR_STYLE.PLAIN;
  const short = key.valueEnd - key.valueStart <= 4;
  if (
    key.style === SCALAR_STYLE.PLAIN &&
    short &&
    NULL_KEYS.has(text.slice(key.valueStart, key.valueEnd))
  ) {
    return true;
  }
  const colon = text.indexOf(':', key.valueEnd);
  return colon === -1 || colon - key.valueStart >= LONG_KEY;
}
