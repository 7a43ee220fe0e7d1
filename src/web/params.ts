/** Parsing of path and query parameters: a malformed one is a 400 naming it. */
import type { Request } from 'express';
import { badParameter, HttpError, notFound } from '../http/http-error.js';
import { countryParam } from '../http/params.js';
import type { PublicData, PublishedEdition } from '../published/public-data.js';
import { MAX_COMPARED, MIN_COMPARED } from './view-models/compare.js';
import { DEFAULT_ROBUSTNESS, parseLevels, type RobustnessOptions } from '../analysis/robustness.js';
import { parseChangeList } from '../analysis/what-if.js';
import { questionIdOf } from '../questionnaire/question-names.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { decimalNumber } from '../source/decimal.js';

export function query(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badParameter(name, 'must be given once, as text');
  noteQueryRead(req, name, [value]);
  return value;
}

/** The query parameters each request's route read, in the order it read them. */
const queryRead = new WeakMap<Request, Map<string, string[]>>();

/**
 * Notes that the route read `name` (`values`: as given): the page's own address keeps it
 * (`readQuery`); a parameter no route reads is no part of what the page shows.
 */
export function noteQueryRead(req: Request, name: string, values: readonly string[]): void {
  let read = queryRead.get(req);
  if (!read) queryRead.set(req, (read = new Map()));
  read.set(name, [...values]);
}

