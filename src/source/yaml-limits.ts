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
