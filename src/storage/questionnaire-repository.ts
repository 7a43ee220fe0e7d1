import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../issues/issue.js';
import { loadQuestionnaireFromTexts } from '../questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { now, type Db } from './database.js';

export interface QuestionnaireVersionRow {
  id: number;
  questionnaire_id: string;
  version: string;
  hash: string;
  scoring_hash: string;
  loaded_at: string;
}

/** The source files of a loaded questionnaire, by name, as they are stored. */
export function questionnaireFiles(questionnaire: Questionnaire): Record<string, string> {
  return Object.fromEntries(
    questionnaire.files.map((file) => [basename(file), readFileSync(file, 'utf8')]),
  );
}

/**
 * Stores a questionnaire version unless one with the same content hash exists; returns its id
 * and whether it is new. A changed questionnaire on disk thus becomes a new version, and the
 * editions that use an older one keep it.
 */
export function storeQuestionnaireVersion(
  db: Db,
  questionnaire: Questionnaire,
  files: Record<string, string>,
): { id: number; created: boolean } {
  const existing = db
    .prepare('SELECT id FROM questionnaire_versions WHERE hash = ?')
    .get(questionnaire.hash) as { id: number } | undefined;
  if (existing) return { id: existing.id, created: false };
  const result = db
    .prepare(
      `INSERT INTO questionnaire_versions (questionnaire_id, version, hash, scoring_hash, files, loaded_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(
      questionnaire.id,
      questionnaire.version,
      questionnaire.hash,
      questionnaire.scoringHash,
      JSON.stringify(files),
      now(),
    );
  return { id: Number(result.lastInsertRowid), created: true };
}

/**
 * The latest version of the database's main questionnaire: the one loaded first (by a first start
 * or `db init`, the main folder's; by `questionnaire load`, the first one loaded). Other
 * questionnaires loaded beside it are chosen by name: a sheet declares its own.
 */
export function latestQuestionnaireVersion(db: Db): QuestionnaireVersionRow | null {
  return (
    (db
      .prepare(
        `SELECT id, questionnaire_id, version, hash, scoring_hash, loaded_at FROM questionnaire_versions
         WHERE questionnaire_id = (SELECT questionnaire_id FROM questionnaire_versions ORDER BY id LIMIT 1)
         ORDER BY id DESC LIMIT 1`,
      )
      .get() as QuestionnaireVersionRow | undefined) ?? null
  );
}

/**
 * The stored version of questionnaire `id` at `version` (the latest stored one when the files
 * changed without a new version number), or null when it was never loaded.
 */
export function questionnaireVersionOf(
  db: Db,
  id: string,
  version: string,
): QuestionnaireVersionRow | null {
  return (
    (db
      .prepare(
        'SELECT id, questionnaire_id, version, hash, scoring_hash, loaded_at FROM questionnaire_versions WHERE questionnaire_id = ? AND version = ? ORDER BY id DESC LIMIT 1',
      )
      .get(id, version) as QuestionnaireVersionRow | undefined) ?? null
  );
}

/** The latest stored version of each questionnaire (by id), the questionnaire loaded first first. */
export function latestVersionOfEach(db: Db): QuestionnaireVersionRow[] {
  return db
    .prepare(
      `SELECT id, questionnaire_id, version, hash, scoring_hash, loaded_at FROM questionnaire_versions
       WHERE id IN (SELECT MAX(id) FROM questionnaire_versions GROUP BY questionnaire_id)
       ORDER BY (SELECT MIN(id) FROM questionnaire_versions q WHERE q.questionnaire_id = questionnaire_versions.questionnaire_id)`,
    )
    .all() as QuestionnaireVersionRow[];
}

/** Every stored questionnaire version, the first loaded first. */
export function listQuestionnaireVersions(db: Db): QuestionnaireVersionRow[] {
  return db
    .prepare(
      'SELECT id, questionnaire_id, version, hash, scoring_hash, loaded_at FROM questionnaire_versions ORDER BY id',
    )
    .all() as QuestionnaireVersionRow[];
}

export function questionnaireVersionRow(db: Db, id: number): QuestionnaireVersionRow | null {
  return (
    (db
      .prepare(
        'SELECT id, questionnaire_id, version, hash, scoring_hash, loaded_at FROM questionnaire_versions WHERE id = ?',
      )
      .get(id) as QuestionnaireVersionRow | undefined) ?? null
  );
}

/**
 * The source files of a stored questionnaire version, by name: what {@link storedQuestionnaire}
 * rebuilds it from, and what a worker thread is given to rebuild it (`bulk/`).
 */
export function storedQuestionnaireFiles(db: Db, id: number): Record<string, string> {
  return JSON.parse(versionFilesRow(db, id).files) as Record<string, string>;
}

/** A stored version's content hash and its files as stored (JSON). */
function versionFilesRow(db: Db, id: number): { hash: string; files: string } {
  const row = db.prepare('SELECT hash, files FROM questionnaire_versions WHERE id = ?').get(id) as
    { hash: string; files: string } | undefined;
  if (!row) throw new Error(`no questionnaire version ${id}`);
  return row;
}

const rebuilt = new Map<string, Questionnaire>();

/** Rebuilds a stored questionnaire version from its files (once per content hash). */
export function storedQuestionnaire(db: Db, id: number): Questionnaire {
  const row = versionFilesRow(db, id);
  const cached = rebuilt.get(row.hash);
  if (cached) return cached;
  const { questionnaire, issues } = loadQuestionnaireFromTexts(
    JSON.parse(row.files) as Record<string, string>,
  );
  if (!questionnaire) throw new InputError(issues);
  rebuilt.set(row.hash, questionnaire);
  return questionnaire;
}
