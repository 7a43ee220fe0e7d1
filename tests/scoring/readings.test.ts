/**
 * Readings (issue 13), computed by hand on tests/fixtures/questionnaires/readings with the two
 * sheets of tests/fixtures/sheets/readings/2024. Options score good 100, mid 50, bad 0.
 *
 * Strand `tests` (cross-cutting, questions of its own): gate-a (mean; a-form form, a-level level
 * weight 3, a-support support, a-other no facet), gate-b (weight 2; b-form form = mean of two
 * items, b-support support = reference to family's fam-support), gate-c (min; c-level level,
 * c-support support), gate-d (d-note, facet `note`, read by no reading). Readings: `bar` reads
 * form and level, inverted; `help` reads support.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSheetText } from '../../src/answers/load-sheet.js';
import { loadQuestionnaireFromTexts } from '../../src/questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
import { uniformMethod } from '../../src/scoring/method.js';
import { readingsOf, readingWeights } from '../../src/scoring/readings.js';
import { nodeScores, planFor, scoreSheet } from '../../src/scoring/score-sheet.js';
import { cli } from '../helpers/cli.js';
import { fixturePath, fixtureQuestionnaire } from '../helpers/fixtures.js';

const QUESTIONNAIRE = fixturePath('questionnaires', 'readings');
const SHEETS = fixturePath('sheets', 'readings');
const questionnaire = fixtureQuestionnaire('readings');

function answersOf(country: string): Map<string, string> {
  const sheet = parse(readFileSync(join(SHEETS, '2024', `${country}.yaml`), 'utf8')) as {
    answers: Record<string, { answer: string }>;
  };
  return new Map(Object.entries(sheet.answers).map(([id, entry]) => [id, entry.answer]));
}

const readings = (q: Questionnaire, country: string) =>
  Object.fromEntries(readingsOf(scoreSheet(q, answersOf(country))));

describe('readings, by hand', () => {
  it('AT: weighted means over the read indicators only, inverted bar, a no-data answer left out', () => {
    const r = readings(questionnaire, 'AT');
    // bar, gate-a: (a-form 100 + 3 × a-level 50) / 4 = 62.5 → inverted 37.5.
    expect(r['gate-a']!.bar!.score).toBeCloseTo(37.5, 10);
    // help, gate-a: a-support 0; a-other (no facet) is left out of both.
    expect(r['gate-a']!.help).toEqual({ score: 0, coverage: 1 });
    // gate-b: bar = b-form = mean(0, 100) = 50 → 50; help = fam-support through the reference, 100.
    expect(r['gate-b']).toEqual({
      bar: { score: 50, coverage: 1 },
      help: { score: 100, coverage: 1 },
    });
    // gate-c (min): bar = c-level 50 → 50; help = c-support, no data → null, coverage 0.
    expect(r['gate-c']).toEqual({
      bar: { score: 50, coverage: 1 },
      help: { score: null, coverage: 0 },
    });
    // gate-d records only `note`: no reading reads it.
    expect(r['gate-d']).toEqual({
      bar: { score: null, coverage: 0 },
      help: { score: null, coverage: 0 },
    });
    // Strand, bar: (62.5 × 1 + 50 × 2 + 50 × 1) / 4 = 53.125 → inverted 46.875; 5 of 5 answered.
    expect(r.tests!.bar).toEqual({ score: 46.875, coverage: 1 });
    // Strand, help: (0 × 1 + 100 × 2) / 3, gate-c without a reading left out; 2 of 3 answered.
    expect(r.tests!.help!.score).toBeCloseTo(200 / 3, 10);
    expect(r.tests!.help!.coverage).toBeCloseTo(2 / 3, 10);
    // Indicators and the strand without readings report none.
    expect(Object.keys(r).sort()).toEqual(['gate-a', 'gate-b', 'gate-c', 'gate-d', 'tests']);
  });

  it('DE: a missing answer shrinks the reading and its coverage', () => {
    const r = readings(questionnaire, 'DE');
    // bar, gate-a: a-level no data → a-form 0 alone → inverted 100; 1 of 2 answered.
    expect(r['gate-a']!.bar).toEqual({ score: 100, coverage: 0.5 });
    // bar: gate-b b-form 100 → 0; gate-c c-level 0 → 100; strand (0 + 2 × 100 + 0) / 4 = 50 → 50.
    expect(r['gate-b']!.bar!.score).toBe(0);
    expect(r['gate-c']!.bar!.score).toBe(100);
    expect(r.tests!.bar).toEqual({ score: 50, coverage: 0.8 });
    // help: gate-a 100, gate-b fam-support 0, gate-c 100 → (100 + 0 + 100) / 4 = 50.
    expect(r.tests!.help).toEqual({ score: 50, coverage: 1 });
  });

  it('the method’s rules apply to readings as to scores', () => {
    const result = scoreSheet(questionnaire, answersOf('AT'), uniformMethod('min'));
    const r = readingsOf(result);
    // min everywhere: bar gate-a = min(100, 50) = 50 → 50; gate-b = b-form = min(0, 100) = 0;
    // strand = min(50, 0, 50) = 0 → inverted 100.
    expect(r.get('gate-a')!.bar!.score).toBe(50);
    expect(r.get('gate-b')!.bar!.score).toBe(100);
    expect(r.get('tests')!.bar!.score).toBe(100);
  });

  it('are computed once per scored sheet and kept with it', () => {
    const result = scoreSheet(questionnaire, answersOf('AT'));
    expect(readingsOf(result)).toBe(readingsOf(result));
  });
});

describe('readings never change a score', () => {
  const dir = QUESTIONNAIRE;
  const texts = Object.fromEntries(
    ['index.yaml', 'family.yaml', 'tests.yaml'].map((name) => [
      name,
      readFileSync(join(dir, name), 'utf8'),
    ]),
  );
  // The same questionnaire without facets or readings.
  const bare = loadQuestionnaireFromTexts({
    ...texts,
    'tests.yaml': texts['tests.yaml']!.replace(/^facets:[\s\S]*?(?=^dimensions:)/m, '')
      .replace(/, facet: [a-z]+/g, '')
      .replace(/^ +facet: [a-z]+\n/gm, ''),
  }).questionnaire!;

  it.each(['AT', 'DE'])(
    '%s: every node scores the same with and without readings declared',
    (country) => {
      expect(bare.strands.some((s) => s.readings)).toBe(false);
      const withReadings = nodeScores(scoreSheet(questionnaire, answersOf(country)));
      const without = nodeScores(scoreSheet(bare, answersOf(country)));
      expect(withReadings).toEqual(without);
      expect(readingsOf(scoreSheet(bare, answersOf(country))).size).toBe(0);
    },
  );

  it('the cross-cutting strand’s own questions stay out of the overall score', () => {
    const nodes = nodeScores(scoreSheet(questionnaire, answersOf('AT')));
    // overall = family = mean(fam-support 100, fam-other 50); tests = 71.666… on its own.
    expect(nodes.overall!.score).toBe(75);
    expect(nodes.tests!.score).toBeCloseTo((350 / 6 + 2 * 75 + 50 + 100) / 5, 10);
  });
});

describe('readings of a cross-cutting strand with questions of its own', () => {
  it('sheets answer its questions, and its skip logic applies', () => {
    const text = readFileSync(join(SHEETS, '2024', 'AT.yaml'), 'utf8')
      .replace('c-level: { answer: mid }', 'c-level: { answer: good }')
      .replace('  c-support: { answer: no_data }\n', '');
    const asked = parseSheetText('AT.yaml', text, { questionnaire });
    // c-support is asked only when c-level is not "good": left out, nothing is missing.
    expect(asked.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const answered = parseSheetText(
      'AT.yaml',
      text.replace(
        'd-note: { answer: good }',
        'd-note: { answer: good }\n  c-support: { answer: good }',
      ),
      { questionnaire },
    );
    expect(answered.issues.map((i) => i.code)).toContain('answer-where-skipped');
  });
});

describe('effective weights of readings', () => {
  it('per indicator, nominal: each weight over its read siblings’, along the path', () => {
    const [bar, help] = readingWeights(planFor(questionnaire));
    expect(bar!.reading.id).toBe('bar');
    // Read dimensions a (1), b (2), c (1); read indicators a-form 1, a-level 3 | b-form | c-level.
    expect(bar!.indicators).toEqual([
      {
        indicatorId: 'a-form',
        dimensionId: 'gate-a',
        facet: 'form',
        inDimension: 0.25,
        inStrand: 1 / 16,
      },
      {
        indicatorId: 'a-level',
        dimensionId: 'gate-a',
        facet: 'level',
        inDimension: 0.75,
        inStrand: 3 / 16,
      },
      {
        indicatorId: 'b-form',
        dimensionId: 'gate-b',
        facet: 'form',
        inDimension: 1,
        inStrand: 0.5,
      },
      {
        indicatorId: 'c-level',
        dimensionId: 'gate-c',
        facet: 'level',
        inDimension: 1,
        inStrand: 0.25,
      },
    ]);
    expect(help!.indicators.map((w) => [w.indicatorId, w.inDimension, w.inStrand])).toEqual([
      ['a-support', 1, 0.25],
      ['b-support', 1, 0.5],
      ['c-support', 1, 0.25],
    ]);
  });
});

describe('policy-index score: readings in the JSON and the CSV', () => {
  const args = ['score', '--questionnaire', QUESTIONNAIRE, '--answers', SHEETS];

  it('JSON: the dimensions and strand of a strand with readings carry them', () => {
    const { code, out } = cli(...args);
    expect(code).toBe(0);
    const at = JSON.parse(out).results.find((r: { country: string }) => r.country === 'AT');
    expect(at.nodes.tests.readings.bar).toEqual({ score: 46.875, coverage: 1 });
    expect(at.nodes['gate-c'].readings.help).toEqual({ score: null, coverage: 0 });
    expect(at.nodes.family.readings).toBeUndefined();
    expect(at.nodes['a-form'].readings).toBeUndefined();
  });

  it('CSV: a row of level "reading" and node "<node>#<reading>" after its node', () => {
    const { code, out } = cli(...args, '--format', 'csv');
    expect(code).toBe(0);
    const lines = out.split('\n');
    const tests = lines.indexOf(lines.find((l) => l.startsWith('AT,2024,tests,'))!);
    expect(lines.slice(tests, tests + 3)).toEqual([
      `AT,2024,tests,strand,,${(350 / 6 + 2 * 75 + 50 + 100) / 5},0.9,false`,
      'AT,2024,tests#bar,reading,,46.875,1,false',
      `AT,2024,tests#help,reading,,${200 / 3},${2 / 3},false`,
    ]);
    expect(lines).toContain('DE,2024,gate-a#bar,reading,,100,0.5,false');
    expect(lines.some((l) => l.includes('family#'))).toBe(false);
  });
});
