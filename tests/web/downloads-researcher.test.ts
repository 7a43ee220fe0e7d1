/**
 * A researcher's script, run against a real server on a port of its own: find the panel on the
 * downloads page, read its `datapackage.json`, download every file it lists, parse the CSV as
 * pandas or R would (a plain table: header, then rows), and check what a careful researcher
 * checks — sizes and row counts as the package says, column types as its schema says (numbers
 * parse as numbers), every row marked with its terms, and the values the same as the API's.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ILLUSTRATIVE_NOTICE } from '../../src/answers/illustrative-notice.js';
import { roundHalfUp } from '../../src/scoring/rounding.js';
import { parseCsv } from '../../src/table/csv.js';
import { testApp } from '../helpers/app.js';

let server: Server;
let origin: string;

beforeAll(async () => {
  server = testApp().listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Field {
  name: string;
  type: string;
}
interface Resource {
  name: string;
  path: string;
  bytes: number;
  hash: string;
  rows: number | null;
  licenses?: { name: string }[];
  schema?: { fields: Field[] };
}
interface DataPackage {
  licenses: { name: string; title: string; path: string }[];
  illustrative: boolean;
  description: string;
  resources: Resource[];
}

async function download(path: string): Promise<{ status: number; type: string; body: Buffer }> {
  const response = await fetch(new URL(path, origin));
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** A CSV as a researcher's tools read it: the header names the columns of every row. */
function readTable(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  for (const row of rows) expect(row.fields).toHaveLength(header!.fields.length);
  return rows.map((row) =>
    Object.fromEntries(header!.fields.map((name, i) => [name, row.fields[i]!])),
  );
}

