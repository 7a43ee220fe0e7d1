import type { CountryRegistry } from '../questionnaire/countries.js';
import type { Db } from './database.js';

/**
 * Replaces the countries, aliases and groups with those of the registry (one transaction). When
 * the stored list already says the same, nothing is written: a restart with an unchanged
 * countries.yaml never waits for another writer.
 */
export function syncCountries(db: Db, registry: CountryRegistry): void {
  if (countriesUpToDate(db, registry)) return;
  db.transaction(() => {
    const upsert = db.prepare(
      'INSERT INTO countries (code, name) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name',
    );
    for (const country of registry.countries) upsert.run(country.code, country.name);
    db.prepare('DELETE FROM country_aliases').run();
    const alias = db.prepare('INSERT INTO country_aliases (alias, code) VALUES (?, ?)');
    for (const [from, to] of registry.aliases) alias.run(from, to);
    db.prepare('DELETE FROM country_groups').run();
    const group = db.prepare(
      'INSERT INTO country_groups (id, label, description) VALUES (?, ?, ?)',
    );
    const member = db.prepare(
      'INSERT INTO country_group_members (group_id, country_code) VALUES (?, ?)',
    );
    for (const g of registry.groups) {
      group.run(g.id, g.label, g.description);
      for (const code of g.members) member.run(g.id, code);
    }
  })();
}

/**
 * Adds the countries of another questionnaire's list that are not stored yet (names, aliases and
 * groups stay those of the main list, {@link syncCountries}); writes nothing when none is new.
 */
export function addCountries(db: Db, registry: CountryRegistry): void {
  const stored = storedCountries(db);
  const known = new Set(stored.countries.map((c) => c.code));
  const fresh = registry.countries.filter((c) => !known.has(c.code));
  if (fresh.length === 0) return;
  const insert = db.prepare('INSERT INTO countries (code, name) VALUES (?, ?)');
  db.transaction(() => fresh.forEach((c) => insert.run(c.code, c.name)))();
}

/** The registry as stored: what imports and pages use. */
export function storedCountries(db: Db): CountryRegistry {
  const countries = db.prepare('SELECT code, name FROM countries ORDER BY code').all() as {
    code: string;
    name: string;
  }[];
  const aliases = db.prepare('SELECT alias, code FROM country_aliases').all() as {
    alias: string;
    code: string;
  }[];
  const groups = db
    .prepare('SELECT id, label, description FROM country_groups ORDER BY id')
    .all() as {
    id: string;
    label: string;
    description: string | null;
  }[];
  const members = db
    .prepare('SELECT group_id, country_code FROM country_group_members ORDER BY country_code')
    .all() as {
    group_id: string;
    country_code: string;
  }[];
  return {
    codes: countries.length > 0 ? new Set(countries.map((c) => c.code)) : null,
    countries,
    aliases: new Map(aliases.map((a) => [a.alias, a.code])),
    groups: groups.map((g) => ({
      ...g,
      members: members.filter((m) => m.group_id === g.id).map((m) => m.country_code),
    })),
    issues: [],
  };
}

/**
 * Whether the stored country list already says what the file says: every country with its name
 * (countries no longer in the file stay stored, as {@link syncCountries} keeps them), the same aliases
 * and the same groups.
 */
function countriesUpToDate(db: Db, file: CountryRegistry): boolean {
  const stored = storedCountries(db);
  const names = new Map(stored.countries.map((country) => [country.code, country.name]));
  if (file.countries.some((country) => names.get(country.code) !== country.name)) return false;
  if (stored.aliases.size !== file.aliases.size) return false;
  for (const [alias, code] of file.aliases) if (stored.aliases.get(alias) !== code) return false;
  const groups = (registry: CountryRegistry) =>
    JSON.stringify(
      registry.groups
        .map(({ id, label, description, members }) => [id, label, description, [...members].sort()])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  return groups(stored) === groups(file);
}
