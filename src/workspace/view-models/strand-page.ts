/**
 * The page of one strand's form: every question with the values to show (stored, or what the
 * user typed when a save was refused), each field with an id, its problem and the attributes that
 * tie the two together, the error summary, the index of questions with their status, carried
 * answers with their earlier sources to re-check, and a read-only version for users who may not
 * edit (answers and sources as text, links that work).
 */
import type { Response } from 'express';
import type { AnswerEntry, LegalSource } from '../../answers/types.js';
import {
  answerText,
  MISSING_VALUE_TEXT,
  NO_DATA,
  NOT_APPLICABLE,
} from '../../answers/vocabulary.js';
import { conditionInWords } from '../../questionnaire/in-words.js';
import { labelText, type QuestionNode } from '../../questionnaire/types.js';
import type { Db } from '../../storage/database.js';
import { answerFingerprint } from '../answer-fingerprint.js';
import {
  carriedAnswers,
  commentsOf,
  type CarriedAnswer,
  type ReviewComment,
} from '../../storage/review-repository.js';
import { mayTake, type SheetContext } from '../sheet-context.js';
import { isDate, MAX_SOURCES, strandQuestions, type FieldError } from '../strand-form.js';
import { isDone, questionStatuses, STATE_WORDS, type QuestionState } from './question-status.js';

export interface StrandPageOptions {
  /** Problems of a refused save, per question. */
  errors?: ReadonlyMap<string, FieldError[]>;
  /** The other person's answers, when a save was refused because of theirs. */
  theirs?: ReadonlyMap<string, AnswerEntry>;
  conflict?: string;
  baseRevision: number;
  saved?: boolean;
  /** The question whose carried answer was just confirmed. */
  confirmed?: string;
}

export interface FieldView {
  id: string;
  name: string;
  value: string;
  /** The id of the field's error message, or null when the field is fine. */
  errorId: string | null;
}

/** One field of a legal source row, with its visible label and input type. */
export interface SourceField extends FieldView {
  label: string;
  type: 'text' | 'url' | 'date';
}

export interface SourceRow {
  /** 1-based, for labels. */
  number: number;
  fields: SourceField[];
}

export interface SourceText {
  title: string;
  article: string;
  url: string;
  /** The address when it is a web address that may be linked. */
  link: string | null;
  date: string;
  /** Why this source of a carried answer should be checked again, or null. */
  recheck: string | null;
}

export interface CarriedView {
  from: string;
  referenceDate: string | null;
  answer: string;
  inForceSince: string;
  sources: SourceText[];
  recheckCount: number;
  fingerprint: string;
  formId: string;
  action: string;
  mayConfirm: boolean;
}

export interface FormQuestion {
  id: string;
  anchor: string;
  code: string;
  label: string;
  guidance: string;
  sourcesGuidance: string;
  condition: string | null;
  applies: boolean | null;
  state: QuestionState;
  stateWords: string;
  answer: { id: string; name: string; errorId: string | null; text: string };
  options: { id: string; value: string; label: string; score: number | null; checked: boolean }[];
  comment: FieldView;
  inForceSince: FieldView & { type: 'date' | 'text' };
  confidence: FieldView;
  sources: SourceRow[];
  sourcesText: SourceText[];
  errors: { id: string; href: string; message: string }[];
  carried: CarriedView | null;
  comments: ReviewComment[];
  theirs: string | null;
  historyHref: string;
}

export interface IndexItem {
  code: string;
  label: string;
  href: string;
  state: QuestionState;
  stateWords: string;
}

