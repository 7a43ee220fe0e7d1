/**
 * The rest of the public site in French (issue 14, item 10): every public view's interface
 * strings from the catalogue, numbers with a decimal comma on French pages only (the API, CSV and
 * feeds stay language-neutral), chart texts and rank text in French, and the automatic findings
 * in the page's language while the API keeps English.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { testApp } from '../helpers/app.js';
import { TRANSLATED_VIEWS } from '../../src/web/i18n/localized-pages.js';
import { withLanguage } from '../../src/web/i18n/page-language.js';
import { counted, fixed, shown, signed, writtenIn } from '../../src/published/display.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';
import { readdirSync } from 'node:fs';

let app: Express;
beforeAll(() => {
  app = testApp();
});

const get = async (path: string) => {
  const response = await request(app).get(path);
  expect(response.status, path).toBe(200);
  return response.text;
};

/** The text a reader sees: tags dropped, entities as written in the catalogue. */
const visible = (html: string) =>
  html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe('every public view is translated', () => {
  it('each view file but the workspace is in TRANSLATED_VIEWS', () => {
    const views = readdirSync(new URL('../../views/', import.meta.url))
      .filter((f) => f.endsWith('.ejs'))
      .map((f) => f.replace(/\.ejs$/, ''));
    expect(views.filter((v) => !TRANSLATED_VIEWS.has(v))).toEqual([]);
  });

  // A French page of each newly translated view: French interface strings, none of the English
  // ones it had, and no "not translated" notice (its content is not marked English).
  it.each([
    [
      '/fr/about',
      ['À propos de ce site', 'Glossaire', 'Éditions comparables', 'Voir : Évolutions.'],
      ['About this site', 'Glossary', 'See Changes.'],
    ],
    [
      '/fr/compare?edition=2024&countries=DE,FR',
      ['Comparer des pays', 'Côte à côte', 'Ce que valent les différences', 'diffère'],
      ['Side by side', 'What the differences are worth', 'Mark differences against'],
    ],
    [
      '/fr/changes?from=2019&to=2024',
      ['Évolutions de 2019 à 2024', 'Réponses modifiées', 'Classer par :'],
      ['Changes from 2019 to 2024', 'Answers changed', 'Order by:'],
    ],
    [
      '/fr/countries/DE/changes?from=2019&to=2024',
      ['Allemagne : ce qui a changé de 2019 à 2024', 'Avant (2019)', 'valeur de Shapley'],
      ['what changed from', 'Changed answers'],
    ],
    [
      '/fr/methodology',
      ['Méthodologie', 'Comment les scores sont calculés', 'Versions du questionnaire'],
      ['How scores are made', 'Questionnaire versions', 'Asked when'],
    ],
    [
      '/fr/downloads',
      ['Téléchargements', 'Panels : toutes les éditions comparables', 'Flux', 'Licence :'],
      ['Panels: all comparable editions', 'What it holds', 'Every published change'],
    ],
    [
      '/fr/countries/DE/2024/what-if',
      ['Et si… : Allemagne, édition 2024', 'Publié et simulé', 'Recalculer', 'Sans objet'],
      ['Published against simulated', 'Recompute', 'Not applicable'],
    ],
    [
      '/fr/robustness/2024?draws=20&sensitivity_samples=0',
      ['Les rangs sont-ils robustes ?', 'Intervalles de rang et de score', 'Rang médian'],
      ['How robust are the ranks?', 'Median rank'],
    ],
    [
      '/fr/countries/DE/rules/fr-residence-period',
      [
        'Réponse par édition',
        'Sur un seul axe des dates',
        'Décisions de justice et textes législatifs',
      ],
      ['Answer by edition', 'On one date axis', 'Court decisions and legislation'],
    ],
    [
      '/fr/rules/fr-residence-period/2024',
      ['Tous les pays', 'Événements juridiques', 'Chronologie de cette règle'],
      ['All countries', 'Legal events', 'Timeline of this rule'],
    ],
  ])('%s is in French', async (path, french, english) => {
    const html = await get(path);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<main id="main">');
    expect(html).not.toContain('untranslated-page');
    const text = visible(html);
    for (const words of french) expect(text, words).toContain(words);
    for (const words of english) expect(text, words).not.toContain(words);
  });

  it('gives page titles, chart texts and rank text in French', async () => {
    const home = await get('/fr/');
    expect(home).toContain('<title>Classement 2024 · ');
    expect(home).toContain('Score global de chaque pays, édition 2024, du plus élevé au plus bas');
    const profile = await get('/fr/countries/DE/2024');
    expect(visible(profile)).toMatch(/rang \d sur \d/);
    expect(profile).toContain('<th scope="col">Édition</th>');
    // The groups' French names come from the catalogue (group.eu15 → UE15).
    expect(profile).toContain('Moyenne UE15');
    expect(profile).not.toContain('EU15');
    expect(profile).not.toContain('Overall score of each country');
    expect(await get('/fr/countries')).toContain('<title>Pays · ');
  });

  it('shows an error page in French, the message marked English', async () => {
    const response = await request(app).get('/fr/countries/DE/rules/no-such-rule');
    expect(response.status).toBe(404);
    expect(response.text).toContain('<h1>Introuvable</h1>');
    expect(response.text).toMatch(/<p class="error" data-code="not-found" lang="en">/);
    expect(response.text).toContain('Retour au classement');
  });
});

