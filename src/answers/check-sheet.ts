/**
 * Stage 2 of sheet validation: what the schema cannot say.
 *
 * - `sheet-path-mismatch`: the file's path (`{edition}/{country}.yaml`,
 *   `{edition}/{country}.{coder}.yaml`) says another country, edition or coder than the sheet;
 * - `unknown-country`: the country code is not in the country list (when one is given);
 * - `answer-where-skipped`: an option is chosen although the skip logic says the question does
 *   not arise;
 * - `missing-answer`: an applicable question has no answer (or is `not_assessed`);
 * - `not-applicable-not-allowed`: "not applicable" for a question that applies and does not
 *   allow it;
 * - the evidence rules and real calendar dates (`evidence.ts`: `invalid-date`,
 *   `source-required`, `in-force-after-reference-date`, `source-outdated`);
 * - `no-data`: the expert could not establish the rule (always a warning: it is an honest
 *   answer, but the sheet is not complete).
 *
 * Skip-logic and completeness problems are warnings for drafts and imported data (which is kept
 * exactly as coded), and for a sheet approved as coded (`as_coded: true`, approved or published:
 * `as-coded-not-approved` otherwise; such a sheet is held to the evidence rules of imported data
 * too); errors for every later status. A condition that cannot be decided (it depends on an
 * unanswered question) neither asks for an answer nor forbids one.
 */
import type { Issue, Severity } from '../issues/issue.js';
import type { AnswerLookup } from '../questionnaire/expressions.js';
import type { Questionnaire, QuestionNode } from '../questionnaire/types.js';
import type { YamlSource } from '../source/yaml-source.js';
import { sheetEvidenceIssues } from './evidence.js';
import { isCoderNamed, OFFICIAL_CODER, sheetPathClaim } from './sheet-file-name.js';
import { AS_CODED_STATUSES, LENIENT_STATUSES, type AnswerSheet } from './types.js';
import {
  answerForConditions,
  answerMap,
  isMissingValue,
  isUnanswered,
  NO_DATA,
  NOT_APPLICABLE,
} from './vocabulary.js';

export interface SheetContext {
  questionnaire: Questionnaire;
  /** Known country codes; when absent, any well-formed code is accepted. */
  countries?: ReadonlySet<string>;
  /**
   * The reference date of an edition (YYYY-MM-DD), for the evidence checks against it; when
   * absent or null, those checks are left out (a sheet file does not say its edition's date).
   */
  referenceDateOf?: (edition: string) => string | null;
}

export function checkSheet(sheet: AnswerSheet, source: YamlSource, context: SheetContext): Issue[] {
  const { questionnaire, countries } = context;
  const issues: Issue[] = [];
  if (countries && !countries.has(sheet.country)) {
    issues.push(
      source.issue('unknown-country', ['country'], `unknown country code "${sheet.country}"`),
    );
  }
  issues.push(...checkSheetPath(sheet, source));
  const asCoded = sheet.asCoded === true && AS_CODED_STATUSES.includes(sheet.status);
  if (sheet.asCoded && !asCoded)
    issues.push(
      source.issue(
        'as-coded-not-approved',
        ['as_coded'],
        `only an approved or published sheet is approved as coded; this one is ${sheet.status}: remove "as_coded"`,
        'error',
        'key',
      ),
    );
  const strictness: Severity =
    LENIENT_STATUSES.includes(sheet.status) || asCoded ? 'warning' : 'error';
  for (const finding of skipLogicFindings(questionnaire, sheet)) {
    const path = finding.present ? ['answers', finding.question.id] : ['answers'];
    issues.push(
      source.issue(
        finding.code,
        path,
        finding.message,
        finding.code === 'no-data' ? 'warning' : strictness,
        'key',
      ),
    );
  }
  const referenceDate = context.referenceDateOf?.(sheet.edition) ?? null;
  // Approved as coded, the data was never submitted here: it is held to the evidence rules of
  // imported data (real dates), as when `approve --as-coded` approved it.
  const evidenceStatus = asCoded ? 'imported' : sheet.status;
  issues.push(
    ...sheetEvidenceIssues(
      questionnaire,
      { answers: sheet.answers, status: evidenceStatus },
      source,
      referenceDate,
    ),
  );
  return issues;
}

/**
 * A sheet file whose path names a country, edition or coder must hold that sheet: otherwise an
 * import would store it over another country's or edition's sheet. Located at the field that
 * disagrees.
 */
function checkSheetPath(sheet: AnswerSheet, source: YamlSource): Issue[] {
  const claim = sheetPathClaim(source.file);
  if (!claim) return [];
  const issues: Issue[] = [];
  if (claim.country !== null && claim.country !== sheet.country) {
    issues.push(
      source.issue(
        'sheet-path-mismatch',
        ['country'],
        `the file name says country ${claim.country} but the sheet is for ${sheet.country}: rename the file or correct "country"`,
      ),
    );
  }
  if (claim.edition !== null && claim.edition !== sheet.edition) {
    issues.push(
      source.issue(
        'sheet-path-mismatch',
        ['edition'],
        `the folder says edition ${claim.edition} but the sheet is for edition "${sheet.edition}": move the file or correct "edition"`,
      ),
    );
  }
  const coder = claim.coder;
  if (coder === OFFICIAL_CODER) {
    issues.push(
      source.issue(
        'reserved-coder-key',
        [],
        `"${OFFICIAL_CODER}" is the key of the official sheet, not a coder's: name the file ${claim.country}.yaml, or after the coder`,
      ),
    );
  } else if (
    coder !== null &&
    sheet.coders.length > 0 &&
    !sheet.coders.some((c) => isCoderNamed(c, coder))
  ) {
    issues.push(
      source.issue(
        'sheet-path-mismatch',
        ['coders'],
        `the file name says coder "${coder}" but the sheet names ${sheet.coders.map((c) => `"${c.name}"`).join(', ')}: rename the file or list the coder`,
      ),
    );
  }
  return issues;
}

