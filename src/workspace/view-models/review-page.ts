/**
 * The review page of one sheet: what changed since the country's previous published edition and
 * the points each change moves, what approving would do to the scores, bands and ranks, every
 * answer with its evidence and comments, its deviations from the skip logic (data coded elsewhere,
 * approved as coded), the decisions taken so far, and — for those the workflow lets decide — the
 * approve and request-changes forms bound to the revision shown.
 */
import type { Response } from 'express';
import type { AnswerEntry } from '../../answers/types.js';
import type { Db } from '../../storage/database.js';
import { decisionsOf } from '../../storage/decision-repository.js';
import { carriedForward, commentsOf } from '../../storage/review-repository.js';
import { mayTake, type SheetContext } from '../sheet-context.js';
import { approvalEffect } from './approval-effect.js';
import { countryName } from './country-name.js';
import { previousPublishedSheet, publishedSheet } from './published-baseline.js';
import { reviewAnswers } from './review-answers.js';
import { reviewDeviations } from './review-deviations.js';
import { reviewDifferences } from './review-differences.js';

const DECISION_WORDS = { approved: 'Approved', 'changes-requested': 'Changes requested' };

export function reviewPageView(db: Db, res: Response, context: SheetContext) {
  const { stored, questionnaire } = context;
  const answers = stored?.sheet.answers ?? new Map<string, AnswerEntry>();
  const previous = previousPublishedSheet(db, context.country, context.editionRow);
  const differences = previous && reviewDifferences(questionnaire, answers, previous);
  const comments = (stored ? commentsOf(db, stored.id) : []).map((c) => ({
    ...c,
    at: shortTime(c.createdAt),
  }));
  const base = `/workspace/sheets/${context.country}/${context.edition}`;
  return {
    title: `Review: ${context.country} ${context.edition}`,
    context,
    countryName: countryName(db, context.country),
    base,
    status: stored?.sheet.status ?? 'not started',
    revision: stored?.revision ?? 0,
    updated: stored && { by: stored.updatedBy, at: shortTime(stored.updatedAt) },
    differences,
    effect: approvalEffect(
      db,
      context,
      answers,
      publishedSheet(db, context.country, context.edition, context.edition) ?? previous,
    ),
    strands: reviewAnswers(questionnaire, answers, {
      comments,
      carried: stored ? carriedForward(db, stored.id) : new Map(),
      changed: new Set(differences?.rows.map((r) => r.id) ?? []),
    }),
    sheetComments: comments.filter((c) => c.questionId === null),
    // Data coded elsewhere: approving keeps these as coded, and publishing records them.
    deviations: stored ? reviewDeviations(questionnaire, stored.sheet) : [],
    decisions: (stored ? decisionsOf(db, stored.id) : []).map((d) => ({
      ...d,
      what: DECISION_WORDS[d.decision],
      at: shortTime(d.decidedAt),
    })),
    mayApprove: mayTake(res, context, 'approve').allowed,
    mayRequestChanges: mayTake(res, context, 'request-changes').allowed,
    mayComment: stored !== null && mayTake(res, context, 'comment').allowed,
  };
}

function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
