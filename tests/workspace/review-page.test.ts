/**
 * The review page: answers as text with clickable sources, the differences from the previous
 * published edition with the points each moves, the effect of approving on scores, bands and
 * ranks, the decisions list, and decisions bound to the revision the reviewer saw.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AnswerEntry } from '../../src/answers/types.js';
import { labelText } from '../../src/questionnaire/types.js';
import {
  loadQuestionnaire,
  loadQuestionnaireFromTexts,
} from '../../src/questionnaire/load-questionnaire.js';
import { bandFor } from '../../src/scoring/bands.js';
import { roundHalfUp } from '../../src/scoring/rounding.js';
import { scoreOf, scoreSheet } from '../../src/scoring/score-sheet.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { storeQuestionnaireVersion } from '../../src/storage/questionnaire-repository.js';
import { publishEdition } from '../../src/storage/snapshot-repository.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import type { SheetStatus } from '../../src/answers/types.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';
import {
  csrfOf,
  publishedAnswers,
  saveAnswers,
  signIn,
  workspaceSetup,
  type Setup,
} from './helpers.js';

const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;
const REVIEW = '/workspace/sheets/AT/2025/review';

let setup: Setup;
beforeEach(() => {
  setup = workspaceSetup();
});

/** A country's answers as published in 2024. */
const published2024 = (country: string) => publishedAnswers(setup.db, '2024', country);

/** The first 2024 answer that has another option worth different points, and that option. */
function changeablePoints(answers: ReadonlyMap<string, AnswerEntry>) {
  for (const question of questionnaire.questions) {
    const chosen = question.options.find((o) => o.id === answers.get(question.id)?.answer);
    const other = chosen && question.options.find((o) => o.score !== chosen.score);
    if (other) return { question, from: chosen, to: other };
  }
  throw new Error('no answer can change its points');
}

function save(
  country: string,
  answers: Map<string, AnswerEntry>,
  status: SheetStatus,
  edition = '2025',
) {
  return saveAnswers(setup.db, questionnaire, { country, edition, status, answers });
}

const overall = (answers: ReadonlyMap<string, AnswerEntry>) =>
  scoreOf(
    scoreSheet(questionnaire, new Map([...answers].map(([id, e]) => [id, e.answer]))),
    'overall',
  )!;

const signed = (value: number) => {
  const rounded = roundHalfUp(value, 2);
  return rounded === 0 ? '±0' : `${rounded > 0 ? '+' : ''}${rounded.toFixed(2)}`;
};

