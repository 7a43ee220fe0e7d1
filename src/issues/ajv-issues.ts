import type { ErrorObject } from 'ajv';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import type { Issue, IssueCode } from './issue.js';

/**
 * Turns ajv's typed errors into project issues, positioned in the YAML source. Keyword → code:
 * `required` → missing-field, `additionalProperties` → unknown-field, `type` → wrong-type,
 * `enum`/`const` → invalid-value, `pattern`/`format`/`propertyNames` → invalid-format,
 * `minimum`/`maximum`/… → out-of-range, `minItems`/`minLength` → too-short, anything else →
 * schema-violation.
 * `describe` lets a caller word a keyword's problem for its own domain (e.g. unknown options).
 */
/** A caller's own wording of an ajv error; `target`/`at` default to the error's value. */
export interface CustomDescription {
  code: IssueCode;
  message: string;
  target?: DocPath;
  at?: 'value' | 'key';
}

export function ajvIssues(
  errors: readonly ErrorObject[] | null | undefined,
  source: YamlSource,
  describe?: (error: ErrorObject, path: DocPath) => CustomDescription | null,
): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    // propertyNames reports twice (the name, then the object); keep the precise one.
    if (error.keyword === 'propertyNames') continue;
    const path = pointerToPath(error.instancePath);
    const custom = describe?.(error, path) ?? null;
    const { code, message, at, target } = custom
      ? { at: 'value' as const, target: path, ...custom }
      : describeError(error, path);
    const key = `${code}|${target.join('/')}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(source.issue(code, target, message, 'error', at));
  }
  return issues;
}

function describeError(
  error: ErrorObject,
  path: DocPath,
): { code: IssueCode; message: string; at: 'value' | 'key'; target: DocPath } {
  const where = path.length > 0 ? `${formatPath(path)}: ` : '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        code: 'missing-field',
        message: `${where}required field "${String(params.missingProperty)}" is missing`,
        at: 'value',
        target: path,
      };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return {
        code: 'unknown-field',
        message: `${where}unknown field "${name}"`,
        at: 'key',
        target: [...path, name],
      };
    }
    case 'type':
      return {
        code: 'wrong-type',
        message: `${where}must be ${article(String(params.type))}`,
        at: 'value',
        target: path,
      };
    case 'enum':
      return {
        code: 'invalid-value',
        message: `${where}must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
        at: 'value',
        target: path,
      };
    case 'const':
      return {
        code: 'invalid-value',
        message: `${where}must be ${JSON.stringify(params.allowedValue)}`,
        at: 'value',
        target: path,
      };
    case 'pattern':
    case 'format':
      return {
        code: 'invalid-format',
        message: `${where}${describeFormat(error)}`,
        at: 'value',
        target: path,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        code: 'out-of-range',
        message: `${where}must be ${String(params.comparison)} ${String(params.limit)}`,
        at: 'value',
        target: path,
      };
    case 'minItems':
    case 'minLength':
      return {
        code: 'too-short',
        message: `${where}must not be empty`,
        at: 'value',
        target: path,
      };
    case 'maxItems':
      return {
        code: 'too-long',
        message: `${where}must have at most ${String(params.limit)} items`,
        at: 'value',
        target: path,
      };
    case 'maxLength':
      return {
        code: 'too-long',
        message: `${where}must be at most ${String(params.limit)} characters long`,
        at: 'value',
        target: path,
      };
    default:
      return {
        code: 'schema-violation',
        message: `${where}${error.message ?? 'does not match the schema'}`,
        at: 'value',
        target: path,
      };
  }
}

function describeFormat(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'format') return `must be a valid ${String(params.format)}`;
  const pattern = String(params.pattern);
  if (pattern.startsWith('^[a-z][a-z0-9]*(-[a-z0-9]+)*$')) {
    return 'must be a kebab-case id (lower-case letters and digits separated by single hyphens, e.g. "fr-residence-period")';
  }
  if (pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return 'must be a date written YYYY-MM-DD';
  return `does not match the expected format ${pattern}`;
}

function article(type: string): string {
  const words = type.split(',').map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`));
  return words.join(' or ');
}

export function pointerToPath(pointer: string): DocPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^(0|[1-9][0-9]*)$/.test(part) ? Number(part) : part));
}

/** `dimensions[0].indicators[2].weight` — how paths appear in messages. */
export function formatPath(path: DocPath): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}
