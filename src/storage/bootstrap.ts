/**
 * Start-up of the working database: on an empty database, load the questionnaire and countries
 * from disk, import the sheets of `scores/` (and its legal-events.yaml), and publish each edition found there. On later
 * starts, the database is reused; a questionnaire changed on disk becomes a new questionnaire
 * version (for editions opened from then on), and the country list is brought up to date.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { importLegalEventFiles } from '../events/import-events.js';
import { hasErrors, InputError } from '../issues/issue.js';
import { loadCountries } from '../questionnaire/countries.js';
import { loadQuestionnaire } from '../questionnaire/load-questionnaire.js';
import type { Db } from './database.js';
import { syncCountries } from './country-repository.js';
import { listEditions } from './edition-repository.js';
import { importSheetFiles } from './import-sheets.js';
import { questionnaireFiles, storeQuestionnaireVersion } from './questionnaire-repository.js';
import { publishEdition } from './snapshot-repository.js';

export const SYSTEM_USER = 'system';
/** The legal events loaded with the sheets of `scores/` on a first start. */
const SAMPLE_EVENTS_FILE = 'legal-events.yaml';

export interface BootstrapResult {
  firstStart: boolean;
  questionnaireVersionId: number;
  newQuestionnaireVersion: boolean;
  imported: number;
  published: string[];
}

export function bootstrap(
  db: Db,
  options: { questionnaireDir: string; scoresDir: string | null },
): BootstrapResult {
  const { questionnaire, issues } = loadQuestionnaire(options.questionnaireDir);
  if (!questionnaire) throw new InputError(issues);
  const countries = loadCountries(options.questionnaireDir);
  if (hasErrors(countries.issues)) throw new InputError(countries.issues);

  const firstStart = listEditions(db).length === 0;
  // A restart with unchanged files writes nothing (and so never waits for another writer).
  const version = db.transaction(() => {
    const stored = storeQuestionnaireVersion(db, questionnaire, questionnaireFiles(questionnaire));
    syncCountries(db, countries);
    return stored;
  })();

  const result: BootstrapResult = {
    firstStart,
    questionnaireVersionId: version.id,
    newQuestionnaireVersion: version.created,
    imported: 0,
    published: [],
  };
  if (!firstStart || options.scoresDir === null) return result;

  const imported = importSheetFiles(db, [options.scoresDir], {
    user: SYSTEM_USER,
    reason: 'initial load of scores/',
  });
  if (hasErrors(imported.issues)) throw new InputError(imported.issues);
  result.imported = imported.imported;
  // The sample legal events, published with their editions below.
  const events = join(options.scoresDir, SAMPLE_EVENTS_FILE);
  if (existsSync(events)) {
    const loaded = importLegalEventFiles(db, [events], { user: SYSTEM_USER });
    if (hasErrors(loaded.issues)) throw new InputError(loaded.issues);
  }
  for (const edition of listEditions(db)) {
    publishEdition(db, edition.id, {
      user: SYSTEM_USER,
      note: `First publication, loaded from ${options.scoresDir}.`,
      // The files are all there is: an edition with fewer countries than the one before it is
      // published, as partial (it never becomes the default edition).
      acceptPartial: true,
    });
    result.published.push(edition.id);
  }
  return result;
}
