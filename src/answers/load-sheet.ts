/**
 * Reads and validates answer sheets. Stage 1: the JSON Schema generated from the questionnaire
 * (unknown questions and options, wrong types, malformed dates). Stage 2: `check-sheet.ts`
 * (questionnaire version, country, skip logic, completeness).
 */
import type { ValidateFunction } from 'ajv';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ajvIssues, type CustomDescription } from '../issues/ajv-issues.js';
import { hasErrors, type Issue } from '../issues/issue.js';
import { createAjv } from '../source/ajv.js';
import { isYamlSource, readYamlFile } from '../source/read-file.js';
import {
  parseYamlBytes,
  parseYamlSource,
  type DocPath,
  type YamlSource,
} from '../source/yaml-source.js';
import { cachedValidator } from '../questionnaire/derived-cache.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { checkSheet, type SheetContext } from './check-sheet.js';
import { answerSheetSchema, type RawAnswerEntry, type RawSheet } from './sheet-schema.js';
import type { AnswerEntry, AnswerSheet, SheetStatus } from './types.js';

export interface LoadedSheet {
  sheet: AnswerSheet | null;
  issues: Issue[];
}

/**
 * The sheet validators made in this process, by the hash of their questionnaire's definition
 * (which the sheet schema is made from): loading the same questionnaire again — each `validate`
 * or import in a long-lived process builds a new questionnaire object — reuses the function V8 has
 * optimised already, where new code would run cold (on 1,000 real-size sheets, the first hundred
 * took twice as long as the rest). A few versions at most are in use at once.
 */
const validators = new Map<string, ValidateFunction>();
const MAX_VALIDATORS = 16;

/**
 * Compiles (or loads from the derived cache) the sheet validator of `questionnaire` now, without
 * checking a sheet: a worker thread does this before it says it is ready. Checking a sample sheet
 * instead would report issues, and locating them loads the position-keeping YAML parser, which a
 * worker of valid sheets never needs (about 50 ms of its start-up).
 */
export function prepareSheetValidator(questionnaire: Questionnaire): void {
  sheetValidator(questionnaire);
}

/** The sheet validator of `questionnaire`: the one made for its definition in this process, if any. */
export function sheetValidator(questionnaire: Questionnaire): ValidateFunction {
  let validate = validators.get(questionnaire.hash);
  if (!validate) {
    validate = compileSheetSchema(questionnaire);
    if (validators.size >= MAX_VALIDATORS) validators.delete(validators.keys().next().value!);
    validators.set(questionnaire.hash, validate);
  }
  return validate;
}

/**
 * The answer-sheet schema of `questionnaire`, compiled with each question's entry as a function
 * of its own (a `$ref` that is not inlined). Inlined, the project's 66 questions made one 640 KB
 * function that V8 does not optimise, and checking a valid sheet took three times as long. What
 * is accepted, and every error's keyword, instance path and params, are the same.
 */
export function compileSheetSchema(questionnaire: Questionnaire): ValidateFunction {
  const { $id: _id, ...schema } = answerSheetSchema(questionnaire);
  // Kept compiled between runs (`derived-cache.ts`): compiling was most of a small `validate`.
  return cachedValidator(
    'sheet-validator',
    questionsByReference(schema),
    { inlineRefs: false },
    createAjv,
  );
}

/** `schema` with the question schemas under `answers` moved to `definitions`, each by `$ref`. */
function questionsByReference(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  const answers = properties.answers!;
  const questions = answers.properties as Record<string, unknown>;
  const definitions: Record<string, unknown> = {};
  const references: Record<string, unknown> = {};
  Object.keys(questions).forEach((id, n) => {
    definitions[`question-${n}`] = questions[id];
    references[id] = { $ref: `#/definitions/question-${n}` };
  });
  return {
    ...schema,
    definitions,
    properties: { ...properties, answers: { ...answers, properties: references } },
  };
}

export function loadSheetFile(file: string, context: SheetContext): LoadedSheet {
  const source = readYamlFile(file);
  if (!isYamlSource(source)) return { sheet: null, issues: source.issues };
  return validateSheetSource(source, context);
}

/** Validates sheet text that did not come from a file (an upload, a test). */
export function parseSheetText(file: string, text: string, context: SheetContext): LoadedSheet {
  return validateSheetSource(parseYamlSource(file, text), context);
}

