/**
 * The methodology page of a fixture questionnaire (tests/fixtures/questionnaires/NAME), rendered
 * from its view model with the site's template and style sheet and served on loopback, for the
 * browser tests of what that page shows (table rules, readings).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ejs from 'ejs';
import { buildMethodology } from '../../src/web/view-models/methodology.js';
import { translate, type Values } from '../../src/web/i18n/catalogue.js';
import { fixtureQuestionnaire, ROOT_DIR } from '../helpers/fixtures.js';
import type { Served } from './browser.js';

/** Serves the methodology page of fixture questionnaire `name` at `/methodology`, in English. */
export async function serveMethodology(name: string, instrument: string): Promise<Served> {
  const view = buildMethodology(fixtureQuestionnaire(name), [], null);
  const html = await ejs.renderFile(join(ROOT_DIR, 'views', 'methodology.ejs'), {
    title: 'Methodology',
    view,
    edition: 'test',
    instrument,
    deviations: [],
    path: '/methodology',
    // The locals every page gets (web/i18n): English.
    lang: 'en',
    t: (key: string, values?: Values) => translate('en', key, values),
    untranslated: () => false,
  });
  const css = readFileSync(join(ROOT_DIR, 'views', 'assets', 'site.css'));
  const server = createServer((req, res) => {
    const isCss = req.url === '/assets/site.css';
    res.writeHead(200, { 'content-type': isCss ? 'text/css' : 'text/html; charset=utf-8' });
    res.end(isCss ? css : html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
