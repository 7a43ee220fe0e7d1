/** `policy-index crosswalk`: re-codes sample sheets through the shipped crosswalk. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { temporaryDirPerTest } from '../storage/helpers.js';
import { Q2015_DIR, Q2020_DIR } from './helpers.js';

const tempDir = temporaryDirPerTest('policy-index-crosswalk-');
const AT = join(ROOT_DIR, 'scores', '2024', 'AT.yaml');
const DE = join(ROOT_DIR, 'scores', '2024', 'DE.yaml');

describe('policy-index crosswalk', () => {
  it('writes draft sheets of the target questionnaire, lists every unmapped question on stderr', () => {
    const out = tempDir();
    const {
      code,
      out: stdout,
      err,
    } = cli('crosswalk', '--from', Q2015_DIR, '--to', Q2020_DIR, '--out', out, AT, DE);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      `wrote ${join(out, '2024', 'AT.yaml')}: 20 of 21 questions answered, 1 unmapped`,
      `wrote ${join(out, '2024', 'DE.yaml')}: 19 of 21 questions answered, 2 unmapped`,
    ]);
    expect(err).toContain(
      'DE.yaml: fa102_new (cit-children) not mapped: 102 (atn-second-generation) = automatic has no single counterpart',
    );
    expect(err).toContain('AT.yaml: eb84a (pr-language-form) not mapped: no counterpart');
    // The written sheet is a valid draft of the 2020 questionnaire (only "not answered" warnings).
    const written = join(out, '2024', 'AT.yaml');
    expect(readFileSync(written, 'utf8')).toMatch(/status: draft\nillustrative: true/);
    const check = cli('validate', '--questionnaire', Q2020_DIR, written);
    expect(check.code).toBe(0);
    expect(check.err).toMatch(/warning\[missing-answer\]: "pr-language-form"/);
    expect(check.err).not.toMatch(/error\[/);
  });

  it('re-codes back into the 2015 questionnaire with the reverse crosswalk', () => {
    const out = tempDir();
    expect(cli('crosswalk', '--from', Q2015_DIR, '--to', Q2020_DIR, '--out', out, AT).code).toBe(0);
    const back = cli(
      'crosswalk',
      '--from',
      Q2020_DIR,
      '--to',
      Q2015_DIR,
      '--out',
      join(out, 'back'),
      join(out, '2024', 'AT.yaml'),
    );
    expect(back.code).toBe(0);
    expect(back.out).toMatch(/questions answered/);
    expect(back.err).toMatch(
      /22 \(fr-permit-duration\) not mapped: no counterpart: the 2020 instrument does not ask this question/,
    );
  });

  it('refuses a broken crosswalk file with located issues and writes nothing', () => {
    const dir = tempDir();
    const map = join(dir, 'bad.yaml');
    writeFileSync(
      map,
      'version: 1.0.0\nfrom: { id: migrant-policy-index }\nto: { id: migrant-policy-index-2020 }\nquestions:\n  - to: ba21\n    from: "21"\n    options: { none: nowhere }\n',
    );
    const { code, out, err } = cli(
      'crosswalk',
      '--from',
      Q2015_DIR,
      '--to',
      Q2020_DIR,
      '--map',
      map,
      '--out',
      join(dir, 'out'),
      AT,
    );
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/bad\.yaml:7:\d+: error\[crosswalk-unknown-option\]/);
    expect(err).toMatch(/error\[crosswalk-target-missing\]/);
    expect(err).toMatch(/nothing written/);
  });

  it('says when no crosswalk joins the two questionnaires', () => {
    const { code, err } = cli(
      'crosswalk',
      '--from',
      Q2015_DIR,
      '--to',
      Q2015_DIR,
      '--out',
      tempDir(),
      AT,
    );
    expect(code).toBe(1);
    expect(err).toMatch(
      /error\[crosswalk-not-found\]: no crosswalk from "migrant-policy-index" to "migrant-policy-index"/,
    );
  });

  it('without --out is wrong usage (exit 2)', () => {
    expect(cli('crosswalk', '--from', Q2015_DIR, '--to', Q2020_DIR, AT).code).toBe(2);
  });
});
