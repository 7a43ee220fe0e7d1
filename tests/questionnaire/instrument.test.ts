/** The project's own questionnaire: structure, skip logic, effective weights, generated docs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSheetText } from '../../src/answers/load-sheet.js';
import { loadCountries } from '../../src/questionnaire/countries.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
import { methodologyMarkdown } from '../../src/reports/methodology-markdown.js';
import { effectiveWeights } from '../../src/scoring/effective-weights.js';
import { contributions, scoreSheet } from '../../src/scoring/score-sheet.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

const DIR = join(ROOT_DIR, 'questionnaire');
const loaded = loadQuestionnaire(DIR);
const questionnaire = loaded.questionnaire as Questionnaire;

describe('the questionnaire in questionnaire/', () => {
  it('is valid, without warnings', () => {
    expect(loaded.issues).toEqual([]);
    expect(questionnaire).not.toBeNull();
  });

  it('has the three strands; language tests is cross-cutting and not counted in the overall score', () => {
    expect(questionnaire.strands.map((s) => [s.id, s.crossCutting, s.countInOverall])).toEqual([
      ['family-reunification', false, true],
      ['access-to-nationality', false, true],
      ['language-tests', true, false],
    ]);
    expect(questionnaire.overall.children.map((c) => c.id)).toEqual([
      'family-reunification',
      'access-to-nationality',
    ]);
  });

  it('has every MIPEX 2015 item of both strands, by code, with options scored 100 / 50 / 0', () => {
    const range = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
    const expectedCodes = [
      ...['21', '22', '23', '24a', '24b', '25', '26', '27'],
      ...[
        '28a',
        '28b',
        '28c',
        '28d',
        '28e',
        '28f',
        '29a',
        '29b',
        '29c',
        '29d',
        '29e',
        '29f',
        '29g',
      ],
      ...range(30, 43),
      ...['98', '99', '100', '101a', '101b', '102', '103'],
      ...['104a', '104b', '104c', '104d', '104e', '105a', '105b', '105c', '105d', '105e'],
      ...range(106, 113),
      ...['114a', '114b', '114c', '115a', '115b', '116'],
    ];
    // The language-tests strand's own questions (1.1.0, codes lt-…) are tested in
    // language-tests-strand.test.ts.
    const mipex = questionnaire.questions.filter((q) => q.strandId !== 'language-tests');
    expect(mipex.map((q) => q.code)).toEqual(expectedCodes);
    for (const question of mipex) {
      expect(
        question.options.map((o) => o.score),
        question.id,
      ).toEqual([100, 50, 0]);
      expect(question.guidance, question.id).not.toBeNull();
      expect(question.sourcesGuidance, question.id).not.toBeNull();
    }
    const composites = [...questionnaire.nodes.values()].filter(
      (n) => n.kind === 'composite' && n.level === 'indicator' && n.strandId !== 'language-tests',
    );
    expect(composites.map((c) => c.code)).toEqual([
      '24',
      '28',
      '29',
      '101',
      '104',
      '105',
      '114',
      '115',
    ]);
  });

  it('makes visible how little a pre-entry language test weighs, and how much renunciation does', () => {
    const weights = new Map(effectiveWeights(questionnaire).map((w) => [w.questionId, w]));
    // 28a: one of 6 items of one of 5 indicators of one of 4 dimensions
    expect(weights.get('fr-pre-entry-language-form')!.inStrand['family-reunification']).toBeCloseTo(
      1 / 120,
      12,
    );
    expect(weights.get('fr-pre-entry-language-form')!.inOverall).toBeCloseTo(1 / 240, 12);
    // ... and one of 4 references of the form indicator, one of 5 indicators of one of 3 gates in
    // the language-tests strand (1.1.0)
    expect(weights.get('fr-pre-entry-language-form')!.inStrand['language-tests']).toBeCloseTo(
      1 / 60,
      12,
    );
    // 115a: one of 2 items of one of 2 indicators of one of 4 dimensions…
    expect(weights.get('atn-renunciation')!.inStrand['access-to-nationality']).toBeCloseTo(
      1 / 16,
      12,
    );
    // …but when 115b is skipped (dual nationality allowed), 115a carries all of 115: 12.5 %.
    const answers = new Map(questionnaire.questions.map((q) => [q.id, q.options[0]!.id]));
    answers.set('atn-renunciation-exemptions', 'not_applicable');
    const actual = contributions(scoreSheet(questionnaire, answers), 'access-to-nationality');
    expect(actual.get('atn-renunciation')!.weight).toBeCloseTo(1 / 8, 12);
    for (const strand of questionnaire.strands) {
      const total = [...weights.values()].reduce((sum, w) => sum + (w.inStrand[strand.id] ?? 0), 0);
      expect(total, strand.id).toBeCloseTo(1, 12);
    }
  });

  it('the generated METHODOLOGY.md is committed and current (policy-index methodology)', () => {
    expect(readFileSync(join(DIR, 'METHODOLOGY.md'), 'utf8')).toBe(
      methodologyMarkdown(questionnaire),
    );
  });

  it('skips the follow-up questions of a requirement that does not exist', () => {
    const answers = Object.fromEntries(
      questionnaire.questions.map((q) => [q.id, q.options[0]!.id]),
    );
    const text = (overrides: Record<string, string>) =>
      [
        `questionnaire: { id: ${questionnaire.id}, version: ${questionnaire.version} }`,
        'country: AT',
        'edition: "2024"',
        'status: submitted',
        'answers:',
        ...Object.entries({ ...answers, ...overrides }).map(
          ([id, answer]) => `  ${id}: { answer: ${answer} }`,
        ),
      ].join('\n');
    // No pre-entry requirement at all: answering its cost is refused for a submitted sheet.
    const skipped = parseSheetText('s.yaml', text({}), { questionnaire });
    expect(
      skipped.issues.filter((i) => i.code === 'answer-where-skipped').map((i) => i.message),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"fr-pre-entry-cost"'),
        expect.stringContaining('"atn-renunciation-exemptions"'),
      ]),
    );
    // A pre-entry test exists: now the follow-ups must be answered.
    const withTest = Object.fromEntries(
      [
        'fr-pre-entry-exemptions',
        'fr-pre-entry-cost',
        'fr-pre-entry-support',
        'fr-pre-entry-courses',
      ].map((id) => [id, 'not_applicable']),
    );
    const asked = parseSheetText(
      's.yaml',
      text({ 'fr-pre-entry-language-form': 'test', ...withTest }),
      { questionnaire },
    );
    expect(asked.issues.filter((i) => i.code === 'not-applicable-not-allowed')).toHaveLength(4);
  });
});

describe('questionnaire/countries.yaml', () => {
  const registry = loadCountries(DIR);

  it('is valid and lists at least the 38 MIPEX 2015 countries', () => {
    expect(registry.issues).toEqual([]);
    expect(registry.countries.length).toBeGreaterThanOrEqual(38);
  });

  it('has the groups, with EU28 of 2014 and the import aliases', () => {
    const group = (id: string) => registry.groups.find((g) => g.id === id)!.members;
    expect(group('eu28')).toHaveLength(28);
    expect(group('eu27')).toHaveLength(27);
    expect(group('eu15')).toHaveLength(15);
    expect(group('eu13')).toHaveLength(13);
    expect(group('eu28')).toContain('GB');
    expect(group('eu27')).not.toContain('GB');
    expect([...group('eu15'), ...group('eu13')].sort()).toEqual([...group('eu28')].sort());
    expect(registry.groups.map((g) => g.id)).toContain('oecd');
    expect(registry.aliases.get('UK')).toBe('GB');
    expect(registry.aliases.get('TU')).toBe('TR');
  });
});
