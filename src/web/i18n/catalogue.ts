/**
 * Interface strings of the public site, one catalogue per language (locales/en.json,
 * locales/fr.json at the root of the repository): `t(key, values)` with `{name}` interpolation and plurals by `Intl.PluralRules`
 * (`key_one`, `key_other`, chosen by `values.count`). Our own small table rather than i18next:
 * the views need a synchronous lookup with nothing escaped (EJS escapes), the two catalogues are
 * flat JSON any translator can edit, and plurals come from the platform's CLDR rules.
 * A key missing in French falls back to English (tests/web/i18n-catalogue.test.ts keeps both
 * catalogues complete).
 */
import { readFileSync } from 'node:fs';
import {
  DEFAULT_LANGUAGE,
  LANGUAGES,
  labelIn,
  pageLanguage,
  type Language,
} from './page-language.js';

export type Catalogue = Readonly<Record<string, string>>;

const read = (language: Language): Catalogue =>
  JSON.parse(
    readFileSync(new URL(`../../../locales/${language}.json`, import.meta.url), 'utf8'),
  ) as Catalogue;

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = Object.fromEntries(
  LANGUAGES.map((language) => [language, read(language)]),
) as Record<Language, Catalogue>;

export type Values = Readonly<Record<string, string | number>>;

/** The text of `key` in `language` (English if it lacks one), or the key itself if unknown. */
export function translate(language: Language, key: string, values: Values = {}): string {
  const pluralKey =
    typeof values.count === 'number'
      ? `${key}_${new Intl.PluralRules(language).select(values.count)}`
      : key;
  const text =
    CATALOGUES[language][pluralKey] ??
    CATALOGUES[language][`${key}_other`] ??
    CATALOGUES[language][key] ??
    CATALOGUES[DEFAULT_LANGUAGE][pluralKey] ??
    CATALOGUES[DEFAULT_LANGUAGE][key] ??
    key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** The text of `key` in the language of the page being rendered (English outside a page). */
export const textIn = (key: string, values: Values = {}): string =>
  translate(pageLanguage(), key, values);

/**
 * A country group's name in the page's language. countries.yaml names the groups (in English);
 * another language's catalogue may name a shipped group as `group.{id}` ("OCDE" for `oecd`).
 * Without one the English name shows, marked untranslated like any label.
 */
export function groupLabelIn(group: { id: string; label: string }): string {
  const names: Record<string, string> = { [DEFAULT_LANGUAGE]: group.label };
  for (const language of LANGUAGES) {
    const name =
      language === DEFAULT_LANGUAGE ? undefined : CATALOGUES[language][`group.${group.id}`];
    if (name !== undefined) names[language] = name;
  }
  return labelIn(names);
}
