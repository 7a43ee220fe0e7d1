import { writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { skipLogicFindings } from '../answers/check-sheet.js';
import { AS_CODED_STATUSES, type AnswerSheet } from '../answers/types.js';
import { sheetToYaml } from '../answers/write-sheet.js';
import type { Questionnaire } from '../questionnaire/types.js';
import type { Db } from './database.js';
import { getEdition } from './edition-repository.js';
import { storedQuestionnaire } from './questionnaire-repository.js';
import { listSheets, OFFICIAL_CODER } from './sheet-repository.js';
import { makeDirectories } from '../source/write-file.js';

const ILLUSTRATIVE_HEADER = [
  'ILLUSTRATIVE SAMPLE DATA — NOT A REAL ASSESSMENT.',
  'Its answers, sources and comments are invented and must not be cited.',
];

/**
 * Writes every sheet back as YAML: `DIR/{edition}/{country}.yaml` for official sheets,
 * `DIR/{edition}/{country}.{coder}.yaml` for the others. Reading them back with
 * `import-sheets` gives the same answers, sources, comments and dates. An approved or published
 * sheet that deviates from the skip logic was approved as coded (no other review lets one
 * through): it says so (`as_coded: true`), so that importing it keeps its deviations as warnings.
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
    makeDirectories(dirname(file));
    writeFileSync(
      file,
      sheetToYaml(asCodedIfDeviating(sheet, questionnaire), questionnaire, {
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

function asCodedIfDeviating(sheet: AnswerSheet, questionnaire: Questionnaire): AnswerSheet {
  const deviates =
    AS_CODED_STATUSES.includes(sheet.status) &&
    skipLogicFindings(questionnaire, sheet).some((f) => f.code !== 'no-data');
  return deviates ? { ...sheet, asCoded: true } : sheet;
}
