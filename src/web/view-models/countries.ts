/**
 * The countries index (`/countries`): every country with published data, its latest edition's
 * overall score, band and rank, and a link to its profile. The search (`q`) is done here, on the
 * server, so that it works without JavaScript: a country matches when its code is the text
 * searched or its name contains it, ignoring case and accents ("turk" finds Türkiye).
 */
import { countryNamesIn } from '../i18n/page-language.js';
import { textIn } from '../i18n/catalogue.js';
import type { PublicData } from '../../published/public-data.js';
import { editionsWith } from './rule-changes.js';
import { band, type BandView } from './common.js';
import { shown } from '../../published/display.js';

/** The longest search text taken: a country name is far shorter. */
export const MAX_SEARCH_LENGTH = 100;

export interface CountryEntry {
  code: string;
  name: string;
  /** The edition shown: the latest complete edition with the country (a partial one if no other). */
  edition: string;
  overall: string;
  band: BandView | null;
  /** "4 of 8", or "–" when the country has no overall score. */
  rank: string;
  href: string;
}

export interface CountriesView {
  /** The text searched, as typed ('' for the whole list). */
  q: string;
  /** How many countries have published data (what the search looks through). */
  total: number;
  rows: CountryEntry[];
  illustrative: boolean;
}

/** Text as the search compares it: accents dropped (NFD without combining marks), lower case. */
export function searchText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** Whether a country matches the search `wanted` (already through `searchText`; '' matches all). */
function matches(entry: CountryEntry, wanted: string): boolean {
  return (
    wanted === '' || entry.code.toLowerCase() === wanted || searchText(entry.name).includes(wanted)
  );
}

export function buildCountries(data: PublicData, q: string): CountriesView {
  const names = countryNamesIn(data);
  const codes = [
    ...new Set(data.publishedEditions().flatMap((e) => data.edition(e.id)!.countries)),
  ];
  let illustrative = false;
  const all = codes.map((code): CountryEntry => {
    const editions = editionsWith(data, code);
    const edition = editions.filter((e) => !e.partial).at(-1) ?? editions.at(-1)!;
    illustrative ||= edition.illustrative;
    const overall = edition.scores.get(code)!.overall?.score ?? null;
    const rank = edition.ranks.get('overall')!.get(code)!;
    return {
      code,
      name: names.get(code) ?? code,
      edition: edition.edition.id,
      overall: shown(edition.questionnaire, overall),
      band: band(edition.questionnaire, overall),
      rank: rank.rank === null ? '–' : textIn('rank.of', { rank: rank.rank, of: rank.of }),
      href: `/countries/${code}/${edition.edition.id}`,
    };
  });
  all.sort((a, b) => a.name.localeCompare(b.name));
  const wanted = searchText(q);
  // A code typed exactly comes first: "de" lists Germany before Sweden.
  const rows = all
    .filter((entry) => matches(entry, wanted))
    .sort(
      (a, b) => Number(b.code.toLowerCase() === wanted) - Number(a.code.toLowerCase() === wanted),
    );
  return { q, total: all.length, rows, illustrative };
}
