/**
 * Court-watch pages (issue 17): a rule's timeline in a country (page, JSON, CSV), one rule in
 * every country of an edition (page, JSON, group filter), and their errors. The points a timeline
 * shows for a change are checked against the changes page's own API, never recomputed here.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/table/csv.js';
import type { Db } from '../../src/storage/database.js';
import { getLegalEvent, saveLegalEvent } from '../../src/storage/legal-event-repository.js';
import { sitePaths } from '../../src/web/export-site.js';
import { PublicData } from '../../src/published/public-data.js';
import { buildTimeline } from '../../src/web/view-models/timeline.js';
import { testApp } from '../helpers/app.js';
import { sampleDatabase } from '../storage/helpers.js';

let db: Db;
let app: Express;

beforeAll(() => {
  db = sampleDatabase();
  app = testApp({ db, log: () => {} });
});

interface ChangeRow {
  id: string;
  before: string;
  after: string;
  pointsOverall: number;
  pointsStrand: number;
  pointsOverallShown: string;
}

async function changesOf(country: string): Promise<ChangeRow[]> {
  const response = await request(app).get(`/api/v1/changes?country=${country}&from=2019&to=2024`);
  expect(response.status).toBe(200);
  return response.body.rows as ChangeRow[];
}

/**
 * A published legal event on a rule that changed between the two sample editions of one of its
 * countries (the sample events include one, for this test): the country, the question, the event
 * and the changes page's row for it.
 */
async function changedRuleWithEvent() {
  const events = new PublicData(db).legalEvents().map((e) => e.event);
  for (const event of events)
    for (const country of event.countries) {
      const rows = await changesOf(country);
      for (const question of event.questions) {
        const row = rows.find((r) => r.id === question);
        if (row) return { country, question, event, row };
      }
    }
  throw new Error('no sample legal event is linked to a rule that changed from 2019 to 2024');
}

