import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { ajvIssues, type CustomDescription } from '../issues/ajv-issues.js';
import { fileIssue, hasErrors, type Issue } from '../issues/issue.js';
import { validatorFor } from '../source/ajv.js';
import { isYamlSource, readYamlFile } from '../source/read-file.js';
import { parseYamlSource, type YamlSource } from '../source/yaml-source.js';
import { buildQuestionnaire, type StrandInput } from './build-questionnaire.js';
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
 * pass stage 1) checks the questionnaire as a whole. Returns every problem found.
 */
export function loadQuestionnaire(location: string): LoadedQuestionnaire {
  const indexFile = isDirectory(location) ? join(location, INDEX_FILE) : location;
  return loadWith(indexFile, { exists: existsSync, read: readYamlFile });
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
    exists: (file) => file in files,
    read: (file) => parseYamlSource(file, files[file]!),
  });
}

interface FileAccess {
  exists(file: string): boolean;
  read(file: string): YamlSource | { issues: Issue[] };
}

function loadWith(indexFile: string, files: FileAccess): LoadedQuestionnaire {
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
    const strand = readChecked<RawStrandFile>(file, strandFileSchema);
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
  error: { keyword: string },
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

type Checked<T> = { raw: T; source: YamlSource; issues: Issue[] } | { raw: null; issues: Issue[] };

/** Parses a YAML file and validates it against a schema (stage 1). */
function readCheckedWith<T>(
  files: FileAccess,
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
