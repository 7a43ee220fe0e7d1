/**
 * Table rules in the questionnaire (the errors have one fixture each in
 * tests/fixtures/questionnaire-errors/table-*.yaml): the warning for a row no combination
 * reaches, what the loaded questionnaire holds, and the table as part of the scoring hash.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQuestionnaireFromTexts } from '../../src/questionnaire/load-questionnaire.js';
import { fixturePath } from '../helpers/fixtures.js';

const dir = fixturePath('questionnaires', 'table-rules');
const files = Object.fromEntries(
  readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
);
const withStrand = (edit: (text: string) => string) => ({
  ...files,
  'family.yaml': edit(files['family.yaml']!),
});

describe('table rules: loading', () => {
  it('keeps the rows in order, each condition as a list of options, and otherwise', () => {
    const { questionnaire, issues } = loadQuestionnaireFromTexts(files);
    expect(issues).toEqual([]);
    const post = questionnaire!.nodes.get('post-entry');
    expect(post?.kind === 'composite' && post.aggregation).toBe('table');
    expect(post?.kind === 'composite' && post.table).toMatchObject({
      otherwise: 0,
      rows: [
        { when: { 'post-form': ['none'] }, points: 100 },
        { when: { 'post-form': ['course'] }, points: 90 },
        { when: { 'post-level': ['low'], 'post-integration': ['none'] }, points: 80 },
        { when: { 'post-level': ['middle', 'high'], 'post-integration': ['none'] }, points: 60 },
        { when: { 'post-level': ['low'], 'post-integration': ['course', 'test'] }, points: 40 },
      ],
    });
  });

  it('a row every combination of which an earlier row takes is a warning, located at the row', () => {
    const { questionnaire, issues } = loadQuestionnaireFromTexts(
      withStrand((text) =>
        text.replace(
          '          - when: { post-form: course }\n            points: 90\n',
          '          - when: { post-form: course }\n            points: 90\n          - when: { post-form: [none, course] }\n            points: 95\n',
        ),
      ),
    );
    expect(questionnaire).not.toBeNull();
    expect(
      issues.map(({ code, severity, line, column }) => ({ code, severity, line, column })),
    ).toEqual([{ code: 'table-row-unreachable', severity: 'warning', line: 44, column: 13 }]);
  });

  it('a row that holds only while an item it does not name is left out is reachable', () => {
    // Row 3 takes every full combination with language "course"; row 4 still gives the points
    // when the integration measure is left out.
    const { issues } = loadQuestionnaireFromTexts(
      withStrand((text) =>
        text.replace(
          '          - when: { pre-language: test, pre-integration: test }\n            points: 0\n',
          '          - when: { pre-language: test, pre-integration: test }\n            points: 0\n          - when: { pre-language: course }\n            points: 10\n',
        ),
      ),
    );
    expect(issues).toEqual([]);
  });

  it('otherwise that no combination reaches is a warning', () => {
    const { issues } = loadQuestionnaireFromTexts(
      withStrand((text) =>
        text.replace(
          '            points: 0\n        items:\n          - id: pre-language',
          '            points: 0\n          - otherwise: 50\n        items:\n          - id: pre-language',
        ),
      ),
    );
    expect(issues.map((i) => [i.code, i.severity, i.message])).toEqual([
      [
        'table-row-unreachable',
        'warning',
        'otherwise is never used: the rows above cover every combination',
      ],
    ]);
  });

  it('the table is part of the scoring hash; a questionnaire without tables hashes as before', () => {
    const base = loadQuestionnaireFromTexts(files).questionnaire!;
    const changed = loadQuestionnaireFromTexts(
      withStrand((text) => text.replace('points: 83', 'points: 84')),
    ).questionnaire!;
    expect(changed.scoringHash).not.toBe(base.scoringHash);
    expect(changed.hash).not.toBe(base.hash);
  });
});
