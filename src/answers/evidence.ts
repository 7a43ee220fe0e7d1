/**
 * Whether the answers of a sheet carry the evidence the questionnaire asks for, and whether their
 * dates make sense. One pure check used by the workspace (sheet page, submission) and by file
 * validation (`policy-index validate`, YAML uploads):
 *
 * - `invalid-date` (error): a source's `date` or an answer's `in_force_since` is not a real
 *   calendar date (2025-02-30) — the schema checks only the shape YYYY-MM-DD;
 * - `source-required` (error): the question's rules require a legal source and an answer other
 *   than not_applicable / no_data / not_assessed cites none;
 * - `in-force-after-reference-date` (error): the rule coded came into force after the edition's
 *   reference date, so it is not the law the edition describes;
 * - `source-outdated` (warning): a source is dated more than the question's
 *   `max_source_age_years` before the reference date — perhaps a newer version exists.
 *
 * Findings are the rules as submission applies them; `enforcedFindings` says which of them a
 * sheet's status enforces (a malformed date always, the rules from submission on).
 */
import { issueAt, type Issue, type Severity } from '../issues/issue.js';
import type { Questionnaire, QuestionNode } from '../questionnaire/types.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import { isCalendarDate, isOlderThanYears } from './dates.js';
import { LENIENT_STATUSES, type AnswerSheet, type SheetStatus } from './types.js';
import { isMissingValue } from './vocabulary.js';

export type EvidenceCode =
  'invalid-date' | 'source-required' | 'in-force-after-reference-date' | 'source-outdated';

export interface EvidenceFinding {
  code: EvidenceCode;
  severity: Severity;
  question: QuestionNode;
  /** Where in the sheet, e.g. `['answers', 'fr-residence-period', 'sources', 0, 'date']`. */
  path: DocPath;
  message: string;
}

/**
 * Every evidence finding of a sheet, in questionnaire order. `referenceDate` is the edition's
 * (YYYY-MM-DD); when it is not known (a file validated without one), the checks against it
 * (`in-force-after-reference-date`, `source-outdated`) are left out.
 */
export function evidenceFindings(
  questionnaire: Questionnaire,
  sheet: Pick<AnswerSheet, 'answers'>,
  referenceDate: string | null,
): EvidenceFinding[] {
  const findings: EvidenceFinding[] = [];
  for (const question of questionnaire.questions) {
    const entry = sheet.answers.get(question.id);
    if (!entry) continue;
    const name = `"${question.id}"${question.code ? ` (${question.code})` : ''}`;
    const at = (...rest: DocPath): DocPath => ['answers', question.id, ...rest];
    const add = (code: EvidenceCode, severity: Severity, path: DocPath, message: string) =>
      findings.push({ code, severity, question, path, message });
    const hasAnswer = !isMissingValue(entry.answer);

    if (question.evidence.sourcesRequired && hasAnswer && entry.sources.length === 0) {
      add(
        'source-required',
        'error',
        at(),
        `${name} cites no legal source: the questionnaire requires at least one for every answer other than not_applicable, no_data or not_assessed`,
      );
    }

    const since = entry.inForceSince;
    if (since !== null && !isCalendarDate(since)) {
      add(
        'invalid-date',
        'error',
        at('in_force_since'),
        `${name}: in_force_since "${since}" is not a real calendar date`,
      );
    } else if (since !== null && referenceDate !== null && since > referenceDate) {
      add(
        'in-force-after-reference-date',
        'error',
        at('in_force_since'),
        `${name}: in force since ${since}, after the edition's reference date ${referenceDate}; the edition codes the law in force on its reference date`,
      );
    }

    const maxAge = question.evidence.maxSourceAgeYears;
    entry.sources.forEach((source, n) => {
      const date = source.date;
      if (date === null) return;
      const label = `source ${n + 1} ("${source.title}")`;
      if (!isCalendarDate(date)) {
        add(
          'invalid-date',
          'error',
          at('sources', n, 'date'),
          `${name}: the date "${date}" of ${label} is not a real calendar date`,
        );
      } else if (
        maxAge !== null &&
        referenceDate !== null &&
        isOlderThanYears(date, referenceDate, maxAge)
      ) {
        add(
          'source-outdated',
          'warning',
          at('sources', n, 'date'),
          `${name}: ${label} is dated ${date}, more than ${maxAge} years before the reference date ${referenceDate}; check that it is still the version in force`,
        );
      }
    });
  }
  return findings;
}

/**
 * The findings a sheet's status enforces. A date that does not exist is wrong in any sheet;
 * drafts and imported data are not held to the evidence rules until they are submitted (the
 * expert still sees every finding on the sheet page).
 */
export function enforcedFindings(
  findings: readonly EvidenceFinding[],
  status: SheetStatus,
): EvidenceFinding[] {
  if (!LENIENT_STATUSES.includes(status)) return [...findings];
  return findings.filter((finding) => finding.code === 'invalid-date');
}

/**
 * A finding as a project issue. With the sheet's YAML source it is located at the field it
 * concerns (a missing source at the answer's key); a stored sheet has only the path.
 */
export function evidenceIssue(finding: EvidenceFinding, source?: YamlSource): Issue {
  const { code, path, message, severity } = finding;
  if (!source) return issueAt({ file: null, path }, code, message, severity);
  return source.issue(code, path, message, severity, code === 'source-required' ? 'key' : 'value');
}

/** Located issues for a parsed sheet file: the findings its status enforces. */
export function sheetEvidenceIssues(
  questionnaire: Questionnaire,
  sheet: Pick<AnswerSheet, 'answers' | 'status'>,
  source: YamlSource,
  referenceDate: string | null,
): Issue[] {
  return enforcedFindings(evidenceFindings(questionnaire, sheet, referenceDate), sheet.status).map(
    (finding) => evidenceIssue(finding, source),
  );
}
