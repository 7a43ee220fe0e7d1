/**
 * Publishing from the workspace: a preview first (what is in it, what is missing, score and rank
 * changes), then a confirmation bound to that preview. An edition with 1 of 8 countries is
 * published only as partial, shown as partial, and never becomes the home page; a correction
 * keeps the countries whose sheets were re-opened unless the coordinator withdraws them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AnswerEntry, SheetStatus } from '../../src/answers/types.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { getSnapshot } from '../../src/storage/snapshot-repository.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';
import { csrfOf, saveAnswers, signIn, workspaceSetup, type Agent, type Setup } from './helpers.js';

const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;

let setup: Setup;
beforeEach(() => {
  setup = workspaceSetup();
});

/** Saves a country's sheet of `edition` with the given status: its 2024 answers, one changed if asked. */
function save(country: string, edition: string, status: SheetStatus, change = false) {
  const answers = new Map<string, AnswerEntry>(
    getSheet(setup.db, { country, edition: '2024' })!.sheet.answers,
  );
  if (change) {
    const question = questionnaire.questions.find((q) => q.code === '30')!;
    const before = answers.get(question.id)!;
    answers.set(question.id, {
      ...before,
      answer: question.options.find((o) => o.id !== before.answer)!.id,
    });
  }
  saveAnswers(setup.db, questionnaire, { country, edition, status, answers });
}

/** The HTML of the element with this id (a table or fieldset of the preview). */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no #${id} on the page`);
  const tag = html.lastIndexOf('<', start);
  const name = /^<(\w+)/.exec(html.slice(tag))![1]!;
  return html.slice(tag, html.indexOf(`</${name}>`, start));
}

const codesIn = (html: string) =>
  [...html.matchAll(/<span class="code">([A-Z]{2})<\/span>/g)].map((m) => m[1]);
const confirmOf = (html: string) => /name="confirm" value="([^"]+)"/.exec(html)![1]!;

/** What a preview page's form sends: its CSRF token and the confirmation of that preview. */
const confirmedBy = (html: string) => ({ _csrf: csrfOf(html), confirm: confirmOf(html) });

/** Posts the publish form of `edition` with exactly these fields. */
function postPublish(agent: Agent, edition: string, fields: Record<string, string | string[]>) {
  return agent.post(`/workspace/editions/${edition}/publish`).type('form').send(fields);
}

/** Opens the preview of `edition`, then posts its form with the page's CSRF token and `fields`. */
async function publish(agent: Agent, edition: string, fields: Record<string, string | string[]>) {
  const preview = await agent.get(`/workspace/editions/${edition}/publish`);
  return postPublish(agent, edition, { _csrf: csrfOf(preview.text), ...fields });
}

