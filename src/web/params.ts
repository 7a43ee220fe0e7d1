/** Parsing of path and query parameters: a malformed one is a 400 naming it. */
import type { Request } from 'express';
import { badParameter, notFound } from './http-error.js';
import type { PublicData, PublishedEdition } from './public-data.js';

const EDITION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const COUNTRY = /^[A-Za-z]{2}$/;

export function query(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badParameter(name, 'must be given once, as text');
  return value;
}

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

export function revisionParam(value: string | undefined, name = 'revision'): number | undefined {
  if (value === undefined) return undefined;
  const match = /^r?([1-9][0-9]{0,5})$/.exec(value);
  if (!match) throw badParameter(name, 'must be a revision number such as 1');
  return Number(match[1]);
}

/** The published edition named, or 404. */
export function publishedEdition(
  data: PublicData,
  id: string,
  revision?: number,
): PublishedEdition {
  const edition = data.edition(id, revision);
  if (!edition)
    throw notFound(
      revision === undefined ? `edition "${id}"` : `revision ${revision} of edition "${id}"`,
    );
  return edition;
}

export function latestEdition(data: PublicData): PublishedEdition {
  const id = data.latestEditionId();
  if (id === null) throw notFound('a published edition');
  return publishedEdition(data, id);
}

/** A country of a published edition, or 404. */
export function countryIn(edition: PublishedEdition, code: string): string {
  if (!edition.scores.has(code))
    throw notFound(`country "${code}" in edition ${edition.edition.id}`);
  return code;
}
