/**
 * The changes hub (`/changes`, `/api/v1/changes` without a country): every country between two
 * comparable editions, biggest movers first. Each row is the country changes page's own result
 * (`published/changes.ts` through `changesBetween`, exact Shapley attribution), never a second
 * computation: its before, after and change are that page's totals, rounded the same way.
 */
import { labelIn, countryNamesIn } from '../i18n/page-language.js';
import type { ScoreMove } from '../../published/changes.js';
import type { PublicData, PublishedEdition } from '../../published/public-data.js';
import { HttpError } from '../../http/http-error.js';
import { editionParam } from '../../http/params.js';
import { checkEditionOrder, publishedEdition } from '../params.js';
import { changesBetween, changesHref } from './rule-changes.js';

/** One score's move in a row: the changes page's total for that node. */
export interface Move {
  node: string;
  before: string;
  after: string;
  /** Signed and rounded as on the changes page: "+4.69", "±0". */
  change: string;
  /** Full precision, for ordering and for scripts. */
  exact: number;
  /** Before, after and change at full precision (the API's numbers). */
  values: ScoreMove;
}

export interface HubRow {
  code: string;
  name: string;
  overall: Move;
  strands: Move[];
  /** How many answers changed. */
  changedAnswers: number;
  /** The country's changes page for this pair. */
  href: string;
}

export interface EditionPair {
  from: string;
  to: string;
  href: string;
  current: boolean;
}

export interface ChangesHubView {
  from: string;
  to: string;
  /** `overall` or a strand id: the score whose absolute change orders the rows. */
  sort: string;
  illustrative: boolean;
  strands: { id: string; label: string; sortHref: string; sorted: boolean }[];
  /**
   * The order of the strand columns on the page (indices into `strands`): the strand that orders
   * the rows first, so that on a phone it is in view beside the country.
   */
  columnOrder: number[];
  rows: HubRow[];
  /** Countries in only one of the two editions (no change to show). */
  notInBoth: { code: string; name: string; edition: string }[];
  /** Every comparable pair of published editions, oldest first. */
  pairs: EditionPair[];
}

/** The hub's address for a pair (and an order other than the default). */
export function hubHref(from: string, to: string, sort = 'overall'): string {
  const base = `/changes?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  return sort === 'overall' ? base : `${base}&sort=${encodeURIComponent(sort)}`;
}

/** Every pair of published editions (earlier, later) whose scores are comparable. */
export function comparablePairs(data: PublicData): { from: string; to: string }[] {
  const ids = data.publishedEditions().map((e) => e.id);
  return ids.flatMap((from, i) =>
    ids
      .slice(i + 1)
      .filter((to) => data.comparable(from, to))
      .map((to) => ({ from, to })),
  );
}

/**
 * The pair the hub shows by default: the default edition of the site and the closest earlier
 * edition comparable with it; failing that, the latest comparable pair; null when there is none.
 */
export function defaultPair(data: PublicData): { from: string; to: string } | null {
  const pairs = comparablePairs(data);
  const latest = data.latestEditionId();
  return pairs.filter((p) => p.to === latest).at(-1) ?? pairs.at(-1) ?? null;
}

/**
 * The two editions a request names. A missing `to` is the default pair's; a missing `from` is
 * the closest earlier edition comparable with `to`. Unknown editions are 404; the same edition
 * twice, a `from` after `to` or editions that do not score alike are 400.
 */
export function choosePair(
  data: PublicData,
  fromText: string | undefined,
  toText: string | undefined,
): { from: PublishedEdition; to: PublishedEdition } | null {
  const fallback = defaultPair(data);
  const toId = toText === undefined || toText === '' ? fallback?.to : toText;
  if (toId === undefined) return null;
  const to = publishedEdition(data, editionParam(toId, 'to'));
  const ids = data.publishedEditions().map((e) => e.id);
  let fromId = fromText === undefined || fromText === '' ? undefined : fromText;
  if (fromId === undefined) {
    fromId = ids
      .slice(0, ids.indexOf(to.edition.id))
      .findLast((id) => data.comparable(id, to.edition.id));
    if (fromId === undefined)
      throw new HttpError(
        400,
        'no-comparable-edition',
        `no published edition before ${to.edition.id} is comparable with it`,
      );
  }
  const from = publishedEdition(data, editionParam(fromId, 'from'));
  checkEditionOrder(data, from, to);
  if (!data.comparable(from.edition.id, to.edition.id))
    throw new HttpError(
      400,
      'editions-not-comparable',
      `editions ${from.edition.id} and ${to.edition.id} are not comparable: their questionnaire versions score differently`,
    );
  return { from, to };
}

/** The sort keys the hub offers: the overall score and each strand of the later edition. */
export function sortKeys(to: PublishedEdition): string[] {
  return ['overall', ...to.questionnaire.strands.map((s) => s.id)];
}

export function buildChangesHub(
  data: PublicData,
  from: PublishedEdition,
  to: PublishedEdition,
  sort: string,
): ChangesHubView {
  const names = countryNamesIn(data);
  const strands = to.questionnaire.strands;
  const rows = to.countries
    .filter((code) => from.scores.has(code))
    .map((code): HubRow => {
      const changes = changesBetween(data, code, from, to);
      const move = (node: string): Move => {
        const total = changes.totals.find((t) => t.node === node)!;
        return {
          node,
          before: total.before,
          after: total.after,
          change: total.change,
          exact: total.exact,
          values: total.values,
        };
      };
      return {
        code,
        name: changes.name,
        overall: move('overall'),
        strands: strands.map((s) => move(s.id)),
        changedAnswers: changes.rows.length,
        href: changesHref(code, from.edition.id, to.edition.id),
      };
    });
  const size = (row: HubRow) =>
    Math.abs(
      sort === 'overall' ? row.overall.exact : row.strands.find((m) => m.node === sort)!.exact,
    );
  rows.sort((a, b) => size(b) - size(a) || a.name.localeCompare(b.name));
  const only = (edition: PublishedEdition, other: PublishedEdition) =>
    edition.countries
      .filter((code) => !other.scores.has(code))
      .map((code) => ({ code, name: names.get(code) ?? code, edition: edition.edition.id }));
  return {
    from: from.edition.id,
    to: to.edition.id,
    sort,
    illustrative: from.illustrative || to.illustrative,
    strands: strands.map((s) => ({
      id: s.id,
      label: labelIn(s.label),
      sortHref: hubHref(from.edition.id, to.edition.id, s.id),
      sorted: sort === s.id,
    })),
    columnOrder: strands
      .map((_, i) => i)
      .sort((a, b) => Number(strands[b]!.id === sort) - Number(strands[a]!.id === sort)),
    rows,
    notInBoth: [...only(from, to), ...only(to, from)],
    pairs: comparablePairs(data).map((p) => ({
      ...p,
      href: hubHref(p.from, p.to),
      current: p.from === from.edition.id && p.to === to.edition.id,
    })),
  };
}
