/**
 * The downloads as files: each revision's data package tells the truth about its files (sizes,
 * rows, licence), every CSV and JSON download carries the terms, the workbook reads back (README
 * sheet with licence, notice and permalink; numeric cells for numbers), the downloads page lists
 * what the packages list, and a questionnaire without a licence says so instead of inventing one.
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import { strFromU8, unzipSync } from 'fflate';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ILLUSTRATIVE_NOTICE } from '../../src/answers/illustrative-notice.js';
import { downloadPaths } from '../../src/downloads/download-paths.js';
import { PublicData } from '../../src/published/public-data.js';
import { bootstrap } from '../../src/storage/bootstrap.js';
import { openDatabase } from '../../src/storage/database.js';
import { parseCsv } from '../../src/table/csv.js';
import { humanSize } from '../../src/web/view-models/downloads.js';
import { PUBLIC_URL, testApp } from '../helpers/app.js';
import {
  QUESTIONNAIRE_DIR,
  SCORES_DIR,
  emptyDatabase,
  sampleDatabase,
  temporaryDir,
} from '../storage/helpers.js';

let app: Express;
beforeAll(() => {
  app = testApp();
});

/** A response body as bytes, whatever its type. */
async function bytes(path: string, on: Express = app) {
  const response = await request(on)
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { status: response.status, headers: response.headers, body: response.body as Buffer };
}

type XlsxCell = string | number | boolean | null;

/** The sheets of a workbook by name, each as rows of cells (text, number, boolean or empty). */
function readWorkbook(file: Buffer): Map<string, XlsxCell[][]> {
  const parts = unzipSync(new Uint8Array(file));
  const text = (name: string) => strFromU8(parts[name]!);
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const shared = [
    ...text('xl/sharedStrings.xml').matchAll(/<si><t[^>]*>([\s\S]*?)<\/t><\/si>/g),
  ].map((m) => unescape(m[1]!));
  const targets = new Map(
    [
      ...text('xl/_rels/workbook.xml.rels').matchAll(
        /Id="([^"]+)"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="([^"]+)"/g,
      ),
    ].map((m) => [m[1] ?? m[4]!, (m[2] ?? m[3])!]),
  );
  const sheets = new Map<string, XlsxCell[][]>();
  for (const m of text('xl/workbook.xml').matchAll(/<sheet [^>]*\/>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])![1]!;
    const id = /r:id="([^"]+)"/.exec(m[0])![1]!;
    const xml = text(`xl/${targets.get(id)!.replace(/^\/?xl\//, '')}`);
    expect(xml, `${name} holds no formula`).not.toContain('<f>');
    const rows: XlsxCell[][] = [];
    for (const row of xml.matchAll(/<row r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
      const cells: XlsxCell[] = [];
      for (const c of row[2]!.matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const column = [...c[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const type = /t="(\w+)"/.exec(c[2]!)?.[1];
        const value = /<v>([\s\S]*?)<\/v>/.exec(c[3] ?? '')?.[1];
        while (cells.length < column) cells.push(null);
        cells[column] =
          value === undefined
            ? null
            : type === 's'
              ? shared[Number(value)]!
              : type === 'b'
                ? value === '1'
                : type === 'str' || type === 'inlineStr'
                  ? unescape(value)
                  : Number(value);
      }
      rows[Number(row[1]) - 1] = cells;
    }
    sheets.set(name, rows);
  }
  return sheets;
}

const panelBase = async (on: Express = app) => {
  const page = (await request(on).get('/downloads')).text;
  return /href="(\/downloads\/panels\/[^"]+\/)datapackage\.json"/.exec(page)![1]!;
};

