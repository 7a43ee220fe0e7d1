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

/**
 * A field of a posted form as sent, or '' when absent. Our forms send each field once: a field
 * sent twice (`a=1&a=2`, parsed as a list) is a 400 naming it, never taken as empty — which
 * turned an answer sent twice into no answer.
 */
export function formField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  throw badParameter(name, Array.isArray(value) ? 'was sent more than once' : 'must be text');
}

/** A text field of a posted form, trimmed (see {@link formField}). */
export function formText(body: Record<string, unknown>, name: string): string {
  return formField(body, name).trim();
}