export function strandPageView(
  db: Db,
  res: Response,
  context: SheetContext,
  strandId: string,
  answers: ReadonlyMap<string, AnswerEntry>,
  options: StrandPageOptions,
) {
  const strand = context.questionnaire.strands.find((s) => s.id === strandId)!;
  const stored = context.stored?.sheet.answers ?? new Map<string, AnswerEntry>();
  const carried = context.stored
    ? carriedAnswers(db, context.stored.id)
    : new Map<string, CarriedAnswer>();
  const errors = options.errors ?? new Map<string, FieldError[]>();
  const statuses = questionStatuses(context.questionnaire, answers, carried, errors);
  const readOnly = !mayTake(res, context, 'save-strand', [strandId]).allowed;
  const mayConfirm = mayTake(res, context, 'confirm-carried', [strandId]).allowed;
  const sheetPath = `/workspace/sheets/${context.country}/${context.edition}`;
  const comments = context.stored ? commentsOf(db, context.stored.id) : [];

  const questions = strandQuestions(context.questionnaire, strandId).map((question) => {
    const status = statuses.get(question.id)!;
    const entry = answers.get(question.id);
    const problems = errors.get(question.id) ?? [];
    const ids = fieldIds(question.id, problems);
    const carriedFrom = carried.get(question.id);
    const storedEntry = stored.get(question.id);
    const naAllowed = question.notApplicableAllowed || status.applies !== true;
    const sources: LegalSource[] = entry?.sources ?? [];
    // Every stored source, and one empty row while there is room for another.
    const rows = Math.max(sources.length, Math.min(MAX_SOURCES, sources.length + 1));
    const view: FormQuestion = {
      id: question.id,
      anchor: `q-${question.id}`,
      code: question.code ?? '',
      label: labelText(question.label),
      guidance: labelText(question.guidance),
      sourcesGuidance: labelText(question.sourcesGuidance),
      condition: conditionInWords(question, context.questionnaire),
      applies: status.applies,
      state: status.state,
      stateWords: STATE_WORDS[status.state],
      answer: {
        ...ids.field('answer', ''),
        text: entry ? answerText(question, entry.answer) : 'No answer yet',
      },
      options: [
        ...question.options.map((o) => ({
          value: o.id,
          label: labelText(o.label),
          score: o.score,
        })),
        ...(naAllowed
          ? [{ value: NOT_APPLICABLE, label: MISSING_VALUE_TEXT.not_applicable, score: null }]
          : []),
        {
          value: NO_DATA,
          label: `${MISSING_VALUE_TEXT.no_data}: the rule could not be established`,
          score: null,
        },
      ].map((o) => ({
        ...o,
        id: `${ids.field('answer', '').id}--${o.value.replace(/_/g, '-')}`,
        checked: entry?.answer === o.value,
      })),
      comment: ids.field('comment', entry?.comment ?? ''),
      inForceSince: dateField(ids.field('in_force_since', entry?.inForceSince ?? '')),
      confidence: ids.field('confidence', entry?.confidence ?? ''),
      sources: Array.from({ length: rows }, (_, n) => sourceRow(ids, n, sources[n])),
      sourcesText: sources.map((s) => sourceText(s, null)),
      errors: problems.map((p) => ({
        id: ids.field(p.field, '').errorId!,
        href: `#${ids.field(p.field, '').id}`,
        message: p.message,
      })),
      carried:
        carriedFrom && storedEntry
          ? carriedView(question, storedEntry, carriedFrom, {
              action: `${sheetPath}/confirm/${question.id}`,
              mayConfirm,
            })
          : null,
      comments: comments.filter((c) => c.questionId === question.id),
      theirs: theirsText(question, options.theirs),
      historyHref: `${sheetPath}/history/${question.id}`,
    };
    return view;
  });

  const index: IndexItem[] = questions.map((q) => ({
    code: q.code,
    label: q.label,
    href: `#${q.anchor}`,
    state: q.state,
    stateWords: q.stateWords,
  }));
  const confirmed = options.confirmed ? questions.find((q) => q.id === options.confirmed) : null;
  return {
    title: `${labelText(strand.label)}: ${context.country} ${context.edition}`,
    context,
    strand: { id: strand.id, label: labelText(strand.label) },
    formAction: `${sheetPath}/strands/${strand.id}`,
    sheetPath,
    questions,
    index,
    doneCount: questions.filter((q) => isDone(statuses.get(q.id)!)).length,
    nextUnanswered:
      index.find((item) => item.state !== 'answered' && item.state !== 'not-asked') ?? null,
    errorSummary: questions.flatMap((q) =>
      q.errors.map((e) => ({ href: e.href, text: `${q.code} ${q.label}: ${e.message}` })),
    ),
    baseRevision: options.baseRevision,
    conflict: options.conflict ?? null,
    saved: options.saved ?? false,
    confirmed: confirmed ? `${confirmed.code} ${confirmed.label}` : null,
    readOnly,
    maxSources: MAX_SOURCES,
  };
}

