/**
 * The checks of a crosswalk file: each case breaks the shipped 2015 → 2020 crosswalk in one
 * place and expects one located issue with its code (never its wording).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/issues/format-issues.js';
import { parseCrosswalkText } from '../../src/crosswalk/load-crosswalk.js';
import { CROSSWALKS_DIR, q2015, q2020 } from './helpers.js';

const FILE = '2015-to-2020.yaml';
const TEXT = readFileSync(join(CROSSWALKS_DIR, FILE), 'utf8');

/** The 1-based line of the first occurrence of `fragment` in the shipped text. */
function lineOf(fragment: string): number {
  const at = TEXT.indexOf(fragment);
  if (at < 0) throw new Error(`"${fragment}" is not in ${FILE}`);
  return TEXT.slice(0, at).split('\n').length;
}

const CASES: { name: string; replace: string; by: string; code: string; line: string }[] = [
  {
    name: 'another source questionnaire',
    replace: 'id: migrant-policy-index\n',
    by: 'id: other-index\n',
    code: 'crosswalk-questionnaire-mismatch',
    line: 'id: migrant-policy-index\n',
  },
  {
    name: 'a target version that is not loaded',
    replace: 'version: 1.0.0\nstrands',
    by: 'version: 2.0.0\nstrands',
    code: 'crosswalk-questionnaire-mismatch',
    line: 'version: 1.0.0\nstrands',
  },
  {
    name: 'an unknown strand',
    replace: 'to: citizenship }',
    by: 'to: nationality }',
    code: 'crosswalk-unknown-strand',
    line: 'to: citizenship }',
  },
  {
    name: 'an unknown source question',
    replace: 'from: "21"',
    by: 'from: "21z"',
    code: 'crosswalk-unknown-question',
    line: 'from: "21"',
  },
  {
    name: 'an unknown target question',
    replace: '- to: ba21',
    by: '- to: ba99',
    code: 'crosswalk-unknown-question',
    line: '- to: ba21',
  },
  {
    name: 'an unknown source option',
    replace: 'over-one-year: over-one-year-or-none',
    by: 'over-one-year: over-one-year-or-none, later: none',
    code: 'crosswalk-unknown-option',
    line: 'over-one-year: over-one-year-or-none',
  },
  {
    name: 'an unknown target option',
    replace: 'stricter: further-requirements',
    by: 'stricter: strict',
    code: 'crosswalk-unknown-option',
    line: 'stricter: further-requirements',
  },
  {
    name: 'an unknown option in a rule',
    replace: 'when: { "26": all-dependent, "27": all-dependent }',
    by: 'when: { "26": all, "27": all-dependent }',
    code: 'crosswalk-unknown-option',
    line: 'when: { "26": all-dependent, "27": all-dependent }',
  },
  {
    name: 'a rule naming a question outside the merge',
    replace: 'when: { "26": narrow-dependency }',
    by: 'when: { "25": restricted }',
    code: 'crosswalk-unknown-question',
    line: 'when: { "26": narrow-dependency }',
  },
  {
    name: 'a target mapped twice',
    replace: '- to: bb28b',
    by: '- to: bb28a',
    code: 'crosswalk-target-twice',
    line: '- to: bb28b',
  },
  {
    name: 'a target not listed',
    replace: '  - no-counterpart: [eb84a]',
    by: '  - no-counterpart: [bd38]',
    code: 'crosswalk-target-twice',
    line: '  - no-counterpart: [eb84a]',
  },
  {
    name: 'a source option not mapped',
    replace: ', wider: wider }',
    by: ' }',
    code: 'crosswalk-combination-uncovered',
    line: ', wider: wider }',
  },
  {
    name: 'a combination no rule row covers',
    replace: '      - otherwise: neither\n',
    by: '',
    code: 'crosswalk-combination-uncovered',
    line: '    rule:',
  },
  {
    name: 'a carry entry with a rule',
    replace: 'options: { none: none, up-to-one-year',
    by: 'rule: [{ otherwise: none }]\n    options: { none: none, up-to-one-year',
    code: 'crosswalk-invalid-entry',
    line: '- to: ba21',
  },
  {
    name: 'otherwise before the last row',
    replace:
      '      - when: { "27": narrow-dependency }\n        answer: one-narrow\n      - otherwise: neither',
    by: '      - otherwise: neither\n      - when: { "27": narrow-dependency }\n        answer: one-narrow',
    code: 'crosswalk-invalid-entry',
    line: '      - when: { "27": narrow-dependency }',
  },
  {
    name: 'a field the format does not have',
    replace: 'title: 2015',
    by: 'titel: 2015',
    code: 'unknown-field',
    line: 'title: 2015',
  },
];

describe('crosswalk checks', () => {
  it.each(CASES)('$name → $code at its line', ({ replace, by, code, line }) => {
    expect(TEXT).toContain(replace);
    const { crosswalk, issues } = parseCrosswalkText(FILE, TEXT.replace(replace, by), q2015, q2020);
    expect(crosswalk).toBeNull();
    expect(issues.map((i) => i.code)).toContain(code);
    const issue = issues.find((i) => i.code === code)!;
    expect(issue.file).toBe(FILE);
    // The rule table of the merge is one line after "rule:" is named (key position).
    expect(Math.abs(issue.line! - lineOf(line))).toBeLessThanOrEqual(1);
    expect(formatIssue(issue)).toMatch(new RegExp(`^${FILE}:\\d+:\\d+: error\\[${code}\\]: `));
  });

  it('a target question no entry lists → crosswalk-target-missing', () => {
    const { issues } = parseCrosswalkText(
      FILE,
      TEXT.replace(
        '  - no-counterpart: [eb84a]\n    reason: the 2015 questionnaire has no permanent-residence strand\n',
        '',
      ),
      q2015,
      q2020,
    );
    expect(issues.map((i) => i.code)).toEqual(['crosswalk-target-missing']);
    expect(issues[0]!.message).toMatch(/eb84a \(pr-language-form\)/);
  });

  it('YAML syntax errors come back located, before any other check', () => {
    const { issues } = parseCrosswalkText(FILE, 'version: [1.0.0\n', q2015, q2020);
    expect(issues[0]!.code).toBe('yaml-syntax');
  });
});
