/**
 * Display rounding, half away from zero ("half up" for the 0–100 scores): 62.5 → 63, 49.5833 → 50,
 * −2.5 → −3 (changes can be negative).
 *
 * Scores are means of means, so a value that is exactly x.5 on paper can arrive as
 * x.4999999999999 in floating point; the value is first snapped to 9 decimals to undo such
 * representation error, then rounded.
 */
export function roundHalfUp(value: number, decimals = 0): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toFixed(9));
  const rounded = Math.floor(scaled + 0.5) / factor;
  return value < 0 ? -rounded : rounded;
}

export function formatScore(value: number | null, decimals = 0): string {
  return value === null ? '–' : roundHalfUp(value, decimals).toFixed(decimals);
}
