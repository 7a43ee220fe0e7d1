/**
 * The bench's arithmetic and verdicts (never its timings): the one median, ratios measured in
 * interleaved rounds, and PASS/FAIL against a target in each direction.
 */
import { describe, expect, it } from 'vitest';
import { checkLines, passes, type Check } from '../../src/bench/report.js';
import { median, roundsRatio, roundsRatios } from '../../src/bench/stats.js';

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

describe('interleaved rounds', () => {
  it('alternates the pieces of work round by round, warm-up rounds first and not counted', async () => {
    const order: string[] = [];
    const times = { a: [99, 2, 4, 9], b: [99, 1, 1, 3] };
    const timed = (name: 'a' | 'b') => () => {
      order.push(name);
      return times[name][order.filter((n) => n === name).length - 1]!;
    };
    const ratio = await roundsRatio(timed('a'), timed('b'), { rounds: 3, warmUp: 1 });
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    // Per-round ratios 2, 4, 3: the median of those, not a ratio of medians or of bests.
    expect(ratio).toEqual({
      median: 3,
      min: 2,
      max: 4,
      rounds: 3,
      numeratorMs: 4,
      denominatorMs: 1,
    });
  });

  it('pairs each ratio with the times of the same round, several ratios sharing the work', async () => {
    const sequence = { raw: [10, 20], validate: [8, 12], import: [8, 24] };
    const next = (name: keyof typeof sequence) => () => sequence[name].shift()!;
    const measured = await roundsRatios(
      { raw: next('raw'), validate: next('validate'), import: next('import') },
      { bulk: ['validate', 'raw'], staged: ['import', 'validate'] },
      { rounds: 2, warmUp: 0 },
    );
    expect([measured.bulk.min, measured.bulk.max]).toEqual([0.6, 0.8]);
    expect([measured.staged.min, measured.staged.max, measured.staged.median]).toEqual([1, 2, 1.5]);
  });

  it('prints the spread of a ratio measured in rounds under its verdict', () => {
    const line = checkLines([
      { ...check(1.2, '<=', 1.3), spread: { min: 1.1, max: 1.35, rounds: 9 } },
    ]);
    expect(line[0]).toMatch(/^PASS .*\n +median of rounds; per round 1\.10–1\.35 over 9 rounds$/);
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
