/**
 * Data coded elsewhere through the workspace: an imported sheet that deviates from the skip logic
 * is reviewed (its deviations listed on the review page before anything is decided), approved as
 * coded by a coordinator — only when the approval says so — and published with its deviations
 * recorded, which the edition's methodology page lists. Who may approve is the workflow's one
 * rule: a reviewer may not approve an imported sheet.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { skipLogicFindings } from '../../src/answers/check-sheet.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { labelText, type QuestionNode } from '../../src/questionnaire/types.js';
import { decisionsOf } from '../../src/storage/decision-repository.js';
import { snapshotDeviations } from '../../src/storage/deviation-repository.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { getSnapshot } from '../../src/storage/snapshot-repository.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';
import {
  answeredWhereSkipped,
  csrfOf,
  saveAnswers,
  signIn,
  workspaceSetup,
  type Setup,
} from './helpers.js';

const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;
const REVIEW = '/workspace/sheets/AT/2025/review';

let setup: Setup;
let skipped: QuestionNode;

beforeEach(() => {
  setup = workspaceSetup();
  const deviating = answeredWhereSkipped(setup.db, questionnaire);
  skipped = deviating.skipped;
  saveAnswers(setup.db, questionnaire, {
    country: 'AT',
    edition: '2025',
    status: 'imported',
    answers: deviating.answers,
  });
});

const stored = () => getSheet(setup.db, { country: 'AT', edition: '2025' })!;

describe('reviewing and publishing an imported sheet as coded, in the workspace', () => {
  it('lists the deviations on the review page and asks to approve as coded', async () => {
    const deviations = skipLogicFindings(questionnaire, stored().sheet).filter(
      (f) => f.code !== 'no-data',
    );
    expect(deviations.map((f) => f.question.id)).toContain(skipped.id);
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const page = (await coordinator.get(REVIEW).expect(200)).text;
    const section = page.split('id="deviations"')[1]!.split('</section>')[0]!;
    expect(section).toContain('Deviations from the skip logic');
    expect(section).toContain(labelText(skipped.label));
    expect(section).toContain(labelText(skipped.options[0]!.label));
    expect(section).toContain('here it is not, yet it is answered');
    expect(section.match(/<tr>/g)?.length).toBe(deviations.length + 1);
    expect(page).toContain('href="#deviations"');
    expect(page).toMatch(/<input type="checkbox" name="as_coded" value="yes" required>/);
    expect(page).toContain('Approve as coded</button>');
  });

  it('refuses an approval that does not say "as coded"; stores nothing', async () => {
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const page = await coordinator.get(REVIEW);
    const before = stored().revision;
    const refused = await coordinator
      .post('/workspace/sheets/AT/2025/review')
      .type('form')
      .send({ _csrf: csrfOf(page.text), action: 'approve', base_revision: String(before) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('approve as coded');
    expect(stored().sheet.status).toBe('imported');
    expect(stored().revision).toBe(before);
    expect(decisionsOf(setup.db, stored().id)).toEqual([]);
  });

  it('a reviewer may not approve an imported sheet (the workflow rule): no form, 409', async () => {
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const page = await reviewer.get(REVIEW).expect(200);
    expect(page.text).not.toContain('value="approve"');
    expect(page.text).toContain('id="deviations"');
    const refused = await reviewer
      .post('/workspace/sheets/AT/2025/review')
      .type('form')
      .send({ _csrf: csrfOf(page.text), action: 'approve', as_coded: 'yes' });
    expect(refused.status).toBe(409);
    expect(stored().sheet.status).toBe('imported');
  });

  it('approves as coded, records the decision, and publishing records the deviations', async () => {
    const coordinator = await signIn(setup.app, 'coordinator@example.org');
    const page = await coordinator.get(REVIEW);
    const shown = stored().revision;
    await coordinator
      .post('/workspace/sheets/AT/2025/review')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        action: 'approve',
        as_coded: 'yes',
        base_revision: String(shown),
        reason: 'checked against the source',
        from: 'review',
      })
      .expect(303);
    expect(stored().sheet.status).toBe('approved');
    expect(stored().sheet.answers.get(skipped.id)!.answer).toBe(skipped.options[0]!.id);
    expect(decisionsOf(setup.db, stored().id)).toEqual([
      expect.objectContaining({
        decision: 'approved',
        userEmail: 'coordinator@example.org',
        sheetRevision: shown,
        reason: 'checked against the source',
      }),
    ]);
    const decided = (await coordinator.get(REVIEW)).text.split('id="decisions"')[1]!;
    expect(decided).toContain('data-label="Decision">Approved</td>');

    const preview = await coordinator.get('/workspace/editions/2025/publish');
    // The preview lists what publishing will record, before anything is published.
    const listed = preview.text.split('id="publish-deviations"')[1]!.split('</table>')[0]!;
    const rows = listed.split('<tr>').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    expect(listed).toContain('Austria <span class="code">AT</span>');
    expect(listed).toContain(`href="/workspace/sheets/AT/2025/review#q-${skipped.id}"`);
    expect(listed).toContain(labelText(skipped.label).replaceAll("'", '&#39;'));
    const confirm = /name="confirm" value="([^"]+)"/.exec(preview.text)![1]!;
    await coordinator
      .post('/workspace/editions/2025/publish')
      .type('form')
      .send({ _csrf: csrfOf(preview.text), confirm, completeness: 'partial' })
      .expect(303);
    const snapshot = getSnapshot(setup.db, '2025')!;
    const recorded = snapshotDeviations(setup.db, snapshot.id);
    expect(recorded).toHaveLength(rows.length);
    expect(recorded).toContainEqual({
      country: 'AT',
      questionId: skipped.id,
      kind: 'answer-where-skipped',
      answer: skipped.options[0]!.id,
      condition: skipped.appliesIf!.source,
    });
    const methodology = await coordinator.get('/methodology?edition=2025').expect(200);
    expect(methodology.text).toContain(labelText(skipped.label));
  });
});