describe('numbers on French pages', () => {
  it('are written with a decimal comma by the one display rule, in French only', () => {
    const questionnaire = { displayDecimals: 2 } as Questionnaire;
    withLanguage('fr', () => {
      expect(shown(questionnaire, 4.6875)).toBe('4,69');
      expect(signed(1.04)).toBe('+1,04');
      expect(signed(-0.5)).toBe('-0,50');
      expect(signed(0)).toBe('±0');
      expect(fixed(1234.5, 1)).toBe('1\u202f234,5');
      expect(writtenIn('0.29 ± 0.05')).toBe('0,29 ± 0,05');
      expect(counted(2320)).toBe('2\u202f320');
    });
    withLanguage('en', () => {
      expect(shown(questionnaire, 4.6875)).toBe('4.69');
      expect(fixed(1234.5, 1)).toBe('1234.5');
      expect(counted(2320)).toBe('2,320');
    });
    // Outside a page (API, CSV, CLI): English.
    expect(signed(1.04)).toBe('+1.04');
  });

  it('a French page shows "," decimals, its English twin ".", and the API is unchanged', async () => {
    const french = await get('/fr/changes?from=2019&to=2024');
    const english = await get('/changes?from=2019&to=2024');
    expect(french).toContain('<strong>+4,69</strong>');
    expect(french).not.toContain('+4.69');
    expect(english).toContain('<strong>+4.69</strong>');
    expect(await get('/fr/countries/DE/changes?from=2019&to=2024')).toContain('+4,69');
    const api = await request(app).get('/api/v1/changes?country=DE&from=2019&to=2024');
    expect(api.body.totals[0].shown.change).toBe('+4.69');
    const csv = await request(app).get('/api/v1/editions/2024/scores.csv');
    expect(csv.text).toMatch(/,\d+\.\d{3,}/); // full precision, decimal point
    // The English page after a French one: nothing kept from the French request.
    await get('/fr/countries/DE/rules/fr-residence-period');
    expect(await get('/countries/DE/rules/fr-residence-period')).not.toMatch(/[+-]\d+,\d\d/);
  });
});

describe('automatic findings', () => {
  it('are French on the French profile and English in the API (and the English profile)', async () => {
    const french = visible(await get('/fr/countries/DE/2024'));
    expect(french).toMatch(
      /Allemagne obtient \d+,\d\d au score global, \d+,\d\d points? (au-dessus|en dessous) de/,
    );
    expect(french).toContain('Son volet le plus fort : ');
    expect(french).toMatch(
      /Le plus grand changement depuis 2019 concerne Accès à la nationalité : \+9,38 \(59,79 → 69,17\)/,
    );
    expect(french).toContain('Constats');
    expect(french).not.toContain('Its strongest area is');
    const api = await request(app).get('/api/v1/countries/DE/2024');
    const texts = (api.body.findings as { text: string }[]).map((f) => f.text);
    expect(texts.some((t) => t.startsWith('Its strongest area is '))).toBe(true);
    expect(
      texts.some((t) =>
        /^Germany scores \d+\.\d\d overall, \d+\.\d\d points? (above|below) the /.test(t),
      ),
    ).toBe(true);
    expect(api.text).toMatch(/"rankShown":"\d+ of \d+"/);
    expect(visible(await get('/countries/DE/2024'))).toContain('Its strongest area is ');
  });
});
