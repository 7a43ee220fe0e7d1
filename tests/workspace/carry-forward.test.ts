/**
 * Carrying answers forward is reviewed, not rubber-stamped: every carried answer is confirmed on
 * its own (or changed on purpose), with its earlier sources and their dates in view; until then it
 * is not complete, and the sheet cannot be submitted. Through HTTP, on the sample database: Austria
 * 2024 is published, and the expert of Austria 2025 carries it forward.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { answerLookup, applies } from '../../src/answers/check-sheet.js';
import type { AnswerEntry } from '../../src/answers/types.js';
import { answerText } from '../../src/answers/vocabulary.js';
import { labelText, type QuestionNode } from '../../src/questionnaire/types.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { createAssignment, createUser } from '../../src/storage/account-repository.js';
import { carriedForward } from '../../src/storage/review-repository.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';
import { formHtml, postedFields } from './form-fields.js';
import {
  csrfOf,
  PASSWORD,
  postForm,
  signIn,
  workspaceSetup,
  type Agent,
  type Setup,
} from './helpers.js';

const FR = 'family-reunification';
const ATN = 'access-to-nationality';
const SHEET = '/workspace/sheets/AT/2025';
const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;

let setup: Setup;
let expert: Agent;

beforeEach(async () => {
  setup = workspaceSetup();
  expert = await signIn(setup.app, 'expert-at@example.org');
  const carried = await postForm(expert, `${SHEET}/carry-forward`, { from: '2024' });
  expect(carried.status).toBe(303);
});

function context() {
  const stored = getSheet(setup.db, { country: 'AT', edition: '2025' })!;
  return { stored, carried: carriedForward(setup.db, stored.id) };
}

function questionsOf(strand: string): QuestionNode[] {
  return questionnaire.questions.filter((q) => q.strandId === strand);
}

function strandLabel(strand: string): string {
  return labelText(questionnaire.strands.find((s) => s.id === strand)!.label);
}

/** The part of a page that shows one question (its fieldset on the form). */
function questionBlock(html: string, id: string): string {
  const start = html.indexOf(`id="q-${id}"`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</fieldset>', start));
}

/** The confirm form of a carried question: where it posts and what it posts. */
function confirmForm(html: string, id: string): { action: string; fields: Record<string, string> } {
  const match = new RegExp(
    `<form id="confirm-${id}" method="post" action="([^"]+)"[\\s\\S]*?</form>`,
  ).exec(html);
  if (!match) throw new Error(`no confirm form for ${id}`);
  return { action: match[1]!, fields: postedFields(match[0]) };
}

/** "done of total" per strand label, from the sheet page's progress table. */
function progress(html: string): Map<string, { done: number; total: number }> {
  return new Map(
    [
      ...html.matchAll(/<th scope="row">([^<]+)<\/th><td class="num"[^>]*>(\d+) of (\d+)<\/td>/g),
    ].map(([, label, done, total]) => [label!, { done: Number(done), total: Number(total) }]),
  );
}

function publishedAnswers(): Map<string, AnswerEntry> {
  return getSheet(setup.db, { country: 'AT', edition: '2024' })!.sheet.answers;
}

describe('carried answers count only once confirmed', () => {
  it('progress leaves them out, and the missing list names them by code and label, in questionnaire order, grouped by strand, linked to the form', async () => {
    const { carried, stored } = context();
    expect(carried.size).toBeGreaterThan(10);
    const lookup = answerLookup(
      questionnaire,
      new Map([...stored.sheet.answers].map(([id, e]) => [id, e.answer])),
    );
    const page = await expert.get(SHEET);
    const rows = progress(page.text);
    for (const strand of [FR, ATN]) {
      const questions = questionsOf(strand);
      const label = strandLabel(strand);
      // Done: only the questions the skip logic does not ask; every carried one is still open.
      const notAsked = questions.filter(
        (q) => !carried.has(q.id) && applies(q, lookup) === false,
      ).length;
      expect(rows.get(label)).toEqual({ done: notAsked, total: questions.length });
      expect(notAsked).toBeLessThan(questions.length);

      const section = new RegExp(
        `<h3>${label} <span class="muted">\\(\\d+\\)</span></h3>\\s*<ul class="missing">([\\s\\S]*?)</ul>`,
      ).exec(page.text);
      expect(section, `missing list of ${strand}`).not.toBeNull();
      const items = [
        ...section![1]!.matchAll(
          /<li><a href="([^"]+)"><span class="code">([^<]*)<\/span> ([^<]+)<\/a> <span class="state state-([a-z-]+)">[^<]*<\/span> ([^<]*)<\/li>/g,
        ),
      ].map(([, href, code, text, state, message]) => ({ href, code, text, state, message }));
      const expected = questions.filter((q) => carried.has(q.id));
      expect(items.map((i) => i.href)).toEqual(
        expected.map((q) => `${SHEET}/strands/${strand}#q-${q.id}`),
      );
      expect(items.map((i) => i.code)).toEqual(expected.map((q) => q.code ?? ''));
      for (const [n, item] of items.entries()) {
        const question = expected[n]!;
        expect(item.state).toBe('carried');
        expect(item.message).toBe('was carried forward from 2024: confirm or change it');
        // Words, not machine ids (ids are only in the link).
        expect(item.text).toBe(
          labelText(question.label).replace(/'/g, '&#39;').replace(/"/g, '&#34;'),
        );
        expect(`${item.text} ${item.message}`).not.toContain(question.id);
      }
      const form = await expert.get(`${SHEET}/strands/${strand}`);
      for (const question of expected) expect(form.text).toContain(`id="q-${question.id}"`);
    }

    const submit = await postForm(expert, `${SHEET}/submit`);
    expect(submit.status).toBe(409);
    expect(submit.text).toContain('data-code="incomplete"');
  });
});

