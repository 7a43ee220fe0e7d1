/**
 * The 2020-generation questionnaire (questionnaire/generation-2020): structure, MIPEX 2020 codes,
 * flat strand means, the weighted income-and-housing indicator, countries and generated files.
 * Its tables and its replication of the published 2019 scores: tests/replication/mipex2020.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaDocuments } from '../../src/cli/commands/schema.js';
import { loadCountries, resolveCountry } from '../../src/questionnaire/countries.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
import { methodologyMarkdown } from '../../src/reports/methodology-markdown.js';
import { scoreOf, scoreSheet } from '../../src/scoring/score-sheet.js';
import { cli } from '../helpers/cli.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

const RELATIVE_DIR = join('questionnaire', 'generation-2020');
const DIR = join(ROOT_DIR, RELATIVE_DIR);
const loaded = loadQuestionnaire(DIR);
const questionnaire = loaded.questionnaire as Questionnaire;

/** The node with MIPEX 2020 code `code`. */
const node = (code: string) => [...questionnaire.nodes.values()].find((n) => n.code === code)!;

/** Answers giving every question the option with `score` points, with overrides by code. */
function answersWith(overrides: Record<string, string>, score = 100): Map<string, string> {
  const answers = new Map(
    questionnaire.questions.map((q) => [q.id, q.options.find((o) => o.score === score)!.id]),
  );
  for (const [code, answer] of Object.entries(overrides)) answers.set(node(code).id, answer);
  return answers;
}

describe('the questionnaire in questionnaire/generation-2020', () => {
  it('is valid, without warnings, also through `policy-index validate --questionnaire`', () => {
    expect(loaded.issues).toEqual([]);
    expect(questionnaire).not.toBeNull();
    const { code, out, err } = cli('validate', '--questionnaire', DIR);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/migrant-policy-index-2020 1\.0\.0: valid \(21 questions, 0 warnings\)/);
  });

  it('has strands b and f counted in the overall score, and e (eb84a only) reported apart', () => {
    expect(questionnaire.id).toBe('migrant-policy-index-2020');
    expect(questionnaire.strands.map((s) => [s.code, s.id, s.countInOverall])).toEqual([
      ['b', 'family-reunion', true],
      ['f', 'citizenship', true],
      ['e', 'permanent-residence', false],
    ]);
    expect(questionnaire.overall.children.map((c) => c.code)).toEqual(['b', 'f']);
  });

  it('carries a MIPEX 2020 code on every node but the one group per strand', () => {
    const uncoded = [...questionnaire.nodes.values()].filter((n) => n.code === null);
    expect(uncoded.map((n) => [n.id, n.level])).toEqual([
      ['overall', 'overall'],
      ['fam-indicators', 'dimension'],
      ['cit-indicators', 'dimension'],
      ['pr-indicators', 'dimension'],
    ]);
    const indicatorsOf = (strand: string) =>
      [...questionnaire.nodes.values()]
        .filter((n) => n.level === 'indicator' && n.strandId === node(strand).id)
        .map((n) => n.code);
    expect(indicatorsOf('b')).toEqual([
      'ba21',
      'ba26ba27',
      'bb28',
      'bb29',
      'bb30bb31',
      'bc34',
      'bc35',
      'bc36',
      'bd38',
    ]);
    expect(indicatorsOf('f')).toEqual(['fa98', 'fa102_new', 'fb_new', 'fd115ab']);
    expect(indicatorsOf('e')).toEqual(['eb84a']);
  });

  it('scores a strand as the flat mean of its answered indicators', () => {
    // b: ba21 0, ba26ba27 25, bc35 not applicable, the other six 100 → (0 + 25 + 6 × 100) / 8.
    const answers = answersWith({
      ba21: 'over-one-year-or-none',
      ba26ba27: 'one-narrow',
      bc35: 'not_applicable',
    });
    // f: fa102_new 33 and fb_new (0 + 100 + 100 + 100) / 4 = 75, the others 100.
    answers.set(node('fa102_new').id, 'declaration');
    answers.set(node('fb104a').id, 'b1-or-higher');
    const result = scoreSheet(questionnaire, answers);
    expect(scoreOf(result, node('b').id)).toBeCloseTo(625 / 8, 12);
    expect(scoreOf(result, 'fam-indicators')).toBeCloseTo(625 / 8, 12);
    expect(scoreOf(result, node('fb_new').id)).toBeCloseTo(75, 12);
    expect(scoreOf(result, node('f').id)).toBeCloseTo((100 + 33 + 75 + 100) / 4, 12);
    expect(scoreOf(result, 'overall')).toBeCloseTo((625 / 8 + 308 / 4) / 2, 12);
  });

  it('weighs income 0.67 and housing 0.33 in bb30bb31', () => {
    const score = (income: string, housing: string) =>
      scoreOf(
        scoreSheet(questionnaire, answersWith({ bb31: income, bb30: housing })),
        node('bb30bb31').id,
      );
    expect(score('none-or-social-assistance-level', 'further-requirements')).toBeCloseTo(67, 12);
    expect(score('employment-or-no-benefits', 'general-standards')).toBeCloseTo(16.5, 12);
    expect(score('above-social-assistance', 'none')).toBeCloseTo(66.5, 12);
  });

  it('uses five levels for ba26ba27 and four for fa102_new', () => {
    expect(node('ba26ba27')).toMatchObject({
      options: [100, 75, 50, 25, 0].map((score) => expect.objectContaining({ score })),
    });
    expect(node('fa102_new')).toMatchObject({
      options: [100, 67, 33, 0].map((score) => expect.objectContaining({ score })),
    });
  });

  it('lists the 56 countries of MIPEX 2020 and accepts the source codes UK and TU', () => {
    const countries = loadCountries(DIR);
    expect(countries.issues).toEqual([]);
    expect(countries.countries).toHaveLength(56);
    expect(resolveCountry(countries, 'UK')).toBe('GB');
    expect(resolveCountry(countries, 'TU')).toBe('TR');
    const eu27 = countries.groups.find((g) => g.id === 'eu27')!;
    expect(eu27.members).toHaveLength(27);
  });

  it('the generated METHODOLOGY.md is committed and current (policy-index methodology)', () => {
    const markdown = methodologyMarkdown(questionnaire);
    expect(readFileSync(join(DIR, 'METHODOLOGY.md'), 'utf8')).toBe(markdown);
    // Strand e is not counted, but it is no cross-cutting strand: it has a question of its own.
    expect(markdown).toContain(
      '- *Permanent residence (language requirement only)* is reported on its own and not counted in the overall score.',
    );
    expect(markdown).not.toContain('cross-cutting');
  });

  it('the JSON Schemas in its schema/ folder are committed and current (policy-index schema)', () => {
    const documents = schemaDocuments(questionnaire);
    expect(readdirSync(join(DIR, 'schema')).sort()).toEqual(Object.keys(documents).sort());
    for (const [name, text] of Object.entries(documents)) {
      expect(readFileSync(join(DIR, 'schema', name), 'utf8'), name).toBe(text);
    }
  });
});
