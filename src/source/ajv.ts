import { createRequire } from 'node:module';
import type { Ajv, Options, ValidateFunction } from 'ajv';

type AjvModule = typeof import('ajv');

let ajvClass: AjvModule['Ajv'] | null = null;

/**
 * The project's one ajv configuration: every error (not just the first), union types for
 * labels, strict schemas so a typo in a schema fails loudly. `compile` options (such as
 * `inlineRefs`, or `code.source` for a validator kept as code) change how the validator is built,
 * never what it accepts or reports.
 *
 * ajv (some sixty modules) is loaded on the first call: a start whose schemas all come compiled
 * from the cache (`questionnaire/derived-cache.ts`) never loads it.
 */
export function createAjv(compile: Pick<Options, 'inlineRefs' | 'code'> = {}): Ajv {
  ajvClass ??= (createRequire(import.meta.url)('ajv') as AjvModule).Ajv;
  return new ajvClass({ allErrors: true, allowUnionTypes: true, strict: true, ...compile });
}

let shared: Ajv | null = null;
const cache = new WeakMap<object, ValidateFunction>();

/** Compiles a schema once per schema object. */
export function validatorFor(schema: object): ValidateFunction {
  let validate = cache.get(schema);
  if (!validate) {
    shared ??= createAjv();
    validate = shared.compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}
