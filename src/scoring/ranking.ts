import { roundHalfUp } from './rounding.js';

export interface Ranked<T> {
  item: T;
  /** Rank on the displayed (rounded) score; tied scores share a rank (1, 2, 2, 4). `null` when unscored. */
  rank: number | null;
  displayed: number | null;
}

/**
 * Standard competition ranking ("1224"), highest score first, on the rounded scores that people
 * see: two countries shown with the same score never get different ranks. Items without a score
 * get no rank and come last; order among equals is kept (stable).
 */
export function rankByScore<T>(
  items: readonly T[],
  scoreOf: (item: T) => number | null,
  decimals = 0,
): Ranked<T>[] {
  const rows = items.map((item, index) => {
    const score = scoreOf(item);
    return { item, index, displayed: score === null ? null : roundHalfUp(score, decimals) };
  });
  rows.sort((a, b) => {
    if (a.displayed === null || b.displayed === null) {
      return (a.displayed === null ? 1 : 0) - (b.displayed === null ? 1 : 0) || a.index - b.index;
    }
    return b.displayed - a.displayed || a.index - b.index;
  });
  const ranked: Ranked<T>[] = [];
  rows.forEach((row, position) => {
    const previous = ranked[position - 1];
    const rank =
      row.displayed === null
        ? null
        : previous && previous.displayed === row.displayed
          ? previous.rank
          : position + 1;
    ranked.push({ item: row.item, rank, displayed: row.displayed });
  });
  return ranked;
}
