import type { Band } from '../questionnaire/types.js';
import { roundHalfUp } from './rounding.js';

/**
 * The band a score falls in, judged on the displayed (rounded) score so that the band always
 * agrees with the number shown: 79.6 shows as 80 and is "favourable". `null` score → no band.
 */
export function bandFor(bands: readonly Band[], score: number | null, decimals = 0): Band | null {
  if (score === null) return null;
  const shown = roundHalfUp(score, decimals);
  return bands.find((band) => shown >= band.min && shown <= band.max) ?? null;
}
