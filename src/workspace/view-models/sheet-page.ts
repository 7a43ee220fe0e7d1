/**
 * The page of one sheet: status, progress per strand, what is missing, actions, comments.
 * Progress and the missing list come from the same question statuses as the form's index, so a
 * carried answer nobody confirmed is neither "complete" here nor "answered" there.
 */
import type { Response } from 'express';
import type { AnswerEntry } from '../../answers/types.js';
import { labelText } from '../../questionnaire/types.js';
import { coderSheets } from '../../storage/coder-sheets.js';
import type { Db } from '../../storage/database.js';
import { listEditions } from '../../storage/edition-repository.js';
import { getEditorial } from '../../storage/editorial-repository.js';
import { getSheet } from '../../storage/sheet-repository.js';
import { carrySource } from '../carry-source.js';
import { decisionsOf } from '../../storage/decision-repository.js';
import { carriedAnswers, commentsOf } from '../../storage/review-repository.js';
import { actorOf, mayTake, type SheetContext } from '../sheet-context.js';
import { isCodedIn, strandQuestions } from '../strand-form.js';
import { isCoordinating } from '../workflow.js';
import { countryName } from './country-name.js';
import { evidenceList } from './evidence-list.js';
import { isDone, questionStatuses, STATE_WORDS } from './question-status.js';

export function sheetPageView(db: Db, res: Response, context: SheetContext) {
  const answers = context.stored?.sheet.answers ?? new Map<string, AnswerEntry>();
  const carried = context.stored ? carriedAnswers(db, context.stored.id) : new Map();
  const statuses = questionStatuses(context.questionnaire, answers, carried);
  const may = (action: Parameters<typeof mayTake>[2], strands?: string[]) =>
    mayTake(res, context, action, strands).allowed;
  const sheetPath = `/workspace/sheets/${context.country}/${context.edition}`;
  const previous = listEditions(db)
    .filter((e) => e.reference_date < context.editionRow.reference_date)
    .at(-1);
  const previousStored = previous
    ? getSheet(db, { country: context.country, edition: previous.id })
    : null;
  const previousSheet = previousStored ? previousStored.sheet.edition : null;
  const inPrevious = new Set(
    previousStored
      ? (carrySource(db, res, context.country, previousStored.sheet.edition)?.keys() ?? [])
      : [],
  );
  const strands = context.questionnaire.strands
    .filter(isCodedIn(context.questionnaire))
    .map((strand) => {
      const questions = strandQuestions(context.questionnaire, strand.id);
      const open = questions.filter((q) => !isDone(statuses.get(q.id)!));
      return {
        id: strand.id,
        label: labelText(strand.label),
        done: questions.length - open.length,
        total: questions.length,
        mayEdit: may('save-strand', [strand.id]),
        // Carrying forward fills the questions with no answer that the previous edition answers.
        carryable: questions.filter((q) => !answers.has(q.id) && inPrevious.has(q.id)).length,
        href: `${sheetPath}/strands/${strand.id}`,
        // What is missing, in questionnaire order, each linking to its question on the form.
        missing: open.map((q) => {
          const status = statuses.get(q.id)!;
          return {
            code: q.code ?? '',
            label: labelText(q.label),
            href: `${sheetPath}/strands/${strand.id}#q-${q.id}`,
            state: status.state,
            stateWords: STATE_WORDS[status.state],
            kind: status.kind,
            message: status.message,
          };
        }),
      };
    });
  const mayEditSome = strands.some((s) => s.mayEdit);
  return {
    title: `${context.country} ${context.edition}`,
    context,
    countryName: countryName(db, context.country),
    status: context.stored?.sheet.status ?? 'not started',
    revision: context.stored?.revision ?? 0,
    strands,
    missingCount: strands.reduce((n, s) => n + s.missing.length, 0),
    evidence: evidenceList(context),
    comments: context.stored ? commentsOf(db, context.stored.id) : [],
    changesRequested: changesRequested(db, context),
    mayEdit: mayEditSome,
    // Offered while it can fill something (it would only be refused otherwise).
    mayCarryForward:
      strands.some((s) => s.mayEdit && s.carryable > 0) &&
      may(
        'carry-forward',
        strands.filter((s) => s.mayEdit).map((s) => s.id),
      ),
    mayUpload: may('upload', []),
    maySubmit: may('submit'),
    mayReview: may('approve') || may('request-changes'),
    mayComment: context.stored !== null && may('comment'),
    /** The editors' key findings and recommendations on the country in the edition. */
    editorial: {
      href: `${sheetPath}/editorial`,
      status:
        getEditorial(db, context.country, context.edition)?.status.replace('_', ' ') ??
        'not started',
    },
    previous: previousSheet,
    questionOptions: context.questionnaire.questions.map((q) => ({
      id: q.id,
      code: q.code ?? '',
      label: labelText(q.label),
    })),
    coders: isCoordinating(actorOf(res).role)
      ? coderSheets(db, context.country, context.edition).sheets.map((s) => s.coder)
      : [],
  };
}

/**
 * The reviewer's request for changes while the sheet is back with the expert (a draft whose last
 * decision asked for changes), for the top of the page: the reason is why the sheet is a draft
 * again, and should not have to be found among the comments below.
 */
function changesRequested(db: Db, context: SheetContext) {
  const stored = context.stored;
  if (!stored || stored.sheet.status !== 'draft') return null;
  const last = decisionsOf(db, stored.id).at(-1);
  if (last?.decision !== 'changes-requested') return null;
  return {
    by: last.userName,
    at: `${last.decidedAt.slice(0, 16).replace('T', ' ')} UTC`,
    revision: last.sheetRevision,
    reason: last.reason ?? '',
  };
}
