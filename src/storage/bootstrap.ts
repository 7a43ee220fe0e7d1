/**
 * Start-up of the working database: load the main questionnaire and every other shipped one
 * (a folder below it with an index.yaml) with their countries; on a new database (no questionnaire yet), import the sheets of `scores/` (and its legal-events.yaml), and publish each edition found there. On later
 * starts, the database is reused; a questionnaire changed on disk becomes a new questionnaire
 * version (for editions opened from then on), and the country list is brought up to date.
 */
import { existsSync } from 'node:fs';
import { shippedQuestionnaireDirs } from '../questionnaire/shipped.js';
import { basename, join } from 'node:path';
import { importLegalEventFiles } from '../events/import-events.js';
import { hasErrors, InputError } from '../issues/issue.js';
import { loadCountries } from '../questionnaire/countries.js';
import { loadQuestionnaire } from '../questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../questionnaire/types.js';
import type { Db } from './database.js';
import { addCountries, syncCountries } from './country-repository.js';
import { listEditions } from './edition-repository.js';
import { importSheetFiles } from './import-sheets.js';
import { sheetFilesIn } from '../answers/gather-sheets.js';
import {
  listQuestionnaireVersions,
  questionnaireFiles,
  storeQuestionnaireVersion,
} from './questionnaire-repository.js';
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

export interface BootstrapOptions {
  questionnaireDir: string;
  /** The sheets imported on a first start; null for none. */
  scoresDir: string | null;
}

/**
 * Whether `db` was never started: a database that holds a questionnaire was started (or created
 * by "db init") before, and its editions, or its lack of them, are what someone made, so the
 * sample data stays out.
 */
export function isFirstStart(db: Db): boolean {
  return listQuestionnaireVersions(db).length === 0 && listEditions(db).length === 0;
}

export function bootstrap(db: Db, options: BootstrapOptions): BootstrapResult {
  const firstStart = isFirstStart(db);
  // The main questionnaire first: on a new database it becomes the database's main questionnaire
  // (`latestQuestionnaireVersion`), the default of an edition opened in the workspace.
  const version = loadQuestionnaireInto(db, options.questionnaireDir, { mainCountries: true });
  for (const dir of shippedQuestionnaireDirs(options.questionnaireDir).slice(1))
    loadQuestionnaireInto(db, dir, { mainCountries: false });

  const result: BootstrapResult = {
    firstStart,
    questionnaireVersionId: version.id,
    newQuestionnaireVersion: version.created,
    imported: 0,
    published: [],
  };
  if (!firstStart || options.scoresDir === null) return result;
  // A scores folder without sheets starts an empty index (`import-sheets` refuses such a folder).
  const found = sheetFilesIn([options.scoresDir]);
  if (found.issues.length > 0) return result;

  const imported = importSheetFiles(db, found.files, {
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
      // The folder's name only: the note is shown on public pages, where the server's paths
      // have no business.
      note: `First publication, loaded from the sheet files in ${basename(options.scoresDir)}/.`,
      // The files are all there is: an edition with fewer countries than the one before it is
      // published, as partial (it never becomes the default edition).
      acceptPartial: true,
    });
    result.published.push(edition.id);
  }
  return result;
}

/**
 * Loads the questionnaire of `dir` into the database (a new version unless the same files are
 * stored) with its countries: the main questionnaire's list replaces the stored one, another's
 * only adds the countries not stored yet. A questionnaire or country list with errors throws an
 * `InputError`, and nothing is stored. Unchanged files write nothing.
 */
export function loadQuestionnaireInto(
  db: Db,
  dir: string,
  options: { mainCountries: boolean },
): { id: number; created: boolean; questionnaire: Questionnaire } {
  const { questionnaire, issues } = loadQuestionnaire(dir);
  if (!questionnaire || hasErrors(issues)) throw new InputError(issues);
  const countries = loadCountries(dir);
  if (hasErrors(countries.issues)) throw new InputError(countries.issues);
  const stored = db.transaction(() => {
    const version = storeQuestionnaireVersion(db, questionnaire, questionnaireFiles(questionnaire));
    if (options.mainCountries) syncCountries(db, countries);
    else addCountries(db, countries);
    return version;
  })();
  return { ...stored, questionnaire };
}
