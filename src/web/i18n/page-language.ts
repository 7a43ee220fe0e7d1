/**
 * The language of the page being rendered. Public pages exist in English (unprefixed) and French
 * (under `/fr/`); the language is set once per request by `pageLanguageLocals`
 * (localized-pages.ts) and read here by the view models, charts and views, so that the ~150
 * places that write a questionnaire label need not each be handed the language; numbers follow
 * it too (`inNumberLanguage`, published/display.ts). Outside a page (CLI, API, tests) it is
 * English.
 *
 * The language is a scope of synchronous code (`inPage`): a variable set around the work and
 * restored after it. JavaScript runs one piece of synchronous code at a time, so while a
 * request's route builds its view, no other request's code can see that variable. Code that
 * continues a request after an `await` or in a later callback enters the scope again with the
 * request's `PageLanguage`, which the middleware keeps in `res.locals.pageLanguage`: the EJS
 * engine does so for every view it renders (localized-pages.ts), and a route that awaits before
 * building its view does so itself (`inPageOf`).
 *
 * Not `AsyncLocalStorage`, which would follow awaits by itself: on Node 20 it turns on the
 * async hooks for the whole process as soon as it is first used, and every socket, write, timer
 * and `nextTick` of every request then pays for carrying its stores along. Measured on a cached
 * profile page served from memory: 6 % of the requests answered per second.
 */
import type { Response } from 'express';
import { inNumberLanguage } from '../../published/display.js';
import { labelText, type Label } from '../../questionnaire/types.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** One request's page language, kept for the whole request (`res.locals.pageLanguage`). */
export interface PageLanguage {
  language: Language;
  /** English texts shown on this page because they have no translation (marked in the views). */
  untranslated: Set<string>;
}

/** The page whose synchronous code runs now, if any. */
let current: PageLanguage | undefined;

/** A new request's page language. */
export function newPageLanguage(language: Language): PageLanguage {
  return { language, untranslated: new Set() };
}

/** Runs `work` synchronously as code of `page` (see the top of the file); its result. */
export function inPage<T>(page: PageLanguage | undefined, work: () => T): T {
  const outer = current;
  current = page;
  try {
    return inNumberLanguage(page?.language ?? DEFAULT_LANGUAGE, work);
  } finally {
    current = outer;
  }
}

/** Runs `work` as code of the request `res` answers, in its page's language. */
export function inPageOf<T>(res: Response, work: () => T): T {
  return inPage(res.locals.pageLanguage as PageLanguage | undefined, work);
}

/** Runs `work` as a page in `language` (a page of its own: tests, and code outside requests). */
export function withLanguage<T>(language: Language, work: () => T): T {
  return inPage(newPageLanguage(language), work);
}

export function pageLanguage(): Language {
  return current?.language ?? DEFAULT_LANGUAGE;
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
    current?.untranslated.add(english);
    return english;
  }
  return text;
}

/** Whether the page shows `text` in English for want of a translation. */
export function isUntranslated(text: string): boolean {
  return current?.untranslated.has(text) ?? false;
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
  if (isUntranslated(text)) current?.untranslated.add(derived);
  return derived;
}
