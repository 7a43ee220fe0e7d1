/**
 * Agreement between coders: several experts code the same country and edition independently;
 * this measures how far they agree (Krippendorff's alpha) and builds the reconciled answers once
 * a reviewer has settled each disagreement. Pure: no I/O.
 *
 * Vocabulary. A coder's *answer* to a question is what the sheet says: an option id, one of
 * `not_applicable`, `no_data`, `not_assessed`, or nothing (left out). A coder has a *value* for
 * a question when the answer is an option id; the three missing values and a left-out question
 * are "no value" and never count as agreement or disagreement in alpha (missing data).
 *
 * Reference: K. Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", University of
 * Pennsylvania, Annenberg School for Communication: the coincidence-matrix formulation. Its
 * worked example (4 coders × 12 units, missing data) is a test case.
 */
import { InputError, fileIssue, type Issue } from '../issues/issue.js';
import {
  allowedAnswers,
  isAllowedAnswer,
  NO_DATA,
  NOT_APPLICABLE,
  NOT_ASSESSED,
} from '../answers/vocabulary.js';
import {
  labelText,
  type AnswerOption,
  type Questionnaire,
  type QuestionNode,
  type QuestionnaireNode,
} from '../questionnaire/types.js';

// ---------------------------------------------------------------------------------------------
// Krippendorff's alpha
// ---------------------------------------------------------------------------------------------

/** The difference functions of Krippendorff's alpha implemented here. */
export type AlphaMetric = 'nominal' | 'ordinal' | 'interval';

/** One unit of reliability data (here: one question): each coder's value, `null` = missing. */
export type ReliabilityUnit = readonly (number | null)[];

/**
 * Krippendorff's alpha with the ordinal difference metric. Each value is a category label; the
 * categories are ordered numerically. Ordinal alpha depends only on that order and on how often
 * each value occurs, so ranks and raw scores give the same result.
 *
 * See `krippendorffAlpha` for the formula and the edge cases.
 */
export function krippendorffAlphaOrdinal(units: readonly ReliabilityUnit[]): number | null {
  return krippendorffAlpha(units, 'ordinal');
}

/**
 * Krippendorff's alpha, coincidence-matrix formulation (Krippendorff 2011):
 *
 * - a unit u is *pairable* when it holds m_u ≥ 2 non-missing values; other units are ignored;
 * - coincidences: o_ck = Σ_u (number of ordered c–k pairs of values in u) / (m_u − 1),
 *   i.e. n_uc·n_uk/(m_u − 1) for c ≠ k and n_uc·(n_uc − 1)/(m_u − 1) for c = k;
 * - n_c = Σ_k o_ck (how often value c is pairable), n = Σ_c n_c;
 * - squared difference δ²_ck:
 *   nominal  — 0 if c = k, else 1;
 *   ordinal  — (Σ_{g=c..k} n_g − (n_c + n_k)/2)² for c ≤ k (symmetric), over the values in
 *              numerical order;
 *   interval — (c − k)²;
 * - α = 1 − D_o/D_e = 1 − (n − 1) · Σ_c Σ_k o_ck·δ²_ck / Σ_c Σ_k n_c·n_k·δ²_ck.
 *
 * Edge cases:
 * - no pairable unit (no unit with two values; empty input) → `null`;
 * - a single distinct value among the pairable values → `null`: the expected disagreement D_e
 *   is then 0, alpha is 0/0, and perfect agreement cannot be told apart from chance (every
 *   coder giving every unit the same value says nothing about reliability);
 * - otherwise a number in [−1, 1]: 1 for perfect agreement, 0 for agreement at chance level,
 *   below 0 for systematic disagreement;
 * - units may have different lengths (coders per unit); the order of units and of the values
 *   inside a unit does not matter;
 * - a value that is not a finite number is a programming error → throws.
 */
