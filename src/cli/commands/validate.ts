import { parseArgs } from 'node:util';
import { loadSheets } from '../../answers/load-sheet.js';
import { hasErrors } from '../../issues/issue.js';
import { loadQuestionnaire } from '../../questionnaire/load-questionnaire.js';
import { loadCountries } from '../../questionnaire/countries.js';
import { EXIT_INVALID, EXIT_OK, type CliIo } from '../io.js';
import { countOf, DEFAULT_QUESTIONNAIRE_DIR, printIssues } from '../shared.js';

export const validateUsage = `usage: policy-index validate [--questionnaire DIR] [FILE|DIR …]

Validates the questionnaire in DIR (default: ${DEFAULT_QUESTIONNAIRE_DIR}), and the answer sheets
named (folders are searched recursively) against it. A sheet laid out as {edition}/{country}.yaml
must hold that country and edition; {country}.{coder}.yaml is one coder's sheet. Prints every
problem as FILE:LINE:COL: error[code]: message. Exit 0 when valid, 1 when not.`;

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
  const {
    sheets,
    coderSheets,
    issues: sheetIssues,
  } = loadSheets(positionals, {
    questionnaire,
    countries: countries.codes ?? undefined,
  });
  printIssues(io, sheetIssues, 'out');
  const failed = hasErrors(sheetIssues) || hasErrors(countries.issues);
  const valid = sheets.length + coderSheets.length;
  const ofCoders = coderSheets.length > 0 ? ` (${coderSheets.length} of them coders' sheets)` : '';
  io.out(
    `${valid} valid sheet${valid === 1 ? '' : 's'}${ofCoders}; ${countOf(sheetIssues, 'error')}, ${countOf(sheetIssues, 'warning')}`,
  );
  return failed ? EXIT_INVALID : EXIT_OK;
}
