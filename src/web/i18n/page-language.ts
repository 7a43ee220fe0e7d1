/**
 * The language of the page being rendered. Public pages exist in English (unprefixed) and French
 * (under `/fr/`); the language is set once per request by `languageFromPath` (app.ts) and read
 * here by the view models, charts and views, so that the ~150 places that write a questionnaire
 * label need not each be handed the language; numbers follow it too (`withNumberLanguage`,
 * published/display.ts). Outside a request (CLI, API, tests) it is English.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { withNumberLanguage } from '../../published/display.js';
import { labelText, type Label } from '../../questionnaire/types.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

interface PageLanguage {
  language: Language;
  /** English texts shown on this page because they have no translation (marked in the views). */
  untranslated: Set<string>;
}

const current = new AsyncLocalStorage<PageLanguage>();

/** Runs `next` (the rest of the request) with `language` as the page's language. */
export function withLanguage(language: Language, next: () => void): void {
  current.run({ language, untranslated: new Set() }, () => withNumberLanguage(language, next));
}

export function pageLanguage(): Language {
  return current.getStore()?.language ?? DEFAULT_LANGUAGE;
}

/**
 * A questionnaire label in the page's language. A label without that language falls back to
 * English, and the page remembers the text so that the view marks it (`isUntranslated`).
 */
export function labelIn(label: Label | null, language: string = pageLanguage()): string {
  const text = labelText(label, language);
  const translated = label === null || (typeof label !== 'string' && language in label);
  if (!translated && language !== DEFAULT_LANGUAGE) {
    const english = labelText(label, DEFAULT_LANGUAGE);
    current.getStore()?.untranslated.add(english);
    return english;
  }
  return text;
}

/** Whether the page shows `text` in English for want of a translation. */
export function isUntranslated(text: string): boolean {
  return current.getStore()?.untranslated.has(text) ?? false;
}

const translatedNames = new WeakMap<ReadonlyMap<string, string>, ReadonlyMap<string, string>>();

/**
 * Country names in the page's language: countries.yaml names them in English; other languages
 * take the platform's CLDR names (`Intl.DisplayNames`), and keep the English name for a code
 * it does not know.
 */
export function countryNamesIn(data: {
  countryNames(): ReadonlyMap<string, string>;
}): ReadonlyMap<string, string> {
  const english = data.countryNames();
  const language = pageLanguage();
  if (language === DEFAULT_LANGUAGE) return english;
  const known = translatedNames.get(english);
  if (known) return known;
  const display = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
  const names = new Map(
    [...english].map(([code, name]) => [code, (code.length === 2 && display.of(code)) || name]),
  );
  translatedNames.set(english, names);
  return names;
}

/** `derive(text)` of a label's text, marked untranslated when the text it comes from is. */
export function derivedFrom(text: string, derive: (text: string) => string): string {
  const derived = derive(text);
  if (isUntranslated(text)) current.getStore()?.untranslated.add(derived);
  return derived;
}
