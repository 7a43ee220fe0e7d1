/**
 * Only published data is public. The database holds an edition that was never published (with
 * its own questionnaire version and a draft sheet), an unpublished draft of a published sheet,
 * a review comment and a user, each carrying a marker; no page or API response reachable from
 * the sitemap, the OpenAPI document or the links of the pages may show any of them.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import type { Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import {
  questionnaireFiles,
  storeQuestionnaireVersion,
} from '../../src/storage/questionnaire-repository.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { sitePaths } from '../../src/web/export-site.js';
import { addComment } from '../../src/storage/review-repository.js';
import { testApp } from '../helpers/app.js';
import { QUESTIONNAIRE_DIR, sampleDatabase, temporaryDir } from '../storage/helpers.js';

const MARKER = 'ZQX-UNPUBLISHED-7f3a';
const SECRET_EDITION = 'secret-2031';
const SECRET_VERSION = '9.9.9-zqx';

let db: Db;
let app: Express;
let secretHash: string;
let cleanup: () => void;

beforeAll(() => {
  db = sampleDatabase();
  // A questionnaire version used only by the unpublished edition.
  const tmp = temporaryDir('unpublished-');
  cleanup = tmp.cleanup;
  const dir = join(tmp.dir, 'questionnaire');
  cpSync(QUESTIONNAIRE_DIR, dir, { recursive: true });
  const index = join(dir, 'index.yaml');
  writeFileSync(
    index,
    readFileSync(index, 'utf8')
      .replace('version: 1.0.0', `version: ${SECRET_VERSION}`)
      .replace('en: Migrant Policy Index questionnaire', `en: Questionnaire ${MARKER}`),
  );
  const { questionnaire } = loadQuestionnaire(dir);
  const version = storeQuestionnaireVersion(db, questionnaire!, questionnaireFiles(questionnaire!));
  secretHash = questionnaire!.hash;
  createEdition(db, SECRET_EDITION, '2031-01-01', version.id);

  // A draft sheet of the unpublished edition.
  const germany = getSheet(db, { country: 'DE', edition: '2024' })!;
  const draftAnswers = new Map(germany.sheet.answers);
  draftAnswers.set('fr-partners', { ...draftAnswers.get('fr-partners')!, comment: MARKER });
  const secretSheet = saveSheet(db, {
    sheet: {
      ...germany.sheet,
      questionnaire: { id: questionnaire!.id, version: SECRET_VERSION },
      edition: SECRET_EDITION,
      status: 'draft',
      answers: draftAnswers,
    },
    baseRevision: null,
    user: MARKER,
  });

  // An unpublished draft of a published sheet, a review comment on it, and its author.
  const austria = getSheet(db, { country: 'AT', edition: '2024' })!;
  const answers = new Map(austria.sheet.answers);
  answers.set('fr-residence-period', {
    ...answers.get('fr-residence-period')!,
    comment: `draft ${MARKER}`,
  });
  saveSheet(db, {
    sheet: { ...austria.sheet, status: 'draft', answers },
    baseRevision: austria.revision,
    user: MARKER,
  });
  // (SQL here rather than createUser: password hashing is beside the point of this test.)
  const reviewer = db
    .prepare(
      "INSERT INTO users (email, name, role, created_at) VALUES (?, ?, 'reviewer', '2026-01-01')",
    )
    .run('zqx-reviewer@example.org', `Reviewer ${MARKER}`);
  const reviewerId = Number(reviewer.lastInsertRowid);
  addComment(db, austria.id, reviewerId, null, `comment ${MARKER}`);
  addComment(db, secretSheet.sheetId, reviewerId, 'fr-partners', `comment ${MARKER}`);

  app = testApp({ db, analysisRateLimit: false });
});
afterAll(() => cleanup());

/** What a public response must not contain. */
const SECRETS = () => [MARKER, SECRET_EDITION, SECRET_VERSION, secretHash, 'zqx-reviewer'];

function expectClean(path: string, text: string) {
  for (const secret of SECRETS()) expect(text, `${path} shows "${secret}"`).not.toContain(secret);
}

