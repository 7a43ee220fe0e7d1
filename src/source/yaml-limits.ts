/** Limits every YAML input is held to, and the path type used to point into a document. */

/** A path inside a document: mapping keys and sequence indexes, e.g. `['answers', 'q1', 'sources', 0]`. */
export type DocPath = (string | number)[];

/** Largest YAML input we accept; anything bigger is refused before parsing. */
export const MAX_YAML_BYTES = 5 * 1024 * 1024;

/**
 * Most keys one mapping may have. A sheet has one answer per question and real questionnaires
 * have a few hundred; a mapping with thousands of keys is not a document we could use, and each
 * key would become an issue to print. Refused (`too-many-keys`) before any validation.
 */
export const MAX_MAPPING_KEYS = 5000;

/** A carriage return not followed by a line feed (old Mac line endings, or a stray one). */
export const LONE_CR = /\r(?!\n)/;

/**
 * Characters YAML 1.2 does not allow in a stream (C0 and C1 controls but tab, line feed, carriage
 * return and next line, U+FFFE, U+FFFF, lone surrogates): js-yaml refuses them in a value, and
 * the `yaml` library reads them through, so they would be stored (a NUL in a coder's name). Both
 * pass them in a comment, which stores nothing.
 */
export const NON_PRINTABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
