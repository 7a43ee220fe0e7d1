import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { ajvIssues, type CustomDescription } from '../issues/ajv-issues.js';
import { fileIssue, hasErrors, type Issue } from '../issues/issue.js';
import { validatorFor } from '../source/ajv.js';
import { isYamlSource, readTextFile } from '../source/read-file.js';
import { MAX_YAML_BYTES, parseYamlSource, type YamlSource } from '../source/yaml-source.js';
import { buildQuestionnaire, type StrandInput } from './build-questionnaire.js';
import { cachedDerivation } from './derived-cache.js';
import { expressionFromTree } from './expressions.js';
import {
  indexFileSchema,
  strandFileSchema,
  type RawIndexFile,
  type RawStrandFile,
} from './raw-schema.js';
import type { Questionnaire } from './types.js';

export const INDEX_FILE = 'index.yaml';

export interface LoadedQuestionnaire {
  questionnaire: Questionnaire | null;
  issues: Issue[];
}

/**
 * Reads a questionnaire: `DIR/index.yaml` plus the strand files it lists (or an index file given
 * directly). Stage 1 checks every file against its JSON Schema; stage 2 (only when all files
 * pass stage 1) checks the questionnaire as a whole. Returns every problem found. A questionnaire
 * whose files have not changed since it last loaded comes from the cache (`derived-cache.ts`).
 */
export function loadQuestionnaire(location: string): LoadedQuestionnaire {
  const indexFile = isDirectory(location) ? join(location, INDEX_FILE) : location;
  const folder = realPath(dirname(indexFile));
  return loadWith(indexFile, {
    exists: existsSync,
    text: (file) => {
      // The names are checked as text (`isOutsideFolder`); a link inside the folder may still
      // lead out of it, to any YAML file on the machine.
      const real = file === indexFile ? null : realPath(file);
      if (folder !== null && real !== null && !real.startsWith(folder + sep))
        return {
          issues: [
            fileIssue(
              file,
              'strand-outside-folder',
              `strand file "${relative(dirname(indexFile), file)}" is a link to ${real}, outside the questionnaire folder: put the file itself in the folder`,
            ),
          ],
        };
      return readTextFile(file, MAX_YAML_BYTES);
    },
  });
}

/** Where `path` really is (links resolved), or null when it cannot be resolved (not found). */
function realPath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/**
 * Loads a questionnaire from texts held in memory (`{ 'index.yaml': …, 'strand.yaml': … }`),
 * through exactly the same checks as files on disk. Used by tests and uploads.
 */
export function loadQuestionnaireFromTexts(
  files: Readonly<Record<string, string>>,
  indexFile = INDEX_FILE,
): LoadedQuestionnaire {
  return loadWith(indexFile, {
    exists: (file) => Object.hasOwn(files, file),
    text: (file) => ({ text: files[file]! }),
  });
}

interface FileAccess {
  exists(file: string): boolean;
  /** The file's text, or why it cannot be read. */
  text(file: string): { text: string } | { issues: Issue[] };
}

/** Each file is read once per load, whether the cache or the build asks for it. */
function loadWith(indexFile: string, access: FileAccess): LoadedQuestionnaire {
  const texts = new Map<string, { text: string } | { issues: Issue[] }>();
  const textOf = (file: string) => {
    let read = texts.get(file);
    if (!read) {
      read = access.text(file);
      texts.set(file, read);
    }
    return read;
  };
  const files: YamlFiles = {
    exists: access.exists,
    read: (file) => {
      const read = textOf(file);
      return 'issues' in read ? read : parseYamlSource(file, read.text);
    },
  };
  return cachedDerivation({
    kind: 'questionnaire',
    mainFile: indexFile,
    textOf: (file) => {
      if (!access.exists(file)) return null;
      const read = textOf(file);
      return 'text' in read ? read.text : null;
    },
    build: () => buildFrom(indexFile, files),
    filesOf: (loaded) => loaded.questionnaire?.files ?? null,
    revive: reviveSkipLogic,
  });
}

/** The cache keeps each skip condition as its checked tree: compile them again (no mathjs). */
function reviveSkipLogic(loaded: LoadedQuestionnaire): LoadedQuestionnaire {
  for (const question of loaded.questionnaire?.questions ?? []) {
    if (question.appliesIf)
      question.appliesIf = expressionFromTree(question.appliesIf.source, question.appliesIf.tree);
  }
  return loaded;
}

interface YamlFiles {
  exists(file: string): boolean;
  read(file: string): YamlSource | { issues: Issue[] };
}

