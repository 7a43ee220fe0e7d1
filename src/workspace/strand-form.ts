/**
 * The expert's form for one strand: turning posted fields into answers, with every problem tied to
 * the field it concerns (so the page can mark that field and link to it from the error summary).
 * The view model that shows the form is in `view-models/strand-page.ts`.
 *
 * Field names: `q.{question}.answer`, `.comment`, `.in_force_since`, `.confidence`, and for every
 * legal source n: `q.{question}.source.{n}.title|article|url|date`.
 */
import {
  CONFIDENCE_LEVELS,
  type AnswerEntry,
  type Confidence,
  type LegalSource,
} from '../answers/types.js';
import { isCalendarDate } from '../answers/dates.js';
import { formText } from '../http/params.js';
import { issueAt, type Issue } from '../issues/issue.js';
import { isAllowedAnswer, NOT_ASSESSED } from '../answers/vocabulary.js';
import type { Questionnaire, QuestionNode, Strand } from '../questionnaire/types.js';
import { ENTRY_LIMITS } from '../answers/sheet-schema.js';
import { characterCount } from '../source/characters.js';

/** The limits a sheet file has too (answers/sheet-schema.ts): a form never drops what a file stored. */
export const MAX_SOURCES = ENTRY_LIMITS.sources;
const MAX_COMMENT = ENTRY_LIMITS.comment;
const MAX_SOURCE_TEXT = ENTRY_LIMITS.sourceText;

export type PostedBody = Record<string, unknown>;

/**
 * A problem with one field of a question: `field` is the part of the field name after
 * `q.{question}.` (`answer`, `comment`, `in_force_since`, `confidence`, `source.{n}.title`, …).
 */
export interface FieldError {
  field: string;
  code: Issue['code'];
  message: string;
}

export interface ParsedStrand {
  /** Answer per question of the strand; `null` = no answer. */
  entries: Map<string, AnswerEntry | null>;
  /** Problems per question; a question with problems is not saved (nor is anything else). */
  errors: Map<string, FieldError[]>;
}

export function strandQuestions(questionnaire: Questionnaire, strandId: string): QuestionNode[] {
  return questionnaire.questions.filter((q) => q.strandId === strandId);
}

/**
 * The strands experts code, assigned and reviewed in the workspace: those with questions of their
 * own. A cross-cutting strand built only from references has nothing to answer (its items are
 * answered in their own strands); one with questions of its own (language tests, questionnaire
 * 1.1.0) is coded like any other, and its form shows only those questions.
 */
export function codedStrands(questionnaire: Questionnaire): Strand[] {
  return questionnaire.strands.filter(isCodedIn(questionnaire));
}

/** Whether a strand of `questionnaire` is coded in the workspace (see `codedStrands`). */
export function isCodedIn(questionnaire: Questionnaire): (strand: Strand) => boolean {
  const owners = new Set(questionnaire.questions.map((q) => q.strandId));
  return (strand) => owners.has(strand.id);
}

/** Whether `text` is a calendar date written YYYY-MM-DD (2024-02-30 is not): the check sheets share. */
export const isDate = isCalendarDate;

/** The numbers of the source rows posted for `questionId` (`q.{id}.source.{n}.…`), in order. */
function sourceRows(body: PostedBody, questionId: string): number[] {
  const prefix = `q.${questionId}.source.`;
  const rows = new Set<number>();
  for (const key of Object.keys(body)) {
    if (!key.startsWith(prefix)) continue;
    const n = key.slice(prefix.length).split('.')[0]!;
    // At most the form's field count (request-body.ts) of rows can be posted at all.
    if (/^\d{1,4}$/.test(n)) rows.add(Number(n));
  }
  return [...rows].sort((a, b) => a - b);
}

