/**
 * The JSON Schema of a crosswalk file (stage 1 of its checks). Its one copy is the file editors
 * use, `questionnaire/schema/crosswalk.schema.json` (named by the `yaml-language-server` line at
 * the top of every crosswalk), read from there: what an editor flags while a crosswalk is typed
 * and what the loader refuses cannot drift apart. What the file means — that the questions and
 * options exist, that every target question is listed once, that every combination of source
 * answers is covered — is checked in `load-crosswalk.ts` (stage 2).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the schema is: beside the other schemas of the questionnaire files. */
export const CROSSWALK_SCHEMA_FILE = fileURLToPath(
  new URL('../../questionnaire/schema/crosswalk.schema.json', import.meta.url),
);

let schema: object | null = null;

/** The schema, read once, on first use: a command that loads no crosswalk never reads it. */
export function crosswalkFileSchema(): object {
  return (schema ??= JSON.parse(readFileSync(CROSSWALK_SCHEMA_FILE, 'utf8')) as object);
}