describe('rule timeline', () => {
  it('a rule that changed shows both answers, the changes page points and the linked event', async () => {
    const { country, question, event, row } = await changedRuleWithEvent();
    const { body, status } = await request(app).get(
      `/api/v1/countries/${country}/rules/${question}.json`,
    );
    expect(status).toBe(200);
    expect(body.editions.map((e: { edition: string }) => e.edition)).toEqual(['2019', '2024']);
    const [before, after] = body.editions;
    expect(before.answer).toBe(row.before);
    expect(after.answer).toBe(row.after);
    expect(before.change).toBeNull();
    expect(after.change).toMatchObject({ from: '2019', comparable: true, changed: true });
    // The very numbers of the changes page, not a second computation.
    expect(after.change.pointsOverall).toBe(row.pointsOverall);
    expect(after.change.pointsStrand).toBe(row.pointsStrand);
    expect(after.change.pointsOverall).not.toBe(0);
    expect(body.events.map((e: { id: string }) => e.id)).toContain(event.id);
    expect(body.axis.map((a: { href: string }) => a.href)).toContain(`#event-${event.id}`);
    const dates = body.axis.map((a: { date: string }) => a.date);
    expect(dates).toEqual([...dates].sort());

    const page = await request(app).get(`/countries/${country}/rules/${question}`);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    const text = page.text.replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/&amp;/g, '&');
    expect(text).toContain(row.before);
    expect(text).toContain(row.after);
    expect(text).toContain(`<strong>${row.pointsOverallShown}</strong> overall`);
    expect(text).toContain(`id="event-${event.id}"`);
    expect(text).toContain(event.title);
    expect(page.text).toContain('<svg class="timeline-axis" role="img"');
    expect(page.text).toContain(`href="/rules/${question}/2024"`);
  });

  it('an unchanged rule moved no points; a sample answer with its sources and in-force date', async () => {
    const rows = await changesOf('DE');
    const unchanged = (await request(app).get('/api/v1/countries/DE/2024')).body.strands
      .flatMap((s: { questions: { id: string; kind: string }[] }) => s.questions)
      .find(
        (q: { id: string; kind: string }) =>
          q.kind === 'question' && !rows.some((r) => r.id === q.id),
      );
    const { body } = await request(app).get(`/api/v1/countries/DE/rules/${unchanged.id}`);
    const after = body.editions[1];
    expect(after.change).toMatchObject({ changed: false, pointsOverall: 0, pointsStrand: 0 });
    expect(after.sources.length).toBeGreaterThan(0);
    expect(after.inForceSince).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.editions[0].answerId).toBe(after.answerId);
  });

  it('editions that score differently attribute no points; an edition without the question says so', () => {
    const data = new PublicData(db);
    const question = 'fr-pre-entry-language-form';
    const [older, newer] = ['2019', '2024'].map((id) => data.edition(id)!);
    // The older edition's questionnaire without the question, and the two not comparable.
    const nodes = new Map(older!.questionnaire.nodes);
    nodes.delete(question);
    const withoutQuestion = { ...older!, questionnaire: { ...older!.questionnaire, nodes } };
    const incomparable = Object.assign(Object.create(data) as PublicData, {
      comparable: () => false,
    });
    const view = buildTimeline(incomparable, 'FR', [withoutQuestion, newer!], question, []);
    expect(view.editions[0]).toMatchObject({
      asked: false,
      answer: 'Not asked in this edition',
      points: null,
    });
    expect(view.editions[1]!.change).toMatchObject({
      comparable: false,
      changed: true,
      pointsOverall: null,
      pointsStrand: null,
      pointsOverallShown: '–',
    });
  });

  it('the CSV has an answer row per edition and a row per event, with the same points', async () => {
    const { country, question, event, row } = await changedRuleWithEvent();
    const response = await request(app).get(`/api/v1/countries/${country}/rules/${question}.csv`);
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/csv');
    expect(response.headers['content-disposition']).toContain(
      `policy-index-${country}-${question}.csv`,
    );
    const [header, ...records] = parseCsv(response.text).map((r) => r.fields);
    const column = (name: string) => header!.indexOf(name);
    expect(header).toContain('points_change_overall');
    const answers = records.filter((r) => r[column('type')] === 'answer');
    expect(answers.map((r) => r[column('edition')])).toEqual(['2019', '2024']);
    expect(Number(answers[1]![column('points_change_overall')])).toBe(row.pointsOverall);
    const eventRow = records.find((r) => r[column('title')] === event.title)!;
    expect(eventRow[column('type')]).toBe(event.kind);
    expect(eventRow[column('date')]).toBe(event.date);
    const dates = records.map((r) => r[column('date')]!);
    expect(dates).toEqual([...dates].sort());
  });

  it('is reached from every answer of a profile and from every row of the changes page', async () => {
    const profile = (await request(app).get('/api/v1/countries/FR/2024')).body;
    const html = (await request(app).get('/countries/FR/2024')).text;
    for (const strand of profile.strands)
      for (const q of strand.questions.filter((x: { kind: string }) => x.kind === 'question'))
        expect(html).toContain(`href="/countries/FR/rules/${q.id}"`);
    const changes = (await request(app).get('/countries/FR/changes')).text;
    for (const row of await changesOf('FR'))
      expect(changes).toContain(`href="/countries/FR/rules/${row.id}"`);
  });
});

