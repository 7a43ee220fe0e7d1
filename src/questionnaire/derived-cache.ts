/**
 * What is derived from the questionnaire's files — the built questionnaire, the country list, the
 * compiled answer-sheet validator — kept on disk, so that a start with unchanged files does not
 * parse their YAML, compile their JSON Schemas and load mathjs again: together most of the time of
 * a `validate` or of a server's start and first page.
 *
 * An entry is found by the hash of the main file's name and text (a questionnaire's index file),
 * and used only if every other file it was built from still has the content hash it had: any
 * change of a file is a miss, and the value is built again from the files and stored anew. The
 * engine's own code is part of the key too (the modules that read, check and build questionnaires,
 * the libraries they use, V8's version): a changed engine never reads an entry of an older one.
 * Values with errors are not kept. The cache is an optimisation and nothing else: unreadable,
 * unwritable or corrupt, it is a miss, never an error.
 *
 * Where: `POLICY_INDEX_CACHE` (a folder; `off` turns the cache off), else the folder `cache`
 * beside the working database (`POLICY_INDEX_DB`, default `data/policy-index.sqlite`).
 */
import { createHash } from 'node:crypto';
import {
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Ajv, Options, ValidateFunction } from 'ajv';
import { makeDirectories } from '../source/write-file.js';

/** Entries kept; the least recently used go first (a hit marks its entry used). */
const MAX_ENTRIES = 60;
const FORMAT = 1;

interface Entry<T> {
  format: number;
  /** sha256 of every file but the main one (whose text is in the key), by name. */
  files: Record<string, string>;
  value: T;
}

/** The text of a file something is derived from, or null when there is none to read. */
export type TextOf = (file: string) => string | null;

/** Something derived from files that the cache may keep. */
export interface Derivation<T> {
  /** What is derived (`questionnaire`, `countries`): part of the key. */
  kind: string;
  /** The file whose name and text find the entry (a questionnaire's index file). */
  mainFile: string;
  /** Reads the files; the same reader the build uses, so both see the same texts. */
  textOf: TextOf;
  build(): T;
  /** Every file `value` was built from (the main file may be among them); null: keep nothing. */
  filesOf(value: T): readonly string[] | null;
  /** Makes a value read back from the cache whole again (closures are not stored). */
  revive?(value: T): T;
}

/**
 * The value derived from the files: from the cache when they are unchanged, else built, and kept
 * for next time.
 */
export function cachedDerivation<T>(
  derivation: Derivation<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const { kind, mainFile, textOf } = derivation;
  const dir = derivedCacheDir(env);
  const mainText = dir === null ? null : textOf(mainFile);
  if (dir === null || mainText === null) return derivation.build();
  const key = sha256(`${engineFingerprint()}\0${kind}\0${mainFile}\0${mainText}`);
  const path = join(dir, `${kind}-${key}.bin`);
  const cached = readEntry<T>(path, textOf);
  if (cached) return derivation.revive ? derivation.revive(cached.value) : cached.value;
  const value = derivation.build();
  const files = derivation.filesOf(value);
  if (files) writeEntry(dir, path, value, files, derivation);
  return value;
}

/**
 * A JSON Schema validator derived from the questionnaire (the answer-sheet schema), kept as ajv's
 * standalone code: compiling the sheet schema is most of a `validate` of a few sheets, loading its
 * code a small part. `newAjv(options)` makes the project's ajv instance with the options given
 * (`options` plus `code: { source: true }`, which standalone code needs). The entry is found by
 * the hash of the schema and the options (and the engine's fingerprint): another schema, another
 * entry; a hit loads no ajv at all.
 *
 * The entry is code that runs in this process: the cache folder must be no more writable than the
 * program and its database are (the default, beside the database, is).
 */
export function cachedValidator(
  kind: string,
  schema: object,
  options: Options,
  newAjv: (options: Options) => Ajv,
  env: NodeJS.ProcessEnv = process.env,
): ValidateFunction {
  const dir = derivedCacheDir(env);
  if (dir === null) return newAjv(options).compile(schema);
  const key = `${engineFingerprint()}\0${JSON.stringify(options)}\0${JSON.stringify(schema)}`;
  const path = join(dir, `${kind}-${sha256(key)}.cjs`);
  try {
    const validate = loadValidator(readFileSync(path, 'utf8'));
    markUsed(path);
    return validate;
  } catch {
    // None yet, or unreadable: compile.
  }
  const ajv = newAjv({ ...options, code: { ...options.code, source: true } });
  const validate = ajv.compile(schema);
  let code: string;
  try {
    const standaloneCode = requireHere('ajv/dist/standalone').default as (
      ajv: Ajv,
      validate: ValidateFunction,
    ) => string;
    code = standaloneCode(ajv, validate);
  } catch {
    return validate; // a schema ajv cannot write as code: compiled every time
  }
  writeAtomically(dir, path, code);
  return validate;
}

