/** The illustrative sample sheets in scores/: valid, complete, clearly marked, and scorable. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSheetFiles } from '../../src/answers/load-sheet.js';
import { parseCsv } from '../../src/table/csv.js';
import { cli } from '../helpers/cli.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

const SCORES = join(ROOT_DIR, 'scores');
const QUESTIONNAIRE = join(ROOT_DIR, 'questionnaire');
const files = findSheetFiles(SCORES);

describe('sample sheets in scores/', () => {
  it('cover at least 8 countries in 2 editions, laid out {edition}/{country}.yaml', () => {
    const keys = files.map((file) => file.slice(SCORES.length + 1));
    const editions = new Set(keys.map((key) => key.split('/')[0]));
    const countries = new Set(keys.map((key) => key.split('/')[1]));
    expect(editions.size).toBeGreaterThanOrEqual(2);
    expect(countries.size).toBeGreaterThanOrEqual(8);
    for (const key of keys) expect(key).toMatch(/^[0-9]{4}\/[A-Z]{2}\.yaml$/);
  });

  it('say in their header and in their data that they are illustrative', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n').slice(0, 5).join('\n'), file).toMatch(
        /ILLUSTRATIVE SAMPLE DATA — NOT A REAL ASSESSMENT/,
      );
      expect(text, file).toMatch(/^illustrative: true$/m);
    }
  });

  it('validate without errors or warnings', () => {
    const { code, out } = cli('validate', '--questionnaire', QUESTIONNAIRE, SCORES);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`${files.length} valid sheets; 0 errors, 0 warnings`));
  });

  it.each(['2019', '2024'])(
    'code the law of their edition: nothing in force after its reference date (%s-01-01)',
    (edition) => {
      const { code, out } = cli(
        'validate',
        '--questionnaire',
        QUESTIONNAIRE,
        '--reference-date',
        `${edition}-01-01`,
        join(SCORES, edition),
      );
      expect(code).toBe(0);
      expect(out).toMatch(/ valid sheets; 0 errors, 0 warnings/);
    },
  );

  it('fail validation, naming the line, when a required answer is removed', () => {
    const file = files.find((f) => f.endsWith('2024/DE.yaml'))!;
    const lines = readFileSync(file, 'utf8').split('\n');
    const start = lines.findIndex((line) => line === '  fr-minor-children:');
    let end = start + 1;
    while (end < lines.length && lines[end]!.startsWith('    ')) end++;
    const dir = mkdtempSync(join(tmpdir(), 'sample-'));
    try {
      const edited = join(dir, 'DE.yaml');
      writeFileSync(edited, [...lines.slice(0, start), ...lines.slice(end)].join('\n'));
      const answersLine = lines.indexOf('answers:') + 1;
      const { code, err } = cli('validate', '--questionnaire', QUESTIONNAIRE, edited);
      expect(code).toBe(1);
      expect(err).toContain(
        `${edited}:${answersLine}:1: error[missing-answer]: "fr-minor-children" (25) is not answered`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('score to CSV for every country and edition, the language-tests strand included', () => {
    const { code, out } = cli(
      'score',
      '--questionnaire',
      QUESTIONNAIRE,
      '--answers',
      SCORES,
      '--format',
      'csv',
    );
    expect(code).toBe(0);
    const rows = parseCsv(out)
      .slice(1)
      .map((r) => r.fields);
    const strandRows = rows.filter((r) => r[3] === 'strand');
    expect(strandRows).toHaveLength(files.length * 3);
    const languageTests = strandRows.filter((r) => r[2] === 'language-tests');
    expect(languageTests).toHaveLength(files.length);
    for (const row of rows.filter((r) => !['item', 'indicator', 'reading'].includes(r[3]!))) {
      expect(row[5], row.join(',')).not.toBe('');
      expect(Number(row[6]), row.join(',')).toBe(1);
    }
    // The language-tests strand's readings, for its three gates and itself: the bar always has a
    // score (every gate records its form); support has none at a gate without a requirement.
    const readings = rows.filter((r) => r[3] === 'reading');
    expect(readings).toHaveLength(files.length * 4 * 2);
    for (const row of readings.filter((r) => r[2]!.endsWith('#bar')))
      expect(row[5], row.join(',')).not.toBe('');
  });

  it('differ between editions, so that changes are meaningful', () => {
    const json = JSON.parse(
      cli('score', '--questionnaire', QUESTIONNAIRE, '--answers', SCORES).out,
    );
    const overall = new Map<string, number>(
      json.results.map(
        (r: { country: string; edition: string; nodes: { overall: { score: number } } }) => [
          `${r.country}/${r.edition}`,
          r.nodes.overall.score,
        ],
      ),
    );
    const changed = [...overall.keys()]
      .filter((key) => key.endsWith('/2024'))
      .filter((key) => overall.get(key) !== overall.get(key.replace('/2024', '/2019')));
    expect(changed.length).toBeGreaterThanOrEqual(6);
  });
});
