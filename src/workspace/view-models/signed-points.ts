import { roundHalfUp } from '../../scoring/rounding.js';

/**
 * A change in points as the reviewer reads it: a sign always (+1.25, −0.50 as -0.50, ±0 for a
 * change that rounds to nothing), two decimals, rounded half up like every displayed score.
 */
export function signedPoints(value: number, decimals = 2): string {
  const rounded = roundHalfUp(value, decimals);
  if (rounded === 0) return '±0';
  return rounded > 0 ? `+${rounded.toFixed(decimals)}` : rounded.toFixed(decimals);
}
