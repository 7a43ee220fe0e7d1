/**
 * What every part of `npm run bench` reports, and how the run prints it: measurements (a name,
 * milliseconds, a note), ratios (plain numbers, saved under `ratios` in bench-results.json) and
 * checks against the targets of issue 15 (PASS/FAIL). A part fills in only what it measured,
 * so any part can run alone. A ratio measured in interleaved rounds (stats.ts) carries its spread,
 * printed beside it and saved with it.
 */
import { spreadText, type Spread } from './stats.js';

export interface Measurement {
  name: string;
  milliseconds: number;
  note: string;
}

/** A target: the value must be at most (`<=`), at least (`>=`) or exactly (`=`) the limit. */
export interface Check {
  /** The ratio's key in bench-results.json (`cold_start_ms.cli_help` for nested ones). */
  key: string;
  value: number;
  comparison: '<=' | '>=' | '=';
  limit: number;
  /** How the value reads to a person, e.g. "×" or " ms". */
  unit: string;
  what: string;
  /** For a ratio measured in rounds: the smallest and largest per-round value (stats.ts). */
  spread?: Spread;
}

export interface PartReport {
  measurements: Measurement[];
  /** Ratios and other headline numbers; nested objects (cold_start_ms) allowed one level deep. */
  ratios: Record<string, number | Record<string, number>>;
  /** The spread of each ratio measured in rounds, by its key in `ratios`. */
  spreads?: Record<string, Spread>;
  checks: Check[];
}

export function passes(check: Check): boolean {
  if (check.comparison === '=') return check.value === check.limit;
  return check.comparison === '<=' ? check.value <= check.limit : check.value >= check.limit;
}

/** `name   12.34 ms  note`, the names padded to one column. */
export function measurementLines(measurements: readonly Measurement[]): string[] {
  const width = Math.max(0, ...measurements.map((m) => m.name.length));
  return measurements.map(
    (m) => `${m.name.padEnd(width)}  ${m.milliseconds.toFixed(2).padStart(10)} ms  ${m.note}`,
  );
}

/**
 * `PASS  key = 1.23×  (target ≤ 1.5×)  what`, one line per check, and under a ratio measured in
 * rounds its spread: `      per round 1.08–1.31 over 9 rounds`.
 */
export function checkLines(checks: readonly Check[]): string[] {
  const width = Math.max(0, ...checks.map((c) => c.key.length));
  return checks.map((c) => {
    const shown = `${formatValue(c.value)}${c.unit}`;
    const sign = { '<=': '≤', '>=': '≥', '=': '=' }[c.comparison];
    const target = `${sign} ${c.limit}${c.unit}`;
    const line = `${passes(c) ? 'PASS' : 'FAIL'}  ${c.key.padEnd(width)} = ${shown.padStart(10)}  (target ${target})  ${c.what}`;
    return c.spread
      ? `${line}\n${' '.repeat(width + 9)}median of rounds; per round ${spreadText(c.spread)}`
      : line;
  });
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}
