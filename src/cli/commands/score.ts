import { parseArgs } from 'node:util';
import { loadSheets } from '../../answers/gather-sheets.js';
import { ILLUSTRATIVE_NOTICE } from '../../answers/illustrative-notice.js';
import { answerMap, type AnswerSheet } from '../../answers/types.js';
import { hasErrors } from '../../issues/issue.js';
import { loadCountries } from '../../questionnaire/countries.js';
import { questionnaireIdentity, shippedQuestionnaireDirs } from '../../questionnaire/shipped.js';
import { sheetFilesOf } from '../../answers/gather-sheets.js';
import { declaredOf } from '../../bulk/sheet-check.js';
import { isYamlSource, readYamlFile } from '../../source/read-file.js';
import type { Questionnaire } from '../../questionnaire/types.js';
import { DEFAULT_METHOD, uniformMethod, type Method } from '../../scoring/method.js';
import type { ReadingValue } from '../../scoring/readings.js';
import { nodeScores, scoreSheet } from '../../scoring/score-sheet.js';
import { csvLine } from '../../table/csv.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliIo } from '../io.js';
import {
  DEFAULT_QUESTIONNAIRE_DIR,
  noteCoderSheetsLeftOut,
  printIssues,
  questionnaireOrReport,
} from '../shared.js';

export const scoreUsage = `usage: policy-index score [--questionnaire DIR] [--answers DIR|FILE …] [--format json|csv]
                          [--method default|mean|geometric|min]

Computes the scores of every answer sheet given (folders are searched recursively; default:
scores), with the questionnaire in DIR; without --questionnaire, the shipped questionnaire the
first sheet declares (${DEFAULT_QUESTIONNAIRE_DIR} or a folder below it; sheets of another
questionnaire are refused as questionnaire-mismatch: score each questionnaire's sheets apart). --format json (default) prints every node of every sheet with score and coverage
(and "readings" on the dimensions and strand of a strand that declares readings);
csv prints the long table country,edition,node,level,code,score,coverage,illustrative (true
for sample sheets; the JSON says so in "illustrative" and "notice"), a reading as a row of
level "reading" and node "NODE#READING" after its node's row. --method replaces
the aggregation rule at every level, for sensitivity analysis. Only official sheets are scored:
coders' own sheets ({country}.{coder}.yaml) are validated, then left out with a note on stderr.
Invalid sheets: nothing is printed on stdout, the problems go to stderr, exit 1.`;

export const CSV_HEADER = [
  'country',
  'edition',
  'node',
  'level',
  'code',
  'score',
  'coverage',
  'illustrative',
] as const;

export function scoreCommand(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      questionnaire: { type: 'string' },
      answers: { type: 'string', multiple: true },
      format: { type: 'string', default: 'json' },
      method: { type: 'string', default: 'default' },
    },
  });
  if (values.format !== 'json' && values.format !== 'csv') {
    throw new UsageError(`--format must be json or csv, not "${values.format}"`);
  }
  const method = methodNamed(values.method);
  const answers = values.answers ?? ['scores'];
  const dir = values.questionnaire ?? shippedFolderDeclared(answers);
  const questionnaire = questionnaireOrReport(io, dir);
  if (!questionnaire) return EXIT_INVALID;
  const countries = loadCountries(dir);
  const { sheets, coderSheets, issues } = loadSheets(answers, {
    questionnaire,
    countries: countries.codes ?? undefined,
  });
  printIssues(io, [...countries.issues, ...issues]);
  if (hasErrors(issues) || hasErrors(countries.issues)) {
    io.err('invalid answer sheets: no scores computed');
    return EXIT_INVALID;
  }
  noteCoderSheetsLeftOut(io, coderSheets.length);
  const ordered = [...sheets].sort(
    (a, b) => a.edition.localeCompare(b.edition) || a.country.localeCompare(b.country),
  );
  io.out(
    values.format === 'csv'
      ? scoresCsv(questionnaire, ordered, method)
      : JSON.stringify(scoresJson(questionnaire, ordered, method), null, 2),
  );
  return EXIT_OK;
}

/**
 * The shipped questionnaire folder that the first sheet among `paths` declares; the main folder
 * when it declares none of them (its sheets are then reported as they are).
 */
function shippedFolderDeclared(paths: readonly string[]): string {
  const first = sheetFilesOf(paths)[0];
  const source = first === undefined ? null : readYamlFile(first);
  const declared = source && isYamlSource(source) ? declaredOf(source.value) : null;
  return (
    shippedQuestionnaireDirs(DEFAULT_QUESTIONNAIRE_DIR).find((dir) => {
      const identity = questionnaireIdentity(dir);
      return identity?.id === declared?.id && identity?.version === declared?.version;
    }) ?? DEFAULT_QUESTIONNAIRE_DIR
  );
}

export function methodNamed(name: string): Method {
  if (name === 'default') return DEFAULT_METHOD;
  if (name === 'mean' || name === 'geometric' || name === 'min') return uniformMethod(name);
  throw new UsageError(`--method must be default, mean, geometric or min, not "${name}"`);
}

export function scoresJson(
  questionnaire: Questionnaire,
  sheets: readonly AnswerSheet[],
  method: Method,
) {
  return {
    questionnaire: {
      id: questionnaire.id,
      version: questionnaire.version,
      hash: questionnaire.hash,
    },
    method: method.id,
    computed_at: new Date().toISOString(),
    // Sample sheets say so in the output itself, not only in their source files.
    illustrative: sheets.some((sheet) => sheet.illustrative),
    notice: sheets.some((sheet) => sheet.illustrative) ? ILLUSTRATIVE_NOTICE : null,
    results: sheets.map((sheet) => ({
      country: sheet.country,
      edition: sheet.edition,
      illustrative: sheet.illustrative,
      nodes: nodeScores(scoreSheet(questionnaire, answerMap(sheet), method), { readings: true }),
    })),
  };
}

export function scoresCsv(
  questionnaire: Questionnaire,
  sheets: readonly AnswerSheet[],
  method: Method,
): string {
  const lines = [csvLine(CSV_HEADER)];
  for (const sheet of sheets) {
    const nodes = nodeScores(scoreSheet(questionnaire, answerMap(sheet), method), {
      readings: true,
    });
    const row = (id: string, level: string, code: string | null, value: ReadingValue) =>
      csvLine([
        sheet.country,
        sheet.edition,
        id,
        level,
        code,
        value.score,
        value.coverage,
        String(sheet.illustrative),
      ]);
    for (const [id, node] of Object.entries(nodes)) {
      lines.push(row(id, node.level, node.code, node));
      // A reading follows its node: level "reading", node "<node id>#<reading id>", no code.
      for (const [reading, value] of Object.entries(node.readings ?? {}))
        lines.push(row(`${id}#${reading}`, 'reading', null, value));
    }
  }
  return lines.join('\n');
}
