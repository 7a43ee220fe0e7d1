/**
 * The language-tests strand of questionnaire 1.1.0 (issue 13): three gates with the same five
 * facts, own questions that count only in the strand, the two readings (bar, support) computed
 * by hand on two sheets, and no double counting in the overall score of the sample sheets.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSheetFiles, loadSheetFile } from '../../src/answers/load-sheet.js';
import { answerMap } from '../../src/answers/vocabulary.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import type { Questionnaire, Strand } from '../../src/questionnaire/types.js';
import { scoreOf, scoreSheet } from '../../src/scoring/score-sheet.js';
import { cli } from '../helpers/cli.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

const DIR = join(ROOT_DIR, 'questionnaire');
const questionnaire = loadQuestionnaire(DIR).questionnaire as Questionnaire;
const strand = questionnaire.strands.find((s) => s.id === 'language-tests') as Strand;
const ownQuestions = questionnaire.questions.filter((q) => q.strandId === 'language-tests');

describe('the language-tests strand', () => {
  it('has a dimension per gate, each with form, level, exemptions, support and consequence', () => {
    expect(strand.crossCutting).toBe(true);
    expect(strand.countInOverall).toBe(false);
    expect(strand.children.map((d) => d.id)).toEqual([
      'lt-family-reunification',
      'lt-permanent-residence',
      'lt-naturalisation',
    ]);
    for (const gate of strand.children) {
      if (gate.kind !== 'composite') throw new Error(`${gate.id} is not a dimension`);
      expect(
        gate.children.map((indicator) => indicator.facet),
        gate.id,
      ).toEqual(['form', 'level', 'exemptions', 'support', 'consequence']);
    }
  });

  it('has own questions coded lt-{gate}-{n}, in English and French, with guidance and sources', () => {
    expect(ownQuestions.map((q) => q.code)).toEqual([
      ...['lt-fr-1', 'lt-fr-2', 'lt-fr-3', 'lt-fr-4'],
      ...['lt-pr-1', 'lt-pr-2', 'lt-pr-3', 'lt-pr-4', 'lt-pr-5', 'lt-pr-6', 'lt-pr-7'],
      ...['lt-pr-8', 'lt-pr-9', 'lt-pr-10'],
      ...['lt-nat-1', 'lt-nat-2', 'lt-nat-3', 'lt-nat-4', 'lt-nat-5'],
    ]);
    for (const question of ownQuestions) {
      expect(question.guidance, question.id).not.toBeNull();
      expect(question.sourcesGuidance, question.id).not.toBeNull();
      expect(Object.keys(question.label as object), question.id).toEqual(['en', 'fr']);
      for (const option of question.options)
        expect(Object.keys(option.label as object), `${question.id} ${option.id}`).toEqual([
          'en',
          'fr',
        ]);
    }
  });

  it('asks every follow-up only when the gate has a requirement', () => {
    const followUps = ownQuestions.filter(
      (q) => !/-(language-form|integration-form|level)$/.test(q.id),
    );
    expect(followUps).toHaveLength(13);
    for (const question of followUps) expect(question.appliesIf, question.id).not.toBeNull();
  });

  it('scores CEFR levels from "no requirement" (100) down to "no fixed standard" (0)', () => {
    const level = ownQuestions.find((q) => q.id === 'lt-nat-level')!;
    expect(level.options.map((o) => [o.id, o.score])).toEqual([
      ['none', 100],
      ['a1-or-below', 80],
      ['a2', 60],
      ['b1', 40],
      ['b2-or-above', 20],
      ['no-fixed-standard', 0],
    ]);
  });
});

/** A country that tests at B1 at every gate, with free courses and exemptions. */
const TESTS_EVERYWHERE = {
  'fr-pre-entry-language-form': 'test',
  'fr-pre-entry-integration-form': 'test',
  'fr-pre-entry-exemptions': 'both',
  'fr-pre-entry-cost': 'free',
  'fr-pre-entry-support': 'both',
  'fr-pre-entry-courses': 'all',
  'fr-post-entry-language-form': 'test',
  'fr-post-entry-language-level': 'b1-or-higher',
  'fr-post-entry-integration-form': 'test',
  'fr-post-entry-exemptions': 'both',
  'fr-post-entry-cost': 'free',
  'fr-post-entry-support': 'both',
  'fr-post-entry-courses': 'all',
  'lt-fr-pre-entry-level': 'b1',
  'lt-fr-public-criteria': 'both',
  'lt-fr-retakes': 'unlimited',
  'lt-fr-failure': 'refusal',
  'lt-pr-language-form': 'test',
  'lt-pr-integration-form': 'test',
  'lt-pr-level': 'b1',
  'lt-pr-exemption-grounds': 'both',
  'lt-pr-courses': 'all',
  'lt-pr-cost': 'free',
  'lt-pr-preparation': 'both',
  'lt-pr-public-criteria': 'both',
  'lt-pr-retakes': 'unlimited',
  'lt-pr-failure': 'refusal',
  'atn-language-level': 'b1-or-higher',
  'atn-language-exemptions': 'both',
  'atn-language-cost': 'free',
  'atn-language-support': 'both',
  'atn-language-courses': 'all',
  'atn-integration-form': 'test',
  'atn-integration-exemptions': 'both',
  'atn-integration-cost': 'free',
  'atn-integration-support': 'both',
  'atn-integration-courses': 'all',
  'lt-nat-language-form': 'test',
  'lt-nat-level': 'b1',
  'lt-nat-public-criteria': 'both',
  'lt-nat-retakes': 'unlimited',
  'lt-nat-failure': 'refusal',
};

