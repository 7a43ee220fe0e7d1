/**
 * Agreement between coders: Krippendorff's alpha against hand-computed values (the cases and
 * their working are in tests/fixtures/agreement-cases.yaml), its invariants, and the agreement
 * report and reconciliation on a small questionnaire whose alphas are computed by hand below.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  agreement,
  krippendorffAlpha,
  krippendorffAlphaOrdinal,
  reconcile,
  type AlphaMetric,
  type CoderSheet,
  type ReconcileChoice,
  type ReliabilityUnit,
} from '../../src/analysis/agreement.js';
import { InputError } from '../../src/issues/issue.js';
import { loadQuestionnaireFromTexts } from '../../src/questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
import { fixturePath } from '../helpers/fixtures.js';

interface AlphaCase {
  name: string;
  coders: Record<string, (number | null)[]>;
  expected: Record<AlphaMetric, number | null>;
  published?: Partial<Record<AlphaMetric, number>>;
}

const { cases } = parse(readFileSync(fixturePath('agreement-cases.yaml'), 'utf8')) as {
  cases: AlphaCase[];
};

/** The reliability data matrix (rows = coders) turned into units (one array per column). */
function unitsOf(coders: Record<string, (number | null)[]>): (number | null)[][] {
  const rows = Object.values(coders);
  const width = Math.max(0, ...rows.map((row) => row.length));
  return Array.from({ length: width }, (_, unit) => rows.map((row) => row[unit] ?? null));
}

const METRICS: AlphaMetric[] = ['nominal', 'ordinal', 'interval'];

describe('Krippendorff alpha: cases computed by hand', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const units = unitsOf(c.coders);
    for (const metric of METRICS) {
      const expected = c.expected[metric];
      const actual = krippendorffAlpha(units, metric);
      if (expected === null) expect(actual, metric).toBeNull();
      else expect(actual, metric).toBeCloseTo(expected, 12);
    }
    expect(krippendorffAlphaOrdinal(units)).toBe(krippendorffAlpha(units, 'ordinal'));
    for (const [metric, published] of Object.entries(c.published ?? {})) {
      expect(krippendorffAlpha(units, metric as AlphaMetric)!.toFixed(3), metric).toBe(
        published.toFixed(3),
      );
    }
  });

  it('refuses values that are not finite numbers', () => {
    expect(() => krippendorffAlphaOrdinal([[1, NaN]])).toThrow(/unit 0 holds NaN/);
    expect(() => krippendorffAlphaOrdinal([[1, 2], [Infinity]])).toThrow(/unit 1/);
  });
});

describe('Krippendorff ordinal alpha: invariants', () => {
  const value = fc.option(fc.integer({ min: 0, max: 4 }), { nil: null, freq: 4 });
  const units = fc.array(fc.array(value, { minLength: 0, maxLength: 4 }), { maxLength: 12 });

  it('does not depend on the order of units nor of the values inside a unit', () => {
    fc.assert(
      fc.property(units, (data) => {
        const shuffled = [...data].reverse().map((unit) => [...unit].reverse());
        expectSameAlpha(krippendorffAlphaOrdinal(shuffled), krippendorffAlphaOrdinal(data));
      }),
    );
  });

  it('depends only on the order of the values: a strictly increasing map changes nothing', () => {
    const increasing = (x: number) => x ** 3 * 7 + 100;
    fc.assert(
      fc.property(units, (data) => {
        const mapped = data.map((unit) => unit.map((x) => (x === null ? null : increasing(x))));
        expectSameAlpha(krippendorffAlphaOrdinal(mapped), krippendorffAlphaOrdinal(data));
      }),
    );
  });

  it('is null or at most 1, and exactly 1 whenever every unit is unanimous', () => {
    fc.assert(
      fc.property(units, (data) => {
        const alpha = krippendorffAlphaOrdinal(data);
        if (alpha !== null) expect(alpha).toBeLessThanOrEqual(1 + 1e-12);
        const unanimous: ReliabilityUnit[] = data.map((unit) => unit.map(() => unit[0] ?? null));
        const perfect = krippendorffAlphaOrdinal(unanimous);
        if (perfect !== null) expect(perfect).toBe(1);
      }),
    );
  });
});

