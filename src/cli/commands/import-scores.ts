import { writeOutputFile, makeDirectories } from '../../source/write-file.js';
import { renameSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { importScores } from '../../answers/import-scores.js';
import { sheetToYaml } from '../../answers/write-sheet.js';
import { hasErrors } from '../../issues/issue.js';
import { loadCountries } from '../../questionnaire/countries.js';
import { readTextFile } from '../../source/read-file.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { countOf, counted, printIssues, questionnaireOrReport } from '../shared.js';
import { SCHEMA_FILES } from './schema.js';

export const importScoresUsage = `usage: policy-index import-scores --questionnaire DIR --out DIR FILE.csv

Turns a CSV of leaf scores (columns country,edition,code,score; a blank score means skipped)
into answer sheets OUT/{edition}/{country}.yaml with status "imported". Each score becomes the
option with that score. Any error (unknown country or code, a score no option has) is reported
with its CSV row and nothing is written. Skip-logic deviations are kept as coded and reported
as warnings.`;

/** Largest CSV read: MIPEX's whole 2015 data set is well under 1 MB. */
const MAX_CSV_BYTES = 20 * 1024 * 1024;

export function importScoresCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      questionnaire: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.questionnaire) throw new UsageError('--questionnaire DIR is required');
  if (!values.out) throw new UsageError('--out DIR is required');
  if (positionals.length !== 1) throw new UsageError('give exactly one CSV file');
  const csvFile = positionals[0]!;

  const questionnaire = questionnaireOrReport(io, values.questionnaire);
  if (!questionnaire) return EXIT_INVALID;
  const countries = loadCountries(values.questionnaire);
  if (hasErrors(countries.issues)) {
    printIssues(io, countries.issues);
    return EXIT_INVALID;
  }
  const read = readTextFile(csvFile, MAX_CSV_BYTES);
  if ('issues' in read) {
    printIssues(io, read.issues);
    return EXIT_INVALID;
  }
  const { sheets, issues } = importScores(csvFile, read.text, questionnaire, countries);
  printIssues(io, issues);
  if (hasErrors(issues)) {
    io.err(`${csvFile}: ${countOf(issues, 'error')}; nothing written`);
    return EXIT_INVALID;
  }

  // Write everything to a staging folder first, then move files into place, so that a failure
  // half-way leaves no partial import behind.
  const staging = join(values.out, `.import-${process.pid}-${Date.now()}`);
  const targets: { staged: string; final: string }[] = [];
  try {
    for (const sheet of sheets) {
      const final = join(values.out, sheet.edition, `${sheet.country}.yaml`);
      const staged = join(staging, sheet.edition, `${sheet.country}.yaml`);
      const schemaPath = relative(
        dirname(final),
        join(values.questionnaire, 'schema', SCHEMA_FILES.sheet),
      );
      makeDirectories(dirname(staged));
      writeOutputFile(
        staged,
        sheetToYaml(sheet, questionnaire, {
          schemaPath,
          header: [
            `Imported from ${csvFile} by policy-index import-scores. Answers kept exactly as coded.`,
          ],
        }),
      );
      targets.push({ staged, final });
    }
    for (const { staged, final } of targets) {
      makeDirectories(dirname(final));
      renameSync(staged, final);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  io.out(
    `imported ${counted(sheets.length, 'sheet')} into ${values.out} (${countOf(issues, 'warning')})`,
  );
  return EXIT_OK;
}
