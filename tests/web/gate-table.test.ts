/**
 * The language-tests gate table (issue 13) wherever it is published, on the sample data: the
 * profile section (cells in words with sources and in-force dates, readings), its API twin
 * (valid against the OpenAPI document), the `gates.csv` download and the strand page's reading
 * columns and links to one fact in every country. Every reading is checked against what
 * `policy-index score --format json` prints for the same sheet.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Express } from 'express';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/table/csv.js';
import { roundHalfUp } from '../../src/scoring/rounding.js';
import { testApp } from '../helpers/app.js';
import { cli } from '../helpers/cli.js';
import { QUESTIONNAIRE_DIR, SCORES_DIR } from '../storage/helpers.js';

type Readings = Record<string, { score: number | null; coverage: number }>;
type Nodes = Record<string, { score: number | null; readings?: Readings }>;

let app: Express;
/** FR 2024 scored by the CLI from the sample sheet the site publishes. */
let scored: Nodes;
let profile: Record<string, unknown> & {
  gateTables: {
    strand: { id: string; score: number; readings: Record<string, { score: number | null }> };
    facets: { id: string; label: string }[];
    gates: {
      id: string;
      score: number;
      cells: Record<string, { answers: Record<string, unknown>[] }>;
      readings: Record<string, { score: number | null; shown: string }>;
    }[];
  }[];
};

const GATES = ['lt-family-reunification', 'lt-permanent-residence', 'lt-naturalisation'];

beforeAll(async () => {
  app = testApp();
  const { code, out } = cli(
    'score',
    '--questionnaire',
    QUESTIONNAIRE_DIR,
    '--answers',
    join(SCORES_DIR, '2024', 'FR.yaml'),
    '--format',
    'json',
  );
  expect(code).toBe(0);
  scored = JSON.parse(out).results[0].nodes;
  profile = (await request(app).get('/api/v1/countries/FR/2024')).body;
});