export function parseStrandForm(
  questionnaire: Questionnaire,
  strandId: string,
  body: PostedBody,
): ParsedStrand {
  const entries = new Map<string, AnswerEntry | null>();
  const errors = new Map<string, FieldError[]>();
  for (const question of strandQuestions(questionnaire, strandId)) {
    const problems: FieldError[] = [];
    const problem = (field: string, code: Issue['code'], message: string) =>
      problems.push({ field, code, message });
    const field = (name: string) => formText(body, `q.${question.id}.${name}`);
    const answer = field('answer');
    if (answer !== '' && !isAllowedAnswer(question, answer))
      problem('answer', 'invalid-answer', `“${answer}” is not an answer to this question`);
    const comment = field('comment');
    if (characterCount(comment) > MAX_COMMENT)
      problem('comment', 'too-long', `the comment is longer than ${MAX_COMMENT} characters`);
    const inForceSince = field('in_force_since');
    if (inForceSince !== '' && !isDate(inForceSince))
      problem(
        'in_force_since',
        'invalid-format',
        '“in force since” must be a date written YYYY-MM-DD',
      );
    const confidence = field('confidence');
    if (confidence !== '' && !(CONFIDENCE_LEVELS as readonly string[]).includes(confidence))
      problem('confidence', 'invalid-value', 'confidence must be low, medium or high');
    const sources: LegalSource[] = [];
    // Every row posted, not only the first MAX_SOURCES: a sheet stored before the limit was
    // shared may have more, and the form shows them all; past the limit is a problem, not a loss.
    for (const n of sourceRows(body, question.id)) {
      const part = (name: string) => field(`source.${n}.${name}`);
      const [title, article, url, date] = [
        part('title'),
        part('article'),
        part('url'),
        part('date'),
      ];
      if (!title && !article && !url && !date) continue;
      // Empty rows are dropped, so the form shown again numbers the sources as saved: the
      // problem names that position, which is where the field will be.
      const at = sources.length;
      if (!title)
        problem(`source.${at}.title`, 'missing-field', `source ${at + 1}: a title is needed`);
      if (url && !/^https?:\/\/\S+$/.test(url))
        problem(
          `source.${at}.url`,
          'invalid-format',
          `source ${at + 1}: the address must start with http:// or https://`,
        );
      if (date && !isDate(date))
        problem(
          `source.${at}.date`,
          'invalid-format',
          `source ${at + 1}: the date must be written YYYY-MM-DD`,
        );
      for (const [name, value] of [
        ['title', title],
        ['article', article],
        ['url', url],
      ] as const)
        if (characterCount(value) > MAX_SOURCE_TEXT)
          problem(
            `source.${at}.${name}`,
            'too-long',
            `source ${at + 1}: the ${name === 'url' ? 'address' : name} is longer than ${MAX_SOURCE_TEXT} characters`,
          );
      if (at === MAX_SOURCES)
        problem(
          `source.${at}.title`,
          'too-long',
          `an answer cites at most ${MAX_SOURCES} sources: remove source ${at + 1} and those after it`,
        );
      sources.push({ title, article: article || null, url: url || null, date: date || null });
    }
    if (problems.length > 0) errors.set(question.id, problems);
    const empty = answer === '' && !comment && sources.length === 0 && !inForceSince && !confidence;
    entries.set(
      question.id,
      empty
        ? null
        : {
            answer: answer || NOT_ASSESSED,
            sources,
            comment: comment || null,
            inForceSince: inForceSince || null,
            confidence: (confidence || null) as Confidence | null,
          },
    );
  }
  return { entries, errors };
}

/**
 * The refused fields as issues (`form`, path `answers.QUESTION.FIELD`), for the one error path: a
 * JSON client gets them with their codes, the page shows each message at its field.
 */
export function strandFormIssues(errors: ReadonlyMap<string, readonly FieldError[]>): Issue[] {
  return [...errors].flatMap(([questionId, problems]) =>
    problems.map((problem) =>
      issueAt(
        { file: 'form', path: ['answers', questionId, ...problem.field.split('.')] },
        problem.code,
        problem.message,
      ),
    ),
  );
}
