/**
 * The API keeps its promises: responses match the OpenAPI document; profile numbers equal what
 * `policy-index score` computes from the same sheets; hostile text is shown as text; unpublished
 * work never reaches the public side; the static export has no broken internal link.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Express } from 'express';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { publishEdition } from '../../src/storage/snapshot-repository.js';
import { exportSite, staticFileFor } from '../../src/web/export-site.js';
import { PublicData } from '../../src/published/public-data.js';
import { ResponseCache } from '../../src/web/response-cache.js';
import { apiRoutes } from '../../src/web/routes/api.js';
import { testApp } from '../helpers/app.js';
import { cli } from '../helpers/cli.js';
import { QUESTIONNAIRE_DIR, sampleDatabase, SCORES_DIR, temporaryDir } from '../storage/helpers.js';

let db: Db;
let app: Express;

beforeAll(() => {
  db = sampleDatabase();
  app = testApp({ db });
});

describe('the OpenAPI document matches the real responses', () => {
  const cases: [string, string, string][] = [
    ['/api/v1/editions', 'get', '#/components/schemas/Edition'],
    ['/api/v1/countries', 'get', '#/components/schemas/Countries'],
    ['/api/v1/questionnaire', 'get', '#/components/schemas/Questionnaire'],
    ['/api/v1/scores?edition=2024&country=DE', 'get', '#/components/schemas/Scores'],
    ['/api/v1/editions/2019/scores.json', 'get', '#/components/schemas/Scores'],
    ['/api/v1/countries/DE/2024', 'get', '#/components/schemas/Profile'],
    ['/api/v1/compare?countries=AT,DE', 'get', '#/components/schemas/Compare'],
    ['/api/v1/changes?country=FR&from=2019&to=2024', 'get', '#/components/schemas/Changes'],
    ['/api/v1/diff?countries=AT,DE,SE', 'get', '#/components/schemas/Diff'],
    ['/api/v1/robustness?draws=20&weight_range=0.2', 'get', '#/components/schemas/Robustness'],
    ['/api/v1/scores?level=nope', 'get', '#/components/schemas/Error'],
    ['/api/v1/countries/DE/1999', 'get', '#/components/schemas/Error'],
  ];

  it('is OpenAPI 3.1 and lists every API route (a .json or .csv alias by its stem)', async () => {
    const { body } = await request(app).get('/api/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    const documented = new Set(Object.keys(body.paths));
    const router = apiRoutes({
      data: new PublicData(db),
      baseUrl: () => '',
      cache: new ResponseCache(() => 0),
      analysisLimit: (_req, _res, next) => next(),
    });
    const routes = (router.stack as { route?: { path: string | string[] } }[])
      .flatMap((layer) => (layer.route ? [layer.route.path].flat() : []))
      .filter((path) => path !== '/openapi.json')
      .map((path) => `/api${path.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const stem = route.replace(/\.(json|csv)$/, '');
      expect(documented.has(route) || documented.has(stem), route).toBe(true);
    }
  });

  it('the simulation answers as documented, and the analysis endpoints document 429', async () => {
    const document = (await request(app).get('/api/openapi.json')).body;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'openapi', components: document.components }, 'openapi');
    const validate = ajv.getSchema('openapi#/components/schemas/Simulation')!;
    const { body, status } = await request(app)
      .post('/api/v1/simulate')
      .send({ country: 'AT', edition: '2024', answers: { 'fr-accommodation': 'none' } });
    expect(status).toBe(200);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(document.paths['/api/v1/simulate'].post.responses['200']).toBeDefined();
    for (const path of ['/api/v1/compare', '/api/v1/diff', '/api/v1/changes', '/api/v1/robustness'])
      expect(document.paths[path].get.responses['429'], path).toBeDefined();
    expect(document.paths['/api/v1/simulate'].post.responses['429']).toBeDefined();
  });

  it.each(cases)('%s', async (path, _method, ref) => {
    const document = (await request(app).get('/api/openapi.json')).body;
    const ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      formats: { date: /^\d{4}-\d{2}-\d{2}$/ },
    });
    ajv.addSchema({ $id: 'openapi', components: document.components }, 'openapi');
    const validate = ajv.getSchema(`openapi${ref}`)!;
    const response = await request(app).get(path);
    const body = ref.endsWith('Edition') ? response.body.editions[0] : response.body;
    const valid = validate(body);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The document names the path and the status we got.
    const template = path
      .split('?')[0]!
      .replace(/\/countries\/[A-Z]{2}\/\d{4}$/, '/countries/{code}/{edition}')
      .replace(/\/editions\/\d{4}\//, '/editions/{edition}/');
    expect(
      document.paths[template]?.get.responses[String(response.status)],
      `${template} ${response.status}`,
    ).toBeDefined();
  });
});

describe('profile numbers equal the CLI score output for the same sheets', () => {
  it('every node of every country and edition', async () => {
    const scored = cli('score', '--questionnaire', QUESTIONNAIRE_DIR, '--answers', SCORES_DIR);
    expect(scored.code).toBe(0);
    const cliOut = JSON.parse(scored.out) as {
      results: {
        country: string;
        edition: string;
        nodes: Record<string, { score: number | null }>;
      }[];
    };
    for (const result of cliOut.results) {
      const { body } = await request(app).get(
        `/api/v1/scores?edition=${result.edition}&country=${result.country}`,
      );
      const api = new Map(
        body.rows.map((r: { node: string; score: number | null }) => [r.node, r.score]),
      );
      for (const [node, value] of Object.entries(result.nodes))
        expect(api.get(node), `${result.country} ${result.edition} ${node}`).toBe(value.score);
      const profile = (
        await request(app).get(`/api/v1/countries/${result.country}/${result.edition}`)
      ).body;
      expect(profile.overall.score).toBe(result.nodes.overall!.score);
      for (const strand of profile.strands)
        expect(strand.score).toBe(result.nodes[strand.id]!.score);
    }
  });
});

describe('hostile text is shown as text, and only published data is public', () => {
  const payload = '<script>alert("x")</script>';

  beforeAll(() => {
    // A correction: Austria's first source title and comment carry a script payload.
    const austria = getSheet(db, { country: 'AT', edition: '2024' })!;
    const answers = new Map(austria.sheet.answers);
    const entry = answers.get('fr-residence-period')!;
    answers.set('fr-residence-period', {
      ...entry,
      comment: `${payload} & "quotes"`,
      sources: [{ ...entry.sources[0]!, title: payload, url: 'javascript:alert(1)' }],
    });
    const saved = saveSheet(db, {
      sheet: { ...austria.sheet, status: 'approved', answers },
      baseRevision: austria.revision,
      user: 'test',
    });
    publishEdition(db, '2024', { user: 'test', note: `Correction ${payload}` });
    // Then a draft change that is NOT published.
    const draft = new Map(answers);
    draft.set('fr-partners', {
      ...draft.get('fr-partners')!,
      comment: 'UNPUBLISHED-DRAFT-COMMENT',
    });
    saveSheet(db, {
      sheet: { ...austria.sheet, status: 'draft', answers: draft },
      baseRevision: saved.revision + 1,
      user: 'test',
    });
  });

  it.each(['/countries/AT/2024', '/compare?countries=AT,DE', '/downloads'])(
    '%s shows it as text',
    async (path) => {
      const { text, status } = await request(app).get(path);
      expect(status).toBe(200);
      expect(text).not.toContain('<script>alert');
      expect(text).not.toContain('href="javascript:');
      expect(text).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    },
  );

  it('the changes page escapes it too', async () => {
    const { text } = await request(app).get('/countries/AT/changes');
    expect(text).not.toContain('<script>alert');
  });

  it('the API returns the text as data, in JSON', async () => {
    const { body } = await request(app).get('/api/v1/countries/AT/2024');
    const row = body.strands[0].questions.find(
      (q: { id: string }) => q.id === 'fr-residence-period',
    );
    expect(row.comment).toBe(`${payload} & "quotes"`);
  });

  it('never shows the unpublished draft', async () => {
    for (const path of [
      '/countries/AT/2024',
      '/api/v1/countries/AT/2024',
      '/downloads/2024/r2/answers.csv',
    ]) {
      expect((await request(app).get(path)).text).not.toContain('UNPUBLISHED-DRAFT-COMMENT');
    }
  });

  it('the earlier revision stays readable', async () => {
    const old = await request(app).get('/countries/AT/2024?revision=1');
    expect(old.status).toBe(200);
    expect(old.text).not.toContain('&lt;script&gt;');
  });
});

describe('downloads', () => {
  it('scores, answers, codebook and a datapackage that describes them', async () => {
    const scores = await request(app).get('/downloads/2019/r1/scores.csv');
    expect(scores.headers['content-disposition']).toMatch(
      /attachment; filename="policy-index-2019-r1-scores.csv"/,
    );
    expect(scores.text.split('\n')[0]).toBe(
      'country,edition,revision,node,level,code,score,coverage',
    );
    const answers = await request(app).get('/downloads/2019/r1/answers.csv');
    expect(answers.text.split('\n')[0]).toMatch(
      /^country,edition,revision,question,code,answer,answer_label,points,/,
    );
    expect(answers.text).toContain('legislation.example');
    const codebook = await request(app).get('/downloads/2019/r1/codebook.csv');
    expect(codebook.text).toMatch(
      /fr-pre-entry-language-form,28a,item,question,family-reunification,fr-pre-entry-requirement,/,
    );
    const pkg = (await request(app).get('/downloads/2019/r1/datapackage.json')).body;
    expect(pkg.profile).toBe('tabular-data-package');
    for (const resource of pkg.resources) {
      const file = await request(app).get(`/downloads/2019/r1/${resource.path}`);
      expect(file.status, resource.path).toBe(200);
      if (resource.schema) {
        const header = file.text.split('\n')[0]!.split(',');
        expect(header).toEqual(resource.schema.fields.map((f: { name: string }) => f.name));
      }
    }
  });
});

describe('static export', () => {
  let dir: string;
  let cleanup: () => void;
  // About 2,000 files (every rule timeline with its JSON and CSV, every rule per edition, the
  // feeds): more than the default 10 s on a busy machine.
  beforeAll(async () => {
    ({ dir, cleanup } = temporaryDir('site-'));
    await exportSite(db, dir, {
      questionnaireDir: QUESTIONNAIRE_DIR,
      publicUrl: 'https://index.example',
    });
  }, 120_000);
  afterAll(() => cleanup());

  function allFiles(root: string): string[] {
    return readdirSync(root).flatMap((name) => {
      const full = join(root, name);
      return statSync(full).isDirectory() ? allFiles(full) : [full];
    });
  }

  it('writes pages, API JSON and CSV downloads', () => {
    for (const path of [
      '/',
      '/countries/DE/2024',
      '/api/v1/editions',
      '/api/v1/editions/2024/scores.csv',
      '/downloads/2024/r2/datapackage.json',
    ]) {
      expect(existsSync(join(dir, staticFileFor(path))), path).toBe(true);
    }
    expect(
      JSON.parse(readFileSync(join(dir, 'api/v1/editions.json'), 'utf8')).editions,
    ).toHaveLength(2);
  });

  it('a crawl finds no broken internal link', () => {
    const pages = allFiles(dir).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(30);
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      for (const [, link] of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
        if (!link!.startsWith('/') || link!.startsWith('//')) continue;
        const path = decodeURI(link!.replace(/&amp;/g, '&').split(/[?#]/)[0]!);
        checked++;
        if (!existsSync(join(dir, staticFileFor(path))))
          broken.push(`${page.slice(dir.length)} → ${link}`);
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(broken).toEqual([]);
  });
});