describe('the gate table of a profile', () => {
  it('the page shows a row per gate, a column per facet, answers with sources and dates', async () => {
    const { status, text } = await request(app).get('/countries/FR/2024');
    expect(status).toBe(200);
    const section = text.slice(
      text.indexOf('<section class="gate-table" id="gates-language-tests"'),
      text.indexOf('</section>', text.indexOf('id="gates-language-tests"')),
    );
    expect(section).toContain('Language and integration tests, gate by gate</h2>');
    expect(section).toContain(
      'This strand is cross-cutting: it is reported on its own and not counted in the overall score.',
    );
    for (const gate of GATES) expect(section).toContain(`<tr id="gate-${gate}">`);
    expect(section).toMatch(
      /<th scope="col">Gate<\/th><th scope="col">Form<\/th><th scope="col">Level required<\/th><th scope="col">Exemptions<\/th><th scope="col">Support and cost<\/th><th scope="col">Design and consequence<\/th>/,
    );
    // The naturalisation level as the sheet codes it (scores/2024/FR.yaml: b2-or-above), with
    // its in-force date, its two sources and the link to every country's answer.
    const level = section.slice(
      section.indexOf('id="gate-lt-naturalisation-lt-nat-level"'),
      section.indexOf('</div>', section.indexOf('id="gate-lt-naturalisation-lt-nat-level"')),
    );
    expect(level).toContain('<strong>B2 or above</strong>');
    expect(level).toContain('In force since 2024-01-01');
    expect(level).toContain('href="/rules/lt-nat-level/2024"');
    expect(level).toContain(
      'href="https://legislation.example/fr/civil-code-nationality-title#art-18-2"',
    );
    expect(level).toContain('href="https://legislation.example/fr/naturalisation-decree#art-9-1"');
    // A reference shows the answer of the question it refers to (item 104a of naturalisation).
    expect(section).toContain('id="gate-lt-naturalisation-lt-nat-language-exemptions"');
  });

  it('the French profile shows the table in French, its links kept in French', async () => {
    const { status, text } = await request(app).get('/fr/countries/FR/2024');
    expect(status).toBe(200);
    expect(text).toContain('Tests de langue et d&#39;intégration, étape par étape</h2>');
    expect(text).toContain('<th scope="col">Étape</th><th scope="col">Forme</th>');
    expect(text).toContain('<th scope="col">Niveau exigé</th>');
    expect(text).toContain('href="/fr/rules/lt-nat-level/2024"');
    expect(text).toContain('est pas compté dans le score global.');
  });

  it('the readings under the table are those `score --format json` gives for the same sheet', async () => {
    const { text } = await request(app).get('/countries/FR/2024');
    const readings = text.slice(text.indexOf('<table class="gate-readings">'));
    const cells = [
      ...readings.slice(0, readings.indexOf('</table>')).matchAll(/<tr[^>]*>(.*?)<\/tr>/gs),
    ]
      .slice(1)
      .map((row) =>
        [...row[1]!.matchAll(/<td class="num">(?:<strong>)?([^<]*)/g)].map((c) => c[1]),
      );
    const shown = (value: number | null | undefined) =>
      value === null || value === undefined ? '–' : String(roundHalfUp(value, 0));
    const expected = [...GATES, 'language-tests'].map((node) => [
      shown(scored[node]!.score),
      shown(scored[node]!.readings!.bar!.score),
      shown(scored[node]!.readings!.support!.score),
    ]);
    expect(cells).toEqual(expected);
    // Hand-checked against the CLI once: naturalisation has the highest bar of the three gates.
    expect(expected[2]).toEqual(['32', '77', '46']);
  });

  it('the API gives the same table at full precision, valid against the OpenAPI document', async () => {
    const [table] = profile.gateTables;
    expect(profile.gateTables).toHaveLength(1);
    expect(table!.strand.id).toBe('language-tests');
    expect(table!.facets.map((f) => f.id)).toEqual([
      'form',
      'level',
      'exemptions',
      'support',
      'consequence',
    ]);
    expect(table!.gates.map((g) => g.id)).toEqual(GATES);
    for (const gate of table!.gates) {
      expect(gate.score).toBe(scored[gate.id]!.score);
      for (const reading of ['bar', 'support'])
        expect(gate.readings[reading]!.score).toBe(scored[gate.id]!.readings![reading]!.score);
    }
    expect(table!.strand.score).toBe(scored['language-tests']!.score);
    expect(table!.strand.readings.bar!.score).toBe(scored['language-tests']!.readings!.bar!.score);
    expect(table!.gates[2]!.cells.level!.answers).toEqual([
      {
        item: 'lt-nat-level',
        question: 'lt-nat-level',
        code: 'lt-nat-2',
        label: 'Language level required for naturalisation',
        answerId: 'b2-or-above',
        answer: 'B2 or above',
        sources: [
          {
            title: 'Civil Code, Nationality Title (illustrative reference)',
            article: 'Art. 18-2',
            url: 'https://legislation.example/fr/civil-code-nationality-title#art-18-2',
            date: '2024-05-13',
          },
          {
            title: 'Naturalisation Decree (illustrative reference)',
            article: 'Art. 9-1',
            url: 'https://legislation.example/fr/naturalisation-decree#art-9-1',
            date: '2024-05-13',
          },
        ],
        inForceSince: '2024-01-01',
        allCountriesHref: '/rules/lt-nat-level/2024',
      },
    ]);
    // A reference names the strand's item and the question it refers to.
    expect(table!.gates[0]!.cells.form!.answers[0]).toMatchObject({
      item: 'lt-fr-pre-entry-language-form',
      question: 'fr-pre-entry-language-form',
      code: '28a',
    });

    const document = (await request(app).get('/api/openapi.json')).body;
    const ajv = new Ajv2020({
      strict: true,
      allowUnionTypes: true,
      formats: { date: /^\d{4}-\d{2}-\d{2}$/ },
    });
    ajv.addKeyword('components');
    ajv.addSchema({ $id: 'openapi', components: document.components });
    const validate = ajv.getSchema('openapi#/components/schemas/Profile')!;
    expect(validate(profile), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('gates.csv', () => {
  it('one row per country, gate, facet and question, with sources and the readings', async () => {
    const { status, text, headers } = await request(app).get('/downloads/2024/r1/gates.csv');
    expect(status).toBe(200);
    expect(headers['content-type']).toContain('text/csv');
    const [header, ...rows] = parseCsv(text).map((r) => r.fields);
    expect(header).toEqual([
      'country',
      'edition',
      'revision',
      'strand',
      'gate',
      'gate_label',
      'facet',
      'facet_label',
      'item',
      'question',
      'code',
      'label',
      'answer',
      'answer_label',
      'in_force_since',
      'source_urls',
      'sources',
      'gate_score',
      'gate_bar',
      'gate_support',
      'strand_score',
      'strand_bar',
      'strand_support',
      'illustrative',
      'licence',
    ]);
    const countries = new Set(rows.map((r) => r[0]));
    const perCountry = profile.gateTables[0]!.gates.flatMap((g) =>
      Object.values(g.cells).flatMap((c) => c.answers),
    ).length;
    expect(rows).toHaveLength(countries.size * perCountry);
    const column = (name: string) => header!.indexOf(name);
    const level = rows.find((r) => r[0] === 'FR' && r[column('item')] === 'lt-nat-level')!;
    expect(level[column('gate')]).toBe('lt-naturalisation');
    expect(level[column('facet')]).toBe('level');
    expect(level[column('answer')]).toBe('b2-or-above');
    expect(level[column('answer_label')]).toBe('B2 or above');
    expect(level[column('in_force_since')]).toBe('2024-01-01');
    expect(level[column('source_urls')]).toBe(
      'https://legislation.example/fr/civil-code-nationality-title#art-18-2 https://legislation.example/fr/naturalisation-decree#art-9-1',
    );
    const nat = scored['lt-naturalisation']!;
    expect(Number(level[column('gate_score')])).toBe(nat.score);
    expect(Number(level[column('gate_bar')])).toBe(nat.readings!.bar!.score);
    expect(Number(level[column('gate_support')])).toBe(nat.readings!.support!.score);
    expect(Number(level[column('strand_bar')])).toBe(
      scored['language-tests']!.readings!.bar!.score,
    );
  });

  it('is in the data package and on the downloads page', async () => {
    const pkg = (await request(app).get('/downloads/2024/r1/datapackage.json')).body;
    const resource = pkg.resources.find((r: { path: string }) => r.path === 'gates.csv');
    expect(resource.schema.fields.map((f: { name: string }) => f.name)).toContain('gate_bar');
    const page = (await request(app).get('/downloads')).text;
    expect(page).toContain('href="/downloads/2024/r1/gates.csv"');
  });
});

describe('the strand page', () => {
  it('ranks on the strand with each reading and the rank on it, and links one fact to every country', async () => {
    const { status, text } = await request(app).get('/strands/language-tests/2024');
    expect(status).toBe(200);
    expect(text).toContain(
      '<a href="/methodology?edition=2024&amp;revision=1#language-tests-reading-bar">Height of the bar</a></th><th scope="col" class="num">Rank on Height of the bar</th>',
    );
    const france =
      /<tr><td class="num">\d+<\/td><th scope="row"><a href="\/countries\/FR\/2024">France<\/a>.*?<\/tr>/s.exec(
        text,
      )![0];
    const readings = [
      ...france.matchAll(/<td class="num reading">([^<]*)<\/td><td class="num">([^<]*)</g),
    ];
    expect(readings.map((r) => r[1])).toEqual([
      String(roundHalfUp(scored['language-tests']!.readings!.bar!.score!, 0)),
      String(roundHalfUp(scored['language-tests']!.readings!.support!.score!, 0)),
    ]);
    expect(text).toContain('<h2 id="one-fact-heading">One fact in every country</h2>');
    expect(text).toContain(
      '<a href="/rules/lt-nat-level/2024">Language level required for naturalisation</a>',
    );
    const rule = await request(app).get('/rules/lt-nat-level/2024');
    expect(rule.status).toBe(200);
    expect(rule.text).toContain('id="country-FR"');
  });

  it('the rank on a reading orders the countries by it, highest first', async () => {
    const { text } = await request(app).get('/strands/language-tests/2024');
    const rows = [...text.matchAll(/<tr><td class="num">\d+<\/td><th scope="row">.*?<\/tr>/gs)].map(
      (row) =>
        [...row[0].matchAll(/<td class="num reading">([^<]*)<\/td><td class="num">([^<]*)</g)].map(
          (c) => ({ value: Number(c[1]), rank: Number(c[2]) }),
        ),
    );
    expect(rows.length).toBeGreaterThan(4);
    for (const reading of [0, 1]) {
      const byRank = rows.map((r) => r[reading]!).sort((a, b) => a.rank - b.rank);
      for (let i = 1; i < byRank.length; i++)
        expect(byRank[i]!.value).toBeLessThanOrEqual(byRank[i - 1]!.value);
    }
  });

  it('a strand without readings or facets keeps its page as it was', async () => {
    const { text } = await request(app).get('/strands/family-reunification/2024');
    expect(text).not.toContain('class="num reading"');
    expect(text).not.toContain('one-fact-heading');
  });
});