export interface SkipLogicFinding {
  code: DeviationCode | 'no-data';
  question: QuestionNode;
  /** Whether the sheet has an entry for the question. */
  present: boolean;
  message: string;
}

/**
 * Lookup of a sheet's answers for skip-logic expressions. The option scores come from a table
 * built once per questionnaire: rebuilding a lookup of the questions for every sheet was a
 * measurable part of validating one.
 */
export function answerLookup(
  questionnaire: Questionnaire,
  answers: ReadonlyMap<string, string>,
): AnswerLookup {
  const scores = optionScores(questionnaire);
  return {
    option: (id) => answerForConditions(answers.get(id)),
    score(id) {
      const answer = answers.get(id);
      return (answer === undefined ? undefined : scores.get(id)?.get(answer)) ?? null;
    },
  };
}

const optionScoreTables = new WeakMap<Questionnaire, Map<string, Map<string, number>>>();

/** Each question's option scores by option id (`answerScore` as a table), built once. */
function optionScores(questionnaire: Questionnaire): Map<string, Map<string, number>> {
  let scores = optionScoreTables.get(questionnaire);
  if (!scores) {
    scores = new Map(
      questionnaire.questions.map((q) => [q.id, new Map(q.options.map((o) => [o.id, o.score]))]),
    );
    optionScoreTables.set(questionnaire, scores);
  }
  return scores;
}

/** Whether a question applies given the answers: true, false, or null (undecidable). */
export function applies(question: QuestionNode, lookup: AnswerLookup): boolean | null {
  return question.appliesIf ? question.appliesIf.evaluate(lookup) : true;
}

/**
 * Compares a sheet's answers with the skip logic and completeness rules. Shared by validation,
 * import (which reports these as warnings) and the expert's "what is missing" list.
 */
export function skipLogicFindings(
  questionnaire: Questionnaire,
  sheet: Pick<AnswerSheet, 'answers'>,
): SkipLogicFinding[] {
  const answers = answerMap(sheet);
  const lookup = answerLookup(questionnaire, answers);
  const findings: SkipLogicFinding[] = [];
  for (const question of questionnaire.questions) {
    const answer = answers.get(question.id);
    const applicable = applies(question, lookup);
    const condition = question.appliesIf?.source;
    const present = answer !== undefined;
    if (applicable === false) {
      if (present && !isMissingValue(answer)) {
        findings.push({
          code: 'answer-where-skipped',
          question,
          present,
          message: `"${question.id}" is answered although its condition is false (applies_if: ${condition}); answer ${NOT_APPLICABLE} or remove it`,
        });
      }
      continue;
    }
    if (applicable === null) continue; // depends on an unanswered question: cannot tell yet
    if (isUnanswered(answer)) {
      findings.push({
        code: 'missing-answer',
        question,
        present,
        message: `"${question.id}"${question.code ? ` (${question.code})` : ''} is not answered${
          condition ? ` although it applies (applies_if: ${condition})` : ''
        }`,
      });
    } else if (answer === NO_DATA) {
      findings.push({
        code: 'no-data',
        question,
        present,
        message: `"${question.id}" is marked no_data: it is left out of the scores and the sheet is not complete`,
      });
    } else if (answer === NOT_APPLICABLE && !question.notApplicableAllowed) {
      findings.push({
        code: 'not-applicable-not-allowed',
        question,
        present,
        message: `"${question.id}" applies${condition ? ` (applies_if: ${condition})` : ''} and does not allow ${NOT_APPLICABLE}; choose one of its options`,
      });
    }
  }
  return findings;
}

/** The findings by which a sheet deviates from the skip logic (all but `no-data`). */
const DEVIATION_CODE_LIST = [
  'answer-where-skipped',
  'missing-answer',
  'not-applicable-not-allowed',
] as const;

export type DeviationCode = (typeof DEVIATION_CODE_LIST)[number];

/** The codes of `skipLogicDeviations`, for issues that carry them (an import's warnings). */
export const DEVIATION_CODES: ReadonlySet<string> = new Set<string>(DEVIATION_CODE_LIST);

/**
 * Where a sheet deviates from the skip logic: answered where it is skipped, unanswered where it
 * is asked, "not applicable" where that is not allowed; a `no_data` answer is not a deviation.
 * What keeps a sheet from being submitted, what approving as coded confirms, and what `publish`
 * records with the edition: one list for all three.
 */
export function skipLogicDeviations(
  questionnaire: Questionnaire,
  sheet: Pick<AnswerSheet, 'answers'>,
): (SkipLogicFinding & { code: DeviationCode })[] {
  return skipLogicFindings(questionnaire, sheet).filter(
    (f): f is SkipLogicFinding & { code: DeviationCode } => f.code !== 'no-data',
  );
}
