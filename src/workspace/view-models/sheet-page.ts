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
import { getSheet } from '../../storage/sheet-repository.js';
import { carriedAnswers, commentsOf } from '../review-repository.js';
import { actorOf, mayTake, type SheetContext } from '../sheet-context.js';
import { strandQuestions } from '../strand-form.js';
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
  const strands = context.questionnaire.strands
    .filter((s) => !s.crossCutting)
    .map((strand) => {
      const questions = strandQuestions(context.questionnaire, strand.id);
      const open = questions.filter((q) => !isDone(statuses.get(q.id)!));
      return {
        id: strand.id,
        label: labelText(strand.label),
        done: questions.length - open.length,
        total: questions.length,
        mayEdit: may('save-strand', [strand.id]),
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
  const previous = listEditions(db)
    .filter((e) => e.reference_date < context.editionRow.reference_date)
    .at(-1);
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
    mayEdit: mayEditSome,
    mayCarryForward:
      mayEditSome &&
      may(
        'carry-forward',
        strands.filter((s) => s.mayEdit).map((s) => s.id),
      ),
    mayUpload: may('upload', []),
    maySubmit: may('submit'),
    mayReview: may('approve') || may('request-changes'),
    mayComment: context.stored !== null && may('comment'),
    previous:
      previous && getSheet(db, { country: context.country, edition: previous.id })
        ? previous.id
        : null,
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
