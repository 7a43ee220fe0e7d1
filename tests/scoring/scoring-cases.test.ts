import { describe, expect, it } from 'vitest';
import { DEFAULT_METHOD, type Method } from '../../src/scoring/method.js';
import { contributions, coverageOf, scoreSheet, scoreOf } from '../../src/scoring/score-sheet.js';
import { fixtureQuestionnaire, fixturePath } from '../helpers/fixtures.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface ScoringCase {
  name: string;
  questionnaire: string;
  answers: Record<string, string>;
  method?: Omit<Method, 'id' | 'description'>;
  expected: Record<string, number | null>;
  coverage?: Record<string, number>;
}

const { cases } = parse(readFileSync(fixturePath('scoring-cases.yaml'), 'utf8')) as {
  cases: ScoringCase[];
};

describe('scoring cases computed by hand', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const questionnaire = fixtureQuestionnaire(c.questionnaire);
    const method: Method = c.method
      ? { id: 'test', description: 'test', ...c.method }
      : DEFAULT_METHOD;
    const result = scoreSheet(questionnaire, new Map(Object.entries(c.answers)), method);
    for (const [node, expected] of Object.entries(c.expected)) {
      const actual = scoreOf(result, node);
      if (expected === null) expect(actual, node).toBeNull();
      else expect(actual, node).toBeCloseTo(expected, 9);
    }
    for (const [node, expected] of Object.entries(c.coverage ?? {})) {
      expect(coverageOf(result, result.plan.indexOf.get(node)!), `coverage of ${node}`).toBeCloseTo(
        expected,
        12,
      );
    }
    // Whatever the case, the contributions of the questions add up to every node's score.
    for (const node of ['overall', ...questionnaire.strands.map((s) => s.id)]) {
      const total = [...contributions(result, node).values()].reduce((sum, c) => sum + c.points, 0);
      expect(total, `contributions to ${node}`).toBeCloseTo(scoreOf(result, node) ?? 0, 9);
    }
  });
});
