/** A country's name for the headings of workspace pages, which otherwise show only its code. */
import { storedCountries } from '../../storage/country-repository.js';
import type { Db } from '../../storage/database.js';

/** The stored name of the country with ISO code `code`, or the code when none is stored. */
export function countryName(db: Db, code: string): string {
  return storedCountries(db).countries.find((c) => c.code === code)?.name ?? code;
}
