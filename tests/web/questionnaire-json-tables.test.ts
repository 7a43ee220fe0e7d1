/**
 * The API's questionnaire document for a questionnaire with table rules
 * (tests/fixtures/questionnaires/table-rules): the table itself, no effective weight for a
 * table's items but `looked_up` instead, and all of it valid against the OpenAPI schema.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { schemas } from '../../src/web/openapi/schemas.js';
import { questionnaireJson } from '../../src/web/routes/api.js';
import { fixtureQuestionnaire } from '../helpers/fixtures.js';

const questionnaire = fixtureQuestionnaire('table-rules');
const json = questionnaireJson(questionnaire, questionnaire.scoringHash);
type Node = Record<string, unknown> & { children?: Node[] };
const find = (nodes: Node[], id: string): Node | undefined => {
  for (const n of nodes) {
    if (n.id === id) return n;
    const below = find(n.children ?? [], id);
    if (below) return below;
  }
  return undefined;
};

describe('questionnaire JSON with table rules', () => {
  it('a table node carries its rows; its items have null weights and looked_up', () => {
    const strands = json.strands as Node[];
    expect(find(strands, 'pre-entry')).toMatchObject({
      aggregation: 'table',
      table: { otherwise: null, rows: expect.arrayContaining([]) },
    });
    expect(find(strands, 'pre-language')).toMatchObject({
      effective_weight: { in_strand: { family: null }, overall: null },
      looked_up: {
        table: 'pre-entry',
        swing: 100,
        table_effective_weight: { in_strand: { family: 1 / 6 }, overall: 1 / 6 },
      },
    });
    expect(find(strands, 'fee')).toMatchObject({
      effective_weight: { in_strand: { family: 1 / 6 }, overall: 1 / 6 },
      looked_up: null,
    });
  });

  it('is valid against the documented schema', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    ajv.addKeyword('components');
    ajv.addSchema({ $id: 'openapi', components: { schemas } });
    const validate = ajv.getSchema('openapi#/components/schemas/QuestionnaireNode')!;
    for (const strand of json.strands) {
      validate(strand);
      expect((validate.errors ?? []).slice(0, 5)).toEqual([]);
    }
  });
});
