/**
 * Skip logic (`applies_if`): every expression parses, uses only the allowed language and names
 * existing questions and options (`expression-*`, from `expressions.ts`, reported at the
 * question's `applies_if`); and no question depends, directly or through others, on itself
 * (`applies-if-cycle`). Compiled expressions are stored on their questions.
 */
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import { compileExpression } from './expressions.js';
import type { QuestionNode } from './types.js';

/** Where a question was written, and its skip-logic text as written (if any). */
export interface QuestionOrigin {
  source: YamlSource;
  path: DocPath;
  appliesIf: string | undefined;
}

export function compileSkipLogic(
  questions: readonly QuestionNode[],
  origins: ReadonlyMap<string, QuestionOrigin>,
  issues: Issue[],
): void {
  const byId = new Map(questions.map((question) => [question.id, question]));
  const catalogue = { optionIds: (id: string) => byId.get(id)?.options.map((option) => option.id) };
  for (const question of questions) {
    const origin = origins.get(question.id);
    const text = origin?.appliesIf;
    if (!origin || text === undefined) continue;
    const result = compileExpression(text, catalogue);
    if ('problems' in result) {
      for (const problem of result.problems) {
        issues.push(
          origin.source.issue(
            problem.code,
            [...origin.path, 'applies_if'],
            `applies_if of "${question.id}": ${problem.message}`,
          ),
        );
      }
    } else {
      question.appliesIf = result.expression;
    }
  }
  checkSkipLogicCycles(byId, origins, issues);
}

/** A question must not depend, directly or through others, on itself. */
function checkSkipLogicCycles(
  byId: ReadonlyMap<string, QuestionNode>,
  origins: ReadonlyMap<string, QuestionOrigin>,
  issues: Issue[],
): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      const origin = origins.get(id);
      if (origin) {
        issues.push(
          origin.source.issue(
            'applies-if-cycle',
            [...origin.path, 'applies_if'],
            `skip logic is circular: ${cycle.join(' → ')}`,
          ),
        );
      }
      return;
    }
    state.set(id, 'visiting');
    for (const dependency of byId.get(id)?.appliesIf?.dependsOn ?? [])
      visit(dependency, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of byId.keys()) visit(id, []);
}
