import { writeOutputFile, makeDirectories } from '../../source/write-file.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { answerSheetSchema } from '../../answers/sheet-schema.js';
import { legalEventsSchemaDocument } from '../../events/event-schema.js';
import { countriesFileSchema } from '../../questionnaire/countries.js';
import { indexFileSchema, strandFileSchema } from '../../questionnaire/raw-schema.js';
import type { Questionnaire } from '../../questionnaire/types.js';
import { EXIT_INVALID, EXIT_OK, type CliIo } from '../io.js';
import { DEFAULT_QUESTIONNAIRE_DIR, questionnaireOrReport } from '../shared.js';

export const schemaUsage = `usage: policy-index schema [--questionnaire DIR] [--out DIR]

Writes the JSON Schemas of the questionnaire files (index, strand, countries), of answer
sheets for this questionnaire and of legal-event files into DIR (default: DIR-of-questionnaire/schema), so that an editor
can complete and check a file while it is typed.`;

export const SCHEMA_FILES = {
  index: 'questionnaire-index.schema.json',
  strand: 'questionnaire-strand.schema.json',
  countries: 'countries.schema.json',
  sheet: 'answer-sheet.schema.json',
  events: 'legal-events.schema.json',
} as const;

/**
 * The schema of `kind` as `policy-index schema` writes it into the default questionnaire folder,
 * when it is there: the YAML an export writes names it, so that an editor checks the file.
 */
export function writtenSchemaFile(kind: keyof typeof SCHEMA_FILES): string | undefined {
  const file = join(DEFAULT_QUESTIONNAIRE_DIR, 'schema', SCHEMA_FILES[kind]);
  return existsSync(file) ? file : undefined;
}

/** Every published schema by file name, as written to disk. */
export function schemaDocuments(questionnaire: Questionnaire): Record<string, string> {
  const draft = { $schema: 'http://json-schema.org/draft-07/schema#' };
  const text = (schema: object) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    [SCHEMA_FILES.index]: text({ ...draft, ...indexFileSchema }),
    [SCHEMA_FILES.strand]: text({ ...draft, ...strandFileSchema }),
    [SCHEMA_FILES.countries]: text({
      ...draft,
      title: 'Countries, groups and aliases',
      ...countriesFileSchema,
    }),
    [SCHEMA_FILES.sheet]: text(answerSheetSchema(questionnaire)),
    [SCHEMA_FILES.events]: text(legalEventsSchemaDocument()),
  };
}

export function schemaCommand(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      questionnaire: { type: 'string', default: DEFAULT_QUESTIONNAIRE_DIR },
      out: { type: 'string' },
    },
  });
  const questionnaire = questionnaireOrReport(io, values.questionnaire);
  if (!questionnaire) return EXIT_INVALID;
  const out = values.out ?? join(values.questionnaire, 'schema');
  makeDirectories(out);
  for (const [name, content] of Object.entries(schemaDocuments(questionnaire))) {
    writeOutputFile(join(out, name), content);
    io.out(`wrote ${join(out, name)}`);
  }
  return EXIT_OK;
}
