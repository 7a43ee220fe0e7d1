/**
 * Evidence rules and real dates in the workspace: submission is refused with 409 listing what
 * lacks a source or has an impossible date; the sheet page shows errors and warnings with links
 * to the questions, to the expert and to the reviewer; the strand form and the YAML upload refuse
 * dates that do not exist. Edition 2025 codes the law in force on 2025-01-01.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AnswerEntry, SheetStatus } from '../../src/answers/types.js';
import { sheetToYaml } from '../../src/answers/write-sheet.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { QUESTIONNAIRE_DIR } from '../storage/helpers.js';
import {
  csrf,
  csrfOf,
  publishedAnswers,
  saveAnswers,
  signIn,
  uploadSheet,
  workspaceSetup,
  type Setup,
} from './helpers.js';

const questionnaire = loadQuestionnaire(QUESTIONNAIRE_DIR).questionnaire!;
const SHEET = '/workspace/sheets/AT/2025';

let setup: Setup;
beforeEach(() => {
  setup = workspaceSetup();
});

/** AT's answers as published in 2024: complete, each with sources, dated before 2025. */
const published2024 = () => publishedAnswers(setup.db, '2024', 'AT');

function withEntry(
  answers: Map<string, AnswerEntry>,
  id: string,
  change: Partial<AnswerEntry>,
): Map<string, AnswerEntry> {
  return new Map(answers).set(id, { ...answers.get(id)!, ...change });
}

function save(answers: Map<string, AnswerEntry>, status: SheetStatus = 'draft') {
  return saveAnswers(setup.db, questionnaire, { country: 'AT', edition: '2025', status, answers });
}

const stored = () => getSheet(setup.db, { country: 'AT', edition: '2025' })!;

async function submit(accept = 'application/json') {
  const expert = await signIn(setup.app, 'expert-at@example.org');
  return expert
    .post(`${SHEET}/submit`)
    .set('Accept', accept)
    .type('form')
    .send({ _csrf: await csrf(expert) });
}

/** Three errors: no source, in force after the reference date, a date that does not exist. */
function flawed(): Map<string, AnswerEntry> {
  let answers = published2024();
  answers = withEntry(answers, 'fr-residence-period', { sources: [] });
  answers = withEntry(answers, 'atn-residence-period', { inForceSince: '2025-03-01' });
  const source = answers.get('atn-absences')!.sources[0]!;
  return withEntry(answers, 'atn-absences', { sources: [{ ...source, date: '2024-02-30' }] });
}

describe('submitting a sheet', () => {
  it('the sample answers meet the rules on 2025-01-01: the sheet is submitted', async () => {
    save(published2024());
    const response = await submit();
    expect(response.status).toBe(303);
    expect(stored().sheet.status).toBe('submitted');
  });

  it('is refused with 409 listing every evidence error, and nothing is stored', async () => {
    save(flawed());
    const before = stored().revision;
    const response = await submit();
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('evidence-errors');
    expect(
      response.body.error.issues.map((i: { code: string; path: unknown[] }) => [i.code, i.path]),
    ).toEqual([
      ['source-required', ['answers', 'fr-residence-period']],
      ['in-force-after-reference-date', ['answers', 'atn-residence-period', 'in_force_since']],
      ['invalid-date', ['answers', 'atn-absences', 'sources', 0, 'date']],
    ]);
    expect(stored().revision).toBe(before);
    expect(stored().sheet.status).toBe('draft');
  });

  it('is refused on a page that lists the problems when a browser asks', async () => {
    save(flawed());
    const response = await submit('text/html');
    expect(response.status).toBe(409);
    expect(response.text).toContain('data-code="evidence-errors"');
    expect(response.text).toContain('&#34;fr-residence-period&#34; (21) cites no legal source');
    expect(response.text).toContain(
      'in force since 2025-03-01, after the edition&#39;s reference date 2025-01-01',
    );
  });

  it('an old source is a warning: shown on the page, and the sheet is submitted', async () => {
    const answers = published2024();
    const source = answers.get('fr-residence-period')!.sources[0]!;
    save(
      withEntry(answers, 'fr-residence-period', { sources: [{ ...source, date: '2014-12-31' }] }),
    );
    const expert = await signIn(setup.app, 'expert-at@example.org');
    const page = await expert.get(SHEET);
    const warnings = list(page.text, 'evidence-warnings');
    expect(warnings).toContain('data-code="source-outdated"');
    expect(warnings).toContain(
      `href="${SHEET}/strands/family-reunification#q-fr-residence-period"`,
    );
    expect(page.text).not.toContain('class="missing evidence-errors"');
    expect((await submit()).status).toBe(303);
    expect(stored().sheet.status).toBe('submitted');
  });
});

