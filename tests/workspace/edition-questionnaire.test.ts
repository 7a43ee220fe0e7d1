/**
 * Several questionnaires in the workspace: the coordinator opens an edition with the questionnaire
 * chosen (the latest version of each one loaded; the main one preselected), and approves data
 * imported from elsewhere as coded, through the shared workflow rule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getEdition } from '../../src/storage/edition-repository.js';
import {
  latestQuestionnaireVersion,
  latestVersionOfEach,
  storedQuestionnaire,
} from '../../src/storage/questionnaire-repository.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { postForm, signIn, workspaceSetup, type Agent, type Setup } from './helpers.js';

let setup: Setup;
let coordinator: Agent;
let expert: Agent;

beforeAll(async () => {
  setup = workspaceSetup();
  coordinator = await signIn(setup.app, 'coordinator@example.org');
  expert = await signIn(setup.app, 'expert-de@example.org');
});

describe('opening an edition with a chosen questionnaire', () => {
  it('offers every loaded questionnaire, the main one preselected', async () => {
    const page = (await coordinator.get('/workspace')).text;
    const versions = latestVersionOfEach(setup.db);
    expect(versions.map((v) => v.questionnaire_id)).toEqual([
      'migrant-policy-index',
      'migrant-policy-index-2020',
    ]);
    const main = latestQuestionnaireVersion(setup.db)!;
    expect(page).toContain(
      `<option value="${main.id}" selected>Migrant Policy Index questionnaire, version 1.1.0</option>`,
    );
    expect(page).toMatch(/<option value="\d+">Migrant Policy Index questionnaire, 2020 generation/);
  });

  it('codes the new edition with the questionnaire chosen', async () => {
    const other = latestVersionOfEach(setup.db).find(
      (v) => v.questionnaire_id === 'migrant-policy-index-2020',
    )!;
    const opened = await postForm(coordinator, '/workspace/editions', {
      id: '2030',
      reference_date: '2030-01-01',
      questionnaire: String(other.id),
    });
    expect(opened.status).toBe(303);
    expect(getEdition(setup.db, '2030')!.questionnaire_version_id).toBe(other.id);
  });

  it('refuses a questionnaire that is not loaded, and stores nothing', async () => {
    const refused = await postForm(coordinator, '/workspace/editions', {
      id: '2031',
      reference_date: '2031-01-01',
      questionnaire: '999',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/questionnaire/);
    expect(getEdition(setup.db, '2031')).toBeNull();
  });
});

describe('approving imported data as coded', () => {
  it('lets the coordinator approve an imported sheet, not its own expert', async () => {
    const questionnaire = storedQuestionnaire(setup.db, latestQuestionnaireVersion(setup.db)!.id);
    saveSheet(setup.db, {
      sheet: {
        questionnaire: { id: questionnaire.id, version: questionnaire.version },
        country: 'DE',
        edition: '2025',
        status: 'imported',
        illustrative: false,
        coders: [],
        answers: new Map([
          [
            'fr-residence-period',
            { answer: 'none', sources: [], comment: null, inForceSince: null, confidence: null },
          ],
        ]),
      },
      baseRevision: null,
      user: 'importer',
    });
    const byExpert = await postForm(expert, '/workspace/sheets/DE/2025/review', {
      action: 'approve',
    });
    expect(byExpert.status).toBe(403);
    expect(getSheet(setup.db, { country: 'DE', edition: '2025' })!.sheet.status).toBe('imported');
    // The sheet deviates from the skip logic (one answer): approved only "as coded", on purpose.
    const unconfirmed = await postForm(coordinator, '/workspace/sheets/DE/2025/review', {
      action: 'approve',
    });
    expect(unconfirmed.status).toBe(400);
    const byCoordinator = await postForm(coordinator, '/workspace/sheets/DE/2025/review', {
      action: 'approve',
      as_coded: 'yes',
    });
    expect(byCoordinator.status).toBe(303);
    expect(getSheet(setup.db, { country: 'DE', edition: '2025' })!.sheet.status).toBe('approved');
  });
});
