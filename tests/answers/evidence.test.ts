/**
 * The evidence check, data-driven: every case of tests/fixtures/evidence-cases.yaml against the
 * "evidence" fixture questionnaire, which declares rules at every level; plus the calendar, and
 * which findings a sheet's status enforces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isCalendarDate, isOlderThanYears } from '../../src/answers/dates.js';
import { enforcedFindings, evidenceFindings } from '../../src/answers/evidence.js';
import { answerEntriesOf, parseSheetText } from '../../src/answers/load-sheet.js';
import type { RawAnswerEntry } from '../../src/answers/sheet-schema.js';
import type { SheetStatus } from '../../src/answers/types.js';
import { loadQuestionnaireFromTexts } from '../../src/questionnaire/load-questionnaire.js';
import { fixturePath, fixtureQuestionnaire, readCases } from '../helpers/fixtures.js';

interface EvidenceCase {
  name: string;
  reference_date: string | null;
  answers: Record<string, RawAnswerEntry>;
  expect: { code: string; severity: string; question: string; path: (string | number)[] }[];
}

const questionnaire = fixtureQuestionnaire('evidence');
const cases = parse(readFileSync(fixturePath('evidence-cases.yaml'), 'utf8')) as EvidenceCase[];

/** The files of a fixture questionnaire by name (its countries left out), to load with changes. */
function questionnaireTexts(name: 'evidence' | 'tiny'): Record<string, string> {
  const files = {
    evidence: ['index.yaml', 'rules.yaml', 'relaxed.yaml'],
    tiny: ['index.yaml', 'alpha.yaml', 'beta.yaml', 'cross.yaml'],
  }[name];
  const folder = fixturePath('questionnaires', name);
  return Object.fromEntries(files.map((file) => [file, readFileSync(join(folder, file), 'utf8')]));
}

