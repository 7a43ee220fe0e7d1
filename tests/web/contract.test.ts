/**
 * The API keeps its promises (the OpenAPI document's own: tests/web/openapi-*.test.ts): profile
 * numbers equal what `policy-index score` computes from the same sheets; hostile text is shown as
 * text; unpublished work never reaches the public side. (The static export's own promises:
 * tests/web/export-site.test.ts.)
 */
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/storage/database.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { publishEdition } from '../../src/storage/snapshot-repository.js';
import { testApp } from '../helpers/app.js';
import { cli } from '../helpers/cli.js';
import { QUESTIONNAIRE_DIR, sampleDatabase, SCORES_DIR } from '../storage/helpers.js';

let db: Db;
let app: Express;

beforeAll(() => {
  db = sampleDatabase();
  app = testApp({ db });
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

  it('ends the provenance line with a full stop after a note that has none', async () => {
    const { text } = await request(app).get('/countries/AT/2024');
    expect(text).toContain('— Correction &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;.\n');
  });

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
      'country,edition,revision,node,level,code,score,coverage,illustrative,licence',
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
