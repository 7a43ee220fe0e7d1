/**
 * Checking one answer-sheet file, the same way on the main thread and in a worker thread. What a
 * check needs (the questionnaire of each edition, the country list, the reference date) is built
 * once per thread: on the main thread from what the command has loaded already, in a worker from
 * a {@link SheetCheckSetup}, plain data that crosses threads by structured clone.
 */
import { yearReferenceDate } from '../answers/dates.js';
import type { CheckedSheet, SheetSummary } from '../answers/gather-sheets.js';
import { validateSheetSource, type LoadedSheet } from '../answers/load-sheet.js';
import { InputError } from '../issues/issue.js';
import {
  loadQuestionnaire,
  loadQuestionnaireFromTexts,
} from '../questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { isYamlSource, readYamlFile } from '../source/read-file.js';

/** What checking a sheet file needs, ready to use. */
export interface SheetCheck {
  /**
   * The questionnaire a sheet of `edition` declaring `declared` is held to (`null`: the file names
   * no edition, or declares no questionnaire); null when the sheet's questionnaire is not loaded.
   * The command `validate` has one questionnaire; an import uses the version of each stored
   * edition, and for a new edition the version the sheet declares.
   */
  questionnaireFor(
    edition: string | null,
    declared: DeclaredQuestionnaire | null,
  ): Questionnaire | null;
  /** Known country codes; when absent, any well-formed code is accepted. */
  countries?: ReadonlySet<string>;
  /**
   * The reference date of the law coded, for the evidence checks (`in-force-after-reference-date`
   * and others): one for every sheet (`validate --reference-date`), an import's for each edition
   * ({@link EditionDates}), or null, which leaves those checks out.
   */
  referenceDate: string | EditionDates | null;
}

/**
 * The reference dates an import holds sheets to: those of the editions that exist, and for an
 * edition the import creates, the one it will be given (`--reference-date`, or 1 January of the
 * year the edition is named after).
 */
export interface EditionDates {
  existing: Map<string, string>;
  /** The reference date of a new edition; null: 1 January of its year (none without one). */
  created: string | null;
}

/** The reference date a sheet of `edition` is held to. */
function referenceDateFor(check: SheetCheck, edition: string): string | null {
  const dates = check.referenceDate;
  if (dates === null || typeof dates === 'string') return dates;
  return dates.existing.get(edition) ?? dates.created ?? yearReferenceDate(edition);
}

/** Where a questionnaire version comes from: a folder on disk, or its files' texts by name. */
export type QuestionnaireOrigin = { dir: string } | { texts: Record<string, string> };

/** A {@link SheetCheck} as plain data, for a worker thread to rebuild. */
export interface SheetCheckSetup {
  /** The questionnaire versions sheets may be held to, by a key of the caller's choosing. */
  questionnaires: Map<string, QuestionnaireOrigin>;
  /** The key of the version for a sheet that declares no questionnaire (and warms a worker up). */
  defaultQuestionnaire: string;
  /** Edition id → key of its questionnaire version (editions that exist already). */
  editionQuestionnaires: Map<string, string>;
  /**
   * `id@version` → key, for a sheet of a new edition; absent: every sheet is held to the default
   * (the command `validate`, which has one questionnaire).
   */
  declaredQuestionnaires?: Map<string, string>;
  /**
   * A sheet declaring a questionnaire not in `declaredQuestionnaires` is held to the default (and
   * so reported as `questionnaire-mismatch`) instead of refused as not loaded: `validate`.
   */
  undeclaredToDefault?: boolean;
  countries: string[] | null;
  referenceDate: SheetCheck['referenceDate'];
}

/**
 * Reads, parses and validates one sheet file (stage 1 and 2); problems are issues, never a throw.
 * The questionnaire is chosen by the edition the file names, before the sheet is validated.
 */
export function checkSheetFile(file: string, check: SheetCheck): LoadedSheet {
  const source = readYamlFile(file);
  if (!isYamlSource(source)) return { sheet: null, issues: source.issues };
  const declared = declaredOf(source.value);
  const questionnaire = check.questionnaireFor(editionOf(source.value), declared);
  if (!questionnaire)
    return {
      sheet: null,
      issues: [
        source.issue(
          'questionnaire-not-loaded',
          ['questionnaire'],
          `the sheet is coded with questionnaire ${declared!.id} ${declared!.version}, which is not loaded: load it into the database first (policy-index questionnaire load DIR)`,
          'error',
          'key',
        ),
      ],
    };
  return validateSheetSource(source, {
    questionnaire,
    countries: check.countries,
    referenceDateOf: (edition) => referenceDateFor(check, edition),
  });
}

