/**
 * The bench's arithmetic and verdicts (never its timings): the one median, and PASS/FAIL against
 * a target in each direction.
 */
import { describe, expect, it } from 'vitest';
import { checkLines, passes, type Check } from '../../src/bench/report.js';
import { median } from '../../src/bench/stats.js';

const check = (value: number, comparison: Check['comparison'], limit: number): Check => ({
  key: 'k',
  value,
  comparison,
  limit,
  unit: '×',
  what: '',
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle values for an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('targets', () => {
  it('passes at the limit and fails beyond it, in each direction', () => {
    expect(passes(check(1.5, '<=', 1.5))).toBe(true);
    expect(passes(check(1.51, '<=', 1.5))).toBe(false);
    expect(passes(check(0.8, '>=', 0.8))).toBe(true);
    expect(passes(check(0.79, '>=', 0.8))).toBe(false);
    expect(passes(check(413, '=', 413))).toBe(true);
    expect(passes(check(400, '=', 413))).toBe(false);
  });

  it('prints the verdict, the value and the target', () => {
    expect(checkLines([check(0.69, '>=', 0.8)])[0]).toMatch(
      /^FAIL {2}k = +0\.69× {2}\(target ≥ 0\.8×\)/,
    );
    expect(checkLines([check(1.2, '<=', 1.5)])[0]).toMatch(/^PASS/);
  });

  it('reads a value that is not a number as a failure', () => {
    expect(passes(check(NaN, '<=', 1.5))).toBe(false);
    expect(passes(check(NaN, '>=', 0.8))).toBe(false);
  });
});
