import { writeOutputFile, makeDirectories } from '../../source/write-file.js';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ILLUSTRATIVE_NOTICE } from '../../answers/illustrative-notice.js';
import { loadSheetFile } from '../../answers/load-sheet.js';
import { sheetToYaml } from '../../answers/write-sheet.js';
import { crosswalkFolders, findCrosswalk } from '../../crosswalk/find-crosswalk.js';
import { loadCrosswalk } from '../../crosswalk/load-crosswalk.js';
import { recodeSheet } from '../../crosswalk/recode-sheet.js';
import { crosswalkName } from '../../crosswalk/types.js';
import { hasErrors } from '../../issues/issue.js';
import { EXIT_INVALID, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { countOf, counted, printIssues, questionnaireOrReport } from '../shared.js';
import { SCHEMA_FILES } from './schema.js';

export const crosswalkUsage = `usage: policy-index crosswalk --from DIR --to DIR --out DIR [--map FILE] SHEET…

Re-codes answer sheets of the questionnaire in --from into the questionnaire in --to, through
the crosswalk file --map (default: the file in a crosswalks/ folder beside either questionnaire
whose from/to ids are theirs). Writes OUT/{edition}/{country}.yaml with status "draft"; every
re-coded answer keeps its sources and says in its comment where it came from. Target questions
the crosswalk cannot answer are left out, never guessed, and listed on stderr with the reason.`;

export function crosswalkCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      map: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.from || !values.to) throw new UsageError('--from DIR and --to DIR are required');
  if (!values.out) throw new UsageError('--out DIR is required');
  if (positionals.length === 0) throw new UsageError('give at least one answer sheet');

  const from = questionnaireOrReport(io, values.from);
  const to = from && questionnaireOrReport(io, values.to);
  if (!from || !to) return EXIT_INVALID;
  const found = values.map
    ? { file: values.map }
    : findCrosswalk(crosswalkFolders(values.from, values.to), from.id, to.id);
  if ('issues' in found) {
    printIssues(io, found.issues);
    return EXIT_INVALID;
  }
  const { crosswalk, issues } = loadCrosswalk(found.file, from, to);
  printIssues(io, issues);
  if (!crosswalk) {
    io.err(`${found.file}: ${countOf(issues, 'error')}; nothing written`);
    return EXIT_INVALID;
  }

  const sheets = positionals.map((file) => ({
    file,
    ...loadSheetFile(file, { questionnaire: from }),
  }));
  const sheetIssues = sheets.flatMap((s) => s.issues);
  printIssues(io, sheetIssues);
  if (hasErrors(sheetIssues)) {
    io.err(`${countOf(sheetIssues, 'error')} in the sheets; nothing written`);
    return EXIT_INVALID;
  }
  for (const { file, sheet } of sheets) {
    const recoded = recodeSheet(sheet!, from, to, crosswalk);
    const target = join(values.out, sheet!.edition, `${sheet!.country}.yaml`);
    makeDirectories(dirname(target));
    const header = [
      ...(sheet!.illustrative ? [ILLUSTRATIVE_NOTICE] : []),
      `Re-coded from ${file} (${from.id} ${from.version}) by crosswalk ${crosswalkName(crosswalk)}.`,
      `Draft: ${counted(recoded.unmapped.length, 'question')} of ${to.id} left unanswered (see stderr).`,
    ];
    const schemaPath = relative(
      dirname(resolve(target)),
      resolve(values.to, 'schema', SCHEMA_FILES.sheet),
    );
    writeOutputFile(target, sheetToYaml(recoded.sheet, to, { schemaPath, header }));
    for (const { question, code, reason } of recoded.unmapped)
      io.err(`${target}: ${code ? `${code} (${question})` : question} not mapped: ${reason}`);
    io.out(
      `wrote ${target}: ${recoded.sheet.answers.size} of ${to.questions.length} questions answered, ${recoded.unmapped.length} unmapped`,
    );
  }
  return EXIT_OK;
}
