import { parseArgs } from 'node:util';
import { loadSheets } from '../../answers/load-sheet.js';
import { hasErrors } from '../../issues/issue.js';
import { loadQuestionnaire } from '../../questionnaire/load-questionnaire.js';
import { loadCountries } from '../../questionnaire/countries.js';
import { EXIT_INVALID, EXIT_OK, type CliIo } from '../io.js';
import { countOf, DEFAULT_QUESTIONNAIRE_DIR, printIssues } from '../shared.js';

export const validateUsage = `usage: policy-index validate [--questionnaire DIR] [FILE|DIR …]

Validates the questionnaire in DIR (default: ${DEFAULT_QUESTIONNAIRE_DIR}), and the answer sheets
named (folders are searched recursively) against it. Prints every problem as
FILE:LINE:COL: error[code]: message. Exit 0 when valid, 1 when not.`;

export function validateCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { questionnaire: { type: 'string', default: DEFAULT_QUESTIONNAIRE_DIR } },
  });
  const { questionnaire, issues } = loadQuestionnaire(values.questionnaire);
  printIssues(io, issues, 'out');
  if (!questionnaire) {
    io.out(`questionnaire ${values.questionnaire}: invalid (${countOf(issues, 'error')})`);
    return EXIT_INVALID;
  }
  const countries = loadCountries(values.questionnaire);
  printIssues(io, countries.issues, 'out');
  if (positionals.length === 0) {
    io.out(
      `questionnaire ${questionnaire.id} ${questionnaire.version}: valid (${questionnaire.questions.length} questions, ${countOf(issues, 'warning')})`,
    );
    return hasErrors(countries.issues) ? EXIT_INVALID : EXIT_OK;
  }
  const { sheets, issues: sheetIssues } = loadSheets(positionals, {
    questionnaire,
    countries: countries.codes ?? undefined,
  });
  printIssues(io, sheetIssues, 'out');
  const failed = hasErrors(sheetIssues) || hasErrors(countries.issues);
  io.out(
    `${sheets.length} valid sheet${sheets.length === 1 ? '' : 's'}; ${countOf(sheetIssues, 'error')}, ${countOf(sheetIssues, 'warning')}`,
  );
  return failed ? EXIT_INVALID : EXIT_OK;
}
