/**
 * The loader compiles the answer-sheet schema with each question as a function of its own
 * (`compileSheetSchema`), which V8 can optimise; inlined, the schema is one 640 KB function.
 * The two must accept the same sheets and report the same errors, in the same order (keyword,
 * instance path, params, message: everything `ajvIssues` turns into issues). Checked on random
 * damage to a real sheet.
 */
import fc from 'fast-check';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSheetSchema } from '../../src/answers/load-sheet.js';
import { answerSheetSchema } from '../../src/answers/sheet-schema.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { createAjv } from '../../src/source/ajv.js';
import type { ValidateFunction } from 'ajv';

const questionnaire = loadQuestionnaire('questionnaire').questionnaire!;
const { $id: _id, ...schema } = answerSheetSchema(questionnaire);
const inlined = createAjv().compile(schema);
const byQuestion = compileSheetSchema(questionnaire);
const sheet = load(readFileSync(join('scores', '2024', 'DE.yaml'), 'utf8')) as Record<
  string,
  unknown
>;

function outcome(validate: ValidateFunction, value: unknown) {
  const valid = validate(value);
  const errors = (validate.errors ?? []).map(({ keyword, instancePath, params, message }) => ({
    keyword,
    instancePath,
    params,
    message,
  }));
  return { valid, errors };
}

/** Every path into the sheet, containers included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => pathsOf(v, [...prefix, i])));
  if (value && typeof value === 'object') {
    return here.concat(...Object.entries(value).map(([k, v]) => pathsOf(v, [...prefix, k])));
  }
  return here;
}

const paths = pathsOf(sheet).filter((path) => path.length > 0);
const REPLACEMENTS: unknown[] = [
  null,
  0,
  1.5,
  -1,
  true,
  '',
  'x',
  'not-an-option',
  '2024-13-45',
  'ftp://x',
];
REPLACEMENTS.push(...[[], [{}], {}, { title: '' }, { answer: 'none' }, { unknown: 1 }]);

const damage = fc.record({
  path: fc.constantFrom(...paths),
  kind: fc.constantFrom('replace', 'delete', 'add-key'),
  value: fc.constantFrom(...REPLACEMENTS),
  key: fc.constantFrom('unknown', 'fr-not-a-question', 'answer', 'title', '__proto__'),
});

type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;

function damaged(edits: Damage[]): unknown {
  const copy = structuredClone(sheet) as Record<string, unknown>;
  for (const { path, kind, value, key } of edits) {
    let parent: unknown = copy;
    for (const step of path.slice(0, -1)) {
      parent = (parent as Record<string | number, unknown> | null)?.[step];
    }
    if (!parent || typeof parent !== 'object') continue;
    const last = path.at(-1)!;
    const target = parent as Record<string | number, unknown>;
    if (kind === 'replace') target[last] = structuredClone(value);
    else if (kind === 'delete') delete target[last];
    else if (target[last] && typeof target[last] === 'object' && !Array.isArray(target[last])) {
      Object.defineProperty(target[last], key, { value: 1, enumerable: true, configurable: true });
    }
  }
  return copy;
}

describe('the answer-sheet validator compiled by question', () => {
  it('accepts the sample sheet, as the inlined schema does', () => {
    expect(outcome(byQuestion, sheet)).toEqual({ valid: true, errors: [] });
    expect(outcome(inlined, sheet)).toEqual({ valid: true, errors: [] });
  });

  it('reports exactly the errors of the inlined schema, in the same order', () => {
    let invalid = 0;
    fc.assert(
      fc.property(fc.array(damage, { minLength: 1, maxLength: 4 }), (edits) => {
        const value = damaged(edits);
        const expected = outcome(inlined, value);
        expect(outcome(byQuestion, value)).toEqual(expected);
        if (!expected.valid) invalid++;
      }),
      { numRuns: 300 },
    );
    expect(invalid).toBeGreaterThan(150);
  });
});