describe('publishing a new edition', () => {
  it('1 of 8 countries: previewed, refused until confirmed and declared partial, never the home page', async () => {
    save('AT', '2025', 'approved', true);
    const coordinator = await signIn(setup.app, 'coordinator@example.org');

    // The dashboard links to the preview; it has no one-click publish button any more.
    const dashboard = (await coordinator.get('/workspace')).text;
    expect(dashboard).toContain('href="/workspace/editions/2025/publish"');
    expect(dashboard).not.toMatch(/action="[^"]*\/publish"/);

    const preview = await coordinator.get('/workspace/editions/2025/publish');
    expect(preview.status).toBe(200);
    expect(section(preview.text, 'coverage')).toContain('1 of 8');
    expect(codesIn(section(preview.text, 'included'))).toEqual(['AT']);
    const missing = section(preview.text, 'missing');
    expect(codesIn(missing)).toEqual(['CA', 'DE', 'ES', 'FR', 'NL', 'PT', 'SE']);
    expect(missing).toMatch(
      /DE<\/span><\/th><td[^>]*><span class="status">not started<\/span><\/td><td[^>]*>assigned, in edition 2024/,
    );
    // First publication: Austria is new, ranked 1 of 1.
    const overall = section(preview.text, 'changes-overall');
    expect(overall).toMatch(/data-country="AT" data-change="new"/);
    expect(overall).toContain('1 of 1');

    // Without the confirmation of a preview: refused, nothing published.
    const unconfirmed = await postPublish(coordinator, '2025', {
      _csrf: csrfOf(preview.text),
      completeness: 'partial',
    });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain('data-code="confirmation-required"');
    // Confirmed, but nobody said what to do about the 7 missing countries.
    const undecided = await postPublish(coordinator, '2025', confirmedBy(preview.text));
    expect(undecided.status).toBe(409);
    expect(undecided.text).toContain('data-code="edition-incomplete"');
    expect(undecided.text).toContain('lacks 7 of the 8 countries expected');

    // Germany is approved after the preview: the confirmation no longer holds.
    save('DE', '2025', 'approved');
    const stale = await postPublish(coordinator, '2025', {
      ...confirmedBy(preview.text),
      completeness: 'partial',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('data-code="edition-changed"');
    expect(stale.text).toContain('the edition changed since the preview');
    expect(getSnapshot(setup.db, '2025')).toBeNull();
    // The page shown is the preview as it is now.
    expect(codesIn(section(stale.text, 'included'))).toEqual(['AT', 'DE']);

    const published = await postPublish(coordinator, '2025', {
      ...confirmedBy(stale.text),
      completeness: 'partial',
    });
    expect(published.status).toBe(303);
    expect(published.headers.location).toBe('/editions/2025');
    const snapshot = getSnapshot(setup.db, '2025')!;
    expect(snapshot.partial).toBe(true);
    expect(snapshot.publishedBy).toBe('coordinator@example.org');
    expect(snapshot.coverage.missing.map((m) => m.country)).toEqual([
      'CA',
      'ES',
      'FR',
      'NL',
      'PT',
      'SE',
    ]);

    // The public side: shown as partial, and the home page keeps the last complete edition.
    const ranking = await coordinator.get('/editions/2025');
    expect(ranking.text).toContain('Partial edition.');
    expect(ranking.text).toContain('It has 2 of the 8 countries expected');
    expect(ranking.text).toMatch(/href="\/editions\/2025"[^>]*>2025 \(partial\)</);
    expect((await coordinator.get('/')).text).toContain('Ranking, edition 2024');
    const profile = await coordinator.get('/countries/DE/2025');
    expect(profile.text).toContain('Partial edition:');
    expect((await coordinator.get('/countries/DE')).headers.location).toBe('/countries/DE/2024');
    const editions = (await coordinator.get('/api/v1/editions')).body.editions as {
      id: string;
      partial: boolean;
      revisions: { partial: boolean }[];
    }[];
    expect(editions.map((e) => [e.id, e.partial])).toEqual([
      ['2019', false],
      ['2024', false],
      ['2025', true],
    ]);
    expect(editions.at(-1)!.revisions[0]!.partial).toBe(true);
    // The API's default edition too.
    const scores = (await coordinator.get('/api/v1/scores?country=DE')).body.rows as {
      edition: string;
    }[];
    expect(new Set(scores.map((r) => r.edition))).toEqual(new Set(['2024']));
  });

  it('is complete when the coordinator says why, and then becomes the default edition', async () => {
    save('AT', '2025', 'approved');
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const preview = await coordinator.get('/workspace/editions/2025/publish');
    const withoutReason = await postPublish(coordinator, '2025', {
      ...confirmedBy(preview.text),
      completeness: 'complete',
    });
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.text).toContain('complete_because');
    expect(getSnapshot(setup.db, '2025')).toBeNull();

    const published = await postPublish(coordinator, '2025', {
      ...confirmedBy(preview.text),
      completeness: 'complete',
      complete_because: 'Only Austria changed its law; the index covers Austria alone this year.',
    });
    expect(published.status).toBe(303);
    expect(getSnapshot(setup.db, '2025')!.partial).toBe(false);
    expect((await coordinator.get('/')).text).toContain('Ranking, edition 2025');
  });

  it('only coordinators see the preview; an unknown edition is not found', async () => {
    for (const email of ['expert-at@example.org', 'reviewer@example.org']) {
      const agent = await signIn(setup.app, email);
      expect((await agent.get('/workspace/editions/2025/publish')).status).toBe(403);
    }
    const admin = await signIn(setup.app, 'admin@example.org');
    expect((await admin.get('/workspace/editions/2030/publish')).status).toBe(404);
    // Nothing approved: the preview says so and offers no button.
    const empty = await admin.get('/workspace/editions/2025/publish');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Nothing can be published');
    expect(empty.text).not.toContain('name="confirm"');
  });
});

describe('publishing a correction', () => {
  it('keeps a country whose sheet was re-opened, with its published answers', async () => {
    save('DE', '2024', 'draft', true);
    save('AT', '2024', 'approved', true);
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const preview = await coordinator.get('/workspace/editions/2024/publish');
    expect(preview.text).toContain('<strong>revision 2</strong>, a correction of revision 1');
    expect(section(preview.text, 'coverage')).toContain('8 of 8');
    expect(section(preview.text, 'included')).toContain(
      'carried unchanged from revision 1 (its sheet is draft now)',
    );
    expect(section(preview.text, 'carried')).toContain('name="withdraw" value="DE"');
    const overall = section(preview.text, 'changes-overall');
    expect(overall).toMatch(
      /data-country="DE" data-change="kept"><th scope="row">Germany<\/th><td class="num"[^>]*>(\d+)<\/td><td class="num"[^>]*>\1<\/td><td class="num"[^>]*>0</,
    );
    expect(overall).toMatch(
      /data-country="AT" data-change="kept"><th scope="row">Austria<\/th><td class="num"[^>]*>(\d+)<\/td><td class="num"[^>]*>(?!\1<)\d+<\/td><td class="num"[^>]*>[+−]\d+</,
    );

    const withoutNote = await publish(coordinator, '2024', { confirm: confirmOf(preview.text) });
    expect(withoutNote.status).toBe(409);
    expect(withoutNote.text).toContain('data-code="correction-note-required"');

    const published = await publish(coordinator, '2024', {
      confirm: confirmOf(preview.text),
      note: 'Corrected item 30 for Austria.',
    });
    expect(published.status).toBe(303);
    const [before, after] = [getSnapshot(setup.db, '2024', 1)!, getSnapshot(setup.db, '2024', 2)!];
    expect(after.sheets.map((s) => s.country)).toEqual(before.sheets.map((s) => s.country));
    const germany = (s: typeof before) => s.sheets.find((x) => x.country === 'DE');
    expect(germany(after)).toEqual(germany(before));
    expect(after.partial).toBe(false);
    expect(after.coverage.carried).toEqual([{ country: 'DE', fromRevision: 1, status: 'draft' }]);
  });

  it('withdraws a re-opened country only when asked, recorded, and as partial or with a reason', async () => {
    save('DE', '2024', 'in_review', true);
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const preview = await coordinator.get('/workspace/editions/2024/publish');
    // The same confirmed, partial correction each time; only the country withdrawn changes.
    const withdrawing = (country: string) =>
      publish(coordinator, '2024', {
        confirm: confirmOf(preview.text),
        note: 'Germany withdrawn while its correction is reviewed.',
        withdraw: country,
        completeness: 'partial',
      });

    const notCarried = await withdrawing('AT');
    expect(notCarried.status).toBe(400);
    expect(notCarried.text).toContain('data-code="not-withdrawable"');

    const published = await withdrawing('DE');
    expect(published.status).toBe(303);
    const snapshot = getSnapshot(setup.db, '2024')!;
    expect(snapshot.revision).toBe(2);
    expect(snapshot.sheets.map((s) => s.country)).not.toContain('DE');
    expect(snapshot.partial).toBe(true);
    expect(snapshot.coverage.missing).toEqual([
      { country: 'DE', status: 'in_review', withdrawn: true },
    ]);
    // 2024 is partial now: the home page falls back to the last complete edition, 2019.
    expect((await coordinator.get('/')).text).toContain('Ranking, edition 2019');
  });
});