export function krippendorffAlpha(
  units: readonly ReliabilityUnit[],
  metric: AlphaMetric,
): number | null {
  const pairable = pairableUnits(units);
  if (pairable.length === 0) return null;
  const table = coincidences(pairable);
  if (table.values.length < 2) return null;
  const delta = squaredDifferences(table, metric);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < table.values.length; c++) {
    for (let k = 0; k < table.values.length; k++) {
      observed += table.o[c]![k]! * delta[c]![k]!;
      expected += table.marginals[c]! * table.marginals[k]! * delta[c]![k]!;
    }
  }
  return 1 - ((table.total - 1) * observed) / expected;
}

/** The units with at least two values, missing values removed. Throws on non-finite values. */
function pairableUnits(units: readonly ReliabilityUnit[]): number[][] {
  return units
    .map((unit, index) =>
      unit.filter((value): value is number => {
        if (value === null) return false;
        if (!Number.isFinite(value)) {
          throw new Error(
            `krippendorffAlpha: unit ${index} holds ${value}; values must be finite numbers or null`,
          );
        }
        return true;
      }),
    )
    .filter((values) => values.length >= 2);
}

/** Coincidence matrix over the distinct values (ascending), its marginals n_c and total n. */
interface Coincidences {
  values: number[];
  o: number[][];
  marginals: number[];
  total: number;
}

