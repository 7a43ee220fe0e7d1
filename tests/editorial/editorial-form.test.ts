/**
 * The editorial form with bad input: every refusal comes back as the form (422) with the message
 * at the refused field and what was typed kept, or as a located 400/409; never a 500, and
 * nothing is stored.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_ITEM_CHARS } from '../../src/editorial/types.js';
import type { Db } from '../../src/storage/database.js';
import { getEditorial } from '../../src/storage/editorial-repository.js';
import {
  csrf,
  postForm,
  signIn,
  workspaceSetup,
  type Agent,
  type Setup,
} from '../workspace/helpers.js';

const PAGE = '/workspace/sheets/AT/2025/editorial';

let setup: Setup;
let db: Db;
let expert: Agent;
beforeEach(async () => {
  setup = workspaceSetup();
  db = setup.db;
  expert = await signIn(setup.app, 'expert-at@example.org');
});

const stored = () =>
  JSON.stringify([
    db.prepare('SELECT * FROM editorial_texts').all(),
    db.prepare('SELECT * FROM editorial_history').all(),
  ]);

interface BadForm {
  name: string;
  body: Record<string, string>;
  field: string;
  code: string;
  message: string;
}

describe('the editorial form refuses bad input', () => {
  it.each<BadForm>([
    {
      name: 'a key finding over the limit',
      body: { finding_2: 'x'.repeat(MAX_ITEM_CHARS + 1) },
      field: 'editorial-finding-2',
      code: 'too-long',
      message: `key finding 2 has ${MAX_ITEM_CHARS + 1} characters: at most ${MAX_ITEM_CHARS}`,
    },
    {
      name: 'a reference to nothing in the questionnaire',
      body: { recommendation_3: 'Do better.', ref_3: 'no-such-strand' },
      field: 'editorial-ref-3',
      code: 'invalid-value',
      message: '&#34;no-such-strand&#34; is neither a strand nor a question',
    },
    {
      name: 'a reference without a recommendation',
      body: { ref_1: 'family-reunification' },
      field: 'editorial-recommendation-1',
      code: 'invalid-value',
      message: 'recommendation 1 is empty but tied to family-reunification',
    },
  ])('$name: the form again (422), the message at its field, the text kept', async (c) => {
    const before = stored();
    const typed = { base_revision: '0', finding_1: 'Kept as typed.', ...c.body };
    const response = await postForm(expert, PAGE, typed);
    expect(response.status).toBe(422);
    expect(response.text).toContain('Not saved: 1 problem to fix');
    expect(response.text).toContain(`<a href="#${c.field}">`);
    expect(response.text).toMatch(
      new RegExp(`<ul class="errors" id="${c.field}-error"><li>${escape(c.message)}`),
    );
    expect(response.text).toMatch(
      new RegExp(`id="${c.field}"[^>]*aria-invalid="true" aria-describedby="${c.field}-error"`),
    );
    expect(response.text).toContain('>Kept as typed.</textarea>');
    expect(stored()).toBe(before);

    const json = await expert
      .post(PAGE)
      .type('form')
      .set('Accept', 'application/json')
      .send({ _csrf: await csrf(expert), ...typed });
    expect(json.status).toBe(422);
    expect(json.body.error.code).toBe(c.code);
    expect(json.body.error.issues[0].path).toEqual([
      c.field.replace('editorial-', '').replace('-', '_'),
    ]);
  });

  it('a save based on a stale revision comes back (409) with the form, the text typed and who changed it', async () => {
    expect((await postForm(expert, PAGE, { base_revision: '0', finding_1: 'First.' })).status).toBe(
      303,
    );
    const before = stored();
    const stale = await postForm(expert, PAGE, { base_revision: '0', finding_1: 'Mine.' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('someone else saved this text meanwhile');
    expect(stale.text).toContain('changed by expert-at@example.org');
    expect(stale.text).toContain('>Mine.</textarea>');
    // The form now carries the current revision: saving again replaces it.
    expect(stale.text).toContain('name="base_revision" value="1"');
    expect(stored()).toBe(before);
  });

  it('refuses malformed fields, empty submissions and unknown sheets without a 500', async () => {
    const before = stored();
    const cases: [string, Record<string, string>, number, RegExp][] = [
      [PAGE, { finding_1: 'No revision' }, 400, /base_revision/],
      [PAGE, { base_revision: '-1', finding_1: 'x' }, 400, /base_revision/],
      [PAGE, { base_revision: 'abc', finding_1: 'x' }, 400, /base_revision/],
      [`${PAGE}/submit`, {}, 409, /the text is not started/],
      ['/workspace/sheets/XX/2025/editorial', { base_revision: '0' }, 404, /not found/],
      ['/workspace/sheets/AT/1999/editorial', { base_revision: '0' }, 404, /not found/],
    ];
    for (const [path, body, status, message] of cases) {
      const response = await postForm(expert, path, body);
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(response.text).toMatch(message);
    }
    expect(stored()).toBe(before);

    // An empty text may be saved as a draft, but not submitted.
    expect((await postForm(expert, PAGE, { base_revision: '0' })).status).toBe(303);
    const empty = await postForm(expert, `${PAGE}/submit`);
    expect(empty.status).toBe(409);
    expect(empty.text).toMatch(/no key finding and no recommendation/);
    expect(getEditorial(db, 'AT', '2025')!.status).toBe('draft');
  });

  it('refuses review decisions without an action or, to request changes, without a reason', async () => {
    await postForm(expert, PAGE, { base_revision: '0', finding_1: 'A finding.' });
    await postForm(expert, `${PAGE}/submit`);
    const reviewer = await signIn(setup.app, 'reviewer@example.org');
    const before = stored();
    expect((await postForm(reviewer, `${PAGE}/review`, { action: 'publish' })).status).toBe(400);
    const noReason = await postForm(reviewer, `${PAGE}/review`, { action: 'request-changes' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toMatch(/reason/);
    const stale = await postForm(reviewer, `${PAGE}/review`, {
      action: 'approve',
      base_revision: '1',
    });
    expect(stale.status).toBe(409);
    expect(stored()).toBe(before);

    const sentBack = await postForm(reviewer, `${PAGE}/review`, {
      action: 'request-changes',
      reason: 'Name the act behind the second finding.',
    });
    expect(sentBack.status).toBe(303);
    expect(getEditorial(db, 'AT', '2025')!.status).toBe('draft');
    const page = await expert.get(PAGE);
    expect(page.text).toContain('Changes requested');
    expect(page.text).toContain('Name the act behind the second finding.');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
