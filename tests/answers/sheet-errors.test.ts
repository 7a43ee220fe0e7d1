/**
 * One fixture per sheet error code (tests/fixtures/sheet-errors/<code>.yaml), checked against
 * the "tiny" fixture questionnaire: each names the issue it must produce with its line and column.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSheetBytes, parseSheetText } from '../../src/answers/load-sheet.js';
import { answerMap } from '../../src/answers/types.js';
import { MAX_YAML_BYTES } from '../../src/source/yaml-source.js';
import { fixturePath, fixtureQuestionnaire, readCases } from '../helpers/fixtures.js';

interface SheetCase {
  expect: { code: string; severity: 'error' | 'warning'; line: number; column: number };
  sheet: string;
  oversized?: boolean;
  /** The path the sheet is read from (default `sheet.yaml`, which claims nothing). */
  file?: string;
  /** Encode the text in this encoding and validate the bytes, as an upload is validated. */
  encoding?: 'latin1';
  /** Append `line` `times` times, with `{i}` numbered from 0 (for very large sheets). */
  repeat?: { line: string; times: number };
}

const questionnaire = fixtureQuestionnaire('tiny');
const context = { questionnaire, countries: new Set(['AT', 'DE']) };
const validText = readFileSync(fixturePath('sheet-errors', '_valid.yaml'), 'utf8');

describe('answer sheet validation: one fixture per code', () => {
  it('the base sheet is valid and complete', () => {
    const { sheet, issues } = parseSheetText('sheet.yaml', validText, context);
    expect(issues).toEqual([]);
    expect(sheet?.answers.size).toBe(9);
    expect(answerMap(sheet!).get('q4')).toBe('bad');
    expect(sheet?.answers.get('q1')?.sources[0]).toEqual({
      title: 'Residence Act',
      article: '§ 1',
      url: 'https://legislation.example/1',
      date: '2023-01-01',
    });
  });

  it.each(readCases<SheetCase>('sheet-errors').map((c) => [c.name, c.data] as const))(
    '%s',
    (name, data) => {
      const repeated = data.repeat
        ? Array.from({ length: data.repeat.times }, (_, i) =>
            data.repeat!.line.replaceAll('{i}', String(i)),
          ).join('\n')
        : '';
      const text = data.oversized ? `# ${'x'.repeat(MAX_YAML_BYTES)}\n` : data.sheet + repeated;
      const file = data.file ?? 'sheet.yaml';
      const { sheet, issues } = data.encoding
        ? parseSheetBytes(file, Buffer.from(text, data.encoding), context)
        : parseSheetText(file, text, context);
      expect(data.expect.code).toBe(name);
      const found = issues
        .filter((issue) => issue.code === data.expect.code)
        .map(({ code, severity, line, column }) => ({ code, severity, line, column }));
      expect(found).toContainEqual(data.expect);
      if (data.expect.severity === 'error') expect(sheet).toBeNull();
      else expect(sheet).not.toBeNull();
    },
  );
});

describe('strictness follows the status', () => {
  const incomplete = (status: string) =>
    `questionnaire: { id: tiny, version: 1.0.0 }\ncountry: AT\nedition: "2024"\nstatus: ${status}\nanswers:\n  q1: { answer: good }\n  i1: { answer: good }\n  i2: { answer: bad }\n`;

  it.each(['draft', 'imported'])(
    'a %s sheet gets warnings for gaps and skip-logic deviations',
    (status) => {
      const { sheet, issues } = parseSheetText('sheet.yaml', incomplete(status), context);
      expect(sheet).not.toBeNull();
      expect(issues.every((issue) => issue.severity === 'warning')).toBe(true);
      expect(issues.map((issue) => issue.code)).toEqual(
        expect.arrayContaining(['missing-answer', 'answer-where-skipped']),
      );
    },
  );

  it.each(['submitted', 'in_review', 'approved', 'published'])(
    'a %s sheet gets errors',
    (status) => {
      const { sheet, issues } = parseSheetText('sheet.yaml', incomplete(status), context);
      expect(sheet).toBeNull();
      expect(issues.filter((issue) => issue.severity === 'error').length).toBeGreaterThan(0);
    },
  );

  it('an undecidable condition neither asks for nor forbids an answer', () => {
    // i1 unanswered (draft): whether i2 and i3 apply cannot be decided.
    const text = `questionnaire: { id: tiny, version: 1.0.0 }\ncountry: AT\nedition: "2024"\nstatus: draft\nanswers:\n  i2: { answer: bad }\n`;
    const { issues } = parseSheetText('sheet.yaml', text, context);
    const aboutItems = issues.filter((issue) => /"i2"|"i3"/.test(issue.message));
    expect(aboutItems).toEqual([]);
  });
});

describe('hostile input', () => {
  it('stores script and SQL text literally and does not choke', () => {
    const text = validText.replace(
      'A comment',
      '"<script>alert(1)</script>\'; DROP TABLE answers; --"',
    );
    const { sheet } = parseSheetText('sheet.yaml', text, context);
    expect(sheet?.answers.get('q1')?.comment).toBe(
      "<script>alert(1)</script>'; DROP TABLE answers; --",
    );
  });

  it('refuses alias bombs', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    const { sheet, issues } = parseSheetText('sheet.yaml', bomb, context);
    expect(sheet).toBeNull();
    expect(issues.map((issue) => issue.code)).toContain('yaml-syntax');
  });

  it('says why a sheet with old Mac line endings (lone CR) does not read', () => {
    const text = validText.replace(/\n/g, '\r');
    const { sheet, issues } = parseSheetText('sheet.yaml', text, context);
    expect(sheet).toBeNull();
    expect(issues[0]).toMatchObject({ code: 'yaml-syntax', line: 1 });
    expect(issues[0]!.message).toMatch(/lone carriage return .* save the file with LF or CRLF/);
    // With Windows line endings the same sheet is valid.
    expect(parseSheetText('sheet.yaml', validText.replace(/\n/g, '\r\n'), context).issues).toEqual(
      [],
    );
  });

  it('refuses a sheet that is not a mapping', () => {
    const { issues } = parseSheetText('sheet.yaml', '- just\n- a list\n', context);
    expect(issues.map((issue) => issue.code)).toEqual(['wrong-type']);
  });
});