describe('one rule in every country', () => {
  const question = 'fr-pre-entry-language-form';

  it('groups every country of the edition by its answer, each once', async () => {
    const { body, status } = await request(app).get(`/api/v1/rules/${question}/2024`);
    expect(status).toBe(200);
    const editions = (await request(app).get('/api/v1/editions')).body.editions;
    const countries = editions.find((e: { id: string }) => e.id === '2024').countries;
    const listed = body.answers.flatMap((a: { countries: { code: string }[] }) =>
      a.countries.map((c) => c.code),
    );
    expect([...listed].sort()).toEqual([...countries].sort());
    expect(body.countries).toBe(countries.length);
    for (const group of body.answers)
      for (const c of group.countries) {
        const timeline = (await request(app).get(`/api/v1/countries/${c.code}/rules/${question}`))
          .body;
        const coded = timeline.editions.find((e: { edition: string }) => e.edition === '2024');
        expect(coded.answerId, c.code).toBe(group.answerId);
        expect(c.sources).toEqual(coded.sources);
        expect(c.inForceSince).toBe(coded.inForceSince);
      }
  });

  it('filters by country group', async () => {
    const groups = (await request(app).get('/api/v1/countries')).body.groups as {
      id: string;
      members: string[];
    }[];
    const eu15 = groups.find((g) => g.id === 'eu15')!;
    const all = (await request(app).get(`/api/v1/rules/${question}/2024`)).body;
    const { body } = await request(app).get(`/api/v1/rules/${question}/2024?group=eu15`);
    expect(body.group).toEqual({ id: 'eu15', label: 'EU15' });
    const listed = body.answers.flatMap((a: { countries: { code: string }[] }) =>
      a.countries.map((c) => c.code),
    );
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThan(all.countries);
    for (const code of listed) expect(eu15.members).toContain(code);
    const page = await request(app).get(`/rules/${question}/2024?group=eu15`);
    expect(page.text).toContain('This rule in the EU15 countries of edition 2024');
    expect(page.text).not.toContain('id="country-CA"');
    expect(page.text).toMatch(/href="\/rules\/[a-z-]+\/2024\?group=eu15" aria-current="page">EU15/);
  });

  it('lists the events on the rule beside the countries they concern', async () => {
    const { country, question: changed, event } = await changedRuleWithEvent();
    const { body } = await request(app).get(`/api/v1/rules/${changed}/2024`);
    expect(body.events.map((e: { id: string }) => e.id)).toContain(event.id);
    const row = body.answers
      .flatMap((a: { countries: { code: string; events: { id: string }[] }[] }) => a.countries)
      .find((c: { code: string }) => c.code === country);
    expect(row.events.map((e: { id: string }) => e.id)).toContain(event.id);
    const page = (await request(app).get(`/rules/${changed}/2024`)).text;
    expect(page).toContain(`href="#event-${event.id}"`);
    expect(page).toContain(`href="/countries/${country}/rules/${changed}"`);
  });
});

