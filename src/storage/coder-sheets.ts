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
import {
  answerMap,
  type AnswerEntry,
  type LegalSource,
  type SheetStatus,
} from '../answers/types.js';
import { fileIssue, InputError } from '../issues/issue.js';
import { questionIdOf } from '../questionnaire/question-names.js';
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
  // A choice may name its question by id or by code (what `agreement` prints).
  const choices = new Map(
    [...input.choices].map(([name, choice]) => [questionIdOf(questionnaire, name), choice]),
  );
  const reconciled = reconcile(questionnaire, sheets, choices);
  const answers = new Map<string, AnswerEntry>();
  for (const [id, answer] of reconciled)
    answers.set(id, reconciledEntry(id, answer, choices.get(id), entries));
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

/**
 * The official entry of a reconciled answer, with the evidence behind it:
 * - a coder chosen (`--take Q=CODER`): that coder's entry as it is — answer, sources, comment,
 *   "in force since", confidence;
 * - an answer given (`--take Q=answer:ID`), or the answer the coders agree on: the entry of the
 *   first coder who gave that answer, with the sources of every coder who gave it; when no coder
 *   gave it (the reviewer decided otherwise), the sources every coder cited for the question —
 *   the law the decision rests on — and nothing else of theirs.
 */
function reconciledEntry(
  id: string,
  answer: string,
  choice: ReconcileChoice | undefined,
  entries: ReadonlyMap<string, ReadonlyMap<string, AnswerEntry>>,
): AnswerEntry {
  if (typeof choice === 'string') return entries.get(choice)!.get(id)!;
  const coded = [...entries.values()].flatMap((sheet) => sheet.get(id) ?? []);
  const same = coded.filter((entry) => entry.answer === answer);
  const sources = uniqueSources((same.length > 0 ? same : coded).flatMap((e) => e.sources));
  const first = same[0];
  return first
    ? { ...first, sources }
    : { answer, sources, comment: null, inForceSince: null, confidence: null };
}

/** Sources in order, each once (the same title, article, address and date). */
function uniqueSources(sources: readonly LegalSource[]): LegalSource[] {
  const seen = new Set<string>();
  return sources.filter((source) => {
    const key = JSON.stringify([source.title, source.article, source.url, source.date]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