function expectSameAlpha(actual: number | null, expected: number | null): void {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, 12);
}

// ---------------------------------------------------------------------------------------------
// Agreement report and reconciliation
// ---------------------------------------------------------------------------------------------

const THREE =
  '[{ id: good, label: Good, score: 100 }, { id: mid, label: Mid, score: 50 }, { id: bad, label: Bad, score: 0 }]';

/** Two strands of three questions each, and a cross-cutting strand referring to q2 and q4. */
const questionnaire: Questionnaire = load({
  'index.yaml': `id: t\ntitle: T\nversion: 1.0.0\noption_sets:\n  three: ${THREE}\nstrands: [s1.yaml, s2.yaml, x.yaml]\n`,
  's1.yaml': [
    'id: s1',
    'label: Strand one',
    'dimensions:',
    '  - id: d1',
    '    label: D1',
    '    indicators:',
    '      - { id: q1, code: "1", label: Question one, option_set: three }',
    '      - { id: q2, code: "2", label: Question two, option_set: three }',
    '      - { id: q3, code: "3", label: Question three, option_set: three, not_applicable: true }',
  ].join('\n'),
  's2.yaml': [
    'id: s2',
    'label: Strand two',
    'dimensions:',
    '  - id: d2',
    '    label: D2',
    '    indicators:',
    '      - { id: q4, code: "4", label: Question four, option_set: three }',
    '      - { id: q5, code: "5", label: Question five, option_set: three, not_applicable: true }',
    '      - { id: q6, code: "6", label: Question six, option_set: three }',
  ].join('\n'),
  'x.yaml': [
    'id: x',
    'label: Cross',
    'cross_cutting: true',
    'dimensions:',
    '  - id: dx',
    '    label: DX',
    '    indicators:',
    '      - { id: x-q2, ref: q2 }',
    '      - { id: x-q4, ref: q4 }',
  ].join('\n'),
});

function load(files: Record<string, string>): Questionnaire {
  const { questionnaire, issues } = loadQuestionnaireFromTexts(files);
  if (!questionnaire) throw new Error(`test questionnaire is invalid: ${JSON.stringify(issues)}`);
  return questionnaire;
}

function sheet(coder: string, answers: Record<string, string>): CoderSheet {
  return { coder, answers: new Map(Object.entries(answers)) };
}

// q1 agree · q2 differ · q3 one not applicable · q4 agree · q5 no value, different reasons ·
// q6 not answered by either (left out by A, not_assessed by B).
const A = sheet('A', { q1: 'good', q2: 'mid', q3: 'not_applicable', q4: 'bad', q5: 'no_data' });
const B = sheet('B', {
  q1: 'good',
  q2: 'bad',
  q3: 'good',
  q4: 'bad',
  q5: 'not_applicable',
  q6: 'not_assessed',
});
const C = sheet('C', { q1: 'good', q2: 'mid', q3: 'good', q4: 'mid', q5: 'no_data' });

