/**
 * Every answer of a sheet as a reviewer reads it, strand by strand in questionnaire order: the
 * answer in words and its points, legal sources as links, in force since, the expert's comment
 * and confidence, whether the skip logic asks the question at all, and the comments on it.
 * Read-only text, never disabled form fields: a reviewer must be able to follow every source.
 */
import { answerLookup, applies } from '../../answers/check-sheet.js';
import type { AnswerEntry, LegalSource } from '../../answers/types.js';
import { answerMap, answerScore, answerText } from '../../answers/vocabulary.js';
import { conditionInWords } from '../../questionnaire/in-words.js';
import {
  labelText,
  type Questionnaire,
  type QuestionnaireNode,
} from '../../questionnaire/types.js';
import { formatScore } from '../../scoring/rounding.js';
import { nodeScores, scoreSheet } from '../../scoring/score-sheet.js';
import type { ReviewComment } from '../../storage/review-repository.js';
import { isCodedIn } from '../strand-form.js';

export interface ReviewGroupRow {
  kind: 'group';
  id: string;
  code: string;
  label: string;
  depth: number;
  score: string;
}

export interface ReviewQuestionRow {
  kind: 'question';
  id: string;
  code: string;
  label: string;
  depth: number;
  answer: string;
  answered: boolean;
  points: string;
  /** False when the skip logic does not ask the question given the other answers. */
  asked: boolean;
  condition: string | null;
  sources: LegalSource[];
  /** An answer that scores points and cites no legal source. */
  sourcesMissing: boolean;
  inForceSince: string | null;
  comment: string | null;
  confidence: string | null;
  /** The edition an unconfirmed carried-forward answer came from. */
  carriedFrom: string | null;
  /** Whether the answer or its sources differ from the previous published edition. */
  changed: boolean;
  comments: (ReviewComment & { at: string })[];
}

export interface ReviewStrand {
  id: string;
  label: string;
  score: string;
  rows: (ReviewGroupRow | ReviewQuestionRow)[];
}

export function reviewAnswers(
  questionnaire: Questionnaire,
  answers: ReadonlyMap<string, AnswerEntry>,
  extra: {
    comments: readonly (ReviewComment & { at: string })[];
    carried: ReadonlyMap<string, string>;
    changed: ReadonlySet<string>;
  },
): ReviewStrand[] {
  const choices = answerMap({ answers });
  const scores = nodeScores(scoreSheet(questionnaire, choices));
  const lookup = answerLookup(questionnaire, choices);
  const shown = (id: string) =>
    formatScore(scores[id]?.score ?? null, questionnaire.displayDecimals);

  return questionnaire.strands.filter(isCodedIn(questionnaire)).map((strand) => {
    const rows: (ReviewGroupRow | ReviewQuestionRow)[] = [];
    const visit = (node: QuestionnaireNode, depth: number) => {
      if (node.kind === 'question') {
        const entry = answers.get(node.id);
        const points = answerScore(node, entry?.answer);
        rows.push({
          kind: 'question',
          id: node.id,
          code: node.code ?? '',
          label: labelText(node.label),
          depth,
          answer: entry ? answerText(node, entry.answer) : 'No answer yet',
          answered: entry !== undefined,
          points: points === null ? '–' : String(points),
          asked: applies(node, lookup) !== false,
          condition: conditionInWords(node, questionnaire),
          sources: entry?.sources ?? [],
          sourcesMissing: points !== null && (entry?.sources.length ?? 0) === 0,
          inForceSince: entry?.inForceSince ?? null,
          comment: entry?.comment ?? null,
          confidence: entry?.confidence ?? null,
          carriedFrom: extra.carried.get(node.id) ?? null,
          changed: extra.changed.has(node.id),
          comments: extra.comments.filter((c) => c.questionId === node.id),
        });
      } else if (node.kind === 'composite') {
        rows.push({
          kind: 'group',
          id: node.id,
          code: node.code ?? '',
          label: labelText(node.label),
          depth,
          score: shown(node.id),
        });
        for (const child of node.children) visit(child, depth + 1);
      }
    };
    // Dimensions are the top rows (depth 0), their items and sub-items below.
    for (const child of strand.children) visit(child, 0);
    return {
      id: strand.id,
      label: labelText(strand.label),
      score: shown(strand.id),
      rows,
    };
  });
}
