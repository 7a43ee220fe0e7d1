/**
 * The expert's form for one strand: turning posted fields into answers (with an error next to
 * each field that is wrong), and the view model that shows a form — stored answers, or what the
 * user typed when a save was refused.
 *
 * Field names: `q.{question}.answer`, `.comment`, `.in_force_since`, `.confidence`, and for every
 * legal source n: `q.{question}.source.{n}.title|article|url|date`.
 */
import { answerLookup, applies } from '../answers/check-sheet.js';
import {
  CONFIDENCE_LEVELS,
  type AnswerEntry,
  type Confidence,
  type LegalSource,
} from '../answers/types.js';
import { labelText, type Questionnaire, type QuestionNode } from '../questionnaire/types.js';
import { conditionInWords } from '../questionnaire/in-words.js';
import type { ReviewComment } from './review-repository.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_SOURCES = 10;
const MAX_TEXT = 5000;

export type PostedBody = Record<string, unknown>;

export interface ParsedStrand {
  /** Answer per question of the strand; `null` = no answer. */
  entries: Map<string, AnswerEntry | null>;
  errors: Map<string, string[]>;
}

export function strandQuestions(questionnaire: Questionnaire, strandId: string): QuestionNode[] {
  return questionnaire.questions.filter((q) => q.strandId === strandId);
}

function text(body: PostedBody, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

export function parseStrandForm(
  questionnaire: Questionnaire,
  strandId: string,
  body: PostedBody,
): ParsedStrand {
  const entries = new Map<string, AnswerEntry | null>();
  const errors = new Map<string, string[]>();
  for (const question of strandQuestions(questionnaire, strandId)) {
    const problems: string[] = [];
    const field = (name: string) => text(body, `q.${question.id}.${name}`);
    const answer = field('answer');
    const allowed = [
      ...question.options.map((o) => o.id),
      'not_applicable',
      'no_data',
      'not_assessed',
    ];
    if (answer !== '' && !allowed.includes(answer))
      problems.push(`“${answer}” is not an answer to this question`);
    const comment = field('comment');
    if (comment.length > MAX_TEXT)
      problems.push(`the comment is longer than ${MAX_TEXT} characters`);
    const inForceSince = field('in_force_since');
    if (inForceSince !== '' && !DATE.test(inForceSince))
      problems.push('“in force since” must be a date written YYYY-MM-DD');
    const confidence = field('confidence');
    if (confidence !== '' && !(CONFIDENCE_LEVELS as readonly string[]).includes(confidence))
      problems.push('confidence must be low, medium or high');
    const sources: LegalSource[] = [];
    for (let n = 0; n < MAX_SOURCES; n++) {
      const part = (name: string) => field(`source.${n}.${name}`);
      const [title, article, url, date] = [
        part('title'),
        part('article'),
        part('url'),
        part('date'),
      ];
      if (!title && !article && !url && !date) continue;
      if (!title) problems.push(`source ${n + 1}: a title is needed`);
      if (url && !/^https?:\/\/\S+$/.test(url))
        problems.push(`source ${n + 1}: the address must start with http:// or https://`);
      if (date && !DATE.test(date))
        problems.push(`source ${n + 1}: the date must be written YYYY-MM-DD`);
      sources.push({ title, article: article || null, url: url || null, date: date || null });
    }
    if (problems.length > 0) errors.set(question.id, problems);
    const empty = answer === '' && !comment && sources.length === 0 && !inForceSince && !confidence;
    entries.set(
      question.id,
      empty
        ? null
        : {
            answer: answer || 'not_assessed',
            sources,
            comment: comment || null,
            inForceSince: inForceSince || null,
            confidence: (confidence || null) as Confidence | null,
          },
    );
  }
  return { entries, errors };
}

export interface FormQuestion {
  id: string;
  code: string;
  label: string;
  guidance: string;
  sourcesGuidance: string;
  condition: string | null;
  applies: boolean | null;
  options: { id: string; label: string; score: number | null; checked: boolean }[];
  comment: string;
  inForceSince: string;
  confidence: string;
  sources: { title: string; article: string; url: string; date: string }[];
  errors: string[];
  carriedFrom: string | null;
  comments: ReviewComment[];
  theirs: string | null;
}

/**
 * The form's questions with the values to show: `answers` is the whole sheet as it should appear
 * (stored, or stored with the user's posted strand merged in), so skip logic reflects it.
 */
export function formQuestions(
  questionnaire: Questionnaire,
  strandId: string,
  answers: ReadonlyMap<string, AnswerEntry>,
  extras: {
    errors?: ReadonlyMap<string, string[]>;
    carried?: ReadonlyMap<string, string>;
    comments?: readonly ReviewComment[];
    theirs?: ReadonlyMap<string, AnswerEntry>;
  } = {},
): FormQuestion[] {
  const lookup = answerLookup(
    questionnaire,
    new Map([...answers].map(([id, e]) => [id, e.answer])),
  );
  return strandQuestions(questionnaire, strandId).map((question) => {
    const entry = answers.get(question.id);
    const applicable = applies(question, lookup);
    const naAllowed = question.notApplicableAllowed || applicable !== true;
    const theirs = extras.theirs?.get(question.id);
    const sources = (entry?.sources ?? []).map((s) => ({
      title: s.title,
      article: s.article ?? '',
      url: s.url ?? '',
      date: s.date ?? '',
    }));
    while (sources.length < Math.min(MAX_SOURCES, (entry?.sources.length ?? 0) + 2))
      sources.push({ title: '', article: '', url: '', date: '' });
    return {
      id: question.id,
      code: question.code ?? '',
      label: labelText(question.label),
      guidance: labelText(question.guidance),
      sourcesGuidance: labelText(question.sourcesGuidance),
      condition: conditionInWords(question, questionnaire),
      applies: applicable,
      options: [
        ...question.options.map((o) => ({
          id: o.id,
          label: labelText(o.label),
          score: o.score,
          checked: entry?.answer === o.id,
        })),
        ...(naAllowed
          ? [
              {
                id: 'not_applicable',
                label: 'Not applicable',
                score: null,
                checked: entry?.answer === 'not_applicable',
              },
            ]
          : []),
        {
          id: 'no_data',
          label: 'No data: the rule could not be established',
          score: null,
          checked: entry?.answer === 'no_data',
        },
      ],
      comment: entry?.comment ?? '',
      inForceSince: entry?.inForceSince ?? '',
      confidence: entry?.confidence ?? '',
      sources,
      errors: extras.errors?.get(question.id) ?? [],
      carriedFrom: extras.carried?.get(question.id) ?? null,
      comments: (extras.comments ?? []).filter((c) => c.questionId === question.id),
      theirs:
        theirs === undefined && !extras.theirs
          ? null
          : theirs === undefined
            ? '(no answer)'
            : `${question.options.find((o) => o.id === theirs.answer) ? labelText(question.options.find((o) => o.id === theirs.answer)!.label) : theirs.answer}${theirs.comment ? ` — “${theirs.comment}”` : ''}`,
    };
  });
}