function buildFrom(indexFile: string, files: YamlFiles): LoadedQuestionnaire {
  const readChecked = <T>(file: string, schema: object, describe?: Describe) =>
    readCheckedWith<T>(files, file, schema, describe);
  if (!files.exists(indexFile)) {
    return {
      questionnaire: null,
      issues: [
        fileIssue(
          indexFile,
          'file-not-found',
          `questionnaire index not found (expected ${INDEX_FILE} in the questionnaire folder)`,
        ),
      ],
    };
  }
  const index = readChecked<RawIndexFile>(indexFile, indexFileSchema, describeStrandPath);
  if (!index.raw) return { questionnaire: null, issues: index.issues };

  const issues = [...index.issues];
  const strands: StrandInput[] = [];
  const seenFiles = new Set<string>();
  index.raw.strands.forEach((name, i) => {
    if (isOutsideFolder(name)) {
      issues.push(
        index.source.issue('strand-outside-folder', ['strands', i], outsideMessage(name)),
      );
      return;
    }
    const file = join(dirname(indexFile), name);
    if (seenFiles.has(file)) {
      issues.push(
        index.source.issue(
          'duplicate-strand-file',
          ['strands', i],
          `strand file "${name}" is listed twice`,
        ),
      );
      return;
    }
    seenFiles.add(file);
    if (!files.exists(file)) {
      issues.push(
        index.source.issue(
          'file-not-found',
          ['strands', i],
          `strand file "${name}" not found next to the index file`,
        ),
      );
      return;
    }
    const strand = readChecked<RawStrandFile>(file, strandFileSchema, describeMisplacedFacet);
    issues.push(...strand.issues);
    if (strand.raw) strands.push({ raw: strand.raw, source: strand.source });
  });
  if (hasErrors(issues)) return { questionnaire: null, issues };

  const built = buildQuestionnaire({ raw: index.raw, source: index.source }, strands);
  return { questionnaire: built.questionnaire, issues: [...issues, ...built.issues] };
}

/**
 * Strand files are named by their path inside the questionnaire folder. A name that leaves it
 * (`../../etc/x.yaml`, `a/../../x.yaml`, an absolute path) would make loading a questionnaire
 * read any YAML file on the machine and echo parts of it back in error messages.
 */
function isOutsideFolder(name: string): boolean {
  if (isAbsolute(name) || /^[A-Za-z]:/.test(name)) return true;
  return normalize(name).split(/[\\/]/)[0] === '..';
}

function outsideMessage(name: string): string {
  return `strand file "${name}" is outside the questionnaire folder: name strand files by their path inside the folder of the index file`;
}

type Describe = (
  error: { keyword: string; params: Record<string, unknown> },
  path: (string | number)[],
  source: YamlSource,
) => CustomDescription | null;

/** The schema's pattern for strand names refuses `../x.yaml` too: say why in the same words. */
const describeStrandPath: Describe = (error, path, source) => {
  if (error.keyword !== 'pattern' || path[0] !== 'strands' || typeof path[1] !== 'number')
    return null;
  const strands = (source.value as { strands?: unknown } | null)?.strands;
  const name = Array.isArray(strands) ? strands[path[1]] : undefined;
  if (typeof name !== 'string' || !isOutsideFolder(name)) return null;
  return { code: 'strand-outside-folder', message: outsideMessage(name) };
};

/** `facet` is an indicator's field only: say so, rather than call it unknown elsewhere. */
const describeMisplacedFacet: Describe = (error, path) => {
  if (error.keyword !== 'additionalProperties') return null;
  if (error.params.additionalProperty !== 'facet') return null;
  return {
    code: 'facet-not-on-indicator',
    message:
      "facet is allowed on indicators only (a strand, dimension or item takes none; items inherit their indicator's)",
    target: [...path, 'facet'],
    at: 'key',
  };
};

type Checked<T> = { raw: T; source: YamlSource; issues: Issue[] } | { raw: null; issues: Issue[] };

/** Parses a YAML file and validates it against a schema (stage 1). */
function readCheckedWith<T>(
  files: YamlFiles,
  file: string,
  schema: object,
  describe?: Describe,
): Checked<T> {
  const source = files.read(file);
  if (!isYamlSource(source)) return { raw: null, issues: source.issues };
  if (hasErrors(source.issues)) return { raw: null, issues: source.issues };
  const validate = validatorFor(schema);
  if (!validate(source.value)) {
    const issues = ajvIssues(
      validate.errors,
      source,
      describe && ((error, path) => describe(error, path, source)),
    );
    return { raw: null, issues: [...source.issues, ...issues] };
  }
  return { raw: source.value as T, source, issues: source.issues };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