/** Runs ajv's standalone code (a CommonJS module) and returns the validator it exports. */
function loadValidator(code: string): ValidateFunction {
  const loaded = { exports: {} as unknown };
  new Function('require', 'module', 'exports', code)(requireHere, loaded, loaded.exports);
  if (typeof loaded.exports !== 'function') throw new Error('not a validator');
  return loaded.exports as ValidateFunction;
}

/** The cache folder, or null when the cache is off. */
function derivedCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const setting = env.POLICY_INDEX_CACHE?.trim();
  if (setting === 'off') return null;
  if (setting) return setting;
  const database = env.POLICY_INDEX_DB?.trim() || join('data', 'policy-index.sqlite');
  if (database === ':memory:') return null;
  return join(dirname(database), 'cache');
}

function readEntry<T>(path: string, textOf: TextOf): Entry<T> | null {
  let entry: Entry<T>;
  try {
    entry = deserialize(readFileSync(path)) as Entry<T>;
  } catch {
    return null; // none yet, or unreadable: build
  }
  if (entry?.format !== FORMAT || typeof entry.files !== 'object') return null;
  for (const [file, hash] of Object.entries(entry.files)) {
    const text = textOf(file);
    if (text === null || sha256(text) !== hash) return null;
  }
  markUsed(path);
  return entry;
}

function writeEntry<T>(
  dir: string,
  path: string,
  value: T,
  builtFrom: readonly string[],
  { mainFile, textOf }: Derivation<T>,
): void {
  const files: Record<string, string> = {};
  for (const file of builtFrom) {
    if (file === mainFile) continue;
    const text = textOf(file);
    if (text === null) return; // gone meanwhile: keep nothing
    files[file] = sha256(text);
  }
  const entry: Entry<T> = { format: FORMAT, files, value };
  let bytes: Buffer;
  try {
    bytes = serialize(entry);
  } catch {
    return; // a value that cannot be stored
  }
  writeAtomically(dir, path, bytes);
}

/**
 * Writes an entry whole, then renames it into place: a reader in another process never sees half
 * an entry. A read-only or full disk is ignored: the cache is an optimisation.
 */
function writeAtomically(dir: string, path: string, content: string | Buffer): void {
  try {
    makeDirectories(dir);
    const partial = `${path}.${process.pid}.${Date.now()}.partial`;
    writeFileSync(partial, content);
    renameSync(partial, path);
    prune(dir);
  } catch {
    // Not kept: built again next time.
  }
}

/** Marks an entry as just used (its modification time), so that pruning keeps it. */
function markUsed(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Pruned meanwhile, or a read-only cache: it is still a hit.
  }
}

/** Keeps the {@link MAX_ENTRIES} most recently used entries. */
function prune(dir: string): void {
  const entries = readdirSync(dir).filter((name) => /\.(bin|cjs)$/.test(name));
  if (entries.length <= MAX_ENTRIES) return;
  const byAge = entries
    .map((name) => ({ name, written: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => a.written - b.written);
  for (const { name } of byAge.slice(0, entries.length - MAX_ENTRIES)) {
    try {
      unlinkSync(join(dir, name));
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

const requireHere = createRequire(import.meta.url);

let fingerprint: string | null = null;

/**
 * What identifies the engine that builds questionnaires: the modules that read, check and build
 * them (this folder, `source/`, `issues/`) and the installed libraries they use, by size and
 * modification time (any build or install changes them), and V8's version (the serialisation
 * format).
 */
function engineFingerprint(): string {
  if (fingerprint !== null) return fingerprint;
  const hash = createHash('sha256').update(`${FORMAT}\0${process.versions.v8}\0`);
  const stamp = (path: string) => {
    const { size, mtimeMs } = statSync(path);
    hash.update(`${path}\0${size}\0${mtimeMs}\0`);
  };
  const here = dirname(fileURLToPath(import.meta.url));
  for (const folder of [here, join(here, '..', 'source'), join(here, '..', 'issues')]) {
    for (const name of readdirSync(folder).sort())
      if (/\.[cm]?[jt]s$/.test(name)) stamp(join(folder, name));
  }
  for (const library of ['ajv', 'yaml', 'js-yaml', 'mathjs']) {
    try {
      stamp(requireHere.resolve(library));
    } catch {
      hash.update(`${library}: not installed\0`);
    }
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
