/**
 * Turns a table of leaf scores (`country,edition,code,score`; blank score = skipped) into answer
 * sheets: for each leaf, the option with that score. All-or-nothing: any error (unknown country
 * or code, a score no option has, a duplicate row) means no sheet at all.
 *
 * Data coded elsewhere does not always follow our skip logic. It is kept exactly as coded (a blank
 * becomes `not_applicable`, an answer stays an answer); each deviation is reported as a warning,
 * and the sheets get status `imported`, for which such findings are warnings by definition.
 */
import { issueAt, type Issue, type IssueCode } from '../issues/issue.js';
import { resolveCountry, type CountryRegistry } from '../questionnaire/countries.js';
import type { Questionnaire, QuestionNode } from '../questionnaire/types.js';
import { parseCsv, CsvSyntaxError } from '../table/csv.js';
import { skipLogicFindings } from './check-sheet.js';
import { EDITION_ID_RULE, isEditionId } from './edition-id.js';
import type { AnswerEntry, AnswerSheet } from './types.js';
import { NOT_APPLICABLE } from './vocabulary.js';
import { decimalNumber } from '../source/decimal.js';

export const IMPORT_COLUMNS = ['country', 'edition', 'code', 'score'] as const;

export type ImportedSheet = Omit<AnswerSheet, 'file'>;

export function importScores(
  file: string,
  text: string,
  questionnaire: Questionnaire,
  countries: CountryRegistry,
): { sheets: ImportedSheet[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const rowIssue = (
    line: number,
    code: IssueCode,
    message: string,
    severity: Issue['severity'] = 'error',
  ) => issues.push(issueAt({ file, line, column: 1 }, code, message, severity));

  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    rowIssue(error.line, 'csv-syntax', error.message);
    return { sheets: [], issues };
  }
  const [header, ...rows] = records;
  if (!header) {
    rowIssue(1, 'csv-header', `empty file: expected a header ${IMPORT_COLUMNS.join(',')}`);
    return { sheets: [], issues };
  }
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const position = Object.fromEntries(
    IMPORT_COLUMNS.map((name) => [name, columns.indexOf(name)]),
  ) as Record<(typeof IMPORT_COLUMNS)[number], number>;
  const missing = IMPORT_COLUMNS.filter((name) => position[name] < 0);
  if (missing.length > 0) {
    rowIssue(
      header.line,
      'csv-header',
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (need ${IMPORT_COLUMNS.join(',')})`,
    );
    return { sheets: [], issues };
  }

  const byCode = new Map<string, QuestionNode>(
    questionnaire.questions.filter((q) => q.code !== null).map((q) => [q.code!, q]),
  );
  const sheets = new Map<string, ImportedSheet>();
  /** CSV line of each imported answer (`edition/country/question`), for warnings. */
  const lineOf = new Map<string, number>();
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const cell = (name: (typeof IMPORT_COLUMNS)[number]) =>
      (row.fields[position[name]] ?? '').trim();
    const where = `row ${row.line}`;
    const rawCountry = cell('country');
    const country = resolveCountry(countries, rawCountry);
    const edition = cell('edition');
    const code = cell('code');
    const rawScore = cell('score');
    let ok = true;
    if (country === null) {
      rowIssue(row.line, 'unknown-country', `${where}: unknown country "${rawCountry}"`);
      ok = false;
    }
    if (!isEditionId(edition)) {
      rowIssue(row.line, 'invalid-edition', `${where}: edition "${edition}": ${EDITION_ID_RULE}`);
      ok = false;
    }
    const question = byCode.get(code);
    if (!question) {
      const node = [...questionnaire.nodes.values()].find((n) => n.code === code);
      rowIssue(
        row.line,
        'unknown-code',
        node
          ? `${where}: code "${code}" is the ${node.level} "${node.id}", which is computed, not answered`
          : `${where}: no question has code "${code}"`,
      );
      ok = false;
    }
    let answer: string | null = null;
    if (question) {
      if (rawScore === '') {
        answer = NOT_APPLICABLE;
      } else {
        const score = decimalNumber(rawScore);
        const matches = Number.isFinite(score)
          ? question.options.filter((option) => option.score === score)
          : [];
        if (!Number.isFinite(score)) {
          rowIssue(row.line, 'invalid-score', `${where}: score "${rawScore}" is not a number`);
        } else if (matches.length === 0) {
          rowIssue(
            row.line,
            'no-matching-option',
            `${where}: no option of ${code} ("${question.id}") scores ${rawScore}; options score ${question.options.map((o) => o.score).join(', ')}`,
          );
        } else if (matches.length > 1) {
          rowIssue(
            row.line,
            'ambiguous-score',
            `${where}: several options of ${code} score ${rawScore} (${matches.map((o) => o.id).join(', ')})`,
          );
        } else {
          answer = matches[0]!.id;
        }
      }
    }
    if (!ok || !question || answer === null || country === null) continue;

    const key = `${edition}/${country}`;
    let sheet = sheets.get(key);
    if (!sheet) {
      sheet = {
        questionnaire: { id: questionnaire.id, version: questionnaire.version },
        country,
        edition,
        status: 'imported',
        illustrative: false,
        coders: [],
        answers: new Map(),
      };
      sheets.set(key, sheet);
      firstLineOf.set(key, row.line);
    }
    if (sheet.answers.has(question.id)) {
      rowIssue(
        row.line,
        'duplicate-row',
        `${where}: a second score for ${country} ${edition} ${code}`,
      );
      continue;
    }
    const entry: AnswerEntry = {
      answer,
      sources: [],
      comment: null,
      inForceSince: null,
      confidence: null,
    };
    sheet.answers.set(question.id, entry);
    lineOf.set(`${key}/${question.id}`, row.line);
  }

  const result = [...sheets.values()].sort(
    (a, b) => a.edition.localeCompare(b.edition) || a.country.localeCompare(b.country),
  );
  for (const sheet of result) {
    for (const finding of skipLogicFindings(questionnaire, sheet)) {
      if (finding.code === 'no-data') continue;
      // An answer's own row; for a missing answer, the sheet's first row.
      const line =
        lineOf.get(`${sheet.edition}/${sheet.country}/${finding.question.id}`) ??
        firstLineOf.get(`${sheet.edition}/${sheet.country}`);
      issues.push(
        issueAt(
          { file, line, column: 1 },
          finding.code,
          `${sheet.country} ${sheet.edition}: ${finding.message}`,
          'warning',
        ),
      );
    }
  }
  return { sheets: result, issues };
}
