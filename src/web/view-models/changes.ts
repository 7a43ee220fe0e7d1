/**
 * The changes page: the published changes of a country between two editions
 * (`published/changes.ts`, shared with the API and the `changes` command), plus the editions
 * the page links to for other comparisons.
 */
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import { editionChanges, type EditionChanges } from '../../published/changes.js';

export type { ChangeRow } from '../../published/changes.js';
export { signed } from '../../published/display.js';

export interface ChangesView extends EditionChanges {
  /** Every published edition, oldest first: the page's links to consecutive comparisons. */
  editions: string[];
}

export function buildChanges(
  data: PublicData,
  code: string,
  from: PublishedEdition,
  to: PublishedEdition,
): ChangesView {
  return {
    ...editionChanges(data, code, from, to),
    editions: data.publishedEditions().map((e) => e.id),
  };
}
