/**
 * What a sheet file's path says about the sheet. Sheets are laid out as
 * `{edition}/{country}.yaml` (the official sheet) and `{edition}/{country}.{coder}.yaml` (one
 * coder's sheet, when experts code a country separately), as `export-sheets` writes them. The
 * path is a claim about the contents: validation checks that the two agree, so that
 * `2024/DE.yaml` holding Austria's 2019 sheet cannot be imported over Austria's 2019 sheet.
 *
 * A folder counts as an edition folder only when its name is an edition id that starts with a
 * year (`2024`, `2024-spring`): a sheet checked in a download or temporary folder says nothing
 * about its edition.
 */
import { basename, dirname } from 'node:path';
import { isEditionId } from './edition-id.js';

export interface SheetPathClaim {
  /** The country of the file name; null when the name is not `{country}[.{coder}].yaml`. */
  country: string | null;
  /** The coder of `{country}.{coder}.yaml`; null for the official sheet `{country}.yaml`. */
  coder: string | null;
  /** The edition of the folder, when it is an edition folder; else null. */
  edition: string | null;
}

/**
 * The coder key the official sheet is stored under (`{country}.yaml`). A coder's file may not use
 * it: `DE.official.yaml` would be imported as the official sheet, though `validate` counts it as a
 * coder's.
 */
export const OFFICIAL_CODER = 'official';

/**
 * `{country}[.{coder}].yaml`, in any case: the sheet files are found whatever the case of their
 * name (`findSheetFiles`), so `de.yaml` and `AT.YAML` say what `DE.yaml` and `AT.yaml` say — a
 * name that escaped the check by its case was imported over another country's sheet.
 */
const SHEET_FILE_NAME = /^([a-z]{2})(?:\.([a-z0-9][a-z0-9-]*))?\.ya?ml$/i;
const EDITION_FOLDER = /^\d{4}/;

/**
 * What a sheet file's path says: the country (and coder) of its name, the edition of its folder
 * — each null when it says nothing —, or null when it says nothing at all.
 */
export function sheetPathClaim(file: string): SheetPathClaim | null {
  const match = SHEET_FILE_NAME.exec(basename(file));
  const folder = basename(dirname(file));
  const edition = EDITION_FOLDER.test(folder) && isEditionId(folder) ? folder : null;
  if (!match && edition === null) return null;
  return {
    country: match ? match[1]!.toUpperCase() : null,
    coder: match?.[2]?.toLowerCase() ?? null,
    edition,
  };
}

/** The coder of a sheet file (`AT.jane-doe.yaml` → `jane-doe`), or null for an official sheet. */
export function coderOfFile(file: string): string | null {
  return sheetPathClaim(file)?.coder ?? null;
}

/**
 * Whether a coder listed in a sheet is the coder a file name names: the key is the coder's
 * name, its first word, or the local part of the e-mail address, written as a key
 * (`Jane Doe` → `jane-doe` or `jane`, `jdoe@example.org` → `jdoe`).
 */
export function isCoderNamed(coder: { name: string; email: string | null }, key: string): boolean {
  const candidates = [
    coder.name,
    coder.name.trim().split(/\s+/)[0] ?? '',
    coder.email?.split('@')[0] ?? '',
  ];
  return candidates.some((text) => text !== '' && asCoderKey(text) === key);
}

/** Text written as a coder key: lower case, accents dropped, other characters as "-". */
function asCoderKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
