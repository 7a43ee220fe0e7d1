/**
 * The "Cite this" block of every page that can be cited (profile, strand, ranking, methodology):
 * a permalink that carries the revision shown, the citation text with the day the page was read,
 * and BibTeX. One function so that every page cites the same way.
 */
import { translate } from '../i18n/catalogue.js';
import { localizedPath } from '../i18n/localized-pages.js';
import { pageLanguage } from '../i18n/page-language.js';
import type { PublishedEdition } from '../../published/public-data.js';
import { accessDate, provenance, revisionHref } from './common.js';

export interface CitationView {
  /** The address of the page in this revision (`?revision=N`): what the citation links to. */
  permalink: string;
  text: string;
  bibtex: string;
  /** The day the page was rendered (ISO; BibTeX's `urldate`). */
  accessed: string;
  /** The same day as the citation text writes it ("30 November 2026"). */
  accessedText: string;
}

/**
 * The citation of the page at `path` (no query) showing `edition` in its revision. `title` is
 * the page's title in the page's language; `key` makes the BibTeX key unique ("fr", "ranking").
 */
export function citationView(
  edition: PublishedEdition,
  path: string,
  title: string,
  key: string,
  baseUrl: string,
  today: Date = new Date(),
): CitationView {
  const prov = provenance(edition);
  const language = pageLanguage();
  const address = path.includes('?')
    ? `${path}&revision=${prov.revision}`
    : revisionHref(path, prov.revision);
  const permalink = baseUrl + localizedPath(address, language);
  const accessed = accessDate(today, language);
  const year = prov.publishedAt.slice(0, 4);
  return {
    permalink,
    text: translate(language, 'cite.text', {
      questionnaire: prov.questionnaire,
      year,
      title,
      version: prov.version,
      method: prov.method,
      illustrative: edition.illustrative ? translate(language, 'cite.illustrative') : '',
      permalink,
      date: accessed.text,
    }),
    bibtex: [
      `@misc{policyindex_${key.toLowerCase().replace(/[^a-z0-9]/g, '')}_${edition.edition.id.replace(/[^A-Za-z0-9]/g, '')}_r${prov.revision},`,
      `  title = {${title}},`,
      `  author = {{${prov.questionnaire}}},`,
      `  year = {${year}},`,
      `  note = {Questionnaire version ${prov.version}, method ${prov.method}, law as of ${edition.edition.reference_date}${
        edition.illustrative ? '; illustrative sample data, not a real assessment' : ''
      }},`,
      `  url = {${permalink}},`,
      `  urldate = {${accessed.iso}}`,
      '}',
    ].join('\n'),
    accessed: accessed.iso,
    accessedText: accessed.text,
  };
}
