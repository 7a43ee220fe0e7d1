/**
 * `score` on the sample sheets (marked `illustrative: true`) says so in its output, in both
 * formats: a reader of the JSON or of the CSV alone still learns that the data are not real.
 */
import { describe, expect, it } from 'vitest';
import { ILLUSTRATIVE_NOTICE } from '../../src/answers/illustrative-notice.js';
import { parseCsv } from '../../src/table/csv.js';
import { cli } from '../helpers/cli.js';

describe('policy-index score on illustrative sheets', () => {
  it('JSON: illustrative and the notice at the top, illustrative on every result', () => {
    const { code, out } = cli('score', '--answers', 'scores/2024');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.illustrative).toBe(true);
    expect(json.notice).toBe(ILLUSTRATIVE_NOTICE);
    expect(json.results.length).toBeGreaterThan(0);
    for (const result of json.results) expect(result.illustrative).toBe(true);
  });

  it('CSV: a last column illustrative, true on every row', () => {
    const { code, out } = cli('score', '--answers', 'scores/2024', '--format', 'csv');
    expect(code).toBe(0);
    const [header, ...rows] = parseCsv(out);
    expect(header!.fields.at(-1)).toBe('illustrative');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.fields.at(-1)).toBe('true');
  });
});
