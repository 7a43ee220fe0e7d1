/**
 * The terms a download carries: the licence its questionnaire declares (`data_licence` in the
 * index file) and whether its data are illustrative samples. A file spanning several editions
 * (a panel) may span questionnaire versions with different declarations: it carries each
 * edition's own on its rows and every distinct one in its metadata.
 */
import { ILLUSTRATIVE_NOTICE } from '../answers/illustrative-notice.js';
import type { PublishedEdition } from '../published/public-data.js';
import type { DataLicence } from '../questionnaire/types.js';

export interface DataTerms {
  /** Distinct declared licences, in edition order; empty when none is declared. */
  licences: DataLicence[];
  /** Whether some edition has no licence declared (then reuse needs the publisher's consent). */
  undeclared: boolean;
  illustrative: boolean;
  /** The illustrative notice, or null for real data. */
  notice: string | null;
}

export function termsOf(editions: readonly PublishedEdition[]): DataTerms {
  const licences = new Map<string, DataLicence>();
  for (const edition of editions) {
    const licence = edition.questionnaire.dataLicence;
    if (licence && !licences.has(licence.id)) licences.set(licence.id, licence);
  }
  const illustrative = editions.some((edition) => edition.illustrative);
  return {
    licences: [...licences.values()],
    undeclared: editions.some((edition) => edition.questionnaire.dataLicence === null),
    illustrative,
    notice: illustrative ? ILLUSTRATIVE_NOTICE : null,
  };
}

/** The two trailing cells of every CSV row of an edition (see TERMS_COLUMNS). */
export function termsCells(edition: PublishedEdition): [boolean, string | null] {
  return [edition.illustrative, edition.questionnaire.dataLicence?.id ?? null];
}

/** The licences as `datapackage.json` lists them (`name` is the SPDX id). */
export function packageLicences(terms: DataTerms) {
  return terms.licences.map((l) => ({ name: l.id, title: l.title, path: l.url }));
}

/** The licence in words for a README sheet or page: "Title (ID): URL", or why there is none. */
export function licenceInWords(terms: DataTerms): string {
  const declared = terms.licences.map((l) => `${l.title} (${l.id}): ${l.url}`).join('; ');
  if (!terms.undeclared) return declared;
  const none = 'no licence declared — ask the publisher before reusing the data';
  return declared ? `${declared}; some editions: ${none}` : none;
}
