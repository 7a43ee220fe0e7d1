/** The page of one sheet: status, progress per strand, what is missing, actions, comments. */
import type { Response } from 'express';
import { skipLogicFindings } from '../../answers/check-sheet.js';
import type { AnswerEntry } from '../../answers/types.js';
import { labelText } from '../../questionnaire/types.js';
import { coderSheets } from '../../storage/coder-sheets.js';
import type { Db } from '../../storage/database.js';
import { listEditions } from '../../storage/edition-repository.js';
import { getSheet } from '../../storage/sheet-repository.js';
import { carriedForward, commentsOf } from '../review-repository.js';
import { actorOf, mayTake, type SheetContext } from '../sheet-context.js';
import { strandQuestions } from '../strand-form.js';
import { isCoordinating } from '../workflow.js';

export function sheetPageView(db: Db, res: Response, context: SheetContext) {
  const answers = context.stored?.sheet.answers ?? new Map<string, AnswerEntry>();
  const findings = skipLogicFindings(context.questionnaire, { answers });
  const carried = context.stored
    ? carriedForward(db, context.stored.id)
    : new Map<string, string>();
  const may = (action: Parameters<typeof mayTake>[2], strands?: string[]) =>
    mayTake(res, context, action, strands).allowed;
  const strands = context.questionnaire.strands
    .filter((s) => !s.crossCutting)
    .map((strand) => {
      const questions = strandQuestions(context.questionnaire, strand.id);
      const open = findings.filter(
        (f) => f.question.strandId === strand.id && f.code !== 'no-data',
      );
      return {
        id: strand.id,
        label: labelText(strand.label),
        done: questions.length - open.length,
        total: questions.length,
        mayEdit: may('save-strand', [strand.id]),
      };
    });
  const previous = listEditions(db)
    .filter((e) => e.reference_date < context.editionRow.reference_date)
    .at(-1);
  const mayEditSome = strands.some((s) => s.mayEdit);
  return {
    title: `${context.country} ${context.edition}`,
    context,
    status: context.stored?.sheet.status ?? 'not started',
    revision: context.stored?.revision ?? 0,
    strands,
    missing: [
      ...findings.map((f) => ({
        code: f.question.code ?? '',
        id: f.question.id,
        strand: f.question.strandId,
        message: f.message,
        kind: f.code,
      })),
      ...[...carried.keys()].map((id) => ({
        code: context.questionnaire.nodes.get(id)?.code ?? '',
        id,
        strand: context.questionnaire.nodes.get(id)?.strandId ?? '',
        message: `“${id}” was carried forward from ${carried.get(id)}: confirm or change it`,
        kind: 'carried-forward',
      })),
    ],
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
    questionOptions: context.questionnaire.questions.map((q) => ({ id: q.id, code: q.code ?? '' })),
    coders: isCoordinating(actorOf(res).role)
      ? coderSheets(db, context.country, context.edition).sheets.map((s) => s.coder)
      : [],
  };
}
