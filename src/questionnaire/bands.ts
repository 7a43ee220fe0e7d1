/**
 * The score bands of the index file (or the MIPEX bands when it declares none): together they
 * cover 0–100 in whole points, each band's min not above its max (`bands-range`), the lowest
 * starting at 0 and the highest ending at 100 (`bands-range`), without overlap (`bands-overlap`)
 * or gap (`bands-gap`) between neighbours.
 */
import type { Issue } from '../issues/issue.js';
import type { YamlSource } from '../source/yaml-source.js';
import type { RawIndexFile } from './raw-schema.js';
import type { Band, Label } from './types.js';

export const DEFAULT_BANDS: Band[] = [
  { id: 'favourable', label: 'Favourable', min: 80, max: 100, colour: '#1a7f37' },
  { id: 'slightly-favourable', label: 'Slightly favourable', min: 60, max: 79, colour: '#6cae3e' },
  { id: 'halfway-favourable', label: 'Halfway favourable', min: 41, max: 59, colour: '#d4a72c' },
  {
    id: 'slightly-unfavourable',
    label: 'Slightly unfavourable',
    min: 21,
    max: 40,
    colour: '#e07b39',
  },
  { id: 'unfavourable', label: 'Unfavourable', min: 1, max: 20, colour: '#cf222e' },
  {
    id: 'critically-unfavourable',
    label: 'Critically unfavourable',
    min: 0,
    max: 0,
    colour: '#82071e',
  },
];

export function checkBands(
  rawBands: RawIndexFile['bands'],
  source: YamlSource,
  issues: Issue[],
): Band[] {
  if (!rawBands) return DEFAULT_BANDS;
  const bands: Band[] = rawBands.map((band) => ({
    id: band.id,
    label: band.label as Label,
    min: band.min,
    max: band.max,
    colour: band.colour ?? null,
  }));
  const order = bands.map((band, i) => ({ band, i })).sort((a, b) => a.band.min - b.band.min);
  const at = (i: number) => ['bands', i];
  for (const { band, i } of order) {
    if (band.min > band.max) {
      issues.push(
        source.issue(
          'bands-range',
          at(i),
          `band "${band.id}" has min ${band.min} above max ${band.max}`,
        ),
      );
    }
  }
  const first = order[0];
  const last = order[order.length - 1];
  if (first && first.band.min !== 0) {
    issues.push(
      source.issue(
        'bands-range',
        at(first.i),
        `the lowest band must start at 0, "${first.band.id}" starts at ${first.band.min}`,
      ),
    );
  }
  if (last && Math.max(...bands.map((b) => b.max)) !== 100) {
    issues.push(source.issue('bands-range', at(last.i), `the highest band must end at 100`));
  }
  for (let k = 1; k < order.length; k++) {
    const previous = order[k - 1]!;
    const current = order[k]!;
    if (current.band.min <= previous.band.max) {
      issues.push(
        source.issue(
          'bands-overlap',
          at(current.i),
          `band "${current.band.id}" (${current.band.min}–${current.band.max}) overlaps "${previous.band.id}" (${previous.band.min}–${previous.band.max})`,
        ),
      );
    } else if (current.band.min > previous.band.max + 1) {
      issues.push(
        source.issue(
          'bands-gap',
          at(current.i),
          `no band covers ${previous.band.max + 1}–${current.band.min - 1} (between "${previous.band.id}" and "${current.band.id}")`,
        ),
      );
    }
  }
  return bands;
}
