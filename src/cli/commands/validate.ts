import { parseArgs } from 'node:util';
import { isCalendarDate } from '../../answers/dates.js';
import { summarizeSheetFilesInThreads } from '../../bulk/check-in-threads.js';
import {
  gatherSheets,
  sheetFilesIn,
  type CheckedSheet,
  type GatheredSheets,
  type SheetSummary,
} from '../../answers/gather-sheets.js';
import { checkSheetFile, summaryOf } from '../../bulk/sheet-check.js';
import { threadsFor } from '../../bulk/thread-count.js';
import { validationCheckOfFolders } from '../../bulk/validate-sheet-files.js';
import { shippedQuestionnaireDirs } from '../../questionnaire/shipped.js';
import { hasErrors } from '../../issues/issue.js';
import { loadQuestionnaire } from '../../questionnaire/load-questionnaire.js';
import { loadCountries } from '../../questionnaire/countries.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { countOf, counted, DEFAULT_QUESTIONNAIRE_DIR, printIssues } from '../shared.js';
import { THREADS_NOTE, threadsOption } from './threads-option.js';

export const validateUsage = `usage: policy-index validate [--questionnaire DIR …] [--reference-date YYYY-MM-DD] [--threads N] [FILE|DIR …]

Validates the questionnaire in DIR (default: ${DEFAULT_QUESTIONNAIRE_DIR}), and the answer sheets
named (folders are searched recursively) against the questionnaire each declares
(questionnaire: { id, version }) among the folders given: --questionnaire may be repeated, and
without it every shipped questionnaire is looked at (${DEFAULT_QUESTIONNAIRE_DIR} and each folder
below it with an index.yaml). A sheet declaring none of them is held to the first (and reported
as questionnaire-mismatch). A sheet laid out as {edition}/{country}.yaml
must hold that country and edition; {country}.{coder}.yaml is one coder's sheet. Prints every
problem on stderr as FILE:LINE:COL: error[code]: message (FILE: error[code]: … when it has no
place in the file), and the verdict: on stdout with exit 0 when valid, on stderr with exit 1
when not.

Sheets submitted or later are held to the questionnaire's evidence rules; every date must be a
real calendar date. With --reference-date (the date of the law the editions code; a sheet file
does not say it), "in force since" after it is an error and sources older than the
questionnaire's limit are warnings.

${THREADS_NOTE}`;

export function validateCommand(args: string[], io: CliIo): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      questionnaire: { type: 'string', multiple: true },
      'reference-date': { type: 'string' },
      threads: { type: 'string' },
    },
  });
  const requestedThreads = threadsOption(values.threads);
  const referenceDate = values['reference-date'] ?? null;
  if (referenceDate !== null && !isCalendarDate(referenceDate))
    throw new UsageError('--reference-date must be a calendar date written YYYY-MM-DD');
  const folders = values.questionnaire ?? shippedQuestionnaireDirs(DEFAULT_QUESTIONNAIRE_DIR);
  const mainDir = folders[0]!;
  const { questionnaire, issues } = loadQuestionnaire(mainDir);
  printIssues(io, issues);
  if (!questionnaire) {
    io.err(`questionnaire ${mainDir}: invalid (${countOf(issues, 'error')})`);
    return EXIT_INVALID;
  }
  const countries = loadCountries(mainDir);
  printIssues(io, countries.issues);
  if (positionals.length === 0) {
    if (hasErrors(countries.issues)) {
      io.err(`countries of ${mainDir}: invalid (${countOf(countries.issues, 'error')})`);
      return EXIT_INVALID;
    }
    io.out(
      `questionnaire ${questionnaire.id} ${questionnaire.version}: valid (${questionnaire.questions.length} questions, ${countOf(issues, 'warning')})`,
    );
    return EXIT_OK;
  }
  const { files, issues: found } = sheetFilesIn(positionals);
  const threads = threadsFor(files.length, requestedThreads);
  const check = validationCheckOfFolders(
    folders,
    questionnaire,
    countryCodesOf(folders, countries.codes),
    referenceDate,
  );
  // Only the problems and the counts are reported: each sheet is kept as its summary.
  const report = (results: readonly CheckedSheet<SheetSummary>[]) =>
    reportSheets(io, gatherSheets(files, results, found), hasErrors(countries.issues));
  if (threads === 1)
    return report(files.map((file) => summaryOf(checkSheetFile(file, check.here))));
  return summarizeSheetFilesInThreads(files, check, { threads }).then(report);
}

/** Prints the sheets' problems and the summary line; the exit code. */
function reportSheets(
  io: CliIo,
  loaded: GatheredSheets<SheetSummary>,
  countriesFailed: boolean,
): number {
  const { sheets, coderSheets, issues: sheetIssues } = loaded;
  printIssues(io, sheetIssues);
  const failed = hasErrors(sheetIssues) || countriesFailed;
  const valid = sheets.length + coderSheets.length;
  const ofCoders = coderSheets.length > 0 ? ` (${coderSheets.length} of them coders' sheets)` : '';
  // The verdict is the result when everything is valid; otherwise it ends the list of problems.
  io[failed ? 'err' : 'out'](
    `${counted(valid, 'valid sheet')}${ofCoders}; ${countOf(sheetIssues, 'error')}, ${countOf(sheetIssues, 'warning')}`,
  );
  return failed ? EXIT_INVALID : EXIT_OK;
}

/**
 * The country codes sheets may use: those of the first folder's list and of every other folder's
 * (null, any code, when the first folder has no list).
 */
function countryCodesOf(
  folders: readonly string[],
  main: ReadonlySet<string> | null,
): ReadonlySet<string> | null {
  if (main === null || folders.length === 1) return main;
  const codes = new Set(main);
  for (const dir of folders.slice(1))
    for (const code of loadCountries(dir).codes ?? []) codes.add(code);
  return codes;
}
