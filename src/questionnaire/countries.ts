/**
 * Countries and groups, as data: `countries.yaml` next to the questionnaire index.
 *
 *   countries: [{ code: AT, name: Austria }, …]     ISO 3166-1 alpha-2
 *   groups:    [{ id: eu28, label: EU28, members: [AT, …] }, …]
 *   aliases:   { UK: GB, TU: TR }                  codes other sources use, accepted on import
 *
 * The file is optional: without it, any well-formed code is accepted and no groups exist.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FromSchema } from 'json-schema-to-ts';
import { ajvIssues } from '../issues/ajv-issues.js';
import { hasErrors, type Issue } from '../issues/issue.js';
import { validatorFor } from '../source/ajv.js';
import { readTextFile } from '../source/read-file.js';
import { MAX_YAML_BYTES, parseYamlSource, type YamlSource } from '../source/yaml-source.js';
import { cachedDerivation } from './derived-cache.js';
import { ID_PATTERN } from './raw-schema.js';

export const COUNTRIES_FILE = 'countries.yaml';

const CODE = { type: 'string', pattern: '^[A-Z]{2}$' } as const;

export const countriesFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['countries'],
  properties: {
    $schema: { type: 'string' },
    countries: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'name'],
        properties: { code: CODE, name: { type: 'string', minLength: 1 } },
      },
    },
    groups: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label', 'members'],
        properties: {
          id: { type: 'string', pattern: ID_PATTERN },
          label: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          members: { type: 'array', minItems: 1, items: CODE },
        },
      },
    },
    aliases: {
      type: 'object',
      propertyNames: { pattern: '^[A-Z]{2}$' },
      additionalProperties: CODE,
    },
  },
} as const;

type RawCountries = FromSchema<typeof countriesFileSchema>;

export interface Country {
  code: string;
  name: string;
}

export interface CountryGroup {
  id: string;
  label: string;
  description: string | null;
  members: string[];
}

export interface CountryRegistry {
  /** Known codes, or `null` when there is no countries file. */
  codes: ReadonlySet<string> | null;
  countries: Country[];
  groups: CountryGroup[];
  aliases: ReadonlyMap<string, string>;
  issues: Issue[];
}

const EMPTY: Omit<CountryRegistry, 'issues'> = {
  codes: null,
  countries: [],
  groups: [],
  aliases: new Map(),
};

/** Reads `countries.yaml`; unchanged since it was last read, it comes from `derived-cache.ts`. */
export function loadCountries(questionnaireDir: string): CountryRegistry {
  const file = join(questionnaireDir, COUNTRIES_FILE);
  if (!existsSync(file)) return { ...EMPTY, issues: [] };
  const read = readTextFile(file, MAX_YAML_BYTES);
  if ('issues' in read) return { ...EMPTY, issues: read.issues };
  return cachedDerivation({
    kind: 'countries',
    mainFile: file,
    textOf: () => read.text,
    build: () => countriesFrom(parseYamlSource(file, read.text)),
    filesOf: (registry) => (hasErrors(registry.issues) ? null : [file]),
  });
}

function countriesFrom(source: YamlSource): CountryRegistry {
  if (hasErrors(source.issues)) return { ...EMPTY, issues: source.issues };
  const validate = validatorFor(countriesFileSchema);
  if (!validate(source.value)) return { ...EMPTY, issues: ajvIssues(validate.errors, source) };

  const raw = source.value as RawCountries;
  const issues: Issue[] = [];
  const codes = new Set<string>();
  raw.countries.forEach((country, i) => {
    if (codes.has(country.code)) {
      issues.push(
        source.issue(
          'duplicate-country',
          ['countries', i, 'code'],
          `country ${country.code} is listed twice`,
        ),
      );
    }
    codes.add(country.code);
  });
  const groupIds = new Set<string>();
  (raw.groups ?? []).forEach((group, g) => {
    if (groupIds.has(group.id)) {
      issues.push(
        source.issue('duplicate-id', ['groups', g, 'id'], `group id "${group.id}" is used twice`),
      );
    }
    groupIds.add(group.id);
    group.members.forEach((member, m) => {
      if (!codes.has(member)) {
        issues.push(
          source.issue(
            'unknown-country',
            ['groups', g, 'members', m],
            `group "${group.id}" lists unknown country ${member}`,
          ),
        );
      }
    });
  });
  for (const [alias, target] of Object.entries(raw.aliases ?? {})) {
    if (!codes.has(target)) {
      issues.push(
        source.issue(
          'unknown-country',
          ['aliases', alias],
          `alias ${alias} points to unknown country ${target}`,
        ),
      );
    }
  }
  return {
    codes,
    countries: raw.countries,
    groups: (raw.groups ?? []).map((group) => ({
      ...group,
      description: group.description ?? null,
    })),
    aliases: new Map(Object.entries(raw.aliases ?? {})),
    issues,
  };
}

/** The canonical code for a code or alias (`UK` → `GB`), or `null` if unknown. */
export function resolveCountry(registry: CountryRegistry, code: string): string | null {
  const upper = code.trim().toUpperCase();
  const canonical = registry.aliases.get(upper) ?? upper;
  if (registry.codes === null) return /^[A-Z]{2}$/.test(canonical) ? canonical : null;
  return registry.codes.has(canonical) ? canonical : null;
}