describe('the form shows what was carried', () => {
  it('with the earlier answer, its sources and their dates, and flags sources older than the earlier edition’s reference date', async () => {
    const published = [...publishedAnswers()];
    const [staleId, stale] = published.find(([, e]) =>
      e.sources.some((s) => s.date !== null && s.date < '2024-01-01'),
    )!;
    const [freshId, fresh] = published.find(
      ([, e]) =>
        e.sources.length > 0 && e.sources.every((s) => s.date !== null && s.date >= '2024-01-01'),
    )!;
    const node = (id: string) => questionnaire.questions.find((q) => q.id === id)!;

    for (const [id, entry, flagged] of [
      [staleId, stale, true],
      [freshId, fresh, false],
    ] as const) {
      const form = await expert.get(`${SHEET}/strands/${node(id).strandId}`);
      const block = questionBlock(form.text, id);
      expect(block).toContain('Carried forward from 2024');
      expect(block).toContain('(law as of 2024-01-01)');
      expect(block).toContain(answerText(node(id), entry.answer).replace(/'/g, '&#39;'));
      for (const source of entry.sources) {
        expect(block).toContain(source.title);
        expect(block).toContain(`(${source.date})`);
      }
      if (flagged) {
        const old = entry.sources.find((s) => s.date! < '2024-01-01')!;
        expect(block).toMatch(
          new RegExp(
            `\\(${old.date}\\)</span> <strong class="recheck-flag">Re-check:</strong> dated before the reference date of 2024 \\(2024-01-01\\)`,
          ),
        );
      } else expect(block).not.toContain('Re-check');
      expect(block).toContain(`<button type="submit" form="confirm-${id}">`);
      expect(confirmForm(form.text, id).action).toBe(`${SHEET}/confirm/${id}`);
    }
  });
});

describe('confirming', () => {
  it('"Save draft" with the carried fields posted unchanged confirms nothing', async () => {
    const before = context();
    for (const strand of [FR, ATN]) {
      const form = await expert.get(`${SHEET}/strands/${strand}`);
      const saved = await expert
        .post(`${SHEET}/strands/${strand}`)
        .type('form')
        .send(postedFields(formHtml(form.text, 'answers-form')));
      expect(saved.status).toBe(303);
    }
    const after = context();
    expect([...after.carried.keys()]).toEqual([...before.carried.keys()]);
    expect(after.stored.revision).toBe(before.stored.revision);
  });

  it('changing the answer or a source in the form confirms that question; a comment alone does not', async () => {
    const before = context();
    const questions = questionsOf(FR).filter((q) => before.carried.has(q.id));
    // Three different carried questions: one gets another answer, one a changed source, one only
    // a comment.
    const answerChanged = questions.find((q) => q.options.length > 1)!;
    const sourceChanged = questions.find(
      (q) => q !== answerChanged && before.stored.sheet.answers.get(q.id)!.sources.length > 0,
    )!;
    const commented = questions.find((q) => q !== answerChanged && q !== sourceChanged)!;
    const form = await expert.get(`${SHEET}/strands/${FR}`);
    const fields = postedFields(formHtml(form.text, 'answers-form'));
    const current = before.stored.sheet.answers.get(answerChanged.id)!.answer;
    fields[`q.${answerChanged.id}.answer`] = answerChanged.options.find(
      (o) => o.id !== current,
    )!.id;
    fields[`q.${sourceChanged.id}.source.0.title`] += ' (consolidated version 2025)';
    fields[`q.${commented.id}.comment`] = 'Looks right to me.';
    const saved = await expert.post(`${SHEET}/strands/${FR}`).type('form').send(fields);
    expect(saved.status).toBe(303);

    const after = context();
    expect(after.carried.has(answerChanged.id)).toBe(false);
    expect(after.carried.has(sourceChanged.id)).toBe(false);
    expect(after.carried.has(commented.id)).toBe(true);
    expect(after.stored.sheet.answers.get(commented.id)!.comment).toBe('Looks right to me.');
    expect(after.carried.size).toBe(before.carried.size - 2);
  });

  it('the Confirm button confirms one carried answer as it stands; it then counts as answered', async () => {
    const before = context();
    const question = questionsOf(ATN).find((q) => before.carried.has(q.id))!;
    const doneBefore = progress((await expert.get(SHEET)).text).get(strandLabel(ATN))!.done;
    const form = await expert.get(`${SHEET}/strands/${ATN}`);
    const { action, fields } = confirmForm(form.text, question.id);
    const confirmed = await expert.post(action).type('form').send(fields);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe(
      `${SHEET}/strands/${ATN}?confirmed=${question.id}#q-${question.id}`,
    );

    const after = context();
    expect(after.carried.has(question.id)).toBe(false);
    expect(after.carried.size).toBe(before.carried.size - 1);
    // The answer itself did not change, so neither did the revision.
    expect(after.stored.revision).toBe(before.stored.revision);
    expect(after.stored.sheet.answers.get(question.id)).toEqual(
      before.stored.sheet.answers.get(question.id),
    );
    expect(progress((await expert.get(SHEET)).text).get(strandLabel(ATN))!.done).toBe(
      doneBefore + 1,
    );
    const back = await expert.get(confirmed.headers.location!.replace(/#.*/, ''));
    expect(back.text).toContain(`Confirmed: ${question.code}`);
    const block = questionBlock(back.text, question.id);
    expect(block).not.toContain('Carried forward from');
    expect(block).toContain('<span class="state state-answered">answered</span>');

    // Twice is a mistake the page says plainly.
    const again = await expert.post(action).type('form').send(fields);
    expect(again.status).toBe(409);
    expect(again.text).toContain('data-code="not-carried"');
  });

  it('refuses to confirm an answer that changed since the page was loaded', async () => {
    const before = context();
    const question = questionsOf(FR).find((q) => before.carried.has(q.id) && q.options.length > 1)!;
    const form = await expert.get(`${SHEET}/strands/${FR}`);
    const { action, fields } = confirmForm(form.text, question.id);
    // Someone else changes the answer meanwhile (as an upload would, which keeps it carried).
    const answers = new Map(before.stored.sheet.answers);
    const entry = answers.get(question.id)!;
    answers.set(question.id, {
      ...entry,
      answer: question.options.find((o) => o.id !== entry.answer)!.id,
    });
    saveSheet(setup.db, {
      sheet: { ...before.stored.sheet, answers },
      baseRevision: before.stored.revision,
      user: 'coordinator@example.org',
      reason: 'meanwhile',
    });
    const refused = await expert.post(action).type('form').send(fields);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('data-code="answer-changed"');
    expect(context().carried.has(question.id)).toBe(true);
    const blank = await expert.post(action).type('form').send({ _csrf: fields._csrf });
    expect(blank.status).toBe(409);
    expect(context().carried.has(question.id)).toBe(true);
  });

  it('only those who may edit the question’s strand confirm it', async () => {
    const { carried } = context();
    const fr = questionsOf(FR).find((q) => carried.has(q.id))!;
    const atn = questionsOf(ATN).find((q) => carried.has(q.id))!;
    const form = await expert.get(`${SHEET}/strands/${FR}`);
    const shownFr = confirmForm(form.text, fr.id).fields.shown!;
    const shownAtn = confirmForm((await expert.get(`${SHEET}/strands/${ATN}`)).text, atn.id).fields
      .shown!;
    const post = async (agent: Agent, id: string, shown: string) =>
      postForm(agent, `${SHEET}/confirm/${id}`, { shown });

    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    expect((await post(reviewer, fr.id, shownFr)).status).toBe(403);
    const otherCountry = await signIn(setup.app, 'expert-de@example.org');
    expect((await post(otherCountry, fr.id, shownFr)).status).toBe(403);

    const limited = createUser(setup.db, {
      email: 'expert-at-fr@example.org',
      name: 'fr only',
      role: 'expert',
      password: PASSWORD,
    });
    createAssignment(setup.db, {
      userId: limited.id,
      country: 'AT',
      edition: '2025',
      strand: FR,
      task: 'expert',
    });
    const frOnly = await signIn(setup.app, 'expert-at-fr@example.org');
    expect((await post(frOnly, atn.id, shownAtn)).status).toBe(403);
    expect((await post(frOnly, fr.id, shownFr)).status).toBe(303);

    expect((await post(expert, 'no-such-question', shownFr)).status).toBe(404);
    const noToken = await expert
      .post(`${SHEET}/confirm/${atn.id}`)
      .type('form')
      .send({ shown: shownAtn });
    expect(noToken.status).toBe(403);
    expect(context().carried.has(atn.id)).toBe(true);
    expect(context().carried.has(fr.id)).toBe(false);
  });

  it('submit is refused while any carried answer is unconfirmed, and no longer for that once all are', async () => {
    const { carried } = context();
    // Every strand with questions of its own: the language-tests strand's (1.1.0) are carried too.
    const strands = [FR, 'language-tests', ATN];
    for (const [n, strand] of strands.entries()) {
      const form = await expert.get(`${SHEET}/strands/${strand}`);
      const ids = questionsOf(strand).filter((q) => carried.has(q.id));
      expect(ids.length, strand).toBeGreaterThan(0);
      for (const [i, question] of ids.entries()) {
        // The last one stays unconfirmed until the refusal has been seen.
        if (n === strands.length - 1 && i === ids.length - 1) break;
        const { action, fields } = confirmForm(form.text, question.id);
        expect((await expert.post(action).type('form').send(fields)).status).toBe(303);
      }
    }
    expect(context().carried.size).toBe(1);
    const refused = await postForm(expert, `${SHEET}/submit`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('data-code="incomplete"');

    const [last] = [...context().carried.keys()];
    const form = await expert.get(`${SHEET}/strands/${ATN}`);
    const { action, fields } = confirmForm(form.text, last!);
    expect((await expert.post(action).type('form').send(fields)).status).toBe(303);
    const page = await expert.get(SHEET);
    expect(page.text).toContain('Nothing: every question that applies is answered.');
    for (const { done, total } of progress(page.text).values()) expect(done).toBe(total);
    const submitted = await expert
      .post(`${SHEET}/submit`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(submitted.text).not.toContain('data-code="incomplete"');
  });
});
