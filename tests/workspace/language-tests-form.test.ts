/**
 * The workspace codes the language-tests strand's own questions (questionnaire 1.1.0): a
 * cross-cutting strand with questions of its own has a form like any other strand, showing only
 * those questions (its references are answered in their own strands), and saving it stores them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { elements, formHtml, postedFields } from './form-fields.js';
import { signIn, workspaceSetup, type Agent, type Setup } from './helpers.js';

const SHEET = '/workspace/sheets/AT/2025';
const FORM = `${SHEET}/strands/language-tests`;

let setup: Setup;
let expert: Agent;

beforeEach(async () => {
  setup = workspaceSetup();
  expert = await signIn(setup.app, 'expert-at@example.org');
});

describe('the language-tests strand in the workspace', () => {
  it('is listed on the sheet page and has a form with its own questions only', async () => {
    const sheet = await expert.get(SHEET);
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain(`href="${FORM}"`);

    const page = await expert.get(FORM);
    expect(page.status).toBe(200);
    const form = formHtml(page.text, 'answers-form');
    const answerFields = new Set(
      elements(form, 'input')
        .filter((input) => input.type === 'radio')
        .map((input) => input.name),
    );
    expect(answerFields).toContain('q.lt-pr-language-form.answer');
    expect(answerFields).toContain('q.lt-nat-level.answer');
    expect(answerFields).toContain('q.lt-fr-pre-entry-level.answer');
    // A reference is answered in its own strand, not here.
    expect(answerFields).not.toContain('q.fr-pre-entry-language-form.answer');
    expect(answerFields).not.toContain('q.atn-integration-form.answer');
    // Its options, in the page's words.
    expect(page.text).toContain('No fixed standard (left to the authorities&#39; judgement)');
  });

  it('saves an answer to a new question, with its source', async () => {
    const page = await expert.get(FORM);
    const fields = postedFields(formHtml(page.text, 'answers-form'));
    Object.assign(fields, {
      'q.lt-pr-language-form.answer': 'test',
      'q.lt-pr-language-form.source.0.title': 'Settlement and Residence Act',
      'q.lt-pr-language-form.source.0.article': '§ 45(1)',
      'q.lt-pr-language-form.source.0.url': 'https://legislation.example/at/settlement-act#s-45-1',
      'q.lt-pr-language-form.source.0.date': '2024-06-01',
      'q.lt-pr-language-form.in_force_since': '2017-10-01',
    });
    const saved = await expert.post(FORM).type('form').send(fields);
    expect(saved.status).toBe(303);
    const stored = getSheet(setup.db, { country: 'AT', edition: '2025' })!;
    expect(stored.sheet.answers.get('lt-pr-language-form')).toMatchObject({
      answer: 'test',
      inForceSince: '2017-10-01',
      sources: [expect.objectContaining({ title: 'Settlement and Residence Act' })],
    });
    const again = formHtml((await expert.get(FORM)).text, 'answers-form');
    expect(
      elements(again, 'input').find(
        (input) => input.name === 'q.lt-pr-language-form.answer' && input.value === 'test',
      ),
    ).toHaveProperty('checked');
  });
});
