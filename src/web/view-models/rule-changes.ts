/**
 * The changes of one country between consecutive published editions, shared by the rule
 * timeline and the feeds. They are the changes page's own numbers (`buildChanges`, exact Shapley
 * attribution), never a second computation: a timeline row or a feed entry shows the same points
 * as the changes page for that question.
 */
import type { PublicData, PublishedEdition } from '../../published/public-data.js';
import { buildChanges, type ChangesView } from './changes.js';
import { pageLanguage } from '../i18n/page-language.js';

/**
 * Published snapshots never change, and `PublicData` keeps one object per snapshot: so a
 * comparison, once made, is kept with the later edition's object and dropped with it.
 */
const memo = new WeakMap<PublishedEdition, Map<string, ChangesView>>();

/** What changed in `code` from `before` to `after`: the changes page's view, computed once. */
export function changesBetween(
  data: PublicData,
  code: string,
  before: PublishedEdition,
  after: PublishedEdition,
): ChangesView {
  let byPair = memo.get(after);
  if (!byPair) {
    byPair = new Map();
    memo.set(after, byPair);
  }
  // Its words and numbers are in the page's language: one view per language.
  const key = `${code}\u0000${before.snapshot.id}\u0000${pageLanguage()}`;
  let view = byPair.get(key);
  if (!view) {
    view = buildChanges(data, code, before, after);
    byPair.set(key, view);
  }
  return view;
}

/** The published editions (latest revisions) that have `code`, oldest first. */
export function editionsWith(data: PublicData, code: string): PublishedEdition[] {
  return data
    .publishedEditions()
    .map((e) => data.edition(e.id)!)
    .filter((e) => e.scores.has(code));
}

/**
 * Each edition of a country with the one before it (among that country's editions), as the
 * changes page pairs them by default.
 */
export function consecutivePairs(
  editions: readonly PublishedEdition[],
): { before: PublishedEdition; after: PublishedEdition }[] {
  return editions.slice(1).map((after, i) => ({ before: editions[i]!, after }));
}

/** The changes page of a country between two editions. */
export const changesHref = (code: string, from: string, to: string) =>
  `/countries/${code}/changes?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
