/** Path and form parameters shared by the public site and the workspace: a malformed one is a 400 naming it. */
import { EDITION_ID } from '../answers/edition-id.js';
import { badParameter } from './http-error.js';

const EDITION = EDITION_ID; // the one rule, shared with imports and the command line
const COUNTRY = /^[A-Za-z]{2}$/;

export function editionParam(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw badParameter(name, 'is required');
  if (!EDITION.test(value)) throw badParameter(name, 'must be an edition id such as 2024');
  return value;
}

export function countryParam(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw badParameter(name, 'is required');
  if (!COUNTRY.test(value))
    throw badParameter(name, 'must be a two-letter country code such as DE');
  return value.toUpperCase();
}

/** A text field of a posted form: trimmed, or '' when absent or not text. */
export function formText(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}
