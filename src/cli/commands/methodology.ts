import { writeOutputFile } from '../../source/write-file.js';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { methodologyMarkdown } from '../../reports/methodology-markdown.js';
import { EXIT_INVALID, EXIT_OK, type CliIo } from '../io.js';
import { DEFAULT_QUESTIONNAIRE_DIR, questionnaireOrReport } from '../shared.js';

export const METHODOLOGY_FILE = 'METHODOLOGY.md';

export const methodologyUsage = `usage: policy-index methodology [--questionnaire DIR] [--out FILE | --stdout]

Writes the methodology document generated from the questionnaire — tree, options and points,
skip logic, weights and effective weights, bands — to FILE (default: DIR/${METHODOLOGY_FILE}).`;

export function methodologyCommand(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      questionnaire: { type: 'string', default: DEFAULT_QUESTIONNAIRE_DIR },
      out: { type: 'string' },
      stdout: { type: 'boolean', default: false },
    },
  });
  const questionnaire = questionnaireOrReport(io, values.questionnaire);
  if (!questionnaire) return EXIT_INVALID;
  const text = methodologyMarkdown(questionnaire);
  if (values.stdout) {
    io.out(text.trimEnd());
    return EXIT_OK;
  }
  const file = values.out ?? join(values.questionnaire, METHODOLOGY_FILE);
  writeOutputFile(file, text);
  io.out(`wrote ${file}`);
  return EXIT_OK;
}
