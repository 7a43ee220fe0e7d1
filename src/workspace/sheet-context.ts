/**
 * What every sheet route starts from: the sheet named by the path (country, edition, the
 * questionnaire of the edition, the stored sheet and its status), and the one place where a
 * route asks the workflow whether the signed-in user may take an action on it.
 */
import type { Request, Response } from 'express';
import type { AnswerEntry, AnswerSheet, SheetStatus } from '../answers/types.js';
import { HttpError, notFound } from '../http/http-error.js';
import { countryParam, editionParam } from '../http/params.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { storedCountries } from '../storage/country-repository.js';
import type { Db } from '../storage/database.js';
import { getEdition, type EditionRow } from '../storage/edition-repository.js';
import { storedQuestionnaire } from '../storage/questionnaire-repository.js';
import { getSheet, type StoredSheet } from '../storage/sheet-repository.js';
import { codedStrands } from './strand-form.js';
import type { WorkspaceLocals } from './session.js';
import {
  decide,
  editableStrands,
  type Actor,
  type Decision,
  type SheetAction,
  type SheetState,
} from './workflow.js';

export interface SheetContext {
  country: string;
  edition: string;
  editionRow: EditionRow;
  questionnaire: Questionnaire;
  stored: StoredSheet | null;
  status: SheetState;
  /** The strands an expert answers (cross-cutting strands only reuse their questions). */
  strands: readonly string[];
}

export type Allowed = Extract<Decision, { allowed: true }>;

/** The signed-in user's session, roles and assignments (set by `requireUser`). */
export function ws(res: Response): WorkspaceLocals {
  return res.locals.workspace as WorkspaceLocals;
}

export function actorOf(res: Response): Actor {
  const { user } = ws(res);
  return { id: user.id, role: user.role };
}

/** Loads the sheet named by `:country` and `:edition`; 404 for an unknown edition or country. */
export function loadSheet(db: Db, country: string, edition: string): SheetContext {
  const code = countryParam(country, 'country');
  const id = editionParam(edition, 'edition');
  const editionRow = getEdition(db, id);
  if (!editionRow) throw notFound(`edition "${id}"`);
  if (!storedCountries(db).codes?.has(code)) throw notFound(`country "${code}"`);
  const questionnaire = storedQuestionnaire(db, editionRow.questionnaire_version_id);
  const stored = getSheet(db, { country: code, edition: id });
  return {
    country: code,
    edition: id,
    editionRow,
    questionnaire,
    stored,
    status: stored?.sheet.status ?? 'not-started',
    strands: codedStrands(questionnaire).map((s) => s.id),
  };
}

export function sheetFromPath(db: Db, req: Request): SheetContext {
  return loadSheet(db, req.params.country as string, req.params.edition as string);
}

/**
 * Asks the workflow; a refusal becomes 403 (not yours, not your strand, not your role) or 409
 * (not in this status) with the workflow's reason. Returns the decision (status afterwards).
 */
export function authorize(
  res: Response,
  context: SheetContext,
  action: SheetAction,
  strands?: readonly string[],
): Allowed {
  return requireAllowed(mayTake(res, context, action, strands));
}

/** The workflow's decision, or its refusal thrown as 403 or 409 (see `authorize`). */
export function requireAllowed(decision: Decision): Allowed {
  if (decision.allowed) return decision;
  throw new HttpError(
    decision.reason === 'wrong-status' ? 409 : 403,
    decision.reason === 'wrong-status' ? 'not-allowed-now' : 'forbidden',
    decision.message,
  );
}

/** The workflow's decision without throwing, for showing or hiding a button. */
export function mayTake(
  res: Response,
  context: SheetContext,
  action: SheetAction,
  strands?: readonly string[],
): Decision {
  return decide(actorOf(res), ws(res).assignments, action, {
    country: context.country,
    edition: context.edition,
    status: context.status,
    strands,
    allStrands: context.strands,
  });
}

export function strandsEditable(res: Response, context: SheetContext): 'all' | Set<string> {
  return editableStrands(actorOf(res), ws(res).assignments, context);
}

/** The sheet to save: the context's identity and the given answers, in questionnaire order. */
export function sheetData(
  context: SheetContext,
  answers: ReadonlyMap<string, AnswerEntry>,
  status: SheetState,
): Omit<AnswerSheet, 'file'> {
  return {
    questionnaire: { id: context.questionnaire.id, version: context.questionnaire.version },
    country: context.country,
    edition: context.edition,
    status: (status === 'not-started' ? 'draft' : status) as SheetStatus,
    illustrative: context.stored?.sheet.illustrative ?? false,
    coders: context.stored?.sheet.coders ?? [],
    answers: new Map(
      context.questionnaire.questions
        .filter((q) => answers.has(q.id))
        .map((q) => [q.id, answers.get(q.id)!]),
    ),
  };
}

/** The strands of the given questions (questions unknown to the questionnaire are left out). */
export function strandsOf(context: SheetContext, questionIds: readonly string[]): string[] {
  const strands = new Set<string>();
  for (const id of questionIds) {
    const node = context.questionnaire.nodes.get(id);
    if (node?.kind === 'question' && node.strandId) strands.add(node.strandId);
  }
  return [...strands];
}
