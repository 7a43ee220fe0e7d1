/**
 * Re-codes one answer sheet into another questionnaire through a crosswalk. Never invents an
 * answer: a target question is answered only when the crosswalk says how and the source sheet
 * holds the answers it needs; every other target question is listed as unmapped, with why.
 * A mapped answer keeps the sources of the answers it came from and says in its comment where
 * it came from; the re-coded sheet is a `draft`, for an expert to review.
 */
import { isMissingValue } from '../answers/vocabulary.js';
import type { AnswerEntry, AnswerSheet, LegalSource } from '../answers/types.js';
import type { Questionnaire, QuestionNode } from '../questionnaire/types.js';
import { nameOf, rowMatches } from './load-crosswalk.js';
import { crosswalkName, type Crosswalk, type CrosswalkEntry } from './types.js';

export interface UnmappedQuestion {
  /** Target question id. */
  question: string;
  code: string | null;
  reason: string;
}

export interface Recoded {
  sheet: Omit<AnswerSheet, 'file'>;
  unmapped: UnmappedQuestion[];
}

type Answers = ReadonlyMap<string, AnswerEntry>;

export function recodeSheet(
  sheet: Pick<AnswerSheet, 'country' | 'edition' | 'illustrative' | 'coders'> & {
    answers: Answers;
  },
  from: Questionnaire,
  to: Questionnaire,
  crosswalk: Crosswalk,
): Recoded {
  const answers = new Map<string, AnswerEntry>();
  const unmapped: UnmappedQuestion[] = [];
  const context = { from, crosswalk: crosswalkName(crosswalk) };
  for (const entry of crosswalk.entries) {
    for (const [target, result] of recodeEntry(entry, sheet.answers, context)) {
      if (typeof result === 'string') {
        const question = to.nodes.get(target) as QuestionNode;
        unmapped.push({ question: target, code: question.code, reason: result });
      } else answers.set(target, result);
    }
  }
  const order = new Map(to.questions.map((q, n) => [q.id, n]));
  unmapped.sort((a, b) => order.get(a.question)! - order.get(b.question)!);
  return {
    sheet: {
      questionnaire: { id: to.id, version: to.version },
      country: sheet.country,
      edition: sheet.edition,
      status: 'draft',
      illustrative: sheet.illustrative,
      coders: sheet.coders,
      answers,
    },
    unmapped,
  };
}

interface Context {
  from: Questionnaire;
  crosswalk: string;
}

/** Per target question of the entry: the re-coded answer, or why there is none. */
function recodeEntry(
  entry: CrosswalkEntry,
  answers: Answers,
  context: Context,
): [string, AnswerEntry | string][] {
  switch (entry.kind) {
    case 'none':
      return entry.targets.map((target) => [target, `no counterpart: ${entry.reason}`]);
    case 'carry': {
      const given = sourceAnswers([entry.source], answers, context);
      if (typeof given === 'string') return [[entry.target, given]];
      const answer = entry.options.get(given[0]!.answer) ?? null;
      if (answer === null)
        return [
          [entry.target, `${given[0]!.name} = ${given[0]!.answer} has no single counterpart`],
        ];
      return [[entry.target, recodedEntry(answer, given, context)]];
    }
    case 'merge': {
      // A row may decide without a source it does not name (a follow-up the skip logic left
      // out); `otherwise` applies only when every source is answered.
      const given: Given[] = [];
      const missing: string[] = [];
      for (const id of entry.sources) {
        const one = sourceAnswers([id], answers, context);
        if (typeof one === 'string') missing.push(one);
        else given.push(one[0]!);
      }
      const byQuestion = new Map(given.map((g) => [g.question, g.answer]));
      const row = entry.rows.find(
        (r) => rowMatches(r, byQuestion) && (r.when.size > 0 || missing.length === 0),
      );
      if (!row)
        return [[entry.target, `${missing.join('; ')}, and no rule row decides without it`]];
      if (row.answer === null)
        return [[entry.target, `${given.map(said).join(' and ')} has no single counterpart`]];
      return [[entry.target, recodedEntry(row.answer, given, context)]];
    }
  }
}

interface Given {
  question: string;
  name: string;
  answer: string;
  entry: AnswerEntry;
}

/** The source answers an entry needs, or why they cannot be used. */
function sourceAnswers(
  ids: readonly string[],
  answers: Answers,
  context: Context,
): Given[] | string {
  const given: Given[] = [];
  for (const id of ids) {
    const name = nameOf(context.from.nodes.get(id) as QuestionNode);
    const entry = answers.get(id);
    if (!entry) return `${name} is not answered in the source sheet`;
    if (isMissingValue(entry.answer)) return `${name} is ${entry.answer} in the source sheet`;
    given.push({ question: id, name, answer: entry.answer, entry });
  }
  return given;
}

function said(given: Given): string {
  return `${given.name} = ${given.answer}`;
}

/**
 * The target answer with its provenance: the comment names the crosswalk and the source answers;
 * sources are those of the source answers (each once); in force since the latest of theirs;
 * confidence the lowest of theirs.
 */
function recodedEntry(answer: string, given: Given[], context: Context): AnswerEntry {
  const sources = new Map<string, LegalSource>();
  for (const { entry } of given)
    for (const source of entry.sources)
      sources.set(JSON.stringify([source.title, source.article, source.url, source.date]), source);
  const since = given.map((g) => g.entry.inForceSince).filter((d) => d !== null);
  const confidences = given.map((g) => g.entry.confidence);
  const confidence = confidences.includes(null)
    ? null
    : (['low', 'medium', 'high'] as const).find((level) => confidences.includes(level))!;
  const comments = given.map((g) => g.entry.comment).filter((c) => c !== null);
  return {
    answer,
    sources: [...sources.values()],
    comment: [
      `Re-coded by crosswalk ${context.crosswalk} from ${given.map(said).join(' and ')}.`,
      ...comments.map((c) => `Source comment: ${c}`),
    ].join(' '),
    inForceSince: since.length === given.length ? since.sort().at(-1)! : null,
    confidence,
  };
}