describe('the sheet page', () => {
  it.each(['expert-at@example.org', 'reviewer@example.org', 'coordinator@example.org'])(
    'lists the evidence errors with links to their questions for %s',
    async (email) => {
      save(flawed());
      const agent = await signIn(setup.app, email);
      const errors = list((await agent.get(SHEET)).text, 'evidence-errors');
      expect(errors).toMatch(
        new RegExp(
          `<li data-code="source-required"><a href="${SHEET}/strands/family-reunification#q-fr-residence-period"><span class="code">21</span>`,
        ),
      );
      expect(errors).toContain(
        `<li data-code="in-force-after-reference-date"><a href="${SHEET}/strands/access-to-nationality#q-atn-residence-period">`,
      );
      expect(errors).toContain('<li data-code="invalid-date">');
      if (email === 'expert-at@example.org')
        expect((await agent.get(SHEET)).text).toMatch(
          /<button type="submit" disabled>Submit for review<\/button>/,
        );
    },
  );

  it('says there is nothing to report when the answers meet the rules', async () => {
    save(published2024());
    const expert = await signIn(setup.app, 'expert-at@example.org');
    const page = (await expert.get(SHEET)).text;
    expect(page).toContain('Nothing to report');
    expect(page).toMatch(/<button type="submit">Submit for review<\/button>/);
  });
});

describe('dates that do not exist are refused where they are typed', () => {
  it('in the strand form: nothing is saved', async () => {
    const expert = await signIn(setup.app, 'expert-at@example.org');
    const path = `${SHEET}/strands/family-reunification`;
    const form = await expert.get(path);
    const response = await expert
      .post(path)
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        base_revision: '0',
        'q.fr-residence-period.answer': 'none',
        'q.fr-residence-period.source.0.title': 'Settlement and Residence Act',
        'q.fr-residence-period.source.0.date': '2025-02-30',
        'q.fr-residence-period.in_force_since': '2023-02-29',
      });
    expect(response.status).toBe(422);
    expect(getSheet(setup.db, { country: 'AT', edition: '2025' })).toBeNull();
  });

  it('in a YAML upload: refused with the line, nothing is saved', async () => {
    save(published2024());
    const before = stored();
    const answers = withEntry(
      before.sheet.answers as Map<string, AnswerEntry>,
      'fr-residence-period',
      {
        inForceSince: '2023-02-29',
      },
    );
    const yaml = sheetToYaml({ ...before.sheet, answers }, questionnaire, {});
    const line = yaml.split('\n').findIndex((l) => l.includes('2023-02-29')) + 1;
    const expert = await signIn(setup.app, 'expert-at@example.org');
    const response = await uploadSheet(expert, `${SHEET}/upload`, before.revision, yaml);
    expect(response.status).toBe(422);
    expect(response.text).toMatch(
      new RegExp(`line ${line}, column \\d+: <code>invalid-date</code>`),
    );
    expect(stored().revision).toBe(before.revision);
  });
});

/** The HTML of the evidence list with the given class, or '' when the page has none. */
function list(html: string, kind: 'evidence-errors' | 'evidence-warnings'): string {
  const start = html.indexOf(`class="missing ${kind}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</ul>', start));
}
