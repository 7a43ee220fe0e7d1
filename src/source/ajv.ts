import { Ajv, type Options, type ValidateFunction } from 'ajv';

/**
 * The project's one ajv configuration: every error (not just the first), union types for
 * labels, strict schemas so a typo in a schema fails loudly. `compile` options (such as
 * `inlineRefs`, or `code.source` for a validator kept as code) change how the validator is built,
 * never what it accepts or reports.
 */
export function createAjv(compile: Pick<Options, 'inlineRefs' | 'code'> = {}): Ajv {
  return new Ajv({ allErrors: true, allowUnionTypes: true, strict: true, ...compile });
}

const shared = createAjv();
const cache = new WeakMap<object, ValidateFunction>();

/** Compiles a schema once per schema object. */
export function validatorFor(schema: object): ValidateFunction {
  let validate = cache.get(schema);
  if (!validate) {
    validate = shared.compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}
