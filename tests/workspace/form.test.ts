/**
 * The strand form's markup, through HTTP: fields with ids and labels, input types, an error
 * summary whose links reach the bad fields (marked aria-invalid and described by their message),
 * the index of questions with their status, the script as a file, and a read-only version that
 * shows text and links instead of disabled inputs.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { labelText } from '../../src/questionnaire/types.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';
import { elements, formHtml, postedFields } from './form-fields.js';
import { signIn, workspaceSetup, type Agent, type Setup } from './helpers.js';

const FR = 'family-reunification';
const FORM = `/workspace/sheets/AT/2025/strands/${FR}`;
const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;
const questions = questionnaire.questions.filter((q) => q.strandId === FR);

let setup: Setup;
let expert: Agent;

beforeEach(async () => {
  setup = workspaceSetup();
  expert = await signIn(setup.app, 'expert-at@example.org');
});

/** The element with this id, as its start tag's attributes. */
function byId(html: string, id: string): Record<string, string> | undefined {
  return ['input', 'select', 'textarea', 'div', 'li', 'fieldset', 'section']
    .flatMap((element) => elements(html, element))
    .find((e) => e.id === id);
}

describe('the strand form', () => {
  it('gives every field an id and a label, date and address fields their input types, one blank source row, and loads its script from a file', async () => {
    const page = await expert.get(FORM);
    expect(page.status).toBe(200);
    const form = formHtml(page.text, 'answers-form');
    const fields = [
      ...elements(form, 'input').filter((i) => i.type !== 'hidden'),
      ...elements(form, 'select'),
      ...elements(form, 'textarea'),
    ];
    expect(fields.length).toBeGreaterThan(questions.length * 8);
    const ids = fields.map((f) => f.id);
    expect(ids.every((id) => id !== undefined && /^q-[a-z0-9-]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Every field other than a radio (labelled by its wrapping label) has a <label for>.
    const labelled = new Set(elements(form, 'label').map((l) => l.for));
    for (const field of fields.filter((f) => f.type !== 'radio'))
      expect(labelled.has(field.id!), `label for ${field.id}`).toBe(true);

    for (const question of questions) {
      const id = (field: string) => byId(form, `q-${question.id}--${field}`);
      expect(id('in-force-since')).toMatchObject({
        type: 'date',
        name: `q.${question.id}.in_force_since`,
      });
      expect(id('source-0-date')).toMatchObject({ type: 'date' });
      expect(id('source-0-url')).toMatchObject({ type: 'url' });
      // Nothing saved yet: exactly one (blank) source row, the script adds more.
      expect(id('source-1-title')).toBeUndefined();
    }
    // Visible labels for the source fields (shown above each field when the row stacks).
    expect(form).toContain(
      `<label class="source-field" for="q-${questions[0]!.id}--source-0-title"><span class="field-name">Source 1 title</span>`,
    );
    expect(form).toMatch(
      /<button type="button" class="add-source" data-question="[a-z0-9-]+" hidden>Add a source<\/button>/,
    );

    expect(page.text).toContain('<script src="/assets/workspace-form.js" defer></script>');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = await expert.get('/assets/workspace-form.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.text).toContain("addEventListener('beforeunload'");
  });

  it('after saving, shows each saved source plus one blank row', async () => {
    const page = await expert.get(FORM);
    const fields = postedFields(formHtml(page.text, 'answers-form'));
    const id = questions[0]!.id;
    Object.assign(fields, {
      [`q.${id}.source.0.title`]: 'Act one',
      [`q.${id}.source.0.date`]: '2024-06-01',
    });
    expect((await expert.post(FORM).type('form').send(fields)).status).toBe(303);
    const again = formHtml((await expert.get(FORM)).text, 'answers-form');
    expect(byId(again, `q-${id}--source-0-title`)).toMatchObject({ value: 'Act one' });
    expect(byId(again, `q-${id}--source-0-date`)).toMatchObject({
      type: 'date',
      value: '2024-06-01',
    });
    expect(byId(again, `q-${id}--source-1-title`)).toMatchObject({ value: '' });
    expect(byId(again, `q-${id}--source-2-title`)).toBeUndefined();
  });

  it('a refused save has an error summary linking to each bad field, which is aria-invalid and described by its message; nothing is stored', async () => {
    const page = await expert.get(FORM);
    const fields = postedFields(formHtml(page.text, 'answers-form'));
    const [a, b] = [questions[0]!.id, questions[1]!.id];
    Object.assign(fields, {
      [`q.${a}.answer`]: 'everyone',
      [`q.${a}.source.0.title`]: 'Residence Act',
      [`q.${a}.source.0.date`]: '28.06.2024',
      [`q.${b}.source.0.url`]: 'legislation.example/act',
      [`q.${b}.in_force_since`]: '2024-02-30',
    });
    const refused = await expert.post(FORM).type('form').send(fields);
    expect(refused.status).toBe(422);
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })).toBeNull();

    const summary = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(refused.text);
    expect(summary).not.toBeNull();
    const links = [...summary![1]!.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map(
      ([, id, text]) => ({ id: id!, text: text! }),
    );
    expect(links.map((l) => l.id)).toEqual([
      `q-${a}--answer`,
      `q-${a}--source-0-date`,
      `q-${b}--in-force-since`,
      `q-${b}--source-0-title`,
      `q-${b}--source-0-url`,
    ]);
    for (const link of links) {
      const field = byId(refused.text, link.id);
      expect(field, `#${link.id} exists`).toBeDefined();
      expect(field!['aria-invalid']).toBe('true');
      const describedBy = field!['aria-describedby']!;
      const message = new RegExp(`<li id="${describedBy}">([^<]+)</li>`).exec(refused.text);
      expect(message, `message #${describedBy}`).not.toBeNull();
      // The summary names the question by code and label, then the same message.
      expect(link.text.endsWith(`: ${message![1]}`)).toBe(true);
    }
    // Fields without problems are not marked.
    expect(byId(refused.text, `q-${a}--source-0-title`)!['aria-invalid']).toBeUndefined();
    // A date that is not one stays as typed, in a text field, so it can be corrected.
    expect(byId(refused.text, `q-${a}--source-0-date`)).toMatchObject({
      type: 'text',
      value: '28.06.2024',
    });
    expect(byId(refused.text, `q-${b}--in-force-since`)).toMatchObject({
      type: 'text',
      value: '2024-02-30',
    });
    // The index marks the questions with problems.
    expect(refused.text).toMatch(new RegExp(`<li class="is-error"><a href="#q-${a}">`));
  });

  it('has an index of its questions with their status and a link to the next unanswered one', async () => {
    const page = await expert.get(FORM);
    const fields = postedFields(formHtml(page.text, 'answers-form'));
    const first = questions[0]!;
    fields[`q.${first.id}.answer`] = first.options[0]!.id;
    expect((await expert.post(FORM).type('form').send(fields)).status).toBe(303);

    const saved = await expert.get(FORM);
    const index = /<nav class="question-index"[\s\S]*?<\/nav>/.exec(saved.text)![0];
    const items = [...index.matchAll(/<li class="is-([a-z-]+)"><a href="#q-([a-z0-9-]+)">/g)].map(
      ([, state, id]) => ({ state, id }),
    );
    expect(items.map((i) => i.id)).toEqual(questions.map((q) => q.id));
    expect(items[0]!.state).toBe('answered');
    const states = new Set(items.map((i) => i.state));
    expect(states.has('missing')).toBe(true);
    const next = items.find((i) => i.state !== 'answered' && i.state !== 'not-asked')!;
    expect(index).toContain(`<a class="next-unanswered" href="#q-${next.id}">Next unanswered: `);
    // Each index entry's target exists on the page.
    for (const item of items) expect(saved.text).toContain(`<fieldset id="q-${item.id}"`);
  });

  it('read-only users see answers and sources as text with working links, not disabled inputs', async () => {
    const first = questions[0]!;
    saveSheet(setup.db, {
      sheet: {
        questionnaire: { id: questionnaire.id, version: questionnaire.version },
        country: 'AT',
        edition: '2025',
        status: 'draft',
        illustrative: false,
        coders: [],
        answers: new Map([
          [
            first.id,
            {
              answer: first.options[0]!.id,
              sources: [
                {
                  title: 'Residence Act',
                  article: '§ 46',
                  url: 'https://legislation.example/at/46',
                  date: '2024-06-01',
                },
                { title: 'Old gazette', article: null, url: 'javascript:alert(1)', date: null },
              ],
              comment: 'Checked <b>twice</b>.',
              inForceSince: '2020-01-01',
              confidence: 'high',
            },
          ],
        ]),
      },
      baseRevision: null,
      user: 'test',
    });
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const page = await reviewer.get(FORM);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('class="answers-form"');
    expect(page.text).not.toMatch(/<(input|select|textarea)[^>]*name="q\./);
    expect(page.text).not.toContain('disabled');
    const block = page.text.slice(page.text.indexOf(`<section id="q-${first.id}"`));
    expect(block).toContain(
      `<dt>Answer</dt><dd>${labelText(first.options[0]!.label)}</dd>`.replace(/'/g, '&#39;'),
    );
    expect(block).toContain('<a href="https://legislation.example/at/46">Residence Act</a>, § 46');
    expect(block).toContain('Checked &lt;b&gt;twice&lt;/b&gt;.');
    expect(block).toContain('<dd>2020-01-01</dd>');
    // Only web addresses become links.
    expect(page.text).not.toContain('href="javascript:');
    expect(block).toContain('Old gazette');
  });
});
