import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { importScores } from '../../src/answers/import-scores.js';
import { loadCountries } from '../../src/questionnaire/countries.js';
import { loadQuestionnaireFromTexts } from '../../src/questionnaire/load-questionnaire.js';
import { fixturePath, fixtureQuestionnaire } from '../helpers/fixtures.js';

const questionnaire = fixtureQuestionnaire('tiny');
const countries = loadCountries(fixturePath('questionnaires', 'tiny'));
const { cases } = parse(readFileSync(fixturePath('import-errors.yaml'), 'utf8')) as {
  cases: { code: string; csv: string; line: number }[];
};

describe('import-scores: one case per error code', () => {
  it.each(cases.map((c) => [c.code, c] as const))('%s', (_code, c) => {
    const { sheets, issues } = importScores('in.csv', c.csv, questionnaire, countries);
    const errors = issues.filter((issue) => issue.severity === 'error');
    expect(errors.map((issue) => [issue.code, issue.line])).toContainEqual([c.code, c.line]);
    expect(errors.every((issue) => issue.file === 'in.csv')).toBe(true);
    // The caller writes nothing when there is an error; the rows that were fine are not lost
    // silently either: they are simply not returned as a partial import.
    expect(sheets.length === 0 || errors.length > 0).toBe(true);
  });

  it('ambiguous-score: two options with the same score cannot be told apart', () => {
    const index = 'id: amb\ntitle: Ambiguous\nversion: 1.0.0\nstrands: [s.yaml]\n';
    const strand = [
      'id: s',
      'label: S',
      'dimensions:',
      '  - id: d',
      '    label: D',
      '    indicators:',
      '      - id: q',
      '        code: "1"',
      '        options: [{ id: none, label: None, score: 100 }, { id: a1, label: A1, score: 100 }, { id: b1, label: B1, score: 0 }]',
    ].join('\n');
    const amb = loadQuestionnaireFromTexts({
      'index.yaml': index,
      's.yaml': strand,
    }).questionnaire!;
    const { issues } = importScores(
      'in.csv',
      'country,edition,code,score\nAT,1,1,100\n',
      amb,
      countries,
    );
    expect(issues.map((issue) => [issue.code, issue.line])).toEqual([['ambiguous-score', 2]]);
  });

  it('accepts aliases, extra columns, any column order, a byte-order mark and CRLF line ends', () => {
    const csv = '\ufeffnote,score,code,edition,country\r\nx,100,1,2014,OE\r\ny,,3b,2014,OE\r\n';
    const { sheets, issues } = importScores('in.csv', csv, questionnaire, countries);
    expect(issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(sheets).toHaveLength(1);
    expect(sheets[0]!.country).toBe('AT');
    expect([...sheets[0]!.answers].map(([id, entry]) => [id, entry.answer])).toEqual([
      ['q1', 'good'],
      ['i2', 'not_applicable'],
    ]);
  });
});

describe('countries file problems', () => {
  it.each([
    ['duplicate-country', 'countries:\n  - { code: AT, name: A }\n  - { code: AT, name: B }\n', 3],
    [
      'duplicate-id',
      'countries:\n  - { code: AT, name: A }\ngroups:\n  - { id: g, label: G, members: [AT] }\n  - { id: g, label: H, members: [AT] }\n',
      5,
    ],
    [
      'unknown-country',
      'countries:\n  - { code: AT, name: A }\ngroups:\n  - { id: g, label: G, members: [AT, XX] }\n',
      4,
    ],
  ])('%s', async (code, text, line) => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'countries-'));
    try {
      writeFileSync(join(dir, 'countries.yaml'), text);
      const registry = loadCountries(dir);
      expect(registry.issues.map((issue) => [issue.code, issue.line])).toContainEqual([code, line]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