describe("an edition revision's files", () => {
  it('the data package gives each file its true size and row count, and the licence', async () => {
    const pkg = (await request(app).get('/downloads/2024/r1/datapackage.json')).body;
    expect(pkg.licenses).toEqual([
      {
        name: 'CC0-1.0',
        title: 'CC0 1.0 Universal (public domain dedication)',
        path: 'https://creativecommons.org/publicdomain/zero/1.0/',
      },
    ]);
    expect(pkg.description).toContain(ILLUSTRATIVE_NOTICE);
    expect(pkg.resources.map((r: { path: string }) => r.path)).toEqual([
      'scores.csv',
      'scores.json',
      'answers.csv',
      'codebook.csv',
      'gates.csv',
    ]);
    for (const resource of pkg.resources) {
      const file = await bytes(`/downloads/2024/r1/${resource.path}`);
      expect(file.body.length, resource.path).toBe(resource.bytes);
      const sha256 = createHash('sha256').update(file.body).digest('hex');
      expect(resource.hash, resource.path).toBe(`sha256:${sha256}`);
      expect(resource.licenses, resource.path).toEqual(pkg.licenses);
      if (resource.path.endsWith('.csv')) {
        const [header, ...rows] = parseCsv(file.body.toString('utf8'));
        expect(rows.length, resource.path).toBe(resource.rows);
        expect(header!.fields.slice(-2)).toEqual(['illustrative', 'licence']);
        for (const row of rows) expect(row.fields.slice(-2)).toEqual(['true', 'CC0-1.0']);
      }
    }
    const json = JSON.parse((await bytes('/downloads/2024/r1/scores.json')).body.toString('utf8'));
    expect(pkg.resources[1].rows).toBe(json.results.length);
  });

  it('scores.json carries the licence and the notice', async () => {
    const { body } = await request(app).get('/downloads/2019/r1/scores.json');
    expect(body.illustrative).toBe(true);
    expect(body.notice).toBe(ILLUSTRATIVE_NOTICE);
    expect(body.licence).toEqual({
      id: 'CC0-1.0',
      title: 'CC0 1.0 Universal (public domain dedication)',
      url: 'https://creativecommons.org/publicdomain/zero/1.0/',
    });
  });

  it("the API's score CSV ends with the same terms columns", async () => {
    const { text } = await request(app).get('/api/v1/scores.csv?edition=2024&node=overall');
    const [header, ...rows] = parseCsv(text);
    expect(header!.fields.slice(-2)).toEqual(['illustrative', 'licence']);
    for (const row of rows) expect(row.fields.slice(-2)).toEqual(['true', 'CC0-1.0']);
  });
});

