/**
 * The compare page's request. `countries` comes as the form sends it (one `countries=AT` per
 * checkbox) or as a link or script writes it (`countries=AT,DE`), or both; `against` names the
 * country the others are marked against (put first; alone, it opens the form with that country
 * chosen); `only_differences=1` hides the rows where all agree; `edition` defaults to the latest.
 *
 * Anything refused — a malformed or unknown country, too few or too many, an edition that does
 * not exist — comes back as the compare form with the choices kept and the reason (a
 * `FormError`, at the status the error has on its own: 400 or 404), never a bare error page.
 */
import type { Request } from 'express';
import { badParameter, FormError, HttpError } from '../http/http-error.js';
import { countryParam, editionParam } from '../http/params.js';
import type { PublicData, PublishedEdition } from '../published/public-data.js';
import {
  countryIn,
  flagParam,
  flagSaysYes,
  latestEdition,
  noteQueryRead,
  publishedEdition,
} from './params.js';
import { buildCompareForm, type CompareAsk, type CompareForm } from './view-models/compare-form.js';
import { MAX_COMPARED, MIN_COMPARED } from './view-models/compare.js';

export interface CompareRequest {
  edition: PublishedEdition;
  ask: CompareAsk;
  /** The countries to compare, the reference first; null when the form is only to be shown. */
  codes: string[] | null;
  form: CompareForm;
}

/** The request read and checked, or a `FormError` that shows the form again with the reason. */
export function compareRequest(data: PublicData, req: Request): CompareRequest {
  const ask: CompareAsk = { codes: [], against: null, onlyDifferences: false };
  let edition: PublishedEdition | null = null;
  try {
    const editionId = values(req, 'edition');
    if (editionId.length > 1) throw badParameter('edition', 'must be given once');
    const raw = values(req, 'countries')
      .flatMap((v) => v.split(','))
      .map((c) => c.trim().toUpperCase())
      .filter((c) => c !== '');
    const against = values(req, 'against').map((c) => c.trim().toUpperCase());
    if (against.length > 1) throw badParameter('against', 'must be given once');
    ask.against = against[0] || null;
    ask.codes = [...new Set([...(ask.against ? [ask.against] : []), ...raw])];
    const only = values(req, 'only_differences');
    // Kept as asked should the request be refused below (the form shows the choice again).
    ask.onlyDifferences = flagSaysYes(only);
    edition =
      editionId[0] === undefined || editionId[0] === ''
        ? latestEdition(data)
        : publishedEdition(data, editionParam(editionId[0], 'edition'));
    flagParam(only, 'only_differences');
    for (const code of ask.codes)
      countryParam(code, ask.against === code ? 'against' : 'countries');
    const formOnly = raw.length === 0;
    if (!formOnly) {
      if (ask.codes.length < MIN_COMPARED || ask.codes.length > MAX_COMPARED)
        throw badParameter(
          'countries',
          `must list ${MIN_COMPARED} to ${MAX_COMPARED} different country codes (${ask.codes.length} chosen)`,
        );
    }
    for (const code of ask.codes) countryIn(edition, code);
    return {
      edition,
      ask,
      codes: formOnly ? null : ask.codes,
      form: buildCompareForm(data, edition, ask),
    };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    // The form of the edition asked for, or of the latest when that one is not published.
    const shown = edition ?? (data.latestEditionId() === null ? null : latestEdition(data));
    if (shown === null) throw error;
    throw new FormError(error.status, error.code, error.message, error.issues, 'compare', {
      title: 'Compare countries: refused',
      view: null,
      form: buildCompareForm(data, shown, ask),
      error: { code: error.code, message: error.message },
    });
  }
}

/** Every value of a query parameter, whether it came once or repeated. */
function values(req: Request, name: string): string[] {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v): v is string => typeof v === 'string'))
    throw badParameter(name, 'must be text');
  noteQueryRead(req, name, list);
  return list;
}