/** The HTML of the table row with the given id. */
function row(html: string, id: string): string {
  const start = html.indexOf(`<tr id="${id}"`);
  expect(start, `row ${id}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</tr>', start));
}

/**
 * AT 2025 = AT 2024 as published, with one answer changed to an option worth other points and the
 * sources of another answer replaced (same answer).
 */
function atSheet() {
  const answers = published2024('AT');
  const change = changeablePoints(answers);
  answers.set(change.question.id, { ...answers.get(change.question.id)!, answer: change.to.id });
  const sourcesOnly = questionnaire.questions.find(
    (q) => q.id !== change.question.id && (answers.get(q.id)?.sources.length ?? 0) > 0,
  )!;
  answers.set(sourcesOnly.id, {
    ...answers.get(sourcesOnly.id)!,
    sources: [
      {
        title: 'Amending Act 2024',
        article: '§ 3',
        url: 'https://legislation.example/at/amending-act-2024#s3',
        date: '2024-06-30',
      },
      { title: 'Unsafe link', article: null, url: 'javascript:alert(1)', date: null },
    ],
    comment: 'Reform <b>2024</b> replaced the old act.',
    inForceSince: '2024-07-01',
  });
  return { answers, change, sourcesOnly };
}

describe('the review page', () => {
  it('shows every answer as text with clickable sources, comments and the expert’s notes', async () => {
    const { answers, sourcesOnly } = atSheet();
    // A scored answer that cites nothing is pointed out.
    const bare = questionnaire.questions.find(
      (q) =>
        q.id !== sourcesOnly.id &&
        q.options.some((o) => o.id === answers.get(q.id)?.answer) &&
        answers.get(q.id)!.sources.length > 0,
    )!;
    answers.set(bare.id, { ...answers.get(bare.id)!, sources: [] });
    save('AT', answers, 'submitted');
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const page = await reviewer.get(REVIEW);
    expect(page.status).toBe(200);
    expect(row(page.text, `q-${bare.id}`)).toContain('None given');
    expect(row(page.text, `q-${sourcesOnly.id}`)).not.toContain('None given');
    // A read view: no disabled form fields, every answered question in words.
    expect(page.text).not.toMatch(/<(input|select|textarea)[^>]*disabled/);
    const answered = row(page.text, `q-${sourcesOnly.id}`);
    expect(answered).toContain(
      '<a class="source-link" href="https://legislation.example/at/amending-act-2024#s3" rel="nofollow noopener">Amending Act 2024</a>, § 3 (2024-06-30)',
    );
    // Only http(s) addresses become links; text is escaped.
    expect(page.text).not.toContain('href="javascript:');
    expect(answered).toContain('Unsafe link');
    expect(answered).toContain('Reform &lt;b&gt;2024&lt;/b&gt; replaced the old act.');
    expect(answered).toContain('In force since 2024-07-01');
    for (const question of questionnaire.questions.filter((q) => answers.has(q.id)))
      expect(page.text).toContain(`<tr id="q-${question.id}"`);
  });

  it('lists the differences from the previous published edition with the points each moves', async () => {
    const { answers, change, sourcesOnly } = atSheet();
    save('AT', answers, 'submitted');
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const page = (await reviewer.get(REVIEW)).text;
    expect(page).toContain('Against edition 2024 as published (revision 1): 2 questions');
    expect(page.match(/<tr id="diff-/g)).toHaveLength(2);

    // One answer changed: its points are the whole change of the overall score.
    const moved = row(page, `diff-${change.question.id}`);
    const delta = overall(answers) - overall(published2024('AT'));
    expect(delta).not.toBe(0);
    expect(moved).toContain(`data-label="Points, overall">${signed(delta)}</td>`);
    expect(moved).toContain(labelText(change.from.label));
    expect(moved).toContain(labelText(change.to.label));
    // Sources alone moved nothing, but the evidence changed and is shown before and after.
    const sources = row(page, `diff-${sourcesOnly.id}`);
    expect(sources).toContain('sources changed, answer unchanged');
    expect(sources).toContain('Amending Act 2024');
    expect(sources.match(/data-label="Points, (overall|strand)">±0<\/td>/g)).toHaveLength(2);
    // The changed questions are marked in the answers.
    expect(row(page, `q-${change.question.id}`)).toContain('class="differs"');
    // The totals give both ends to the change's two decimals: they add up.
    const totals = page.slice(page.indexOf('id="differences"')).split('</table>')[0]!;
    const overallTotal = totals.slice(totals.indexOf('Overall'));
    const ends = [...overallTotal.matchAll(/<td class="num"[^>]*>([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(ends.slice(0, 3)).toEqual([
      roundHalfUp(overall(published2024('AT')), 2).toFixed(2),
      roundHalfUp(overall(answers), 2).toFixed(2),
      signed(delta),
    ]);
  });

  it('shows the effect of approving on scores, bands and the rank among the approved sheets', async () => {
    const { answers } = atSheet();
    save('AT', answers, 'submitted');
    const de = published2024('DE');
    save('DE', de, 'approved');
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const page = (await reviewer.get(REVIEW)).text;
    const effect = page.slice(page.indexOf('id="effect"'), page.indexOf('id="differences"'));
    expect(effect).toContain('against edition 2024 as published (revision 1');
    expect(effect).toContain('among the 2 countries the next publication of 2025 would hold');

    const decimals = questionnaire.displayDecimals;
    const before = overall(published2024('AT'));
    const after = overall(answers);
    const overallRow = effect.slice(
      effect.indexOf('Overall'),
      effect.indexOf('</tr>', effect.indexOf('Overall')),
    );
    // Beside the change, both scores to its two decimals: the three add up.
    expect(overallRow).toContain(
      `data-label="Published">${roundHalfUp(before, 2).toFixed(2)}</td>`,
    );
    expect(overallRow).toContain(`<strong>${roundHalfUp(after, 2).toFixed(2)}</strong>`);
    expect(overallRow).toContain(signed(after - before));
    expect(overallRow).toContain(`band-${bandFor(questionnaire.bands, after, decimals)!.id}`);
    // Rank after approval: AT against DE (the only other approved sheet), on displayed scores.
    const [a, d] = [after, overall(de)].map((s) => roundHalfUp(s, decimals));
    const rank = a! >= d! ? 1 : 2;
    expect(overallRow).toContain(`<strong>${rank} of 2</strong>`);
  });

  it('compares a correction with the published revision of its own edition', async () => {
    const { answers } = atSheet();
    save('AT', answers, 'approved');
    publishEdition(setup.db, '2025', { user: 'test', acceptPartial: true });
    const corrected = new Map(answers);
    const change = changeablePoints(corrected);
    corrected.set(change.question.id, {
      ...corrected.get(change.question.id)!,
      answer: change.to.id,
    });
    save('AT', corrected, 'in_review');
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const page = (await reviewer.get(REVIEW)).text;
    expect(page).toContain('against published revision 1 of this edition');
    const effect = page.slice(page.indexOf('id="effect"'), page.indexOf('id="differences"'));
    expect(effect).toContain(signed(overall(corrected) - overall(answers)));
    // The differences are still those from the previous edition.
    expect(page).toContain('Against edition 2024 as published');
  });

  it('says so when the country was never published in an earlier edition', async () => {
    // 2019 is the earliest edition: its published sheets have nothing before them.
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const page = await coordinator.get('/workspace/sheets/AT/2019/review');
    expect(page.status).toBe(200);
    expect(page.text).toContain('was not published in an edition before 2019');
    expect(page.text).toContain('against published revision 1 of this edition');
    expect(page.text).not.toContain('<tr id="diff-');
  });

  it('attributes no points against an edition whose questionnaire scores differently', async () => {
    // Edition 2026 uses a questionnaire version in which one option is worth other points.
    const { files } = setup.db
      .prepare('SELECT files FROM questionnaire_versions WHERE id = 1')
      .get() as { files: string };
    const texts = JSON.parse(files) as Record<string, string>;
    texts['access-to-nationality.yaml'] = texts['access-to-nationality.yaml']!.replace(
      'score: 50',
      'score: 40',
    );
    const changed = loadQuestionnaireFromTexts(texts).questionnaire!;
    const version = storeQuestionnaireVersion(setup.db, changed, texts);
    expect(version.created).toBe(true);
    createEdition(setup.db, '2026', '2026-01-01', version.id);
    const { answers } = atSheet();
    save('AT', answers, 'submitted', '2026');

    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const page = await coordinator.get('/workspace/sheets/AT/2026/review');
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      'Edition 2024 uses a questionnaire that scores differently, so no points are attributed.',
    );
    expect(page.text).toContain(
      'Edition 2024 uses a questionnaire that scores differently: its scores cannot be compared',
    );
    // The changed answers are still listed, without points.
    expect(page.text.match(/<tr id="diff-/g)).toHaveLength(2);
    expect(page.text).toContain('data-label="Points, overall">–</td>');
  });

  it('reads a sheet that is not started yet without failing', async () => {
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const page = await reviewer.get(REVIEW);
    expect(page.status).toBe(200);
    expect(page.text).toContain('No answer yet');
    expect(page.text).not.toContain('value="approve"');
  });

  it('shows the decision buttons only to those the workflow lets decide', async () => {
    save('AT', atSheet().answers, 'submitted');
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const expert = await signIn(setup.app, 'expert-at@example.org');
    const forReviewer = (await reviewer.get(REVIEW)).text;
    expect(forReviewer).toContain('value="approve"');
    expect(forReviewer).toContain('value="request-changes"');
    const forExpert = await expert.get(REVIEW);
    expect(forExpert.status).toBe(200);
    expect(forExpert.text).not.toContain('value="approve"');
    expect(forExpert.text).not.toContain('value="request-changes"');
    // Another country's expert may not read it at all.
    const other = await signIn(setup.app, 'expert-de@example.org');
    expect((await other.get(REVIEW)).status).toBe(403);
  });
});

describe('links to the review page', () => {
  it('from the reviewer’s dashboard row and from the sheet page', async () => {
    save('AT', atSheet().answers, 'submitted');
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    expect((await reviewer.get('/workspace')).text).toContain(`<a href="${REVIEW}">Review</a>`);
    expect((await reviewer.get('/workspace/sheets/AT/2025')).text).toContain(`href="${REVIEW}"`);
    // The expert has nothing to decide and reviews nothing: no link on the dashboard.
    const expert = await signIn(setup.app, 'expert-at@example.org');
    expect((await expert.get('/workspace')).text).not.toContain(`href="${REVIEW}"`);
  });
});

describe('decisions', () => {
  it('are recorded with who, when, which revision and why, and listed on the review page', async () => {
    save('AT', atSheet().answers, 'submitted');
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const page = await reviewer.get(REVIEW);
    const revision = getSheet(setup.db, { country: 'AT', edition: '2025' })!.revision;
    expect(page.text).toContain(`name="base_revision" value="${revision}"`);
    const requested = await reviewer
      .post(`/workspace/sheets/AT/2025/review`)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        action: 'request-changes',
        reason: 'Cite the amending act for 24a.',
        base_revision: String(revision),
        from: 'review',
      });
    expect(requested.status).toBe(303);
    expect(requested.headers.location).toBe(`${REVIEW}#decisions`);
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet.status).toBe('draft');

    const after = (await reviewer.get(REVIEW)).text;
    const decisions = after.slice(after.indexOf('id="decisions"'));
    expect(decisions).toContain('Changes requested');
    expect(decisions).toContain('Cite the amending act for 24a.');
    expect(decisions).toContain('reviewer@example.org');
    expect(decisions).toContain(`data-label="On revision">${revision}</td>`);
    // A draft cannot be approved: no buttons now.
    expect(after).not.toContain('value="approve"');
  });

  it('an approval without a reason is recorded too', async () => {
    save('AT', atSheet().answers, 'submitted');
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const page = await reviewer.get(REVIEW);
    await reviewer
      .post('/workspace/sheets/AT/2025/review')
      .type('form')
      .send({ _csrf: csrfOf(page.text), action: 'approve' })
      .expect(303)
      .expect('location', '/workspace/sheets/AT/2025');
    const decisions = (await reviewer.get(REVIEW)).text.split('id="decisions"')[1]!;
    expect(decisions).toContain('data-label="Decision">Approved</td>');
    expect(decisions).toContain('reviewer');
  });

  it('are refused when the sheet changed since the review page was loaded; nothing is stored', async () => {
    save('AT', atSheet().answers, 'submitted');
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const page = await reviewer.get(REVIEW);
    const shown = getSheet(setup.db, { country: 'AT', edition: '2025' })!.revision;
    // A coordinator corrects an answer in between.
    const corrected = new Map(
      getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet.answers,
    );
    const change = changeablePoints(corrected);
    corrected.set(change.question.id, {
      ...corrected.get(change.question.id)!,
      answer: change.to.id,
    });
    save('AT', corrected, 'in_review');
    const current = getSheet(setup.db, { country: 'AT', edition: '2025' })!;

    const stale = await reviewer
      .post('/workspace/sheets/AT/2025/review')
      .type('form')
      .send({ _csrf: csrfOf(page.text), action: 'approve', base_revision: String(shown) });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('sheet-changed');
    const after = getSheet(setup.db, { country: 'AT', edition: '2025' })!;
    expect(after.revision).toBe(current.revision);
    expect(after.sheet.status).toBe('in_review');
    expect(
      setup.db.prepare('SELECT COUNT(*) AS n FROM review_decisions').get() as { n: number },
    ).toEqual({ n: 0 });

    const bad = await reviewer
      .post('/workspace/sheets/AT/2025/review')
      .type('form')
      .send({ _csrf: csrfOf(page.text), action: 'approve', base_revision: 'latest' });
    expect(bad.status).toBe(400);
  });

  it('cannot be altered or removed', () => {
    save('AT', atSheet().answers, 'submitted');
    const sheet = getSheet(setup.db, { country: 'AT', edition: '2025' })!;
    setup.db
      .prepare(
        "INSERT INTO review_decisions (sheet_id, sheet_revision, decision, user_id, reason, decided_at) VALUES (?, ?, 'approved', 1, NULL, '2025-01-01T00:00:00Z')",
      )
      .run(sheet.id, sheet.revision);
    expect(() => setup.db.prepare('UPDATE review_decisions SET reason = ?').run('x')).toThrow(
      /append-only/,
    );
    expect(() => setup.db.prepare('DELETE FROM review_decisions').run()).toThrow(/append-only/);
  });
});