/**
 * Validates sheet bytes as received (an uploaded file's Buffer): strict UTF-8 first, so a file
 * in another encoding is refused with `invalid-utf8` at its first bad byte instead of being
 * stored with replacement characters.
 */
export function parseSheetBytes(
  file: string,
  bytes: Uint8Array,
  context: SheetContext,
): LoadedSheet {
  return validateSheetSource(parseYamlBytes(file, bytes), context);
}

/** Validates a parsed sheet (stage 1 and 2). */
export function validateSheetSource(source: YamlSource, context: SheetContext): LoadedSheet {
  if (hasErrors(source.issues)) return { sheet: null, issues: source.issues };
  const validate = sheetValidator(context.questionnaire);
  if (!validate(source.value)) {
    return {
      sheet: null,
      issues: [
        ...source.issues,
        ...ajvIssues(validate.errors, source, (error, path) =>
          describeSheetError(error, path, context),
        ),
      ],
    };
  }
  const raw = source.value as RawSheet;
  const sheet: AnswerSheet = {
    file: source.file,
    questionnaire: raw.questionnaire,
    country: raw.country,
    edition: raw.edition,
    status: raw.status as SheetStatus,
    illustrative: raw.illustrative ?? false,
    ...(raw.as_coded ? { asCoded: true } : {}),
    coders: (raw.coders ?? []).map((coder) => ({ name: coder.name, email: coder.email ?? null })),
    answers: answerEntriesOf(raw.answers),
  };
  const issues = [...source.issues, ...checkSheet(sheet, source, context)];
  return { sheet: hasErrors(issues) ? null : sheet, issues };
}

/**
 * The answers of a sheet as its YAML gives them (`in_force_since`, optional fields left out),
 * as the entries the engine works with: every field present, null where the sheet says nothing.
 */
export function answerEntriesOf(
  answers: Readonly<Record<string, RawAnswerEntry>>,
): Map<string, AnswerEntry> {
  return new Map(
    Object.entries(answers).map(([id, entry]) => [
      id,
      {
        answer: entry.answer,
        sources: (entry.sources ?? []).map((s) => ({
          title: s.title,
          article: s.article ?? null,
          url: s.url ?? null,
          date: s.date ?? null,
        })),
        comment: entry.comment ?? null,
        inForceSince: entry.in_force_since ?? null,
        confidence: entry.confidence ?? null,
      },
    ]),
  );
}

function describeSheetError(
  error: { keyword: string; params: Record<string, unknown> },
  path: DocPath,
  context: SheetContext,
): CustomDescription | null {
  const { questionnaire } = context;
  if (path[0] === 'answers' && path.length === 1 && error.keyword === 'additionalProperties') {
    return {
      code: 'unknown-question',
      target: [...path, String(error.params.additionalProperty)],
      at: 'key',
      message: `"${String(error.params.additionalProperty)}" is not a question of ${questionnaire.id} ${questionnaire.version}`,
    };
  }
  if (path[0] === 'answers' && path[2] === 'answer' && error.keyword === 'enum') {
    const question = questionnaire.questions.find((q) => q.id === path[1]);
    const allowed = (error.params.allowedValues as string[]).join(', ');
    return {
      code: 'unknown-option',
      message: `answers.${String(path[1])}.answer is not an option of "${question?.id ?? path[1]}"; allowed: ${allowed}`,
    };
  }
  if (path[0] === 'questionnaire' && path.length === 2 && error.keyword === 'const') {
    return {
      code: 'questionnaire-mismatch',
      message: `the sheet is for another questionnaire ${String(path[1])}: expected ${questionnaire.id} version ${questionnaire.version}`,
    };
  }
  return null;
}

/**
 * Legal-event files (`legal-events*.yaml`, see src/events/) may lie beside the sheets; no sheet
 * is named so (sheets are `{country}.yaml` or `{country}.{coder}.yaml`).
 */
const LEGAL_EVENTS_FILE = /^legal-events[^/]*\.ya?ml$/i;

/**
 * Every `*.yaml` / `*.yml` entry under `dir` (legal-event files left out), sub-folders
 * included, in a stable order. Symbolic links to folders are not followed (no cycles, nothing
 * outside `dir` by surprise); a link or other entry with a YAML name is listed, and reading it
 * refuses anything but a regular file.
 */
export function findSheetFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(entry.name) && !LEGAL_EVENTS_FILE.test(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}
