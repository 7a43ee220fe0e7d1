/**
 * Validating many answer sheets against one questionnaire folder, on as many threads as pay off:
 * what `policy-index validate` does with the sheets it is given, and what the benchmark times.
 */
import { hasErrors, InputError } from '../issues/issue.js';
import { loadCountries } from '../questionnaire/countries.js';
import { loadQuestionnaire } from '../questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { summarizeSheetFilesInThreads } from './check-in-threads.js';
import {
  gatherSheets,
  sheetFilesIn,
  type GatheredSheets,
  type SheetSummary,
} from '../answers/gather-sheets.js';
import {
  checkSheetFile,
  questionnaireKey,
  sheetCheckFromSetup,
  summaryOf,
  type SheetCheck,
  type SheetCheckSetup,
} from './sheet-check.js';
import { questionnaireIdentity } from '../questionnaire/shipped.js';
import { threadsFor } from './thread-count.js';

export interface ValidateOptions {
  /** Threads in all (default: one per core for a large batch, 1 for a small one). */
  threads?: number;
  /** The reference date of the editions, for the evidence checks (default: none). */
  referenceDate?: string | null;
}

/** Every sheet held to the one questionnaire loaded from `location`. */
export function validationCheck(
  location: string,
  questionnaire: Questionnaire,
  countries: ReadonlySet<string> | null,
  referenceDate: string | null,
): { here: SheetCheck; setup: SheetCheckSetup } {
  return {
    here: {
      questionnaireFor: () => questionnaire,
      countries: countries ?? undefined,
      referenceDate,
    },
    setup: {
      questionnaires: new Map([['questionnaire', { dir: location }]]),
      defaultQuestionnaire: 'questionnaire',
      editionQuestionnaires: new Map(),
      countries: countries ? [...countries] : null,
      referenceDate,
    },
  };
}

/**
 * Every sheet held to the questionnaire it declares among those in `folders` (the first one,
 * `main`, loaded already; the others loaded when a sheet needs them); a sheet declaring none of
 * them is held to the first, and so reported as `questionnaire-mismatch`.
 */
export function validationCheckOfFolders(
  folders: readonly string[],
  main: Questionnaire,
  countries: ReadonlySet<string> | null,
  referenceDate: string | null,
): { here: SheetCheck; setup: SheetCheckSetup } {
  if (folders.length === 1) return validationCheck(folders[0]!, main, countries, referenceDate);
  const declared = new Map<string, string>();
  folders.forEach((dir, i) => {
    const identity = i === 0 ? main : questionnaireIdentity(dir);
    const key = identity && `${identity.id}@${identity.version}`;
    if (key && !declared.has(key)) declared.set(key, String(i));
  });
  const setup: SheetCheckSetup = {
    questionnaires: new Map(folders.map((dir, i) => [String(i), { dir }])),
    defaultQuestionnaire: '0',
    editionQuestionnaires: new Map(),
    declaredQuestionnaires: declared,
    undeclaredToDefault: true,
    countries: countries ? [...countries] : null,
    referenceDate,
  };
  const others = sheetCheckFromSetup(setup);
  return {
    here: {
      ...others,
      questionnaireFor: (edition, sheetDeclares) => {
        const key = questionnaireKey(setup, edition, sheetDeclares);
        return key === '0' ? main : others.questionnaireFor(edition, sheetDeclares);
      },
    },
    setup,
  };
}

/**
 * Validates the sheets named (folders searched recursively) against the questionnaire in
 * `questionnaireDir` and its country list, as `policy-index validate` does: the result is what
 * `loadSheets` gives on one thread, with each valid sheet as its summary (file, country,
 * edition). Throws an `InputError` when the questionnaire or the country list does not load.
 */
export async function validateSheetFiles(
  paths: readonly string[],
  questionnaireDir: string,
  options: ValidateOptions = {},
): Promise<GatheredSheets<SheetSummary>> {
  const { questionnaire, issues } = loadQuestionnaire(questionnaireDir);
  if (!questionnaire) throw new InputError(issues);
  const countries = loadCountries(questionnaireDir);
  if (hasErrors(countries.issues)) throw new InputError(countries.issues);
  const check = validationCheck(
    questionnaireDir,
    questionnaire,
    countries.codes,
    options.referenceDate ?? null,
  );
  const { files, issues: found } = sheetFilesIn(paths);
  const threads = threadsFor(files.length, options.threads);
  const results =
    threads === 1
      ? files.map((file) => summaryOf(checkSheetFile(file, check.here)))
      : await summarizeSheetFilesInThreads(files, check, { threads });
  return gatherSheets(files, results, found);
}
