import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { sheetToYaml } from '../answers/write-sheet.js';
import type { Db } from './database.js';
import { getEdition } from './edition-repository.js';
import { storedQuestionnaire } from './questionnaire-repository.js';
import { listSheets, OFFICIAL_CODER } from './sheet-repository.js';

const ILLUSTRATIVE_HEADER = [
  'ILLUSTRATIVE SAMPLE DATA — NOT A REAL ASSESSMENT.',
  'Its answers, sources and comments are invented and must not be cited.',
];

/**
 * Writes every sheet back as YAML: `DIR/{edition}/{country}.yaml` for official sheets,
 * `DIR/{edition}/{country}.{coder}.yaml` for the others. Reading them back with
 * `import-sheets` gives the same answers, sources, comments and dates.
 */
export function exportSheets(db: Db, dir: string, options: { schemaFile?: string } = {}): string[] {
  const written: string[] = [];
  for (const stored of listSheets(db, { allCoders: true })) {
    const { sheet } = stored;
    const edition = getEdition(db, sheet.edition)!;
    const questionnaire = storedQuestionnaire(db, edition.questionnaire_version_id);
    const name =
      stored.coderKey === OFFICIAL_CODER
        ? `${sheet.country}.yaml`
        : `${sheet.country}.${stored.coderKey}.yaml`;
    const file = join(dir, sheet.edition, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      sheetToYaml(sheet, questionnaire, {
        schemaPath: options.schemaFile ? relative(dirname(file), options.schemaFile) : undefined,
        header: [
          ...(sheet.illustrative ? ILLUSTRATIVE_HEADER : []),
          `Exported from the database: revision ${stored.revision}, last changed ${stored.updatedAt} by ${stored.updatedBy}.`,
        ],
      }),
    );
    written.push(file);
  }
  return written;
}
