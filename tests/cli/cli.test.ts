/**
 * The `policy-index` command line, run in-process through `run()` (what the binary calls), plus
 * one check of the built binary itself.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/table/csv.js';
import { cli } from '../helpers/cli.js';
import { fixturePath, ROOT_DIR } from '../helpers/fixtures.js';
import { temporaryDirPerTest } from '../storage/helpers.js';

const TINY = fixturePath('questionnaires', 'tiny');
const SHEETS = fixturePath('sheets', 'tiny');

const tempDir = temporaryDirPerTest('policy-index-cli-');

describe('policy-index (usage)', () => {
  it('without a command prints the usage and exits 2', () => {
    const { code, err } = cli();
    expect(code).toBe(2);
    expect(err).toMatch(/usage: policy-index <command>/);
  });

  it('an unknown command or option exits 2 with a message, no stack trace', () => {
    expect(cli('frobnicate').code).toBe(2);
    const { code, err } = cli('score', '--colour', 'red');
    expect(code).toBe(2);
    expect(err).toMatch(/Unknown option '--colour'/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('--help prints the command usage and exits 0', () => {
    const { code, out } = cli('validate', '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/usage: policy-index validate/);
  });
});

describe('policy-index validate', () => {
  it('accepts a valid questionnaire (exit 0)', () => {
    const { code, out } = cli('validate', '--questionnaire', TINY);
    expect(code).toBe(0);
    expect(out).toMatch(/questionnaire tiny 1\.0\.0: valid \(10 questions/);
  });

  it('reports every problem as FILE:LINE:COL: error[code]: message and exits 1', () => {
    const dir = tempDir();
    for (const name of readdirSync(TINY))
      writeFileSync(join(dir, name), readFileSync(join(TINY, name)));
    writeFileSync(
      join(dir, 'beta.yaml'),
      readFileSync(join(TINY, 'beta.yaml'), 'utf8')
        .replace('weight: 3', 'weight: -3')
        .replace('id: q5', 'id: q4'),
    );
    const { code, out, err } = cli('validate', '--questionnaire', dir);
    expect(code).toBe(1);
    expect(out).toBe('');
    const lines = err.split('\n').filter((line) => line.includes('error['));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `${join(dir, 'beta.yaml')}:7:49: error[invalid-weight]: weight must be a number greater than 0, not -3`,
    );
    expect(lines[1]).toMatch(
      new RegExp(`^${join(dir, 'beta.yaml')}:8:15: error\\[duplicate-id\\]: id "q4" is used twice`),
    );
  });

  it('validates sheets in folders recursively; warnings do not fail', () => {
    const { code, out, err } = cli('validate', '--questionnaire', TINY, SHEETS);
    expect(code).toBe(0);
    // Warnings are problems (stderr); the verdict is the result (stdout, and nothing else).
    expect(err).toMatch(/2019\/AT\.yaml:\d+:\d+: warning\[missing-answer\]/);
    expect(out).toMatch(/^3 valid sheets; 0 errors, \d+ warnings$/);
  });

  it('fails with the line of the sheet when a submitted sheet lacks an answer', () => {
    const dir = tempDir();
    const sheet = readFileSync(join(SHEETS, '2024', 'DE.yaml'), 'utf8').replace(
      '  q2: { answer: good }\n',
      '',
    );
    writeFileSync(join(dir, 'DE.yaml'), sheet);
    const { code, out, err } = cli('validate', '--questionnaire', TINY, join(dir, 'DE.yaml'));
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(
      `${join(dir, 'DE.yaml')}:6:1: error[missing-answer]: "q2" (2) is not answered`,
    );
  });

  it('a missing file is an error, not a crash', () => {
    const { code, out, err } = cli('validate', '--questionnaire', TINY, '/nonexistent/sheet.yaml');
    expect(code).toBe(1);
    expect(out).toBe('');
    // The file, a clear code and message, and no made-up position (never FILE:0:0).
    expect(err).toMatch(/^\/nonexistent\/sheet\.yaml: error\[file-not-found\]: /m);
    expect(err).not.toMatch(/:0:0:/);
  });

  it('a folder without sheets is an error for validate, score and report, not an empty result', () => {
    const empty = tempDir();
    const message = `${empty}: error[no-sheet-files]: this folder holds no answer sheet`;
    for (const args of [
      ['validate', '--questionnaire', TINY, empty],
      ['validate', '--questionnaire', TINY, empty, join(SHEETS, '2024')],
      ['score', '--questionnaire', TINY, '--answers', empty],
      ['report', '--questionnaire', TINY, '--answers', empty],
    ]) {
      const { code, out, err } = cli(...args);
      expect(code, args.join(' ')).toBe(1);
      expect(out, args.join(' ')).toBe('');
      expect(err, args.join(' ')).toContain(message);
    }
    // The other folder's sheets are still checked and counted.
    expect(cli('validate', '--questionnaire', TINY, empty, join(SHEETS, '2024')).err).toMatch(
      /^2 valid sheets; 1 error, 0 warnings$/m,
    );
  });

  it('reports two sheets for the same country and edition', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), readFileSync(join(SHEETS, '2024', 'DE.yaml')));
    writeFileSync(join(dir, 'b.yaml'), readFileSync(join(SHEETS, '2024', 'DE.yaml')));
    const { code, err } = cli('validate', '--questionnaire', TINY, dir);
    expect(code).toBe(1);
    expect(err).toMatch(/b\.yaml:1:1: error\[duplicate-sheet\]/);
  });
});

describe('policy-index score', () => {
  it('prints JSON exactly in the documented shape, every node by id', () => {
    const { code, out } = cli('score', '--questionnaire', TINY, '--answers', SHEETS);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual([
      'questionnaire',
      'method',
      'computed_at',
      'illustrative',
      'notice',
      'results',
    ]);
    expect([json.illustrative, json.notice]).toEqual([false, null]);
    expect(json.questionnaire).toEqual({
      id: 'tiny',
      version: '1.0.0',
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(json.method).toBe('questionnaire-defaults');
    expect(
      json.results.map((r: { country: string; edition: string }) => `${r.country} ${r.edition}`),
    ).toEqual(['AT 2019', 'AT 2024', 'DE 2024']);
    const at = json.results[1].nodes;
    expect(Object.keys(at)).toHaveLength(22);
    expect(at.overall).toEqual({
      score: expect.closeTo(52.0833333333, 9),
      coverage: 1,
      level: 'overall',
      code: null,
    });
    expect(at.c1).toEqual({ score: 25, coverage: 1, level: 'indicator', code: '3' });
    expect(at.i3).toEqual({ score: null, coverage: 1, level: 'item', code: '3c' });
    expect(at.cross.score).toBe(12.5);
    const draft = json.results[0].nodes;
    expect(draft.beta).toEqual({ score: null, coverage: 0, level: 'strand', code: null });
  });

  it('prints the long CSV country,edition,node,level,code,score,coverage,illustrative', () => {
    const { code, out } = cli(
      'score',
      '--questionnaire',
      TINY,
      '--answers',
      SHEETS,
      '--format',
      'csv',
    );
    expect(code).toBe(0);
    const [header, ...rows] = parseCsv(out);
    expect(header!.fields).toEqual([
      'country',
      'edition',
      'node',
      'level',
      'code',
      'score',
      'coverage',
      'illustrative',
    ]);
    expect(rows).toHaveLength(3 * 22);
    expect(
      rows.find((r) => r.fields[0] === 'AT' && r.fields[1] === '2024' && r.fields[2] === 'beta')!
        .fields,
    ).toEqual(['AT', '2024', 'beta', 'strand', '', '37.5', '1', 'false']);
    expect(
      rows.find((r) => r.fields[0] === 'AT' && r.fields[1] === '2019' && r.fields[2] === 'beta')!
        .fields[5],
    ).toBe('');
  });

  it('--method geometric changes the method id and the numbers', () => {
    const json = JSON.parse(
      cli('score', '--questionnaire', TINY, '--answers', SHEETS, '--method', 'geometric').out,
    );
    expect(json.method).toBe('all-geometric');
    expect(json.results[1].nodes.c1.score).toBe(0);
  });

  it('refuses invalid sheets: nothing on stdout, problems on stderr, exit 1', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'bad.yaml'),
      'questionnaire: { id: tiny, version: 1.0.0 }\ncountry: AT\nedition: "1"\nstatus: draft\nanswers:\n  q1: { answer: maybe }\n',
    );
    const { code, out, err } = cli('score', '--questionnaire', TINY, '--answers', dir);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`${join(dir, 'bad.yaml')}:6:17: error[unknown-option]`);
  });

  it('rejects an unknown format with exit 2', () => {
    expect(cli('score', '--questionnaire', TINY, '--format', 'xml').code).toBe(2);
  });
});

describe('policy-index schema', () => {
  it('writes the questionnaire, countries, answer-sheet and legal-events schemas', () => {
    const dir = tempDir();
    const { code } = cli('schema', '--questionnaire', TINY, '--out', dir);
    expect(code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'answer-sheet.schema.json',
      'countries.schema.json',
      'legal-events.schema.json',
      'questionnaire-index.schema.json',
      'questionnaire-strand.schema.json',
    ]);
    const sheet = JSON.parse(readFileSync(join(dir, 'answer-sheet.schema.json'), 'utf8'));
    expect(sheet.properties.answers.properties.q3.properties.answer.enum).toEqual([
      'full',
      'most',
      'none',
      'not_applicable',
      'no_data',
      'not_assessed',
    ]);
    expect(sheet.properties.answers.additionalProperties).toBe(false);
  });

  it('the published schemas in questionnaire/schema are up to date', () => {
    const dir = tempDir();
    expect(cli('schema', '--out', dir).code).toBe(0);
    for (const name of readdirSync(dir)) {
      const committed = join(ROOT_DIR, 'questionnaire', 'schema', name);
      expect(existsSync(committed), `${name} is committed (run: policy-index schema)`).toBe(true);
      expect(readFileSync(committed, 'utf8'), `${name} is current (run: policy-index schema)`).toBe(
        readFileSync(join(dir, name), 'utf8'),
      );
    }
  });
});

describe('policy-index import-scores', () => {
  const importCsv = (csv: string) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), csv);
    const result = cli(
      'import-scores',
      '--questionnaire',
      TINY,
      '--out',
      join(dir, 'out'),
      join(dir, 'in.csv'),
    );
    return { ...result, dir, out: join(dir, 'out'), stdout: result.out };
  };

  it('turns leaf scores into sheets laid out {edition}/{country}.yaml that score as coded', () => {
    const { code, out, err } = importCsv(
      'country,edition,code,score\nAT,2014,1,100\nAT,2014,2,50\nAT,2014,3a,100\nAT,2014,3b,\nAT,2014,3c,0\nAT,2014,4,75\n',
    );
    expect(code).toBe(0);
    expect(readdirSync(join(out, '2014'))).toEqual(['AT.yaml']);
    // 3c answered although 3a is "good" (so 3c is skipped): kept, and reported as a warning.
    expect(err).toMatch(/in\.csv:6:1: warning\[answer-where-skipped\]: AT 2014: "i3"/);
    const json = JSON.parse(cli('score', '--questionnaire', TINY, '--answers', out).out);
    expect(json.results[0].nodes.c1.score).toBe(50); // mean(100, 0): the answer as coded counts
    expect(json.results[0].nodes.q3.score).toBe(75);
  });

  it('names the CSV row of every error and writes nothing', () => {
    const { code, out, err } = importCsv(
      'country,edition,code,score\nAT,2014,1,100\nXX,2014,1,100\nAT,2014,99,100\nAT,2014,2,60\nAT,2014,3,100\nAT,2014,1,50\nAT,2014,2,abc\n',
    );
    expect(code).toBe(1);
    expect(err).toContain('in.csv:3:1: error[unknown-country]: row 3: unknown country "XX"');
    expect(err).toContain('in.csv:4:1: error[unknown-code]: row 4: no question has code "99"');
    expect(err).toMatch(
      /in\.csv:5:1: error\[no-matching-option\]: row 5: no option of 2 \("q2"\) scores 60/,
    );
    expect(err).toMatch(
      /in\.csv:6:1: error\[unknown-code\]: row 6: code "3" is the indicator "c1", which is computed/,
    );
    expect(err).toContain('in.csv:7:1: error[duplicate-row]');
    expect(err).toContain('in.csv:8:1: error[invalid-score]');
    expect(existsSync(out)).toBe(false);
  });

  it('requires the header columns', () => {
    const { code, err } = importCsv('land,year,code,score\nAT,2014,1,100\n');
    expect(code).toBe(1);
    expect(err).toMatch(/error\[csv-header\]: missing columns country, edition/);
  });

  it('needs --questionnaire, --out and one file (exit 2)', () => {
    expect(cli('import-scores', 'x.csv').code).toBe(2);
    expect(cli('import-scores', '--questionnaire', TINY, '--out', 'x').code).toBe(2);
  });
});

describe('the built binary', () => {
  const bin = join(ROOT_DIR, 'dist', 'cli', 'main.js');

  it.runIf(existsSync(bin))('runs as a program with the documented exit codes', () => {
    const ok = execFileSync(process.execPath, [bin, 'validate', '--questionnaire', TINY], {
      encoding: 'utf8',
    });
    expect(ok).toMatch(/valid/);
    const usage = spawnSync(process.execPath, [bin, 'nonsense'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).not.toMatch(/\n\s+at /);
  });
});
