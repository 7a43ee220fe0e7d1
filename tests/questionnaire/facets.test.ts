/**
 * Facets and readings in the questionnaire (issue 13): what the loaded questionnaire holds, the
 * checks that have no fixture of their own in tests/fixtures/questionnaire-errors (a bad
 * direction, facet on a dimension or strand, an undeclared indicator facet), and readings as
 * part of the scoring hash. The fixture is tests/fixtures/questionnaires/readings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQuestionnaireFromTexts } from '../../src/questionnaire/load-questionnaire.js';
import { strandFacets, strandReadings, type Strand } from '../../src/questionnaire/types.js';
import { fixturePath } from '../helpers/fixtures.js';

const dir = fixturePath('questionnaires', 'readings');
const files = Object.fromEntries(
  readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
);
const withTests = (edit: (text: string) => string) => ({
  ...files,
  'tests.yaml': edit(files['tests.yaml']!),
});
const located = (texts: Record<string, string>) =>
  loadQuestionnaireFromTexts(texts).issues.map(({ code, file, line, column }) => ({
    code,
    file,
    line,
    column,
  }));

describe('facets and readings: loading', () => {
  it('keeps the strand’s facets and readings, direction as-scored by default, and each indicator’s facet', () => {
    const { questionnaire, issues } = loadQuestionnaireFromTexts(files);
    expect(issues).toEqual([]);
    const strand = questionnaire!.nodes.get('tests') as Strand;
    expect(strandFacets(strand).map((f) => f.id)).toEqual(['form', 'level', 'support', 'note']);
    expect(strandReadings(strand)).toEqual([
      {
        id: 'bar',
        label: 'Height of the bar',
        guidance: 'How hard the requirements are to meet.',
        facets: ['form', 'level'],
        direction: 'inverted',
      },
      {
        id: 'help',
        label: 'Support given',
        guidance: null,
        facets: ['support'],
        direction: 'as-scored',
      },
    ]);
    expect(questionnaire!.nodes.get('a-level')?.facet).toBe('level');
    expect(questionnaire!.nodes.get('b-form')?.facet).toBe('form');
    expect(questionnaire!.nodes.get('b-support')?.facet).toBe('support');
    // Items inherit their indicator's facet; they carry none of their own.
    expect(questionnaire!.nodes.get('b-form-civic')?.facet).toBeUndefined();
    // A strand without facets has none, and its nodes are described as before facets existed.
    const family = questionnaire!.nodes.get('family') as Strand;
    expect('facets' in family || 'readings' in family).toBe(false);
    expect(strandReadings(family)).toEqual([]);
    expect('facet' in questionnaire!.nodes.get('fam-support')!).toBe(false);
  });

  it('a direction other than as-scored or inverted is invalid-value, at the value', () => {
    expect(
      located(withTests((t) => t.replace('direction: inverted', 'direction: upside-down'))),
    ).toEqual([{ code: 'invalid-value', file: 'tests.yaml', line: 15, column: 16 }]);
  });

  it('facet on a dimension or on the strand is facet-not-on-indicator, at the key', () => {
    expect(
      located(
        withTests((t) =>
          t
            .replace('cross_cutting: true\n', 'cross_cutting: true\nfacet: form\n')
            .replace('  - id: gate-c\n', '  - id: gate-c\n    facet: level\n'),
        ),
      ),
    ).toEqual([
      { code: 'facet-not-on-indicator', file: 'tests.yaml', line: 5, column: 1 },
      { code: 'facet-not-on-indicator', file: 'tests.yaml', line: 40, column: 5 },
    ]);
  });

  it('an indicator’s facet in a strand that declares none is undeclared-facets, at the facet', () => {
    expect(
      located({
        ...files,
        'family.yaml': files['family.yaml']!.replace(
          '{ id: fam-other, label: Family other,',
          '{ id: fam-other, label: Family other, facet: form,',
        ),
      }),
    ).toEqual([{ code: 'undeclared-facets', file: 'family.yaml', line: 8, column: 54 }]);
  });
});

describe('facets and readings: hashes', () => {
  const hashes = (texts: Record<string, string>) => {
    const { questionnaire } = loadQuestionnaireFromTexts(texts);
    return { content: questionnaire!.hash, scoring: questionnaire!.scoringHash };
  };
  const base = hashes(files);

  it.each([
    [
      'a reading’s direction',
      (t: string) => t.replace('direction: inverted', 'direction: as-scored'),
    ],
    ['a reading’s facets', (t: string) => t.replace('facets: [form, level]', 'facets: [form]')],
    [
      'an indicator’s facet',
      (t: string) =>
        t.replace(
          'id: c-level, label: C level, facet: level',
          'id: c-level, label: C level, facet: form',
        ),
    ],
    [
      'a new reading',
      (t: string) =>
        t.replace(
          'dimensions:\n',
          '  - { id: form-only, label: Form only, facets: [form] }\ndimensions:\n',
        ),
    ],
  ])('changing %s changes the scoring hash', (_what, edit) => {
    const changed = hashes(withTests(edit));
    expect(changed.scoring).not.toBe(base.scoring);
    expect(changed.content).not.toBe(base.content);
  });

  it('rewording a reading or a facet changes the content hash only', () => {
    const changed = hashes(
      withTests((t) =>
        t
          .replace('label: Support given', 'label: Support offered')
          .replace('label: Form }', 'label: Form of the requirement }'),
      ),
    );
    expect(changed.scoring).toBe(base.scoring);
    expect(changed.content).not.toBe(base.content);
  });
});