/** Every cell of a typed column converts as `read_csv` would convert it, or is empty (NA). */
function expectTyped(rows: Record<string, string>[], fields: Field[]): void {
  for (const field of fields) {
    for (const row of rows) {
      const cell = row[field.name]!;
      if (cell === '') continue;
      if (field.type === 'number')
        expect(Number.isFinite(Number(cell)), `${field.name}=${cell}`).toBe(true);
      if (field.type === 'integer')
        expect(Number.isInteger(Number(cell)), `${field.name}=${cell}`).toBe(true);
      if (field.type === 'boolean') expect(['true', 'false']).toContain(cell);
      if (field.type === 'date') expect(cell).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  }
}

describe('a researcher downloads the panel and checks it against the API', () => {
  let base: string;
  let pkg: DataPackage;
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    const page = (await download('/downloads')).body.toString('utf8');
    const link = /href="(\/downloads\/panels\/[^"]+\/)datapackage\.json"/.exec(page);
    expect(link, 'the downloads page links a panel').not.toBeNull();
    base = link![1]!;
    const response = await download(`${base}datapackage.json`);
    expect(response.status).toBe(200);
    pkg = JSON.parse(response.body.toString('utf8')) as DataPackage;
    for (const resource of pkg.resources) {
      const file = await download(`${base}${resource.path}`);
      expect(file.status, resource.path).toBe(200);
      files.set(resource.path, file.body);
    }
  });

  it('the package lists every panel file with its licence', () => {
    expect(pkg.resources.map((r) => r.path)).toEqual([
      'panel.csv',
      'panel.json',
      'wide.csv',
      'panel.xlsx',
    ]);
    expect(pkg.licenses).toEqual([
      {
        name: 'CC0-1.0',
        title: 'CC0 1.0 Universal (public domain dedication)',
        path: 'https://creativecommons.org/publicdomain/zero/1.0/',
      },
    ]);
    expect(pkg.illustrative).toBe(true);
    expect(pkg.description).toContain(ILLUSTRATIVE_NOTICE);
    for (const resource of pkg.resources)
      expect(resource.licenses).toEqual([{ ...pkg.licenses[0] }]);
  });

  it('every file has the size and the SHA-256 checksum the package says; every CSV the row count', () => {
    for (const resource of pkg.resources) {
      expect(files.get(resource.path)!.length, resource.path).toBe(resource.bytes);
      const sha256 = createHash('sha256').update(files.get(resource.path)!).digest('hex');
      expect(resource.hash, resource.path).toBe(`sha256:${sha256}`);
      if (!resource.schema) continue;
      const rows = readTable(files.get(resource.path)!.toString('utf8'));
      expect(rows.length, resource.path).toBe(resource.rows);
    }
  });

  it('columns have the types the package declares, and every row carries its terms', () => {
    for (const resource of pkg.resources.filter((r) => r.schema)) {
      const rows = readTable(files.get(resource.path)!.toString('utf8'));
      const [header] = parseCsv(files.get(resource.path)!.toString('utf8'));
      expect(header!.fields).toEqual(resource.schema!.fields.map((f) => f.name));
      expectTyped(rows, resource.schema!.fields);
      for (const row of rows) {
        expect(row.illustrative).toBe('true');
        expect(row.licence).toBe('CC0-1.0');
      }
    }
  });

  it('the long panel holds every published edition, with the scores the API serves', async () => {
    const panel = readTable(files.get('panel.csv')!.toString('utf8'));
    const editions = (await (await fetch(`${origin}/api/v1/editions`)).json()) as {
      editions: { id: string }[];
    };
    const ids = editions.editions.map((e) => e.id);
    expect([...new Set(panel.map((r) => r.edition))]).toEqual(ids);
    let compared = 0;
    for (const id of ids) {
      const api = (await (await fetch(`${origin}/api/v1/scores?edition=${id}`)).json()) as {
        rows: { country: string; node: string; score: number | null; coverage: number }[];
      };
      const mine = panel.filter((r) => r.edition === id);
      expect(mine).toHaveLength(api.rows.length);
      const byKey = new Map(mine.map((r) => [`${r.country} ${r.node}`, r]));
      for (const row of api.rows) {
        const cell = byKey.get(`${row.country} ${row.node}`)!;
        expect(cell.score === '' ? null : Number(cell.score)).toBe(row.score);
        expect(Number(cell.coverage)).toBe(row.coverage);
        expect(cell.displayed_score === '' ? null : Number(cell.displayed_score)).toBe(
          row.score === null ? null : roundHalfUp(row.score, 0),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('ranks are the ones the country pages of the API give', async () => {
    const panel = readTable(files.get('panel.csv')!.toString('utf8'));
    for (const row of panel.filter((r) => r.node === 'overall' && r.edition === '2024')) {
      const profile = (await (
        await fetch(`${origin}/api/v1/countries/${row.country}/2024`)
      ).json()) as { overall: { rank: number | null; rankShown: string } };
      expect(profile.overall.rank).toBe(row.rank === '' ? null : Number(row.rank));
      expect(profile.overall.rankShown).toMatch(new RegExp(`^${row.rank} of \\d+$`));
    }
  });

  it('the wide table has one row per country and edition, and the panel’s points per question', () => {
    const panel = readTable(files.get('panel.csv')!.toString('utf8'));
    const wide = readTable(files.get('wide.csv')!.toString('utf8'));
    const pairs = new Set(panel.map((r) => `${r.country} ${r.edition}`));
    expect(wide).toHaveLength(pairs.size);
    const score = new Map(panel.map((r) => [`${r.country} ${r.edition} ${r.node}`, r.score]));
    const questions = Object.keys(wide[0]!).filter((name) => name.startsWith('q_'));
    expect(questions.length).toBeGreaterThan(20);
    for (const row of wide) {
      for (const column of questions) {
        const node = column.slice(2).replace(/_/g, '-');
        expect(row[column], `${row.country} ${row.edition} ${node}`).toBe(
          score.get(`${row.country} ${row.edition} ${node}`),
        );
      }
    }
  });

  it('the JSON twin holds the same rows with numbers as numbers, and the terms', () => {
    const json = JSON.parse(files.get('panel.json')!.toString('utf8')) as {
      notice: string;
      licences: { id: string }[];
      rows: Record<string, unknown>[];
    };
    const panel = readTable(files.get('panel.csv')!.toString('utf8'));
    expect(json.notice).toBe(ILLUSTRATIVE_NOTICE);
    expect(json.licences.map((l) => l.id)).toEqual(['CC0-1.0']);
    expect(json.rows).toHaveLength(panel.length);
    json.rows.forEach((row, i) => {
      expect(row.score === null ? '' : String(row.score)).toBe(panel[i]!.score);
      expect(typeof row.revision).toBe('number');
      expect(row.illustrative).toBe(true);
    });
  });
});