function coincidences(units: readonly number[][]): Coincidences {
  const values = [...new Set(units.flat())].sort((a, b) => a - b);
  const indexOf = new Map(values.map((value, index) => [value, index]));
  const o = values.map(() => values.map(() => 0));
  for (const unit of units) {
    const counts = new Map<number, number>();
    for (const value of unit) {
      const c = indexOf.get(value)!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const pairsPerValue = unit.length - 1;
    for (const [c, countC] of counts) {
      for (const [k, countK] of counts) {
        const pairs = c === k ? countC * (countC - 1) : countC * countK;
        o[c]![k]! += pairs / pairsPerValue;
      }
    }
  }
  const marginals = o.map((row) => row.reduce((sum, x) => sum + x, 0));
  const total = marginals.reduce((sum, x) => sum + x, 0);
  return { values, o, marginals, total };
}

/** δ²_ck for every pair of value indices, per the metric (see `krippendorffAlpha`). */
function squaredDifferences(table: Coincidences, metric: AlphaMetric): number[][] {
  const { values, marginals } = table;
  // cumulative[i] = n_0 + … + n_{i−1}, so Σ_{g=c..k} n_g = cumulative[k + 1] − cumulative[c].
  const cumulative = [0];
  for (const n of marginals) cumulative.push(cumulative[cumulative.length - 1]! + n);
  return values.map((valueC, c) =>
    values.map((valueK, k) => {
      if (metric === 'nominal') return c === k ? 0 : 1;
      if (metric === 'interval') return (valueC - valueK) ** 2;
      const low = Math.min(c, k);
      const high = Math.max(c, k);
      const between = cumulative[high + 1]! - cumulative[low]!;
      return (between - (marginals[low]! + marginals[high]!) / 2) ** 2;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Agreement between coders' sheets
// ---------------------------------------------------------------------------------------------

/** One coder's answers to one country × edition: question id → option id or missing value. */
export interface CoderSheet {
  coder: string;
  answers: ReadonlyMap<string, string>;
}

/** Each coder's answer as coded (option id or missing value), `null` where left out. */
export type CoderAnswers = Record<string, string | null>;

/**
 * Why a question needs a reviewer's decision:
 * - `different-options`: coders with a value chose different options;
 * - `value-and-no-value`: coders with a value agree, but at least one coder has no value;
 * - `different-reasons`: no coder has a value, but they differ on why (`not_applicable`,
 *   `no_data`, or not answered = left out or `not_assessed`). Alpha ignores these, yet the
 *   reconciled sheet must say one thing — `not_applicable` drives skip logic.
 */
export type DisagreementKind = 'different-options' | 'value-and-no-value' | 'different-reasons';

export interface QuestionAgreement {
  questionId: string;
  code: string | null;
  /** Every coder with a value chose the same option (true as well with fewer than two values). */
  agreed: boolean;
  /** At least two coders have a value: the question is a unit of alpha. */
  pairable: boolean;
  values: CoderAnswers;
}

export interface StrandAgreement {
  strandId: string;
  /** Ordinal alpha over the strand's questions as units; `null` as in `krippendorffAlpha`. */
  alpha: number | null;
  pairableQuestions: number;
}

export interface Disagreement {
  questionId: string;
  code: string | null;
  label: string;
  kind: DisagreementKind;
  values: CoderAnswers;
}

export interface AgreementReport {
  coders: string[];
  /** Ordinal alpha over every question of the questionnaire as units (see `agreement`). */
  overall: number | null;
  /** Questions with at least two coders having a value. */
  pairableQuestions: number;
  perStrand: StrandAgreement[];
  perQuestion: QuestionAgreement[];
  /** The questions a reviewer must settle before `reconcile`, in questionnaire order. */
  disagreements: Disagreement[];
}

/**
 * How far the coders of one country × edition agree.
 *
 * - `overall`: ordinal alpha with every question as a unit and the *scores* (0–100) of the
 *   chosen options as values. All questions share that one scale: 50 on one question and 50 on
 *   another are the same category. Scores are what the index is made of, and ordinal alpha
 *   uses only their order and frequencies, so differently spaced option scores change nothing
 *   as long as their order across questions is the same.
 * - `perStrand`: the same over each strand's questions. A single question cannot have an alpha
 *   of its own (one unit carries no expected disagreement), so the finest level of alpha is the
 *   strand; a cross-cutting strand's questions are those its references lead to.
 * - `perQuestion`: each coder's answer, whether the coders with a value agree, and whether the
 *   question is pairable.
 * - `disagreements`: see `DisagreementKind`. Exactly these need a choice in `reconcile`.
 *
 * Throws an `InputError` (codes `too-few-coders`, `duplicate-coder`, `unknown-question`,
 * `invalid-answer`) when there are fewer than two coders, two sheets name the same coder, or a
 * sheet answers a question the questionnaire lacks or with something that is neither an option
 * of the question nor a missing value.
 */
export function agreement(
  questionnaire: Questionnaire,
  sheets: readonly CoderSheet[],
): AgreementReport {
  const coded = codeQuestions(questionnaire, sheets);
  const codedById = new Map(coded.map((question) => [question.question.id, question]));
  const unitsOf = (questions: readonly CodedQuestion[]) => questions.map(scoresOf);
  return {
    coders: sheets.map((sheet) => sheet.coder),
    overall: krippendorffAlphaOrdinal(unitsOf(coded)),
    pairableQuestions: coded.filter(isPairable).length,
    perStrand: questionnaire.strands.map((strand) => {
      const questions = questionIdsUnder(strand, questionnaire.nodes).map((id) =>
        codedById.get(id)!,
      );
      return {
        strandId: strand.id,
        alpha: krippendorffAlphaOrdinal(unitsOf(questions)),
        pairableQuestions: questions.filter(isPairable).length,
      };
    }),
    perQuestion: coded.map((question) => ({
      questionId: question.question.id,
      code: question.question.code,
      agreed: distinctOptions(question).length <= 1,
      pairable: isPairable(question),
      values: valuesByCoder(question, sheets),
    })),
    disagreements: coded.flatMap((question) => {
      const kind = disagreementKind(question);
      if (kind === null) return [];
      return [
        {
          questionId: question.question.id,
          code: question.question.code,
          label: labelText(question.question.label),
          kind,
          values: valuesByCoder(question, sheets),
        },
      ];
    }),
  };
}

/** A reviewer's decision on one question: a coder whose answer stands, or an answer given. */
export type ReconcileChoice = string | { answer: string };

/**
 * The reconciled answers (question id → option id or missing value), in questionnaire order:
 *
 * - a question with a choice takes it: the named coder's answer, or the explicit answer (an
 *   option id of the question or a missing value). A choice wins even where the coders agree —
 *   the reviewer's decision is final;
 * - a question without a disagreement (see `DisagreementKind`) takes the coders' common answer;
 * - not answered (left out or `not_assessed`, which mean the same) is left out of the map.
 *
 * Throws an `InputError` listing every problem at once: `unresolved-disagreement` (a
 * disagreement without a choice), `invalid-choice` (an explicit answer that is neither an
 * option id of the question nor a missing value), `unknown-coder` (a choice naming no coder of
 * the sheets), `unknown-question` (a choice for a question the questionnaire lacks), plus the
 * problems `agreement` reports for the sheets themselves.
 */
export function reconcile(
  questionnaire: Questionnaire,
  sheets: readonly CoderSheet[],
  choices: ReadonlyMap<string, ReconcileChoice>,
): Map<string, string> {
  const coded = codeQuestions(questionnaire, sheets);
  const issues: Issue[] = [...choices.keys()]
    .filter((id) => questionOf(questionnaire, id) === null)
    .map((id) =>
      fileIssue(
        null,
        'unknown-question',
        `a choice is given for "${id}", which is not a question of ${questionnaire.id} ${questionnaire.version}`,
      ),
    );
  const reconciled = new Map<string, string>();
  for (const question of coded) {
    const choice = choices.get(question.question.id);
    const resolved =
      choice === undefined ? commonAnswer(question) : chosenAnswer(question, choice, sheets);
    if ('issue' in resolved) issues.push(resolved.issue);
    else if (resolved.answer !== null) reconciled.set(question.question.id, resolved.answer);
  }
  if (issues.length > 0) throw new InputError(issues);
  return reconciled;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** One question with every coder's answer (sheet order) and the option it names, if any. */
interface CodedQuestion {
  question: QuestionNode;
  /** As coded; `null` where the coder left the question out. */
  answers: (string | null)[];
  /** The chosen option; `null` for no value. */
  options: (AnswerOption | null)[];
}

/** Why a coder has no value: one of two missing values, or not answered at all. */
type NoValueReason = typeof NOT_APPLICABLE | typeof NO_DATA | 'not_answered';

/** Checks the sheets (see `agreement`) and pairs every question with the coders' answers. */
function codeQuestions(
  questionnaire: Questionnaire,
  sheets: readonly CoderSheet[],
): CodedQuestion[] {
  const issues = sheetIssues(questionnaire, sheets);
  if (issues.length > 0) throw new InputError(issues);
  return questionnaire.questions.map((question) => {
    const answers = sheets.map((sheet) => sheet.answers.get(question.id) ?? null);
    const options = answers.map((answer) => optionOf(question, answer));
    return { question, answers, options };
  });
}

function sheetIssues(questionnaire: Questionnaire, sheets: readonly CoderSheet[]): Issue[] {
  if (sheets.length < 2) {
    return [
      fileIssue(
        null,
        'too-few-coders',
        `agreement needs the sheets of at least two coders; got ${sheets.length}`,
      ),
    ];
  }
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const sheet of sheets) {
    if (seen.has(sheet.coder)) {
      issues.push(
        fileIssue(
          null,
          'duplicate-coder',
          `two sheets are by coder "${sheet.coder}"; give each coder's sheet once`,
        ),
      );
    }
    seen.add(sheet.coder);
    for (const [id, answer] of sheet.answers) {
      const question = questionOf(questionnaire, id);
      if (question === null) {
        issues.push(
          fileIssue(
            null,
            'unknown-question',
            `coder "${sheet.coder}" answers "${id}", which is not a question of ${questionnaire.id} ${questionnaire.version}`,
          ),
        );
      } else if (!isAllowedAnswer(question, answer)) {
        issues.push(
          fileIssue(
            null,
            'invalid-answer',
            `coder "${sheet.coder}" answers "${id}" with "${answer}"; allowed: ${allowedAnswers(question).join(', ')}`,
          ),
        );
      }
    }
  }
  return issues;
}

function questionOf(questionnaire: Questionnaire, id: string): QuestionNode | null {
  const node = questionnaire.nodes.get(id);
  return node?.kind === 'question' ? node : null;
}

function optionOf(question: QuestionNode, answer: string | null): AnswerOption | null {
  return question.options.find((option) => option.id === answer) ?? null;
}

function noValueReason(answer: string | null): NoValueReason {
  return answer === NOT_APPLICABLE || answer === NO_DATA ? answer : 'not_answered';
}

function scoresOf(question: CodedQuestion): (number | null)[] {
  return question.options.map((option) => option?.score ?? null);
}

function isPairable(question: CodedQuestion): boolean {
  return question.options.filter((option) => option !== null).length >= 2;
}

/** The distinct option ids chosen by coders with a value. */
function distinctOptions(question: CodedQuestion): string[] {
  return [...new Set(question.options.flatMap((option) => (option ? [option.id] : [])))];
}

function disagreementKind(question: CodedQuestion): DisagreementKind | null {
  const options = distinctOptions(question);
  if (options.length > 1) return 'different-options';
  const withoutValue = question.options.filter((option) => option === null).length;
  if (options.length === 1) return withoutValue > 0 ? 'value-and-no-value' : null;
  const reasons = new Set(question.answers.map(noValueReason));
  return reasons.size > 1 ? 'different-reasons' : null;
}

function valuesByCoder(question: CodedQuestion, sheets: readonly CoderSheet[]): CoderAnswers {
  return Object.fromEntries(sheets.map((sheet, i) => [sheet.coder, question.answers[i]!]));
}

type Resolution = { answer: string | null } | { issue: Issue };

/** What the sheet records for an answer: not answered (incl. `not_assessed`) is left out. */
function recorded(answer: string | null): string | null {
  return answer === NOT_ASSESSED ? null : answer;
}

function commonAnswer(question: CodedQuestion): Resolution {
  if (disagreementKind(question) !== null) {
    const { id } = question.question;
    return {
      issue: fileIssue(
        null,
        'unresolved-disagreement',
        `the coders disagree on "${id}" and no choice settles it; choose a coder or give an answer`,
      ),
    };
  }
  const [option] = distinctOptions(question);
  return { answer: option ?? recorded(question.answers[0]!) };
}

function chosenAnswer(
  question: CodedQuestion,
  choice: ReconcileChoice,
  sheets: readonly CoderSheet[],
): Resolution {
  const { id } = question.question;
  if (typeof choice !== 'string') {
    if (isAllowedAnswer(question.question, choice.answer))
      return { answer: recorded(choice.answer) };
    return {
      issue: fileIssue(
        null,
        'invalid-choice',
        `the answer chosen for "${id}", "${choice.answer}", is not allowed; allowed: ${allowedAnswers(question.question).join(', ')}`,
      ),
    };
  }
  const index = sheets.findIndex((sheet) => sheet.coder === choice);
  if (index === -1) {
    return {
      issue: fileIssue(
        null,
        'unknown-coder',
        `the choice for "${id}" names coder "${choice}", who has no sheet here; coders: ${sheets.map((sheet) => sheet.coder).join(', ')}`,
      ),
    };
  }
  return { answer: recorded(question.answers[index]!) };
}

/** Ids of the questions under a node, following references, each once, in tree order. */
function questionIdsUnder(
  node: QuestionnaireNode,
  nodes: ReadonlyMap<string, QuestionnaireNode>,
): string[] {
  if (node.kind === 'question') return [node.id];
  if (node.kind === 'ref') return questionIdsUnder(nodes.get(node.targetId)!, nodes);
  return [...new Set(node.children.flatMap((child) => questionIdsUnder(child, nodes)))];
}