/** A country with no language or integration requirement at any gate. */
const NA = 'not_applicable';
const NO_REQUIREMENT = {
  'fr-pre-entry-language-form': 'none',
  'fr-pre-entry-integration-form': 'none',
  'fr-pre-entry-exemptions': NA,
  'fr-pre-entry-cost': NA,
  'fr-pre-entry-support': NA,
  'fr-pre-entry-courses': NA,
  'fr-post-entry-language-form': 'none',
  'fr-post-entry-language-level': NA,
  'fr-post-entry-integration-form': 'none',
  'fr-post-entry-exemptions': NA,
  'fr-post-entry-cost': NA,
  'fr-post-entry-support': NA,
  'fr-post-entry-courses': NA,
  'lt-fr-pre-entry-level': 'none',
  'lt-fr-public-criteria': NA,
  'lt-fr-retakes': NA,
  'lt-fr-failure': NA,
  'lt-pr-language-form': 'none',
  'lt-pr-integration-form': 'none',
  'lt-pr-level': 'none',
  'lt-pr-exemption-grounds': NA,
  'lt-pr-courses': NA,
  'lt-pr-cost': NA,
  'lt-pr-preparation': NA,
  'lt-pr-public-criteria': NA,
  'lt-pr-retakes': NA,
  'lt-pr-failure': NA,
  'atn-language-level': 'a1-or-none',
  'atn-language-exemptions': NA,
  'atn-language-cost': NA,
  'atn-language-support': NA,
  'atn-language-courses': NA,
  'atn-integration-form': 'none',
  'atn-integration-exemptions': NA,
  'atn-integration-cost': NA,
  'atn-integration-support': NA,
  'atn-integration-courses': NA,
  'lt-nat-language-form': 'none',
  'lt-nat-level': 'none',
  'lt-nat-public-criteria': NA,
  'lt-nat-retakes': NA,
  'lt-nat-failure': NA,
};

interface ScoredNode {
  score: number | null;
  readings?: Record<string, { score: number | null; coverage: number }>;
}