/** The codes of the issues of the `InputError` that `run` throws. */
function issueCodes(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.issues.map((issue) => issue.code);
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('agreement', () => {
  it('two coders: alphas by hand, disagreements, no value for missing answers', () => {
    const report = agreement(questionnaire, [A, B]);
    expect(report.coders).toEqual(['A', 'B']);
    // Units (scores A, B): q1 (100, 100), q2 (50, 0), q4 (0, 0) are pairable; q3 (–, 100) is not
    // (not_applicable is no value), nor are q5 and q6.
    expect(report.pairableQuestions).toBe(3);
    // overall: o(100,100) = 2, o(0,0) = 2, o(0,50) = o(50,0) = 1; n0 = 3, n50 = 1, n100 = 2, n = 6.
    //   δ²(0,50) = (4 − 2)² = 4, δ²(50,100) = (3 − 1.5)² = 2.25, δ²(0,100) = (6 − 2.5)² = 12.25
    //   Σ o δ² = 2·4 = 8; Σ n n δ² = 2·(3·1·4 + 3·2·12.25 + 1·2·2.25) = 180
    //   α = 1 − 5·8/180 = 7/9
    expect(report.overall).toBeCloseTo(7 / 9, 12);
    expect(report.perStrand).toEqual([
      // s1: units q1 (100, 100), q2 (50, 0): n0 = 1, n50 = 1, n100 = 2, n = 4;
      //   δ²(0,50) = 1, δ²(50,100) = 2.25, δ²(0,100) = (4 − 1.5)² = 6.25
      //   Σ o δ² = 2·1 = 2; Σ n n δ² = 2·(1 + 2·6.25 + 2·2.25) = 36; α = 1 − 3·2/36 = 5/6
      { strandId: 's1', alpha: expect.closeTo(5 / 6, 12), pairableQuestions: 2 },
      // s2: only q4 (0, 0) is pairable — a single value, alpha undefined.
      { strandId: 's2', alpha: null, pairableQuestions: 1 },
      // x (refs to q2, q4): units (50, 0), (0, 0): n0 = 3, n50 = 1, n = 4; δ²(0,50) = 4;
      //   Σ o δ² = 2·4 = 8; Σ n n δ² = 2·3·1·4 = 24; α = 1 − 3·8/24 = 0
      { strandId: 'x', alpha: expect.closeTo(0, 12), pairableQuestions: 2 },
    ]);
    expect(report.perQuestion.map((q) => [q.questionId, q.agreed, q.pairable])).toEqual([
      ['q1', true, true],
      ['q2', false, true],
      ['q3', true, false],
      ['q4', true, true],
      ['q5', true, false],
      ['q6', true, false],
    ]);
    expect(report.perQuestion[5]!.values).toEqual({ A: null, B: 'not_assessed' });
    expect(report.disagreements).toEqual([
      {
        questionId: 'q2',
        code: '2',
        label: 'Question two',
        kind: 'different-options',
        values: { A: 'mid', B: 'bad' },
      },
      {
        questionId: 'q3',
        code: '3',
        label: 'Question three',
        kind: 'value-and-no-value',
        values: { A: 'not_applicable', B: 'good' },
      },
      {
        questionId: 'q5',
        code: '5',
        label: 'Question five',
        kind: 'different-reasons',
        values: { A: 'no_data', B: 'not_applicable' },
      },
    ]);
  });

  it('three coders: alpha by hand, a unit of three values', () => {
    const report = agreement(questionnaire, [A, B, C]);
    // Units (A, B, C): q1 (100, 100, 100), q2 (50, 0, 50), q3 (–, 100, 100), q4 (0, 0, 50).
    //   q1: o(100,100) += 3·2/2 = 3;  q2: o(50,50) += 2·1/2 = 1, o(0,50) = o(50,0) += 2·1/2 = 1
    //   q3: o(100,100) += 2;          q4: o(0,0) += 1, o(0,50) = o(50,0) += 1
    //   o(0,0) = 1, o(0,50) = o(50,0) = 2, o(50,50) = 1, o(100,100) = 5
    //   n0 = 3, n50 = 3, n100 = 5, n = 11
    //   δ²(0,50) = (6 − 3)² = 9, δ²(50,100) = (8 − 4)² = 16, δ²(0,100) = (11 − 4)² = 49
    //   Σ o δ² = 2·2·9 = 36; Σ n n δ² = 2·(3·3·9 + 3·5·49 + 3·5·16) = 2112
    //   α = 1 − 10·36/2112 = 73/88
    expect(report.overall).toBeCloseTo(73 / 88, 12);
    expect(report.pairableQuestions).toBe(4);
    expect(report.disagreements.map((d) => [d.questionId, d.kind])).toEqual([
      ['q2', 'different-options'],
      ['q3', 'value-and-no-value'],
      ['q4', 'different-options'],
      ['q5', 'different-reasons'],
    ]);
    expect(report.disagreements[2]!.values).toEqual({ A: 'bad', B: 'bad', C: 'mid' });
  });

  it('does not depend on the order of the coders', () => {
    const forward = agreement(questionnaire, [A, B, C]);
    const backward = agreement(questionnaire, [C, B, A]);
    expect(backward.overall).toBeCloseTo(forward.overall!, 12);
    expect(backward.disagreements.map((d) => d.questionId)).toEqual(
      forward.disagreements.map((d) => d.questionId),
    );
  });

  it('reports no disagreement and alpha 1 when the coders agree on everything', () => {
    const answers = { q1: 'good', q2: 'mid', q3: 'not_applicable', q4: 'bad' };
    const report = agreement(questionnaire, [sheet('A', answers), sheet('B', answers)]);
    expect(report.overall).toBe(1);
    expect(report.disagreements).toEqual([]);
  });

  it.each<[string, CoderSheet[], string[]]>([
    ['one coder', [A], ['too-few-coders']],
    ['no coder', [], ['too-few-coders']],
    ['the same coder twice', [A, A], ['duplicate-coder']],
    ['an answer that is not an option', [A, sheet('B', { q1: 'great' })], ['invalid-answer']],
    ['a question the questionnaire lacks', [A, sheet('B', { q9: 'good' })], ['unknown-question']],
    [
      'an answer to a strand, not a question',
      [A, sheet('B', { s1: 'good' })],
      ['unknown-question'],
    ],
  ])('refuses %s', (_name, sheets, codes) => {
    expect(issueCodes(() => agreement(questionnaire, sheets))).toEqual(codes);
  });
});

describe('reconcile', () => {
  const settled = new Map<string, ReconcileChoice>([
    ['q2', 'B'],
    ['q3', { answer: 'not_applicable' }],
    ['q5', 'A'],
  ]);

  it('takes common answers and the choices; not answered stays out', () => {
    expect([...reconcile(questionnaire, [A, B], settled)]).toEqual([
      ['q1', 'good'],
      ['q2', 'bad'],
      ['q3', 'not_applicable'],
      ['q4', 'bad'],
      ['q5', 'no_data'],
      // q6: left out by A, not_assessed by B — not answered, so not in the map.
    ]);
  });

  it('lets a choice override answers the coders agree on', () => {
    const choices = new Map<string, ReconcileChoice>([...settled, ['q1', { answer: 'mid' }]]);
    expect(reconcile(questionnaire, [A, B], choices).get('q1')).toBe('mid');
  });

  it('writes an explicit not_assessed like a question left out', () => {
    const choices = new Map<string, ReconcileChoice>([
      ...settled,
      ['q4', { answer: 'not_assessed' }],
    ]);
    expect(reconcile(questionnaire, [A, B], choices).has('q4')).toBe(false);
  });

  it('throws, listing every disagreement without a choice', () => {
    expect(issueCodes(() => reconcile(questionnaire, [A, B], new Map()))).toEqual([
      'unresolved-disagreement',
      'unresolved-disagreement',
      'unresolved-disagreement',
    ]);
    expect(() => reconcile(questionnaire, [A, B], new Map([['q2', 'A']]))).toThrow(/"q3".*"q5"/);
  });

  it('throws on choices it cannot apply', () => {
    const choices = new Map<string, ReconcileChoice>([
      ['q2', { answer: 'excellent' }],
      ['q3', 'Z'],
      ['q5', { answer: 'no_data' }],
      ['q9', 'A'],
    ]);
    expect(issueCodes(() => reconcile(questionnaire, [A, B], choices))).toEqual([
      'unknown-question',
      'invalid-choice',
      'unknown-coder',
    ]);
  });

  it('refuses sheets as agreement does', () => {
    expect(issueCodes(() => reconcile(questionnaire, [A], new Map()))).toEqual(['too-few-coders']);
  });
});
