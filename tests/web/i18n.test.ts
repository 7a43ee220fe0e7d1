/**
 * Two languages (issue 14, item 10): French pages under /fr/ with French interface strings and
 * questionnaire labels, a switcher and hreflang alternates on every page, links that stay in
 * the page's language, an English fallback that says so, and catalogues that agree.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ejs from 'ejs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { PUBLIC_URL, testApp } from '../helpers/app.js';
import { twoInstrumentDatabase } from '../crosswalk/two-instruments.js';
import { CATALOGUES, groupLabelIn, translate } from '../../src/web/i18n/catalogue.js';
import { frenchLinks, localizedEjs, localizedPath } from '../../src/web/i18n/localized-pages.js';
import {
  inPage,
  isUntranslated,
  labelIn,
  newPageLanguage,
  pageLanguage,
  withLanguage,
} from '../../src/web/i18n/page-language.js';
import { fixed } from '../../src/published/display.js';

let app: Express;
beforeAll(() => {
  app = testApp();
});

describe('the French profile', () => {
  it('shows French labels and French interface strings', async () => {
    const { status, text } = await request(app).get('/fr/countries/DE/2024');
    expect(status).toBe(200);
    expect(text).toContain('<html lang="fr">');
    // Questionnaire labels: strand, dimension, band, question and answer option.
    expect(text).toContain('Regroupement familial');
    expect(text).toContain('Accès à la nationalité');
    expect(text).toContain('Conditions d&#39;admissibilité');
    expect(text).toContain('À mi-chemin');
    expect(text).toContain('Résidence préalable du regroupant');
    // The rule in force: the chosen option's label.
    expect(text).toMatch(
      /<strong>(Aucune durée minimale de résidence|Une durée minimale d&#39;un an ou moins|Une durée minimale de plus d&#39;un an)<\/strong>/,
    );
    expect(text).toContain(
      'Questionnaire de l&#39;indice des politiques migratoires, version 1.1.0',
    );
    // Interface strings.
    expect(text).toContain('<h2 id="strands-heading">Volets</h2>');
    expect(text).toContain('Les règles, réponse par réponse');
    expect(text).toContain('Citer cette page');
    // Country names from the platform's CLDR data.
    expect(text).toContain('<h1>Allemagne <span class="code">DE</span></h1>');
    // The permalink and the citation in French.
    const permalink = `${PUBLIC_URL}/fr/countries/DE/2024?revision=1`;
    expect(text).toContain(`<a class="permalink" href="${permalink}">${permalink}</a>`);
    expect(text).toMatch(/Allemagne : profil du pays, édition 2024 \(révision 1\)/);
    expect(text).toMatch(/\(consulté le \d{1,2} [a-zéû]+ \d{4}\)/);
    expect(text).not.toContain('Family reunification');
    expect(text).not.toContain('The rules, answer by answer');
  });

  it('keeps its links in French, and the API, feeds and files language-neutral', async () => {
    const { text } = await request(app).get('/fr/countries/DE/2024');
    expect(text).toContain('href="/fr/strands/family-reunification/2024"');
    expect(text).toContain('href="/fr/countries/DE/changes"');
    expect(text).toContain('href="/feeds/countries/DE.atom"');
    expect(text).toContain('href="/api/openapi.json"');
    expect(text).toContain('href="/assets/site.css"');
    expect(text).not.toMatch(
      /href="\/(?!fr\/|fr"|api\/|assets\/|feeds\/|workspace|countries\/DE\/2024")[a-z]/,
    );
  });

  it('answers redirects within French and leaves the API unprefixed', async () => {
    const redirect = await request(app).get('/fr/countries/DE');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toMatch(/^\/fr\/countries\/DE\/\d{4}$/);
    expect((await request(app).get('/fr/api/v1/editions')).status).toBe(404);
    expect((await request(app).get('/fr/nowhere')).text).toContain('<html lang="fr">');
  });
});

describe('the language switcher and hreflang alternates', () => {
  const alternates = (path: string, english: string) => [
    `<link rel="alternate" hreflang="en" href="${PUBLIC_URL}${english}">`,
    `<link rel="alternate" hreflang="fr" href="${PUBLIC_URL}${localizedPath(english, 'fr')}">`,
    `<link rel="alternate" hreflang="x-default" href="${PUBLIC_URL}${english}">`,
  ];

  for (const [path, english] of [
    ['/countries/DE/2024', '/countries/DE/2024'],
    ['/fr/countries/DE/2024', '/countries/DE/2024'],
    ['/', '/'],
    ['/fr/', '/'],
    ['/fr/strands', '/strands'],
  ] as const) {
    it(`${path}: alternates for both languages and a switcher to the other`, async () => {
      const { status, text } = await request(app).get(path);
      expect(status).toBe(200);
      for (const link of alternates(path, english)) expect(text).toContain(link);
      const french = path.startsWith('/fr');
      const switcher = french
        ? `<a href="${english}" hreflang="en" lang="en">English</a>`
        : `<a href="${localizedPath(english, 'fr')}" hreflang="fr" lang="fr">Français</a>`;
      expect(text).toContain(switcher);
      expect(text).toContain(`<html lang="${french ? 'fr' : 'en'}">`);
    });
  }

  it('keeps the query of the page in the switcher', async () => {
    const { text } = await request(app).get('/?sort=country');
    expect(text).toContain('href="/fr/?sort=country" hreflang="fr"');
  });

  it('names the page, not the spelling of its first request: a kept page shows no one’s query', async () => {
    // A fresh app: its response cache holds nothing yet, so the odd spellings come first.
    const fresh = testApp();
    for (const odd of [
      '/countries/NL/2024?utm_source=evil&x=%22%3E',
      '/COUNTRIES/nl/2024/',
      '/fr/countries/nl/2024?utm_source=evil',
    ]) {
      const first = await request(fresh).get(odd);
      expect(first.status).toBe(200);
      expect(first.text).not.toContain('utm_source');
      expect(first.text).not.toContain('COUNTRIES');
      expect(first.text).not.toContain('countries/nl/');
      for (const link of alternates('', '/countries/NL/2024')) expect(first.text).toContain(link);
    }
    const clean = await request(fresh).get('/countries/NL/2024');
    expect(clean.text).toContain(
      '<a href="/fr/countries/NL/2024" hreflang="fr" lang="fr">Français</a>',
    );
    // What the page reads of its query stays: the switcher shows the same comparison.
    const compare = await request(fresh).get(
      '/compare?countries=AT&countries=DE&edition=2024&junk=1',
    );
    expect(compare.status).toBe(200);
    expect(compare.text).toMatch(
      /href="\/fr\/compare\?[^"]*countries=AT&amp;countries=DE[^"]*" hreflang="fr"/,
    );
    expect(compare.text).not.toMatch(/hreflang="fr"[^>]*junk|junk[^"]*" hreflang/);
  });
});

describe('the page language, a scope of synchronous code', () => {
  it('holds inside its work only, nests, and is restored when the work throws', () => {
    expect(pageLanguage()).toBe('en');
    withLanguage('fr', () => {
      expect(pageLanguage()).toBe('fr');
      expect(fixed(4.69, 2)).toBe('4,69');
      withLanguage('en', () => expect(fixed(4.69, 2)).toBe('4.69'));
      expect(() =>
        withLanguage('en', () => {
          throw new Error('a failing view');
        }),
      ).toThrow('a failing view');
      expect(pageLanguage()).toBe('fr');
      expect(fixed(4.69, 2)).toBe('4,69');
    });
    expect(pageLanguage()).toBe('en');
    expect(fixed(4.69, 2)).toBe('4.69');
  });

  it('is left at an await and entered again with the same page, which remembers its texts', async () => {
    const page = newPageLanguage('fr');
    const afterAwait = await inPage(page, async () => {
      labelIn({ en: 'Only English' });
      await Promise.resolve();
      return pageLanguage();
    });
    // No other request's code may run in a page's language after a pause.
    expect(afterAwait).toBe('en');
    inPage(page, () => {
      expect(pageLanguage()).toBe('fr');
      expect(isUntranslated('Only English')).toBe(true);
    });
  });
});

describe('a label without French', () => {
  it('falls back to English, marked as untranslated for the page', () => {
    withLanguage('fr', () => {
      expect(labelIn({ en: 'Only English', fr: 'Français' })).toBe('Français');
      expect(labelIn({ en: 'Only English' })).toBe('Only English');
      expect(isUntranslated('Only English')).toBe(true);
      expect(isUntranslated('Français')).toBe(false);
    });
    expect(labelIn({ en: 'Only English' })).toBe('Only English');
    expect(isUntranslated('Only English')).toBe(false);
  });

  it('is shown in English with lang="en" and a visible marker on a French page', () => {
    const render = (language: 'en' | 'fr', text: string) =>
      ejs.render(readFileSync(new URL('../../views/partials/label.ejs', import.meta.url), 'utf8'), {
        text,
        lang: language,
        untranslated: isUntranslated,
        t: (key: string) => translate(language, key),
      });
    withLanguage('fr', () => {
      const english = labelIn({ en: 'Only English' });
      const french = labelIn({ en: 'Both', fr: 'Les deux' });
      expect(render('fr', english)).toBe(
        '<span lang="en" class="untranslated">Only English</span><span class="untranslated-mark"> <abbr title="pas encore traduit : affiché en anglais">EN</abbr></span>',
      );
      expect(render('fr', french)).toBe('Les deux');
    });
    withLanguage('en', () => {
      expect(render('en', labelIn({ en: 'Only English' }))).toBe('Only English');
    });
  });
});

describe('questionnaire text without French on a French page', () => {
  it('is the English text, marked lang="en" with the visible marker (a strand\'s guidance)', async () => {
    const { text } = await request(app).get('/fr/strands');
    expect(text).toContain('<h2 id="strand-family-reunification">Regroupement familial</h2>');
    // Guidance and rationale are English only (plain strings in the questionnaire).
    expect(text).toMatch(
      /<strong>Ce qu&#39;il mesure :<\/strong> <span lang="en" class="untranslated">How easily [^<]+<\/span><span class="untranslated-mark"> <abbr title="pas encore traduit : affiché en anglais">EN<\/abbr><\/span>/,
    );
    const english = await request(app).get('/strands');
    expect(english.text).not.toContain('class="untranslated"');
  });
});

describe('a page whose view is not translated yet', () => {
  it('says so in French and marks its content lang="en"', async () => {
    // Every public view is translated now: a view outside TRANSLATED_VIEWS (a file of this
    // test) gets the flag, and the layout says so in French and marks the content English.
    const folder = mkdtempSync(join(tmpdir(), 'untranslated-'));
    const view = join(folder, 'not-translated.ejs');
    writeFileSync(view, '<%= locals.pageUntranslated === true %>');
    const flagged = await new Promise<string | undefined>((resolve, reject) =>
      localizedEjs(view, { lang: 'fr' }, (error, html) =>
        error ? reject(error as Error) : resolve(html),
      ),
    );
    expect(flagged).toBe('true');
    rmSync(folder, { recursive: true });
    const head = new URL('../../views/partials/head.ejs', import.meta.url).pathname;
    const rendered = await ejs.renderFile(head, {
      lang: 'fr',
      t: (key: string) => translate('fr', key),
      title: 'x',
      pageUntranslated: true,
    });
    expect(rendered).toContain('Cette page n&#39;est pas encore traduite');
    expect(rendered).toContain('<main id="main" lang="en">');
    expect(rendered).toContain('<html lang="fr">');
    expect((await request(app).get('/fr/about')).text).not.toContain('untranslated-page');
    const translated = await request(app).get('/fr/countries/DE/2024');
    expect(translated.text).toContain('<main id="main">');
    expect(translated.text).not.toContain('untranslated-page');
    const english = await request(app).get('/about');
    expect(english.text).toContain('<main id="main">');
  });
});

describe('the catalogues', () => {
  const keys = (language: 'en' | 'fr') =>
    Object.keys(CATALOGUES[language]).sort((a, b) => a.localeCompare(b));

  it('have the same keys in English and French, besides the French names of groups', () => {
    // English names groups as countries.yaml does; only another language names them here.
    const french = keys('fr').filter((k) => !k.startsWith('group.'));
    expect(french).toEqual(keys('en'));
    expect(keys('fr').filter((k) => k.startsWith('group.'))).toEqual([
      'group.eu13',
      'group.eu15',
      'group.eu27',
      'group.eu28',
      'group.oecd',
    ]);
  });

  it('name a group in French from the catalogue, else in English marked untranslated', () => {
    withLanguage('fr', () => {
      expect(groupLabelIn({ id: 'oecd', label: 'OECD' })).toBe('OCDE');
      expect(groupLabelIn({ id: 'nordic', label: 'Nordic' })).toBe('Nordic');
      expect(isUntranslated('Nordic')).toBe(true);
    });
    withLanguage('en', () => expect(groupLabelIn({ id: 'oecd', label: 'OECD' })).toBe('OECD'));
  });

  it('have every key the views use in English', () => {
    const views = new URL('../../views/', import.meta.url);
    const files = readdirSync(views, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ejs') && !f.startsWith('workspace'),
    );
    const used = new Set<string>();
    for (const file of files) {
      const text = readFileSync(new URL(file, views), 'utf8');
      for (const match of text.matchAll(/\bt?r?\('([a-zA-Z]+\.[\w.]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    const english = CATALOGUES.en;
    const missing = [...used].filter((k) => !(k in english) && !(`${k}_other` in english));
    expect(missing).toEqual([]);
  });

  it('interpolate values and choose plurals by the language rules', () => {
    expect(translate('fr', 'profile.sourceCount', { count: 1 })).toBe('1 source juridique');
    expect(translate('fr', 'profile.sourceCount', { count: 0 })).toBe('0 source juridique');
    expect(translate('en', 'profile.sourceCount', { count: 0 })).toBe('0 legal sources');
    expect(translate('en', 'profile.sourceCount', { count: 3 })).toBe('3 legal sources');
    expect(translate('fr', 'feed.country', { name: 'Allemagne' })).toBe('Évolutions : Allemagne');
  });
});

describe('frenchLinks', () => {
  it('prefixes page links and form actions, not tags that name a language', () => {
    expect(
      frenchLinks(
        '<a href="/countries">x</a><form action="/compare"><a href="/" hreflang="en">E</a><a href="/downloads/2024/1/scores.csv">f</a><a href="/downloads">d</a>',
      ),
    ).toBe(
      '<a href="/fr/countries">x</a><form action="/fr/compare"><a href="/" hreflang="en">E</a><a href="/downloads/2024/1/scores.csv">f</a><a href="/fr/downloads">d</a>',
    );
  });
});

describe('an edition coded with the 2020 instrument', () => {
  let twoApp: Express;
  let close: () => void;
  beforeAll(() => {
    const made = twoInstrumentDatabase();
    close = made.close;
    twoApp = testApp({ db: made.db });
  }, 120_000);
  afterAll(() => close?.());

  it('shows its questionnaire labels in French, none in English for want of a translation', async () => {
    const { status, text } = await request(twoApp).get('/fr/countries/AT/2025');
    expect(status).toBe(200);
    expect(text).toContain('<html lang="fr">');
    expect(text).toContain('<h2 id="strands-heading">Volets</h2>');
    // Strand, group, indicator, item, band and the instrument's title.
    expect(text).toContain('<a href="/fr/strands/family-reunion/2025">Regroupement familial</a>');
    expect(text).toContain('Résidence permanente (exigence linguistique seulement)');
    expect(text).toContain('Indicateurs de l&#39;accès à la nationalité');
    expect(text).toContain('Mesures de langue et d&#39;intégration avant l&#39;entrée');
    expect(text).toContain('Mesure linguistique avant l&#39;entrée');
    expect(text).toMatch(/Favorable|Plutôt favorable|À mi-chemin|Plutôt défavorable|Défavorable/);
    expect(text).toContain(
      'Questionnaire de l&#39;indice des politiques migratoires, génération 2020, version 1.0.0',
    );
    // The rules in force: each answer's option label, in French.
    expect(text).toContain('Exigence linguistique pour la résidence permanente');
    expect(text).not.toContain('class="untranslated"');
    expect(text).not.toContain('untranslated-mark');
    expect(text).not.toContain('Family reunification');
  });

  it('has the instrument-change page in French too', async () => {
    const { status, text } = await request(twoApp).get(
      '/fr/countries/AT/instrument-change?from=2024&to=2025',
    );
    expect(status).toBe(200);
    expect(text).toContain('<html lang="fr">');
    expect(text).toContain('Comment l&#39;écart se partage');
    expect(text).toContain('href="/fr/countries/AT/2024"');
  });
});
