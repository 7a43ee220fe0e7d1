/**
 * The `rankings` command shows a country's change since the previous comparable edition the way
 * the site does (`change` in published/display.ts): the exact difference to two decimals, the
 * same figure as the changes page's total — not the difference of the rounded scores (59 − 54).
 */
import { describe, expect, it } from 'vitest';
import { publishedReport } from '../../src/cli/commands/rankings.js';
import { sampleDatabase } from '../storage/helpers.js';

describe('rankings: the change since the previous edition', () => {
  it('is the exact difference to two decimals, as on the profile and the changes page', () => {
    const germany = publishedReport(sampleDatabase())
      .split('\n')
      .filter((line) => line.includes('Germany (DE)'))
      .at(-1)!;
    expect(germany).toMatch(/ 59 .* \+4\.69$/);
  });
});