describe('only published legal events are shown', () => {
  const MARKER = 'ZQX-UNPUBLISHED-EVENT';

  it('a draft event and an unpublished edit of a published one stay out of sight', async () => {
    const working = sampleDatabase();
    const site = testApp({ db: working, log: () => {} });
    const { country, question, event } = await changedRuleWithEvent();
    saveLegalEvent(working, {
      event: { ...event, id: 'zqx-draft-event', title: `Draft ${MARKER}` },
      status: 'draft',
      baseRevision: null,
      user: 'test',
      change: 'created',
    });
    const stored = getLegalEvent(working, event.id)!;
    saveLegalEvent(working, {
      event: { ...stored.event, title: `Edited ${MARKER}` },
      status: 'draft',
      baseRevision: stored.revision,
      user: 'test',
      change: 'edited',
    });
    for (const path of [
      `/countries/${country}/rules/${question}`,
      `/api/v1/countries/${country}/rules/${question}.csv`,
      `/rules/${question}/2024`,
      '/feeds/legal-events.atom',
    ]) {
      const { text, status } = await request(site).get(path);
      expect(status, path).toBe(200);
      expect(text, path).not.toContain(MARKER);
      expect(text.replace(/&#39;|&apos;/g, "'"), path).toContain(event.title);
    }
  });
});

describe('errors say what is wrong', () => {
  const cases: [string, number, string, RegExp][] = [
    ['/countries/XX/rules/fr-partners', 404, 'not-found', /country "XX"/],
    ['/countries/FR/rules/no-such-question', 404, 'not-found', /question "no-such-question"/],
    ['/countries/FR/rules/Bad_Id', 400, 'invalid-parameter', /parameter "question"/],
    ['/countries/F1/rules/fr-partners', 400, 'invalid-parameter', /parameter "code"/],
    ['/api/v1/countries/XX/rules/fr-partners', 404, 'not-found', /country "XX"/],
    ['/api/v1/countries/FR/rules/no-such-question.csv', 404, 'not-found', /question/],
    ['/api/v1/countries/FR/rules/%E0%A4', 400, 'invalid-parameter', /percent-encoding/],
    ['/rules/fr-partners/1999', 404, 'not-found', /edition "1999"/],
    ['/rules/no-such-question/2024', 404, 'not-found', /question "no-such-question"/],
    // A cross-cutting strand's reference is not a question of its own.
    ['/api/v1/rules/lt-pre-entry-requirement/2024', 404, 'not-found', /question/],
    [
      '/api/v1/rules/fr-partners/2024?group=nowhere',
      400,
      'invalid-parameter',
      /"group" must be one of .*eu15/,
    ],
    ['/api/v1/rules/fr-partners/2024?group=eu15&group=eu27', 400, 'invalid-parameter', /"group"/],
    ['/api/v1/rules/fr-partners/not%20an%20edition', 400, 'invalid-parameter', /"edition"/],
  ];

  it.each(cases)('%s → %i', async (path, status, code, message) => {
    const response = await request(app).get(path);
    expect(response.status).toBe(status);
    if (path.startsWith('/api/')) {
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.message).toMatch(message);
    } else {
      expect(response.type).toBe('text/html');
      expect(response.text).toContain(`data-code="${code}"`);
      expect(response.text.replace(/&#34;/g, '"')).toMatch(message);
    }
  });
});

describe('the API documents the new routes', () => {
  const cases: [string, string, string][] = [
    [
      '/api/v1/countries/FR/rules/fr-pre-entry-language-form',
      '/api/v1/countries/{code}/rules/{question}',
      'Timeline',
    ],
    [
      '/api/v1/countries/AT/rules/fr-autonomous-permit.json',
      '/api/v1/countries/{code}/rules/{question}',
      'Timeline',
    ],
    [
      '/api/v1/rules/fr-partners/2019?group=eu28',
      '/api/v1/rules/{question}/{edition}',
      'RuleCountries',
    ],
    [
      '/api/v1/rules/fr-economic-resources/2024.json',
      '/api/v1/rules/{question}/{edition}',
      'RuleCountries',
    ],
    ['/api/v1/rules/fr-partners/1999', '/api/v1/rules/{question}/{edition}', 'Error'],
  ];

  it.each(cases)('%s matches %s', async (path, template, schema) => {
    const document = (await request(app).get('/api/openapi.json')).body;
    const ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      formats: { date: /^\d{4}-\d{2}-\d{2}$/ },
    });
    ajv.addSchema({ $id: 'openapi', components: document.components }, 'openapi');
    const validate = ajv.getSchema(`openapi#/components/schemas/${schema}`)!;
    const response = await request(app).get(path);
    expect(validate(response.body), JSON.stringify(validate.errors)).toBe(true);
    expect(document.paths[template].get.responses[String(response.status)]).toBeDefined();
    // The timeline's CSV is the same path with .csv (the suffix rule, src/web/api-format.ts).
    expect(
      document.paths['/api/v1/countries/{code}/rules/{question}'].get.responses['200'].content[
        'text/csv'
      ],
    ).toBeDefined();
  });
});

describe('static export', () => {
  it('pre-renders every timeline, every rule page per edition and the feeds', () => {
    const paths = new Set(sitePaths(db));
    for (const path of [
      '/countries/FR/rules/fr-pre-entry-language-form',
      '/api/v1/countries/FR/rules/fr-pre-entry-language-form.json',
      '/api/v1/countries/FR/rules/fr-pre-entry-language-form.csv',
      '/rules/fr-pre-entry-language-form/2019',
      '/api/v1/rules/fr-pre-entry-language-form/2024.json',
      '/feeds/changes.atom',
      '/feeds/legal-events.atom',
      '/feeds/countries/FR.atom',
      '/feeds/strands/language-tests.atom',
    ])
      expect(paths.has(path), path).toBe(true);
  });
});
