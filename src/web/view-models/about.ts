/**
 * The About page (`/about`): what the site is, the method in two paragraphs, the notice on
 * illustrative data, and the glossary of every term the site uses. Each term has an anchor
 * (`/about#coverage`) that pages link their headings and legends to (`glossaryHref`).
 */
import { labelIn, pageLanguage } from '../i18n/page-language.js';
import { textIn } from '../i18n/catalogue.js';
import type { PublicData } from '../../published/public-data.js';

export interface GlossaryTerm {
  /** The anchor: `/about#{id}`. */
  id: string;
  term: string;
  definition: string;
  /** Where the site shows it, when there is one place to see it. */
  see?: { label: string; href: string };
}

export interface AboutView {
  title: string;
  description: string;
  illustrative: boolean;
  bands: { label: string; range: string }[];
  displayDecimals: number;
  glossary: GlossaryTerm[];
}

/**
 * The glossary's terms: each one's words are the catalogue's `glossary.{id}.term` and
 * `glossary.{id}.definition` (locales/*.json), written for a reader of the site, not a coder:
 * what the word means here and how it is computed, in the method's own terms (README "The
 * method", "Analysis"). `see` names the page that shows it by its navigation entry.
 */
export const GLOSSARY: readonly { id: string; see?: { nav: string; href: string } }[] = [
  { id: 'band' },
  { id: 'change-attribution', see: { nav: 'nav.changes', href: '/changes' } },
  { id: 'comparable-editions' },
  { id: 'composite' },
  { id: 'coverage' },
  { id: 'cross-cutting' },
  { id: 'dimension' },
  { id: 'edition' },
  { id: 'effective-weight', see: { nav: 'nav.methodology', href: '/methodology' } },
  { id: 'group-average' },
  { id: 'illustrative' },
  { id: 'indicator' },
  { id: 'legal-event' },
  { id: 'legal-source' },
  { id: 'missing-answers' },
  { id: 'overall-score', see: { nav: 'nav.ranking', href: '/' } },
  { id: 'panel', see: { nav: 'nav.downloads', href: '/downloads' } },
  { id: 'partial-edition' },
  { id: 'permalink' },
  { id: 'reference-date' },
  { id: 'revision' },
  { id: 'robustness', see: { nav: 'nav.robustness', href: '/robustness' } },
  { id: 'snapshot' },
  { id: 'sobol-index' },
  { id: 'strand', see: { nav: 'nav.strands', href: '/strands' } },
  { id: 'weight' },
  { id: 'what-if' },
];

/** The glossary in the page's language, in the alphabetical order of that language's terms. */
function glossaryIn(language: string): GlossaryTerm[] {
  return GLOSSARY.map(({ id, see }) => ({
    id,
    term: textIn(`glossary.${id}.term`),
    definition: textIn(`glossary.${id}.definition`),
    ...(see ? { see: { label: textIn(see.nav), href: see.href } } : {}),
  })).sort((a, b) => a.term.localeCompare(b.term, language));
}

/** The glossary address of a term, for headings and legends elsewhere: `/about#coverage`. */
export function glossaryHref(id: string): string {
  if (!GLOSSARY.some((t) => t.id === id)) throw new Error(`no glossary term "${id}"`);
  return `/about#${id}`;
}

export function buildAbout(data: PublicData): AboutView {
  const latest = data.latestEditionId() ?? data.publishedEditions().at(-1)?.id ?? null;
  const questionnaire = latest === null ? null : data.edition(latest)!.questionnaire;
  return {
    title: questionnaire ? labelIn(questionnaire.title) : 'Policy Index',
    description: questionnaire ? labelIn(questionnaire.description) : '',
    illustrative: data.anyIllustrative(),
    bands: (questionnaire?.bands ?? []).map((b) => ({
      label: labelIn(b.label),
      range: b.min === b.max ? String(b.min) : `${b.min}–${b.max}`,
    })),
    displayDecimals: questionnaire?.displayDecimals ?? 0,
    glossary: glossaryIn(pageLanguage()),
  };
}
