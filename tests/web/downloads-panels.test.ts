/**
 * Which editions share a panel: those of one questionnaire whose scoring hash is the same (scores
 * comparable), whatever lies between them; a new scoring starts a panel of its own, named after
 * the questionnaire and the first 12 hex digits of its scoring hash.
 */
import { describe, expect, it } from 'vitest';
import { panelNamed, panels } from '../../src/downloads/panels.js';
import type { PublicData, PublishedEdition } from '../../src/published/public-data.js';

const HASH_1 = `sha256:${'a1'.repeat(32)}`;
const HASH_2 = `sha256:${'b2'.repeat(32)}`;

/** Published data with editions of the given questionnaires and scoring hashes, oldest first. */
function publishedData(editions: [id: string, questionnaire: string, scoring: string][]) {
  const built = new Map(
    editions.map(([id, questionnaire, scoringHash]) => [
      id,
      { edition: { id }, questionnaire: { id: questionnaire }, scoringHash } as PublishedEdition,
    ]),
  );
  return {
    publishedEditions: () => editions.map(([id]) => ({ id })),
    edition: (id: string) => built.get(id) ?? null,
  } as unknown as PublicData;
}

describe('panels', () => {
  it('group comparable editions, even with another scoring between them', () => {
    const data = publishedData([
      ['2014', 'mipex', HASH_1],
      ['2019', 'mipex', HASH_2],
      ['2024', 'mipex', HASH_1],
      ['2024-pilot', 'pilot', HASH_1],
    ]);
    expect(
      panels(data).map((p) => [p.id, p.scoringHash, p.editions.map((e) => e.edition.id)]),
    ).toEqual([
      ['mipex-a1a1a1a1a1a1', HASH_1, ['2014', '2024']],
      ['mipex-b2b2b2b2b2b2', HASH_2, ['2019']],
      ['pilot-a1a1a1a1a1a1', HASH_1, ['2024-pilot']],
    ]);
    expect(panelNamed(data, 'mipex-b2b2b2b2b2b2')?.editions).toHaveLength(1);
    expect(panelNamed(data, 'mipex')).toBeNull();
  });

  it('none before the first publication', () => {
    expect(panels(publishedData([]))).toEqual([]);
  });
});