/**
 * The check a setup describes. Each questionnaire version is built the first time a sheet needs
 * it, then kept; one that no longer loads (its folder changed meanwhile) throws an `InputError`.
 */
export function sheetCheckFromSetup(setup: SheetCheckSetup): SheetCheck {
  const built = new Map<string, Questionnaire>();
  const questionnaireOf = (key: string): Questionnaire => {
    let questionnaire = built.get(key);
    if (!questionnaire) {
      const origin = setup.questionnaires.get(key);
      if (!origin) throw new Error(`no questionnaire "${key}" in the sheet check setup`);
      const loaded =
        'dir' in origin ? loadQuestionnaire(origin.dir) : loadQuestionnaireFromTexts(origin.texts);
      if (!loaded.questionnaire) throw new InputError(loaded.issues);
      questionnaire = loaded.questionnaire;
      built.set(key, questionnaire);
    }
    return questionnaire;
  };
  return {
    questionnaireFor: (edition, declared) => {
      const key = questionnaireKey(setup, edition, declared);
      return key === null ? null : questionnaireOf(key);
    },
    countries: setup.countries ? new Set(setup.countries) : undefined,
    referenceDate: setup.referenceDate,
  };
}

/**
 * What reporting on a valid sheet needs: its file and key. `validate` keeps no more, so its
 * workers send back no answers and a large batch is not held in memory.
 */
export function summaryOf({ sheet, issues }: LoadedSheet): CheckedSheet<SheetSummary> {
  return {
    sheet: sheet && detached({ file: sheet.file, country: sheet.country, edition: sheet.edition }),
    issues: detached(issues),
  };
}

/**
 * A copy of part of a checked sheet, to keep after the rest is dropped. The strings the YAML
 * reader gives are mostly slices of the file's text (V8 keeps a substring of 13 characters or more
 * as a view into the string it was taken from), so a coder's name or a warning quoting an answer,
 * kept, would keep the whole text alive; a copy owns its strings. Worker threads send copies
 * anyway, but what the main thread checks it keeps as it is: an import keeps each sheet until it
 * writes it, and 500 sheets kept 42 MB of YAML text that every collection of young objects copied
 * on (100–170 ms of an import of 1,000 real-size sheets).
 */
export function detached<T>(part: T): T {
  return Array.isArray(part) && part.length === 0 ? part : structuredClone(part);
}

/** The questionnaire a sheet says it is coded with: `questionnaire: { id, version }`. */
export interface DeclaredQuestionnaire {
  id: string;
  version: string;
}

/**
 * Which questionnaire of a setup a sheet is held to: its edition's when the edition exists, else
 * the one it declares (null when that one is not in the setup), else the default.
 */
export function questionnaireKey(
  setup: Pick<
    SheetCheckSetup,
    | 'defaultQuestionnaire'
    | 'editionQuestionnaires'
    | 'declaredQuestionnaires'
    | 'undeclaredToDefault'
  >,
  edition: string | null,
  declared: DeclaredQuestionnaire | null,
): string | null {
  const ofEdition = edition === null ? undefined : setup.editionQuestionnaires.get(edition);
  if (ofEdition !== undefined) return ofEdition;
  if (!setup.declaredQuestionnaires || declared === null) return setup.defaultQuestionnaire;
  return (
    setup.declaredQuestionnaires.get(`${declared.id}@${declared.version}`) ??
    (setup.undeclaredToDefault ? setup.defaultQuestionnaire : null)
  );
}

/** The questionnaire a parsed sheet declares, before it is validated (null when it declares none). */
export function declaredOf(value: unknown): DeclaredQuestionnaire | null {
  if (!value || typeof value !== 'object' || !('questionnaire' in value)) return null;
  const declared = (value as { questionnaire: unknown }).questionnaire;
  if (!declared || typeof declared !== 'object') return null;
  const { id, version } = declared as { id?: unknown; version?: unknown };
  return typeof id === 'string' && typeof version === 'string' ? { id, version } : null;
}

/** The edition a parsed sheet names, before it is validated (null when it names none). */
export function editionOf(value: unknown): string | null {
  if (value && typeof value === 'object' && 'edition' in value) {
    const edition = (value as { edition: unknown }).edition;
    return typeof edition === 'string' ? edition : null;
  }
  return null;
}
