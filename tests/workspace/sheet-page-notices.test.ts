/**
 * What the sheet and review pages offer and say at each step of the review: carrying forward only
 * while it can fill something, the reviewer's reason for changes at the top of the expert's sheet
 * page while the sheet is back with them, and a request for changes that the browser itself
 * refuses without a reason (the reason field is required; approving has no such field).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AnswerEntry } from '../../src/answers/types.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';
import {
  postForm,
  publishedAnswers,
  saveAnswers,
  signIn,
  workspaceSetup,
  type Setup,
} from './helpers.js';

const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;
const SHEET = '/workspace/sheets/AT/2025';
const REASON = 'Cite the article of the amended act for 21.';

let setup: Setup;
beforeEach(() => {
  setup = workspaceSetup();
});

const published2024 = (country: string) => publishedAnswers(setup.db, '2024', country);

function submitted(answers: Map<string, AnswerEntry>) {
  saveAnswers(setup.db, questionnaire, {
    country: 'AT',
    edition: '2025',
    status: 'submitted',
    answers,
  });
}

/** The request-changes notice of the sheet page, or null. */
function notice(html: string): string | null {
  return (
    /<div class="warning" id="changes-requested"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? null
  );
}

describe('carrying forward on the sheet page', () => {
  it('is offered while it can fill a question, and no longer once nothing is left to carry', async () => {
    const expert = await signIn(setup.app, 'expert-at@example.org');
    expect((await expert.get(SHEET)).text).toContain('Carry forward the answers of 2024');
    const carry = await postForm(expert, `${SHEET}/carry-forward`, { from: '2024' });
    expect(carry.status).toBe(303);
    const after = await expert.get(SHEET);
    expect(after.text).not.toContain('Carry forward the answers of');
    // Offered, it could only be refused.
    const again = await postForm(expert, `${SHEET}/carry-forward`, { from: '2024' });
    expect(again.status).toBe(409);
  });

  it('is offered again when a question the earlier edition answers is emptied', async () => {
    const answers = published2024('AT');
    answers.delete('fr-residence-period');
    saveAnswers(setup.db, questionnaire, {
      country: 'AT',
      edition: '2025',
      status: 'draft',
      answers,
    });
    const expert = await signIn(setup.app, 'expert-at@example.org');
    expect((await expert.get(SHEET)).text).toContain('Carry forward the answers of 2024');
  });
});

describe('a request for changes', () => {
  it('is shown with its reason at the top of the sheet page while the sheet is back with the expert', async () => {
    submitted(published2024('AT'));
    const expert = await signIn(setup.app, 'expert-at@example.org');
    expect(notice((await expert.get(SHEET)).text)).toBeNull();

    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const decided = await postForm(reviewer, `${SHEET}/review`, {
      action: 'request-changes',
      reason: REASON,
    });
    expect(decided.status).toBe(303);
    const shown = notice((await expert.get(SHEET)).text)!;
    expect(shown).toContain('Changes requested');
    expect(shown).toContain('by reviewer');
    expect(shown).toContain(REASON);

    // Submitted again, the request is answered: no notice.
    submitted(published2024('AT'));
    expect(notice((await expert.get(SHEET)).text)).toBeNull();
  });

  it('needs a reason in the browser: the reason field belongs to the request form and is required', async () => {
    submitted(published2024('AT'));
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    for (const path of [SHEET, `${SHEET}/review`]) {
      const html = (await reviewer.get(path)).text;
      const forms = [...html.matchAll(/<form [^>]*class="stacked decision"[\s\S]*?<\/form>/g)].map(
        (m) => m[0],
      );
      expect(forms, path).toHaveLength(2);
      const [approve, request] = forms as [string, string];
      expect(approve).toContain('value="approve"');
      expect(approve).not.toContain('name="reason"');
      expect(request).toContain('value="request-changes"');
      expect(request).toMatch(/<textarea id="review-reason" name="reason"[^>]* required>/);
    }
  });
});
