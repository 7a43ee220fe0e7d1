/**
 * What both fast readers (`block-yaml.ts`, `fast-yaml.ts`) do the same way, as the
 * position-keeping `yaml` library does: how a plain (unquoted) scalar reads in the YAML 1.2 core
 * schema, which keys are risky, and how a key is set.
 */
import { CORE_SCHEMA } from 'js-yaml';

/** Null keys as the core schema spells them (plain); `yaml` and js-yaml name them differently. */
export const NULL_KEYS = new Set(['~', 'null', 'Null', 'NULL']);

/** Below `yaml`'s limit of 1,024 characters from an implicit key's start to its `:`. */
export const LONG_KEY = 1000;

/** js-yaml's core-schema resolution of a plain scalar (null, booleans, numbers, else the text). */
const resolvePlain = (
  CORE_SCHEMA as unknown as { resolveImplicitScalarTag(source: string): { value: unknown } }
).resolveImplicitScalarTag.bind(CORE_SCHEMA);

/** The core schema's integers and floats, written out (not `.inf` or `.nan`, which both read). */
const CORE_NUMBER =
  /^(?:[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$/;

/**
 * The value of the plain scalar `source` (null, a boolean, a number or the text itself), as both
 * parsers read it; `undefined` when they differ: a number too large for a double, which js-yaml
 * keeps as text and `yaml` reads as Infinity.
 */
export function plainScalar(source: string): unknown {
  const value = resolvePlain(source).value;
  return value === source && CORE_NUMBER.test(source) ? undefined : value;
}

/** Sets `key` on a mapping's object as an own property, `__proto__` included (as `yaml` does). */
export function setOwnKey(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      configurable: true,
      writable: true,
    });
  else object[key] = value;
}