/**
 * Ids of a question's fields and of their error messages. `field` is the part of the field name
 * after `q.{question}.`; ids use dashes (`q-fr-partners--source-0-date`) so that they need no
 * escaping in a URL fragment or a CSS selector.
 */
function fieldIds(questionId: string, problems: readonly FieldError[]) {
  const bad = new Set(problems.map((p) => p.field));
  return {
    field(field: string, value: string): FieldView {
      const id = `q-${questionId}--${field.replace(/[._]/g, '-')}`;
      return {
        id,
        name: `q.${questionId}.${field}`,
        value,
        errorId: bad.has(field) ? `${id}-error` : null,
      };
    },
  };
}

/**
 * The fields of legal source n: title, article, address, date. Each has a visible label
 * ("Source 1 title"), shown above it when the row stacks on a narrow screen.
 */
function sourceRow(
  ids: ReturnType<typeof fieldIds>,
  n: number,
  source: LegalSource | undefined,
): SourceRow {
  const field = (part: string, word: string, value: string, type: SourceField['type']) => ({
    ...ids.field(`source.${n}.${part}`, value),
    label: `Source ${n + 1} ${word}`,
    type,
  });
  const date = dateField(ids.field(`source.${n}.date`, source?.date ?? ''));
  return {
    number: n + 1,
    fields: [
      field('title', 'title', source?.title ?? '', 'text'),
      field('article', 'article', source?.article ?? '', 'text'),
      field('url', 'address', source?.url ?? '', 'url'),
      { ...date, label: `Source ${n + 1} date` },
    ],
  };
}

/** A date field is a date input unless its value is not a date (then the text stays editable). */
function dateField(field: FieldView): FieldView & { type: 'date' | 'text' } {
  return { ...field, type: field.value === '' || isDate(field.value) ? 'date' : 'text' };
}

function sourceText(source: LegalSource, recheck: string | null): SourceText {
  return {
    title: source.title,
    article: source.article ?? '',
    url: source.url ?? '',
    link: source.url && /^https?:\/\/\S+$/.test(source.url) ? source.url : null,
    date: source.date ?? '',
    recheck,
  };
}

/**
 * A carried answer as it came from the earlier edition, with the sources to check again: those
 * dated before that edition's reference date (consulted for an earlier state of the law) and those
 * without a date.
 */
function carriedView(
  question: QuestionNode,
  entry: AnswerEntry,
  carried: CarriedAnswer,
  form: { action: string; mayConfirm: boolean },
): CarriedView {
  const sources = entry.sources.map((s) =>
    sourceText(s, recheckReason(s, carried.from, carried.referenceDate)),
  );
  return {
    from: carried.from,
    referenceDate: carried.referenceDate,
    answer: answerText(question, entry.answer),
    inForceSince: entry.inForceSince ?? '',
    sources,
    recheckCount: sources.filter((s) => s.recheck !== null).length,
    fingerprint: answerFingerprint(entry),
    formId: `confirm-${question.id}`,
    action: form.action,
    mayConfirm: form.mayConfirm,
  };
}

function recheckReason(
  source: LegalSource,
  from: string,
  referenceDate: string | null,
): string | null {
  if (!source.date) return 'undated: check that it is still current';
  if (referenceDate && source.date < referenceDate)
    return `dated before the reference date of ${from} (${referenceDate}): check that it is still current`;
  return null;
}

function theirsText(
  question: QuestionNode,
  theirs: ReadonlyMap<string, AnswerEntry> | undefined,
): string | null {
  if (!theirs) return null;
  const entry = theirs.get(question.id);
  if (!entry) return '(no answer)';
  return `${answerText(question, entry.answer)}${entry.comment ? ` — “${entry.comment}”` : ''}`;
}
