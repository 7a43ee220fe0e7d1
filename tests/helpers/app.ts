/** The site as the tests build it: `createApp` with the settings they share. */
import type { Express } from 'express';
import { createApp, type AppDeps } from '../../src/web/app.js';
import { QUESTIONNAIRE_DIR, sampleDatabase } from '../storage/helpers.js';

/** Where test apps say they are published, so that tests can assert on whole permalinks. */
export const PUBLIC_URL = 'https://index.example';

/**
 * The app on `deps.db` (default: a fresh sample database, its editions published), with the
 * project's questionnaire folder and {@link PUBLIC_URL}; any other setting as given.
 */
export function testApp(deps: Partial<AppDeps> = {}): Express {
  return createApp({
    questionnaireDir: QUESTIONNAIRE_DIR,
    publicUrl: PUBLIC_URL,
    ...deps,
    db: deps.db ?? sampleDatabase(),
  });
}