describe('evidence rules declared in the questionnaire', () => {
  it('are inherited down the tree, the nearest declaration winning field by field', () => {
    const rules = Object.fromEntries(
      questionnaire.questions.map((q) => [
        q.id,
        [q.evidence.sourcesRequired, q.evidence.maxSourceAgeYears],
      ]),
    );
    expect(rules).toEqual({
      r1: [true, 10],
      r2: [true, 2],
      r3: [true, null],
      r4: [false, 10],
      r5: [true, 10],
      x1: [false, 20],
      x2: [false, 50],
    });
  });

  it('are not part of the scoring hash, but of the content hash', () => {
    const texts = questionnaireTexts('evidence');
    const withIndexRules = (rules: string) =>
      loadQuestionnaireFromTexts({
        ...texts,
        'index.yaml': texts['index.yaml']!.replace(
          'evidence: { sources_required: true, max_source_age_years: 10 }',
          rules,
        ),
      }).questionnaire!;
    const declared = withIndexRules(
      'evidence: { sources_required: true, max_source_age_years: 10 }',
    );
    const changed = withIndexRules(
      'evidence: { sources_required: false, max_source_age_years: 3 }',
    );
    expect(changed.questions[0]!.evidence).toEqual({
      sourcesRequired: false,
      maxSourceAgeYears: 3,
    });
    expect(changed.scoringHash).toBe(declared.scoringHash);
    expect(changed.hash).not.toBe(declared.hash);
  });

  it('declared as the defaults, they leave the content hash as if none were declared', () => {
    const texts = questionnaireTexts('tiny');
    const plain = loadQuestionnaireFromTexts(texts).questionnaire!;
    const explicit = loadQuestionnaireFromTexts({
      ...texts,
      'index.yaml': `${texts['index.yaml']!}evidence: { sources_required: false, max_source_age_years: null }\n`,
    }).questionnaire!;
    expect(explicit.hash).toBe(plain.hash);
  });

  it('a maximum age must be a whole number above 0 (stage 2) and a number or null (stage 1)', () => {
    const texts = questionnaireTexts('evidence');
    const issuesWith = (age: string) =>
      loadQuestionnaireFromTexts({
        ...texts,
        'relaxed.yaml': texts['relaxed.yaml']!.replace(
          'evidence: { max_source_age_years: 20 }',
          `evidence: { max_source_age_years: ${age} }`,
        ),
      }).issues.map(({ code, file, line }) => ({ code, file, line }));
    for (const age of ['0', '-5', '1.5'])
      expect(issuesWith(age), age).toEqual([
        { code: 'invalid-source-age', file: 'relaxed.yaml', line: 8 },
      ]);
    expect(issuesWith('"ten"')).toEqual([{ code: 'wrong-type', file: 'relaxed.yaml', line: 8 }]);
    expect(issuesWith('20, sources: true')).toEqual([
      { code: 'unknown-field', file: 'relaxed.yaml', line: 8 },
    ]);
  });

  it('a reference takes no rules of its own', () => {
    const texts = questionnaireTexts('tiny');
    const { questionnaire: built, issues } = loadQuestionnaireFromTexts({
      ...texts,
      'cross.yaml': texts['cross.yaml']!.replace(
        '{ id: x-q4, ref: q4 }',
        '{ id: x-q4, ref: q4, evidence: { sources_required: true } }',
      ),
    });
    expect(built).toBeNull();
    expect(issues.map((i) => [i.code, i.file, i.path.join('.')])).toEqual([
      ['invalid-node-kind', 'cross.yaml', 'dimensions.0.indicators.1.evidence'],
    ]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, data) => {
    const findings = evidenceFindings(
      questionnaire,
      { answers: answerEntriesOf(data.answers) },
      data.reference_date,
    );
    expect(
      findings.map((f) => ({
        code: f.code,
        severity: f.severity,
        question: f.question.id,
        path: f.path,
      })),
    ).toEqual(data.expect);
    for (const finding of findings) expect(finding.message).toContain(`"${finding.question.id}"`);
  });
});

describe('what a status enforces', () => {
  const findings = evidenceFindings(
    questionnaire,
    {
      answers: answerEntriesOf({
        r1: { answer: 'open', in_force_since: '2025-02-30' },
        r2: { answer: 'open', sources: [{ title: 'Act', date: '2001-01-01' }] },
      }),
    },
    '2025-01-01',
  );

  it.each(['draft', 'imported'] as SheetStatus[])(
    'a %s sheet: only a date that does not exist',
    (status) => {
      expect(enforcedFindings(findings, status).map((f) => f.code)).toEqual(['invalid-date']);
    },
  );

  it.each(['submitted', 'in_review', 'approved', 'published'] as SheetStatus[])(
    'a %s sheet: every finding',
    (status) => {
      expect(enforcedFindings(findings, status).map((f) => f.code)).toEqual([
        'source-required',
        'invalid-date',
        'source-outdated',
      ]);
    },
  );
});

describe('calendar dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2025-12-31', true],
    ['2025-02-30', false],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['2025-1-01', false],
    ['2025-01-01T00:00', false],
    ['2025/01/01', false],
    ['2025-01-0a', false],
    ['+025-01-01', false],
    ['٢٠٢٥-01-01', false],
    ['0000-01-01', true],
    ['', false],
  ] as const)('%s is a calendar date: %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    ['2014-12-31', '2025-01-01', 10, true],
    ['2015-01-01', '2025-01-01', 10, false],
    ['2015-01-02', '2025-01-01', 10, false],
    ['2016-02-29', '2026-02-28', 10, false],
    ['2016-02-29', '2026-03-01', 10, true],
    ['1990-06-15', '2025-01-01', 1, true],
    ['2024-12-31', '2025-01-01', 0, true],
    ['2025-01-01', '2025-01-01', 0, false],
    ['1999-12-31', '2025-01-01', 25, true],
  ] as const)('%s is older than %s minus %i years: %s', (date, reference, years, expected) => {
    expect(isOlderThanYears(date, reference, years)).toBe(expected);
  });

  /** Any text of the shape YYYY-MM-DD, real day or not (months and days 00–99). */
  const shaped = dates(99, 99);
  /** Months 1–12 and days 1–31, nearly all of them real days. */
  const plausible = dates(12, 31, 1);
  function dates(maxMonth: number, maxDay: number, min = 0) {
    return fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min, max: maxMonth }),
        fc.integer({ min, max: maxDay }),
      )
      .map(([y, m, d]) => ({ y, m, d, text: `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}` }));
  }

  it('a date is a calendar date exactly when the UTC calendar has that day', () => {
    fc.assert(
      fc.property(shaped, ({ y, m, d, text }) => {
        const day = new Date(0);
        day.setUTCFullYear(y, m - 1, d);
        const exists =
          day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
        expect(isCalendarDate(text)).toBe(exists);
      }),
    );
  });

  it('"older than N years" compares the date moved N years on with the reference, part by part', () => {
    const real = plausible.filter(({ text }) => isCalendarDate(text));
    fc.assert(
      fc.property(real, real, fc.integer({ min: 0, max: 50 }), (date, reference, years) => {
        const moved = [date.y + years, date.m, date.d];
        const ref = [reference.y, reference.m, reference.d];
        const earlier =
          moved[0]! < ref[0]! ||
          (moved[0] === ref[0] &&
            (moved[1]! < ref[1]! || (moved[1] === ref[1] && moved[2]! < ref[2]!)));
        expect(isOlderThanYears(date.text, reference.text, years)).toBe(earlier);
      }),
    );
  });
});

interface LocatedCase {
  expect: { code: string; severity: 'error' | 'warning'; line: number; column: number };
  reference_date: string | null;
  sheet: string;
}

describe('evidence in sheet files: one fixture per code, located', () => {
  const context = (referenceDate: string | null) => ({
    questionnaire,
    referenceDateOf: () => referenceDate,
  });

  it('the base sheet meets the rules', () => {
    const text = readFileSync(fixturePath('evidence-errors', '_valid.yaml'), 'utf8');
    const { sheet, issues } = parseSheetText('sheet.yaml', text, context('2025-01-01'));
    expect(issues).toEqual([]);
    expect(sheet).not.toBeNull();
  });

  it.each(readCases<LocatedCase>('evidence-errors').map((c) => [c.name, c.data] as const))(
    '%s',
    (name, data) => {
      const { sheet, issues } = parseSheetText(
        'sheet.yaml',
        data.sheet,
        context(data.reference_date),
      );
      expect(data.expect.code).toBe(name);
      expect(
        issues
          .filter((issue) => issue.code === name)
          .map(({ code, severity, line, column }) => ({ code, severity, line, column })),
      ).toEqual([data.expect]);
      if (data.expect.severity === 'error') expect(sheet).toBeNull();
      else expect(sheet).not.toBeNull();
    },
  );

  it('a draft is not held to the rules until it is submitted', () => {
    const text = readFileSync(fixturePath('evidence-errors', 'source-required.yaml'), 'utf8');
    const draft = (parse(text) as LocatedCase).sheet.replace('status: submitted', 'status: draft');
    const { sheet, issues } = parseSheetText('sheet.yaml', draft, context('2025-01-01'));
    expect(issues).toEqual([]);
    expect(sheet).not.toBeNull();
  });
});

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