describe('two hand-written sheets: tests at B1 everywhere with free courses, and no tests at all', () => {
  const dir = mkdtempSync(join(tmpdir(), 'language-tests-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sheet = (country: string, answers: Record<string, string>) =>
    [
      `questionnaire: { id: ${questionnaire.id}, version: ${questionnaire.version} }`,
      `country: ${country}`,
      'edition: "2024"',
      'status: draft',
      'answers:',
      ...Object.entries(answers).map(([id, answer]) => `  ${id}: { answer: ${answer} }`),
    ].join('\n');
  writeFileSync(join(dir, 'AT.yaml'), sheet('AT', TESTS_EVERYWHERE));
  writeFileSync(join(dir, 'SE.yaml'), sheet('SE', NO_REQUIREMENT));
  const scored = () => {
    const { code, out } = cli(
      'score',
      '--questionnaire',
      DIR,
      '--answers',
      dir,
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const results = JSON.parse(out).results as {
      country: string;
      nodes: Record<string, ScoredNode>;
    }[];
    return (country: string, node: string) =>
      results.find((r) => r.country === country)!.nodes[node]!;
  };

  it('scores the strand as the methodology says: a lower requirement scores higher', () => {
    const node = scored();
    // Tests everywhere. Family reunification: form (28a, 28b, 29a, 29c all tests) 0; level
    // (pre-entry B1 40, 29b "B1 or higher" 0) 20; exemptions 100; support 100; consequence
    // (public 100, retakes 100, refusal 0) 200/3 → (0 + 20 + 100 + 100 + 200/3) / 5 = 172/3.
    expect(node('AT', 'lt-family-reunification').score).toBeCloseTo(172 / 3, 10);
    // Permanent residence and naturalisation: form 0, level B1 40, exemptions 100, support 100,
    // consequence 200/3 → 184/3 each.
    expect(node('AT', 'lt-permanent-residence').score).toBeCloseTo(184 / 3, 10);
    expect(node('AT', 'lt-naturalisation').score).toBeCloseTo(184 / 3, 10);
    // Strand: (172/3 + 184/3 + 184/3) / 3 = 60.
    expect(node('AT', 'language-tests').score).toBeCloseTo(60, 10);
    // No requirement: every gate has only form (100) and level ("no requirement", 100).
    for (const gate of ['lt-family-reunification', 'lt-permanent-residence', 'lt-naturalisation'])
      expect(node('SE', gate).score, gate).toBe(100);
    expect(node('SE', 'language-tests').score).toBe(100);
    expect(node('SE', 'language-tests').score!).toBeGreaterThan(
      node('AT', 'language-tests').score!,
    );
  });

  it('reads the bar (inverted over form, level, consequence) and the support', () => {
    const node = scored();
    const reading = (country: string, id: string, name: string) =>
      node(country, id).readings?.[name]?.score;
    // Bar of the tests-everywhere country: 100 − mean(form, level, consequence) per gate.
    expect(reading('AT', 'lt-family-reunification', 'bar')).toBeCloseTo(
      100 - (0 + 20 + 200 / 3) / 3,
      10,
    ); // 640/9
    expect(reading('AT', 'lt-permanent-residence', 'bar')).toBeCloseTo(580 / 9, 10);
    expect(reading('AT', 'lt-naturalisation', 'bar')).toBeCloseTo(580 / 9, 10);
    // Strand: 100 − mean of the gates' as-scored readings (260/9, 320/9, 320/9) = 200/3.
    expect(reading('AT', 'language-tests', 'bar')).toBeCloseTo(200 / 3, 10);
    for (const id of ['lt-family-reunification', 'lt-permanent-residence', 'language-tests'])
      expect(reading('AT', id, 'support'), id).toBe(100);
    // No requirement: no bar at all, and nothing to support (no exemption or support answered).
    for (const id of ['lt-family-reunification', 'lt-naturalisation', 'language-tests']) {
      expect(reading('SE', id, 'bar'), id).toBe(0);
      expect(reading('SE', id, 'support'), id).toBeNull();
    }
    expect(reading('AT', 'language-tests', 'bar')!).toBeGreaterThan(
      reading('SE', 'language-tests', 'bar')!,
    );
  });
});

describe('no double counting', () => {
  it("leaves the overall score of every sample sheet unchanged by the strand's own questions", () => {
    const own = new Set(ownQuestions.map((q) => q.id));
    const files = findSheetFiles(join(ROOT_DIR, 'scores'));
    expect(files).toHaveLength(16);
    let moved = 0;
    for (const file of files) {
      const { sheet, issues } = loadSheetFile(file, { questionnaire });
      expect(issues, file).toEqual([]);
      const answers = answerMap(sheet!);
      const answeredOwn = [...answers.keys()].filter((id) => own.has(id));
      expect(answeredOwn, file).toHaveLength(own.size);
      const without = new Map([...answers].filter(([id]) => !own.has(id)));
      const full = scoreSheet(questionnaire, answers);
      const reduced = scoreSheet(questionnaire, without);
      for (const id of ['overall', 'family-reunification', 'access-to-nationality']) {
        expect(scoreOf(full, id), `${file} ${id}`).toBe(scoreOf(reduced, id));
      }
      if (scoreOf(full, 'language-tests') !== scoreOf(reduced, 'language-tests')) moved++;
    }
    // …while the strand itself uses them (all but the sheet with no requirement at any gate).
    expect(moved).toBe(files.length - 1);
  });
});
