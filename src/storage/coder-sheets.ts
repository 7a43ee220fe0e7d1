/**
 * Sheets coded by several experts for one country and edition (`coder_key` other than
 * "official"): their agreement, and the reconciled sheet that becomes the official one.
 */
import {
  agreement,
  reconcile,
  type AgreementReport,
  type CoderSheet,
  type ReconcileChoice,
} from '../analysis/agreement.js';
import { answerMap, type AnswerEntry, type SheetStatus } from '../answers/types.js';
import { fileIssue, InputError } from '../issues/issue.js';
import type { Questionnaire } from '../questionnaire/types.js';
import type { Db } from './database.js';
import { getEdition } from './edition-repository.js';
import { storedQuestionnaire } from './questionnaire-repository.js';
import {
  getSheet,
  listSheets,
  OFFICIAL_CODER,
  saveSheet,
  type SaveResult,
} from './sheet-repository.js';

export interface CoderSheets {
  questionnaire: Questionnaire;
  sheets: CoderSheet[];
  entries: Map<string, Map<string, AnswerEntry>>;
}

export function coderSheets(db: Db, country: string, edition: string): CoderSheets {
  const row = getEdition(db, edition);
  if (!row) throw new InputError([fileIssue(null, 'unknown-edition', `no edition "${edition}"`)]);
  const stored = listSheets(db, { edition, allCoders: true }).filter(
    (s) => s.sheet.country === country && s.coderKey !== OFFICIAL_CODER,
  );
  return {
    questionnaire: storedQuestionnaire(db, row.questionnaire_version_id),
    sheets: stored.map((s) => ({ coder: s.coderKey, answers: answerMap(s.sheet) })),
    entries: new Map(stored.map((s) => [s.coderKey, s.sheet.answers])),
  };
}

export function coderAgreement(db: Db, country: string, edition: string): AgreementReport {
  const { questionnaire, sheets } = coderSheets(db, country, edition);
  return agreement(questionnaire, sheets);
}

/**
 * Builds the official sheet from the coders' sheets — the answers they agree on, and the given
 * choice for every disagreement (refused while one has none) — keeping the sources and comments
 * of the coder whose answer was taken, and saves it with its history.
 */
export function reconcileIntoOfficial(
  db: Db,
  input: {
    country: string;
    edition: string;
    choices: ReadonlyMap<string, ReconcileChoice>;
    status: SheetStatus;
    user: string;
  },
): SaveResult {
  const { questionnaire, sheets, entries } = coderSheets(db, input.country, input.edition);
  const reconciled = reconcile(questionnaire, sheets, input.choices);
  const answers = new Map<string, AnswerEntry>();
  for (const [id, answer] of reconciled) {
    const from = [...entries.values()].map((e) => e.get(id)).find((e) => e?.answer === answer);
    answers.set(
      id,
      from ?? { answer, sources: [], comment: null, inForceSince: null, confidence: null },
    );
  }
  const current = getSheet(db, { country: input.country, edition: input.edition });
  return saveSheet(db, {
    sheet: {
      questionnaire: { id: questionnaire.id, version: questionnaire.version },
      country: input.country,
      edition: input.edition,
      status: input.status,
      illustrative: current?.sheet.illustrative ?? false,
      coders: sheets.map((s) => ({ name: s.coder, email: null })),
      answers,
    },
    baseRevision: current ? current.revision : null,
    user: input.user,
    reason: `reconciled from ${sheets.map((s) => s.coder).join(', ')}`,
  });
}
