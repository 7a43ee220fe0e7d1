/**
 * Invariants of the scoring method, on random questionnaires (random trees, weights, rules and
 * option scores) and random answers, generated with fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadQuestionnaireFromTexts } from '../../src/questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
import type { Method } from '../../src/scoring/method.js';
import { contributions, scoreSheet, type SheetScores } from '../../src/scoring/score-sheet.js';

type Rule = 'mean' | 'geometric' | 'min';
interface QuestionSpec {
  kind: 'question';
  weight: number;
  middle: number[];
}
interface CompositeSpec {
  kind: 'composite';
  weight: number;
  rule: Rule;
  items: QuestionSpec[];
}
interface DimensionSpec {
  weight: number;
  rule: Rule;
  indicators: (QuestionSpec | CompositeSpec)[];
}
interface StrandSpec {
  weight: number;
  rule: Rule;
  dimensions: DimensionSpec[];
}

const weight = fc.double({ min: 0.1, max: 10, noNaN: true });
const rule = fc.constantFrom<Rule>('mean', 'geometric', 'min');
const question = fc.record({
  kind: fc.constant('question' as const),
  weight,
  // Every question has a best (100) and a worst (0) option, plus 0–2 in between.
  middle: fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 2 }),
});
const composite = fc.record({
  kind: fc.constant('composite' as const),
  weight,
  rule,
  items: fc.array(question, { minLength: 1, maxLength: 3 }),
});
const dimension = fc.record({
  weight,
  rule,
  indicators: fc.array(fc.oneof(question, composite), { minLength: 1, maxLength: 4 }),
});
const strand = fc.record({
  weight,
  rule,
  dimensions: fc.array(dimension, { minLength: 1, maxLength: 3 }),
});
const spec = fc.array(strand, { minLength: 1, maxLength: 3 });

/** Writes a questionnaire spec as files (JSON is YAML) and loads it through the real loader. */
function build(strands: StrandSpec[], reverse = false): Questionnaire {
  const order = <T>(list: T[]) => (reverse ? [...list].reverse() : list);
  let n = 0;
  const questionNode = (q: QuestionSpec) => {
    const id = `q${n++}`;
    return {
      id,
      label: id,
      weight: q.weight,
      options: [
        { id: 'best', label: 'Best', score: 100 },
        ...q.middle.map((score, i) => ({ id: `m${i}`, label: `M${i}`, score })),
        { id: 'worst', label: 'Worst', score: 0 },
      ],
    };
  };
  const files: Record<string, string> = {};
  const names: string[] = [];
  strands.forEach((s, si) => {
    const dimensions = s.dimensions.map((d, di) => ({
      id: `s${si}-d${di}`,
      label: 'D',
      weight: d.weight,
      aggregation: d.rule,
      indicators: order(
        d.indicators.map((ind, ii) =>
          ind.kind === 'question'
            ? questionNode(ind)
            : {
                id: `s${si}-d${di}-c${ii}`,
                label: 'C',
                weight: ind.weight,
                aggregation: ind.rule,
                items: order(ind.items.map(questionNode)),
              },
        ),
      ),
    }));
    files[`s${si}.yaml`] = JSON.stringify({
      id: `s${si}`,
      label: 'S',
      weight: s.weight,
      aggregation: s.rule,
      dimensions: order(dimensions),
    });
    names.push(`s${si}.yaml`);
  });
  files['index.yaml'] = JSON.stringify({
    id: 'random',
    title: 'Random',
    version: '1.0.0',
    strands: order(names),
  });
  const { questionnaire, issues } = loadQuestionnaireFromTexts(files);
  if (!questionnaire) throw new Error(JSON.stringify(issues));
  return questionnaire;
}

/** Answers picked by a seed: an option, not applicable, or no answer. */
function randomAnswers(questionnaire: Questionnaire, picks: number[]): Map<string, string> {
  const answers = new Map<string, string>();
  questionnaire.questions.forEach((q, i) => {
    const pick = picks[i % picks.length]!;
    const choices = [...q.options.map((o) => o.id), 'not_applicable', 'missing'];
    const choice = choices[pick % choices.length]!;
    if (choice !== 'missing') answers.set(q.id, choice);
  });
  return answers;
}

function allScores(result: SheetScores): Map<string, number> {
  return new Map(result.plan.ids.map((id, n) => [id, result.scores[n]!]));
}

const picks = fc.array(fc.nat(), { minLength: 1, maxLength: 40 });
const runs = { numRuns: 150 };

describe('scoring invariants (property tests)', () => {
  it('every score is within 0–100 or null', () => {
    fc.assert(
      fc.property(spec, picks, (s, p) => {
        const q = build(s);
        for (const score of scoreSheet(q, randomAnswers(q, p)).scores) {
          if (!Number.isNaN(score)) {
            expect(score).toBeGreaterThanOrEqual(0);
            expect(score).toBeLessThanOrEqual(100 + 1e-9);
          }
        }
      }),
      runs,
    );
  });

  it('all-best answers give 100 and all-worst 0, at every node', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const q = build(s);
        for (const [option, expected] of [
          ['best', 100],
          ['worst', 0],
        ] as const) {
          const result = scoreSheet(
            q,
            new Map(q.questions.map((question) => [question.id, option])),
          );
          for (const score of result.scores) expect(score).toBeCloseTo(expected, 9);
        }
      }),
      runs,
    );
  });

  it('multiplying every weight by a constant changes nothing', () => {
    fc.assert(
      fc.property(spec, picks, fc.double({ min: 0.01, max: 100, noNaN: true }), (s, p, factor) => {
        const q = build(s);
        const answers = randomAnswers(q, p);
        const scaled: Method = {
          id: 'scaled',
          description: 'every weight × factor',
          weights: Object.fromEntries(
            [...q.nodes.values()].map((node) => [node.id, node.weight * factor]),
          ),
        };
        const before = allScores(scoreSheet(q, answers));
        const after = allScores(scoreSheet(q, answers, scaled));
        for (const [id, score] of before) {
          if (Number.isNaN(score)) expect(after.get(id)).toBeNaN();
          else expect(after.get(id)).toBeCloseTo(score, 9);
        }
      }),
      runs,
    );
  });

  it('the order of questions, indicators, dimensions and strands changes nothing', () => {
    fc.assert(
      fc.property(spec, picks, (s, p) => {
        const forward = build(s);
        const reversed = build(s, true);
        const answers = randomAnswers(forward, p);
        const a = allScores(scoreSheet(forward, answers));
        const b = allScores(scoreSheet(reversed, answers));
        expect(b.size).toBe(a.size);
        for (const [id, score] of a) {
          if (Number.isNaN(score)) expect(b.get(id)).toBeNaN();
          else expect(b.get(id)).toBeCloseTo(score, 9);
        }
      }),
      runs,
    );
  });

  it('contributions of the questions add up to the score of every node', () => {
    fc.assert(
      fc.property(spec, picks, (s, p) => {
        const q = build(s);
        const result = scoreSheet(q, randomAnswers(q, p));
        result.plan.ids.forEach((id, n) => {
          const total = [...contributions(result, id).values()].reduce(
            (sum, c) => sum + c.points,
            0,
          );
          const score = result.scores[n]!;
          expect(total).toBeCloseTo(Number.isNaN(score) ? 0 : score, 9);
        });
      }),
      runs,
    );
  });
});