/** Every API path of the OpenAPI document, with its parameters filled from published data. */
async function openApiPaths(): Promise<string[]> {
  const document = (await request(app).get('/api/openapi.json')).body as {
    paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
  };
  const editions = (await request(app).get('/api/v1/editions')).body.editions as {
    id: string;
    countries: string[];
    latest_revision: number;
  }[];
  const paths: string[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    if (!item.get) continue;
    editions.forEach((edition, i) => {
      const previous = editions[i - 1];
      // Changes run from an earlier edition: the first edition has none to start from.
      if (!previous && item.get!.parameters?.some((p) => p.name === 'from')) return;
      for (const code of edition.countries.slice(0, 3)) {
        const other = edition.countries.find((c) => c !== code)!;
        const values: Record<string, string> = {
          edition: edition.id,
          code,
          country: code,
          countries: `${code},${other}`,
          from: previous?.id ?? edition.id,
          to: edition.id,
          revision: String(edition.latest_revision),
          format: 'json',
          question: 'fr-partners',
        };
        const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => values[name]!);
        const query = (item.get!.parameters ?? [])
          .filter((p) => p.in === 'query' && values[p.name] !== undefined)
          .map((p) => `${p.name}=${encodeURIComponent(values[p.name]!)}`);
        paths.push(query.length > 0 ? `${path}?${query.join('&')}` : path);
      }
    });
  }
  return [...new Set(paths)];
}

describe('unpublished data stays private', () => {
  it('the database holds the secrets (so the test can see a leak)', () => {
    const row = db.prepare('SELECT COUNT(*) AS n FROM editions WHERE id = ?').get(SECRET_EDITION);
    expect(row).toEqual({ n: 1 });
  });

  it('no page of the sitemap, nor any page linked from one, shows them', async () => {
    const seen = new Set<string>();
    const queue = [...sitePaths(db)];
    // The whole sitemap (every rule timeline and rule page included), then 300 pages it links to.
    const limit = new Set(queue).size + 300;
    while (queue.length > 0 && seen.size < limit) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const response = await request(app).get(path);
      expect(response.status, path).toBeLessThan(500);
      expectClean(path, response.text);
      if (!response.type.startsWith('text/html')) continue;
      for (const [, href] of response.text.matchAll(/href="(\/[^"#]*)"/g)) {
        const link = href!.replace(/&amp;/g, '&');
        if (link.startsWith('/workspace') || link.startsWith('/login')) continue;
        if (link.startsWith('/assets/')) continue;
        if (!seen.has(link)) queue.push(link);
      }
    }
    expect(seen.size).toBeGreaterThan(50);
    expect(seen).toContain('/methodology');
  }, 180_000);

  it('no API path of the OpenAPI document shows them', async () => {
    const paths = await openApiPaths();
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths) {
      const response = await request(app).get(path);
      // The published editions share one questionnaire, so the instrument-change split is
      // refused as documented (400); its message must not leak either.
      const expected = path.includes('/instrument-change') ? 400 : 200;
      expect(response.status, path).toBe(expected);
      expectClean(path, response.text);
    }
  });

  it('naming the unpublished edition finds nothing', async () => {
    for (const path of [
      `/editions/${SECRET_EDITION}`,
      `/countries/DE/${SECRET_EDITION}`,
      `/countries/DE/${SECRET_EDITION}/what-if`,
      `/robustness/${SECRET_EDITION}`,
      `/methodology?edition=${SECRET_EDITION}`,
      `/compare?edition=${SECRET_EDITION}&countries=AT,DE`,
      `/api/v1/scores?edition=${SECRET_EDITION}`,
      `/api/v1/questionnaire?edition=${SECRET_EDITION}`,
      `/api/v1/editions/${SECRET_EDITION}/scores.json`,
      `/api/v1/countries/DE/${SECRET_EDITION}`,
      `/api/v1/changes?country=DE&from=2024&to=${SECRET_EDITION}`,
      `/downloads/${SECRET_EDITION}/r1/answers.csv`,
    ]) {
      const response = await request(app).get(path);
      expect(response.status, path).toBe(404);
      expect(response.text, path).not.toContain(MARKER);
    }
  });
});