describe('the panel workbook', () => {
  let sheets: Map<string, XlsxCell[][]>;
  let base: string;
  beforeAll(async () => {
    base = await panelBase();
    const file = await bytes(`${base}panel.xlsx`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(file.headers['content-disposition']).toMatch(
      /^attachment; filename="policy-index-panel-migrant-policy-index-[0-9a-f]{12}-panel\.xlsx"$/,
    );
    sheets = readWorkbook(file.body);
  });

  it('has a README sheet first, then the scores and the wide table', () => {
    expect([...sheets.keys()]).toEqual(['README', 'scores', 'wide']);
  });

  it('the README says what it is, the licence, the notice and where it comes from', () => {
    const readme = new Map(
      sheets
        .get('README')!
        .filter((r) => r?.[0])
        .map((r) => [r[0], r[1]]),
    );
    expect(readme.get('Notice')).toBe(ILLUSTRATIVE_NOTICE);
    expect(readme.get('Licence')).toBe(
      'CC0 1.0 Universal (public domain dedication) (CC0-1.0): https://creativecommons.org/publicdomain/zero/1.0/',
    );
    expect(readme.get('Source')).toBe(`${PUBLIC_URL}${base}panel.xlsx`);
    expect(readme.get('What it is')).toMatch(/comparable/);
    expect(readme.get('Edition 2024')).toContain(
      `${PUBLIC_URL}/downloads/2024/r1/datapackage.json`,
    );
    expect(readme.get('score')).toMatch(/0–100 at full precision/);
  });

  it('the scores sheet is panel.csv with numbers as numbers', async () => {
    const csv = parseCsv((await request(app).get(`${base}panel.csv`)).text);
    const rows = sheets.get('scores')!;
    expect(rows[0]).toEqual(csv[0]!.fields);
    expect(rows).toHaveLength(csv.length);
    const column = (name: string) => csv[0]!.fields.indexOf(name);
    csv.slice(1).forEach((record, i) => {
      const row = rows[i + 1]!;
      const score = record.fields[column('score')]!;
      expect(row[column('score')] ?? null).toBe(score === '' ? null : Number(score));
      expect(row[column('revision')]).toBe(Number(record.fields[column('revision')]));
      expect(row[column('country')]).toBe(record.fields[column('country')]);
      expect(row[column('illustrative')]).toBe(true);
    });
  });

  it('the wide sheet is wide.csv', async () => {
    const csv = parseCsv((await request(app).get(`${base}wide.csv`)).text);
    const rows = sheets.get('wide')!;
    expect(rows[0]).toEqual(csv[0]!.fields);
    expect(rows).toHaveLength(csv.length);
    const last = csv.at(-1)!.fields;
    expect(rows.at(-1)!.map((cell) => (cell === null ? '' : String(cell)))).toEqual(last);
  });
});

describe('the downloads page', () => {
  it('lists every file with the size and rows of its package, and the licence', async () => {
    const page = (await request(app).get('/downloads')).text;
    expect(page).toContain(
      '<a href="https://creativecommons.org/publicdomain/zero/1.0/" rel="license">CC0 1.0 Universal (public domain dedication)</a> (<code>CC0-1.0</code>)',
    );
    const base = await panelBase();
    for (const packagePath of [`${base}datapackage.json`, '/downloads/2019/r1/datapackage.json']) {
      const pkg = (await request(app).get(packagePath)).body;
      const folder = packagePath.replace(/datapackage\.json$/, '');
      for (const resource of pkg.resources) {
        const row = new RegExp(
          `<a href="${folder}${resource.path}">${resource.path}</a></td><td>[^<]*</td><td class="num" title="${resource.bytes} bytes">${humanSize(resource.bytes).replace('.', '\\.')}</td><td class="num">${resource.rows.toLocaleString('en')} ${resource.path.endsWith('.json') ? 'records' : 'rows'}</td>`,
        );
        expect(page, `${folder}${resource.path}`).toMatch(row);
      }
      const self = await bytes(packagePath);
      expect(page).toContain(`title="${self.body.length} bytes"`);
    }
  });

  it('links exactly the files downloadPaths lists (what the static export writes)', async () => {
    const db = sampleDatabase();
    const page = (await request(testApp({ db })).get('/downloads')).text;
    const linked = [...page.matchAll(/href="(\/downloads\/[^"]+)"/g)].map((m) => m[1]);
    expect(linked.sort()).toEqual(downloadPaths(new PublicData(db)).sort());
  });

  it('before the first publication says there is nothing yet', async () => {
    const empty = await request(testApp({ db: emptyDatabase() })).get('/downloads');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Nothing is published yet.');
  });

  it('sizes read as people read them', () => {
    expect([0, 999, 1000, 12_345, 999_949, 2_500_000].map(humanSize)).toEqual([
      '0 B',
      '999 B',
      '1.0 kB',
      '12.3 kB',
      '999.9 kB',
      '2.5 MB',
    ]);
  });

  it('an unknown panel or file is a 404 with its code', async () => {
    const base = await panelBase();
    for (const path of ['/downloads/panels/no-such-panel/panel.csv', `${base}passwords.txt`]) {
      const response = await request(app).get(path).set('Accept', 'application/json');
      expect(response.status, path).toBe(404);
      expect(response.body.error.code, path).toBe('not-found');
    }
  });
});

/** A code a spreadsheet would run as a formula, were it written as one. */
const FORMULA_CODE = '=SUM(1+1)';

describe('a questionnaire without a licence and with a code that looks like a formula', () => {
  let bare: Express;
  let cleanup: () => void;
  beforeAll(() => {
    const made = temporaryDir('no-licence-');
    cleanup = made.cleanup;
    const dir = join(made.dir, 'questionnaire');
    cpSync(QUESTIONNAIRE_DIR, dir, { recursive: true });
    const index = readFileSync(join(dir, 'index.yaml'), 'utf8');
    const without = index.replace(/\ndata_licence:\n(?: {2}.*\n)+/, '\n');
    expect(without).not.toContain('data_licence');
    writeFileSync(join(dir, 'index.yaml'), without);
    const strandFile = join(dir, 'family-reunification.yaml');
    const strand = readFileSync(strandFile, 'utf8');
    const hostile = strand.replace('code: "21"', `code: ${JSON.stringify(FORMULA_CODE)}`);
    expect(hostile).not.toBe(strand);
    writeFileSync(strandFile, hostile);
    const db = openDatabase(':memory:');
    bootstrap(db, { questionnaireDir: dir, scoresDir: SCORES_DIR });
    bare = testApp({ db, questionnaireDir: dir });
  });
  afterAll(() => cleanup());

  it('says so on the page, in the packages and in every file, and invents none', async () => {
    expect((await request(bare).get('/downloads')).text).toContain(
      'Licence: none declared — ask the publisher before reusing these data.',
    );
    const pkg = (await request(bare).get('/downloads/2024/r1/datapackage.json')).body;
    expect(pkg.licenses).toBeUndefined();
    expect(pkg.description).toContain('No licence is declared');
    const [header, first] = parseCsv(
      (await request(bare).get('/downloads/2024/r1/scores.csv')).text,
    );
    expect(header!.fields.at(-1)).toBe('licence');
    expect(first!.fields.at(-1)).toBe('');
    expect((await request(bare).get('/downloads/2024/r1/scores.json')).body.licence).toBeNull();
    const workbook = readWorkbook((await bytes(`${await panelBase(bare)}panel.xlsx`, bare)).body);
    const readme = new Map(
      workbook
        .get('README')!
        .filter((r) => r?.[0])
        .map((r) => [r[0], r[1]]),
    );
    expect(readme.get('Licence')).toBe(
      'no licence declared — ask the publisher before reusing the data',
    );
  });

  it('the code is inert text in the CSV and a text cell in the workbook, never a formula', async () => {
    const base = await panelBase(bare);
    const csv = parseCsv((await request(bare).get(`${base}panel.csv`)).text);
    const code = csv[0]!.fields.indexOf('code');
    const node = csv[0]!.fields.indexOf('node');
    const row = csv.find((r) => r.fields[node] === 'fr-residence-period')!;
    expect(row.fields[code]).toBe(`'${FORMULA_CODE}`);
    const scores = readWorkbook((await bytes(`${base}panel.xlsx`, bare)).body).get('scores')!;
    const cell = scores.find((r) => r[node] === 'fr-residence-period')!;
    expect(cell[code]).toBe(FORMULA_CODE);
  });
});
