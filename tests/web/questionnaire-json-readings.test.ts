/**
 * Readings in the API's questionnaire document, on the methodology page's view model and in the
 * generated METHODOLOGY.md, for
 * tests/fixtures/questionnaires/readings (weights computed by hand in tests/scoring/readings.test.ts):
 * each indicator's facet, the strand's facets and readings with their method in words and
 * effective weights, all valid against the OpenAPI schema; nothing new for a strand without them.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { schemas } from '../../src/web/openapi/schemas.js';
import { questionnaireJson } from '../../src/web/routes/api.js';
import { buildMethodology } from '../../src/web/view-models/methodology.js';
import { methodologyMarkdown } from '../../src/reports/methodology-markdown.js';
import { fixtureQuestionnaire } from '../helpers/fixtures.js';

const questionnaire = fixtureQuestionnaire('readings');
const json = questionnaireJson(questionnaire, questionnaire.scoringHash);
type Node = Record<string, unknown> & { children?: Node[] };
const strand = (id: string) => (json.strands as Node[]).find((s) => s.id === id)!;

describe('questionnaire JSON with readings', () => {
  it('a strand with readings lists its facets and readings with their effective weights', () => {
    const tests = strand('tests');
    expect(tests.facets).toEqual([
      { id: 'form', label: 'Form' },
      { id: 'level', label: 'Level required' },
      { id: 'support', label: 'Support' },
      { id: 'note', label: 'Note' },
    ]);
    const [bar, help] = tests.readings as Node[];
    expect(bar).toMatchObject({
      id: 'bar',
      label: 'Height of the bar',
      guidance: 'How hard the requirements are to meet.',
      direction: 'inverted',
      facets: ['form', 'level'],
      effective_weights: [
        {
          indicator: 'a-form',
          dimension: 'gate-a',
          facet: 'form',
          in_dimension: 0.25,
          in_strand: 1 / 16,
        },
        {
          indicator: 'a-level',
          dimension: 'gate-a',
          facet: 'level',
          in_dimension: 0.75,
          in_strand: 3 / 16,
        },
        {
          indicator: 'b-form',
          dimension: 'gate-b',
          facet: 'form',
          in_dimension: 1,
          in_strand: 0.5,
        },
        {
          indicator: 'c-level',
          dimension: 'gate-c',
          facet: 'level',
          in_dimension: 1,
          in_strand: 0.25,
        },
      ],
    });
    expect(bar!.in_words).toMatch(
      /^Height of the bar: 100 minus the weighted mean, over the dimensions/,
    );
    expect(help).toMatchObject({ id: 'help', direction: 'as-scored', guidance: '' });
    const gateA = (tests.children as Node[])[0]!;
    expect((gateA.children as Node[]).map((n) => n.facet)).toEqual([
      'form',
      'level',
      'support',
      undefined,
    ]);
  });

  it('a strand without facets has no such fields', () => {
    const family = strand('family');
    expect(Object.keys(family)).not.toContain('facets');
    expect(Object.keys(family)).not.toContain('readings');
  });

  it('is valid against the documented schema', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    ajv.addKeyword('components');
    ajv.addSchema({ $id: 'openapi', components: { schemas } });
    const validate = ajv.getSchema('openapi#/components/schemas/QuestionnaireNode')!;
    for (const s of json.strands) {
      validate(s);
      expect((validate.errors ?? []).slice(0, 5)).toEqual([]);
    }
  });
});

describe('methodology view model with readings', () => {
  const view = buildMethodology(questionnaire, [], null);

  it('shows each reading in words with its indicators’ effective weights', () => {
    const tests = view.strands.find((s) => s.id === 'tests')!;
    expect(tests.readings.map((r) => r.id)).toEqual(['bar', 'help']);
    const bar = tests.readings[0]!;
    expect(bar.inWords).toBe(
      'Height of the bar: 100 minus the weighted mean, over the dimensions that have any, of ' +
        "each dimension's own rule (weighted mean or minimum) over its indicators recording " +
        '“Form” or “Level required”. Other indicators are left out and the weights renormalised, ' +
        'as for a missing answer; it never changes a score.',
    );
    // Grouped by dimension; gate-d, which no reading reads, is left out.
    expect(bar.dimensions.map((d) => [d.id, d.label])).toEqual([
      ['gate-a', 'Gate A'],
      ['gate-b', 'Gate B'],
      ['gate-c', 'Gate C'],
    ]);
    expect(bar.dimensions.flatMap((d) => d.weights)).toEqual([
      { id: 'a-form', label: 'A form', facet: 'Form', inDimension: '25.00 %', inStrand: '6.25 %' },
      {
        id: 'a-level',
        label: 'A level',
        facet: 'Level required',
        inDimension: '75.00 %',
        inStrand: '18.75 %',
      },
      {
        id: 'b-form',
        label: 'B form',
        facet: 'Form',
        inDimension: '100.00 %',
        inStrand: '50.00 %',
      },
      {
        id: 'c-level',
        label: 'C level',
        facet: 'Level required',
        inDimension: '100.00 %',
        inStrand: '25.00 %',
      },
    ]);
    // A reference is named by what it refers to.
    expect(tests.readings[1]!.dimensions[1]!.weights[0]).toMatchObject({
      id: 'b-support',
      label: 'Family support',
    });
    expect(view.strands.find((s) => s.id === 'family')!.readings).toEqual([]);
  });
});

describe('METHODOLOGY.md with readings', () => {
  it('has a section per reading: the method in words and the effective weights', () => {
    const markdown = methodologyMarkdown(questionnaire);
    expect(markdown).toContain(
      [
        '### Reading: Support given (`help`)',
        '',
        'Support given: the weighted mean, over the dimensions that have any, of each ' +
          "dimension's own rule (weighted mean or minimum) over its indicators recording " +
          '“Support”. Other indicators are left out and the weights renormalised, as for a ' +
          'missing answer; it never changes a score.',
        '',
        '| indicator | facet | in dimension | in strand |',
        '| --- | --- | ---: | ---: |',
        '| A support `a-support` | support | 100.00 % | 25.00 % |',
        '| Family support `b-support` | support | 100.00 % | 50.00 % |',
        '| C support `c-support` | support | 100.00 % | 25.00 % |',
      ].join('\n'),
    );
    expect(markdown.match(/### Reading: /g)).toHaveLength(2);
  });
});

describe('METHODOLOGY.md: a cross-cutting strand with questions of its own', () => {
  it('says they count only in it', () => {
    expect(methodologyMarkdown(questionnaire)).toContain(
      '- *Tests* is cross-cutting: built from questions of other strands and 9 of its own, which count only in it, reported on its own, not counted again in the overall score.',
    );
  });
});
