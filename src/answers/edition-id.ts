/**
 * The one rule for edition ids, shared by the sheet schema, imports, the command line and the
 * web: an id becomes a folder name (`scores/{edition}/`), a path segment of public URLs and part
 * of download file names, so it is short and made of characters that are safe in all three.
 */

/** As a JSON Schema `pattern` (the sheet schema) and as a RegExp (everything else). */
export const EDITION_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$';
export const EDITION_ID = new RegExp(EDITION_ID_PATTERN);

/** The rule in words, for error messages. */
export const EDITION_ID_RULE =
  'at most 32 letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. 2024)';

export function isEditionId(value: string): boolean {
  return EDITION_ID.test(value);
}
