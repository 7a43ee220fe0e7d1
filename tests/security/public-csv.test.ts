/**
 * CSV injection: every CSV the project writes (downloads, API, `score --format csv`) writes text
 * cells that a spreadsheet would run as a formula with a leading single quote, quoted (OWASP);
 * numeric columns stay numbers.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { openDatabase } from '../../src/storage/database.js';
import { csvField, csvLine, parseCsv } from '../../src/table/csv.js';
import { createApp } from '../../src/web/app.js';
import { captureIo } from '../helpers/fixtures.js';
import { QUESTIONNAIRE_DIR, SCORES_DIR, temporaryDir } from '../storage/helpers.js';

describe('csvField', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+1', `"'+1"`],
    ['-1', `"'-1"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    ['with, comma', '"with, comma"'],
  ])('text %j → %s', (value, written) => {
    expect(csvField(value, 'text')).toBe(written);
    expect(parseCsv(csvField(value, 'text'))[0]!.fields[0]).toBe(
      written.startsWith(`"'`) ? `'${value}` : value,
    );
  });

  it('numbers in a numeric column stay numbers', () => {
    expect(csvField(-1.5, 'number')).toBe('-1.5');
    expect(csvField('-1.5', 'number')).toBe('-1.5');
    expect(csvField(-2e-7, 'number')).toBe('-2e-7');
    expect(csvField(null, 'number')).toBe('');
  });

  it('a number in a text column is text', () => {
    expect(csvField(-1, 'text')).toBe(`"'-1"`);
  });

  it('a formula in a numeric column is still neutralised', () => {
    expect(csvField('-1+cmd', 'number')).toBe(`"'-1+cmd"`);
    expect(csvField('=1', 'number')).toBe(`"'=1"`);
  });

  it('without declared types, JavaScript numbers are numbers and strings are text', () => {
    expect(csvLine(['-x', -1.5, null, '=1'])).toBe(`"'-x",-1.5,,"'=1"`);
  });
});

/** A questionnaire and sheets whose text starts with formula characters. */
const HOSTILE_CODE = '=SUM(1+1)';
const HOSTILE_LABEL = "-2+cmd|' /C calc'!A0";
const HOSTILE_COMMENT = '=HYPERLINK("https://evil.example","click")';
const HOSTILE_TITLE = '+Act';
const HOSTILE_ARTICLE = '@art. 1';

let dir: string;
let cleanup: () => void;
let app: Express;
let questionnaireDir: string;
let scoresDir: string;

beforeAll(() => {
  ({ dir, cleanup } = temporaryDir('csv-injection-'));
  questionnaireDir = join(dir, 'questionnaire');
  scoresDir = join(dir, 'scores');
  cpSync(QUESTIONNAIRE_DIR, questionnaireDir, { recursive: true });
  cpSync(SCORES_DIR, scoresDir, { recursive: true });
  const strandFile = join(questionnaireDir, 'family-reunification.yaml');
  const strand = readFileSync(strandFile, 'utf8');
  const edited = strand
    .replace('code: "21"', `code: ${JSON.stringify(HOSTILE_CODE)}`)
    .replace('en: "No minimum period of residence"', `en: ${JSON.stringify(HOSTILE_LABEL)}`);
  expect(edited).not.toBe(strand);
  writeFileSync(strandFile, edited);
  const sheetFile = join(scoresDir, '2024', 'AT.yaml');
  const sheet = readFileSync(sheetFile, 'utf8');
  const hostileSheet = sheet
    .replace(
      'title: Settlement and Residence Act (illustrative reference)',
      `title: ${JSON.stringify(HOSTILE_TITLE)}`,
    )
    .replace('article: "§ 20(4)"', `article: ${JSON.stringify(HOSTILE_ARTICLE)}`)
    .replace(
      /comment: >-\n {6}No waiting period is set[^\n]*\n[^\n]*\n/,
      `comment: ${JSON.stringify(HOSTILE_COMMENT)}\n`,
    );
  expect(hostileSheet).not.toBe(sheet);
  writeFileSync(sheetFile, hostileSheet);
  const db = openDatabase(':memory:');
  bootstrap(db, { questionnaireDir, scoresDir });
  app = createApp({ db, questionnaireDir, analysisRateLimit: false });
});
afterAll(() => cleanup());

/** The records of a CSV as objects by header name. */
function table(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.fields.map((name, i) => [name, r.fields[i]!])));
}

describe('downloads and API CSV', () => {
  it('answers.csv neutralises comments and sources, and keeps points numeric', async () => {
    const { text, status } = await request(app).get('/downloads/2024/r1/answers.csv');
    expect(status).toBe(200);
    const row = table(text).find(
      (r) => r.country === 'AT' && r.question === 'fr-residence-period',
    )!;
    expect(row.comment).toBe(`'${HOSTILE_COMMENT}`);
    expect(row.source_title).toBe(`'${HOSTILE_TITLE}`);
    expect(row.source_article).toBe(`'${HOSTILE_ARTICLE}`);
    expect(row.code).toBe(`'${HOSTILE_CODE}`);
    expect(row.answer_label).toBe(`'${HOSTILE_LABEL}`);
    expect(row.points).toBe('100');
    expect(text).toContain(`"'${HOSTILE_COMMENT.replace(/"/g, '""')}"`);
  });

  it('codebook.csv neutralises codes and labels, and keeps points and weights numeric', async () => {
    const { text } = await request(app).get('/downloads/2024/r1/codebook.csv');
    const rows = table(text).filter((r) => r.node === 'fr-residence-period');
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      expect(row.code).toBe(`'${HOSTILE_CODE}`);
      expect(Number(row.weight)).toBe(1);
      expect(Number.isFinite(Number(row.effective_weight_overall))).toBe(true);
    }
    const none = rows.find((r) => r.option === 'none')!;
    expect(none.option_label).toBe(`'${HOSTILE_LABEL}`);
    expect(none.option_points).toBe('100');
  });

  it.each([
    '/downloads/2024/r1/scores.csv',
    '/api/v1/scores.csv?edition=2024',
    '/api/v1/editions/2024/scores.csv',
  ])('%s neutralises codes and keeps scores numeric', async (path) => {
    const { text } = await request(app).get(path);
    const rows = table(text).filter((r) => r.node === 'fr-residence-period');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.code).toBe(`'${HOSTILE_CODE}`);
      expect(row.score).toMatch(/^\d+(\.\d+)?$/);
    }
  });
});

describe('policy-index score --format csv', () => {
  it('neutralises codes and keeps scores numeric', () => {
    const capture = captureIo();
    expect(
      run(
        ['score', '--questionnaire', questionnaireDir, '--answers', scoresDir, '--format', 'csv'],
        capture.io,
      ),
    ).toBe(0);
    const rows = table(capture.out()).filter((r) => r.node === 'fr-residence-period');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.code).toBe(`'${HOSTILE_CODE}`);
      expect(row.score).toMatch(/^\d+(\.\d+)?$/);
    }
  });
});