/** The query of the parameters the request's route read, as `?a=1&b=2`, or ''. */
export function readQuery(req: Request): string {
  const search = new URLSearchParams();
  for (const [name, values] of queryRead.get(req) ?? [])
    for (const value of values) search.append(name, value);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export function revisionParam(value: string | undefined, name = 'revision'): number | undefined {
  if (value === undefined) return undefined;
  const match = /^r?([1-9][0-9]{0,5})$/.exec(value);
  if (!match) throw badParameter(name, 'must be a revision number such as 1');
  return Number(match[1]);
}

/**
 * The editions of a comparison over time (`from` → `to`): two editions, `from` published
 * before `to`; else a 400 naming `from`. One rule for the changes hub, a country's changes page
 * and the API.
 */
export function checkEditionOrder(
  data: PublicData,
  from: PublishedEdition,
  to: PublishedEdition,
): void {
  if (from.edition.id === to.edition.id)
    throw badParameter('from', 'must name another edition than "to"');
  const ids = data.publishedEditions().map((e) => e.id);
  if (ids.indexOf(from.edition.id) > ids.indexOf(to.edition.id))
    throw badParameter('from', `must be an edition before "to" (${to.edition.id})`);
}

/** The published edition named, or 404 listing what is published instead. */
export function publishedEdition(
  data: PublicData,
  id: string,
  revision?: number,
): PublishedEdition {
  const edition = data.edition(id, revision);
  if (edition) return edition;
  const latest = revision === undefined ? undefined : data.edition(id);
  if (latest) {
    const revisions = latest.revisions.map((r) => r.revision).join(', ');
    throw new HttpError(
      404,
      'not-found',
      `revision ${revision} of edition "${id}" not found (published revisions: ${revisions})`,
    );
  }
  const editions = data.publishedEditions().map((e) => e.id);
  throw new HttpError(
    404,
    'not-found',
    `edition "${id}" not found (published editions: ${editions.join(', ') || 'none'})`,
  );
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

/** Robustness settings from the query string, each checked and named when malformed. */
export function robustnessParams(req: Request): RobustnessOptions {
  const number = (
    name: string,
    fallback: number,
    check: (v: number) => boolean,
    problem: string,
  ) => {
    const text = query(req, name);
    if (text === undefined || text === '') return fallback;
    const value = decimalNumber(text);
    if (!Number.isFinite(value) || !check(value)) throw badParameter(name, problem);
    return value;
  };
  const flag = (name: string): boolean => {
    const text = query(req, name);
    if (text !== undefined && !['0', '1', 'true', 'false'].includes(text))
      throw badParameter(name, 'must be 0 or 1');
    return text === '1' || text === 'true';
  };
  const levelsText = query(req, 'levels');
  const levels =
    levelsText === undefined || levelsText === ''
      ? DEFAULT_ROBUSTNESS.levels
      : parseLevels(levelsText);
  if (typeof levels === 'string') throw badParameter('levels', levels);
  return {
    draws: number(
      'draws',
      DEFAULT_ROBUSTNESS.draws,
      (v) => Number.isInteger(v) && v >= 1 && v <= MAX_HTTP_DRAWS,
      `must be a whole number from 1 to ${MAX_HTTP_DRAWS}`,
    ),
    seed: number(
      'seed',
      DEFAULT_ROBUSTNESS.seed,
      (v) => Number.isInteger(v) && v >= 0 && v <= 4294967295,
      'must be a whole number from 0 to 4294967295',
    ),
    weightRange: number(
      'weight_range',
      DEFAULT_ROBUSTNESS.weightRange,
      (v) => v >= 0 && v < 1,
      'must be at least 0 and below 1',
    ),
    geometricShare: number(
      'geometric_share',
      DEFAULT_ROBUSTNESS.geometricShare,
      (v) => v >= 0 && v <= 1,
      'must be between 0 and 1',
    ),
    leaveOneOut: flag('leave_one_out'),
    levels: [...levels],
    sensitivitySamples: number(
      'sensitivity_samples',
      DEFAULT_ROBUSTNESS.sensitivitySamples,
      (v) => Number.isInteger(v) && (v === 0 || (v >= 2 && v <= MAX_HTTP_SENSITIVITY_SAMPLES)),
      `must be 0 (no sensitivity analysis) or a whole number from 2 to ${MAX_HTTP_SENSITIVITY_SAMPLES}`,
    ),
    sensitivityByCountry: flag('by_country'),
  };
}

/** Draws one HTTP request may ask for (the CLI has no such limit). */
export const MAX_HTTP_DRAWS = 20_000;

/** Sobol base samples one HTTP request may ask for (N · (k + 2) runs; the CLI has no such limit). */
export const MAX_HTTP_SENSITIVITY_SAMPLES = 5_000;

/** 2 to 6 distinct country codes of an edition, from a comma-separated `countries` value. */
/**
 * The countries of `countries=AT,DE` (2 to 6, each published in the edition); `against`, when
 * given, is put first (the reference the others are marked against) and counts among them.
 */
export function countryListParam(
  list: string | undefined,
  edition: PublishedEdition,
  against?: string,
): string[] {
  if (list === undefined || list === '') {
    throw badParameter(
      'countries',
      `is required (${MIN_COMPARED} to ${MAX_COMPARED} codes separated by commas)`,
    );
  }
  const reference = against === undefined ? [] : [countryParam(against.trim(), 'against')];
  if (list.split(',').some((c) => c.trim() === ''))
    throw badParameter('countries', 'has an empty place between commas: list codes such as AT,DE');
  const codes = [
    ...new Set([...reference, ...list.split(',').map((c) => countryParam(c.trim(), 'countries'))]),
  ];
  if (codes.length < MIN_COMPARED || codes.length > MAX_COMPARED) {
    throw badParameter(
      'countries',
      `must list ${MIN_COMPARED} to ${MAX_COMPARED} different country codes, separated by commas`,
    );
  }
  for (const code of codes) countryIn(edition, code);
  return codes;
}

/** What a yes/no parameter accepts (`only_differences=1`; empty is no). */
const FLAG_VALUES = ['', '0', '1', 'true', 'false'];

/** Whether a yes/no parameter says yes (`1` or `true`, given once), without checking it. */
export const flagSaysYes = (values: readonly string[]): boolean =>
  values.length === 1 && (values[0] === '1' || values[0] === 'true');

/** A yes/no parameter given at most once: `1`/`true` is yes; anything else but 0/false/empty is a 400. */
export function flagParam(values: readonly string[], name: string): boolean {
  if (values.length > 1 || (values.length === 1 && !FLAG_VALUES.includes(values[0]!)))
    throw badParameter(name, 'must be 0 or 1');
  return flagSaysYes(values);
}

/**
 * The answers a what-if link changes: `set=question:answer,…` and `a.{question}=answer` (the
 * form), later ones winning; a question is named by its id or its code (`set=25:none`). Returned in questionnaire order (unknown ids last, by id), so that
 * the same changes give the same page, share link and cache entry whatever order they came in.
 */
export function whatIfChanges(req: Request, questionnaire: Questionnaire): Map<string, string> {
  const changes = new Map<string, string>();
  const compact = query(req, 'set');
  if (compact !== undefined) {
    const parsed = parseChangeList(compact);
    if (parsed === null)
      throw badParameter('set', 'must be a list question:answer,question:answer');
    for (const [name, answer] of parsed) changes.set(questionIdOf(questionnaire, name), answer);
  }
  for (const [key, value] of Object.entries(req.query as Record<string, unknown>)) {
    if (!key.startsWith('a.')) continue;
    if (typeof value !== 'string') throw badParameter(key, 'must be given once');
    changes.set(questionIdOf(questionnaire, key.slice(2)), value);
  }
  const position = new Map(questionnaire.questions.map((q, i) => [q.id, i]));
  const rank = (id: string) => position.get(id) ?? Number.MAX_SAFE_INTEGER;
  return new Map(
    [...changes].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)),
  );
}
