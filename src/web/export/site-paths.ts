/**
 * What the static export renders: every public path of the site, and the pages the server
 * renders for a query that can be enumerated (every sort order of every ranking, the changes of
 * every country between any two of its editions (and, between editions of two questionnaires,
 * the instrument-change page), the compare page of every edition, the changes hub of every
 * comparable pair in each of its orders, every revision's profiles), each with
 * the query-free address it gets in the export (`static-address.ts`).
 *
 * What cannot be enumerated — comparing chosen countries, what-if answers, robustness runs with
 * other settings, the country-group filter — is not rendered: those pages show a notice that
 * links to the live site instead of their form (`views/partials/live-only.ejs`).
 */
import type { Db } from '../../storage/database.js';
import { PublicData } from '../../published/public-data.js';
import { downloadPaths } from '../../downloads/download-paths.js';
import { instrumentChangePath } from '../../published/display.js';
import { latestEdition } from '../params.js';
import { feedPaths, feedStrands } from '../view-models/feeds.js';
import { changesHref, editionsWith } from '../view-models/rule-changes.js';
import { comparablePairs, hubHref } from '../view-models/changes-hub.js';
import { ruleCountriesHref, timelineHref } from '../view-models/timeline.js';
import { revisionHref } from '../view-models/common.js';
import type { QueryPage } from './static-address.js';
import { localizedPath } from '../i18n/localized-pages.js';

/** Every public path of the site (none with a query). */
export function sitePaths(db: Db): string[] {
  const data = new PublicData(db);
  const paths = ['/', '/compare', '/methodology', '/downloads', '/assets/site.css'];
  // The hubs (routes/hubs.ts); /robustness is a redirect to the default edition's page.
  paths.push('/countries', '/strands', '/changes', '/about', '/robustness');
  paths.push('/api/openapi.json', '/api/v1/editions', '/api/v1/countries', '/api/v1/questionnaire');
  const countries = new Set<string>();
  for (const { id } of data.publishedEditions()) {
    const edition = data.edition(id)!;
    paths.push(
      `/editions/${id}`,
      `/robustness/${id}`,
      `/api/v1/editions/${id}/scores.json`,
      `/api/v1/editions/${id}/scores.csv`,
    );
    for (const strand of edition.questionnaire.strands) paths.push(`/strands/${strand.id}/${id}`);
    for (const code of edition.countries) {
      countries.add(code);
      paths.push(
        `/countries/${code}/${id}`,
        `/countries/${code}/${id}/what-if`,
        `/api/v1/countries/${code}/${id}`,
      );
    }
  }
  // Every published revision's files and every panel's (the downloads page links them all).
  paths.push(...downloadPaths(data));
  for (const code of countries) {
    paths.push(`/countries/${code}`);
    if (editionsWith(data, code).length >= 2) paths.push(`/countries/${code}/changes`);
  }
  paths.push(...courtWatchPaths(data, [...countries]));
  return withFrench(paths);
}

/** The paths and, for every page, its French twin under /fr (i18n/localized-pages.ts). */
function withFrench(paths: string[]): string[] {
  const french = paths.map((path) => localizedPath(path, 'fr')).filter((p, i) => p !== paths[i]);
  return [...new Set([...paths, ...french])];
}

/**
 * Rule timelines (page, JSON, CSV) of every country and question, every rule in every country
 * per edition (page, JSON; the country-group filter is a query and has no static twin), and the
 * Atom feeds.
 */
function courtWatchPaths(data: PublicData, countries: string[]): string[] {
  const paths = [feedPaths.changes, feedPaths.legalEvents];
  const editions = data.publishedEditions().map((e) => data.edition(e.id)!);
  for (const edition of editions)
    for (const question of edition.questionnaire.questions)
      paths.push(
        ruleCountriesHref(question.id, edition.edition.id),
        `/api/v1${ruleCountriesHref(question.id, edition.edition.id)}.json`,
      );
  for (const code of countries) {
    paths.push(feedPaths.country(code));
    const asked = new Set(
      editionsWith(data, code).flatMap((e) => e.questionnaire.questions.map((q) => q.id)),
    );
    for (const question of asked) {
      const page = timelineHref(code, question);
      paths.push(page, `/api/v1${page}.json`, `/api/v1${page}.csv`);
    }
  }
  // A feed for every strand of a published edition's questionnaire, as their route serves.
  for (const { strand } of feedStrands(data)) paths.push(feedPaths.strand(strand.id));
  return [...new Set(paths)];
}

/**
 * The query pages the export renders, each with its export address. Several server URLs may
 * share one address: the front page sorted by a column is the latest edition's ranking sorted
 * by it. The first page of each address is the one rendered.
 */
export function queryPages(db: Db): QueryPage[] {
  const data = new PublicData(db);
  const pages: QueryPage[] = [];
  const editions = data.publishedEditions().map((e) => data.edition(e.id)!);
  for (const edition of editions) {
    const id = edition.edition.id;
    // The sort orders the ranking offers besides its default (by rank): see pages.ts.
    for (const sort of ['country', ...edition.questionnaire.strands.map((s) => s.id)])
      pages.push({ url: `/editions/${id}?sort=${sort}`, at: `/editions/${id}/sort/${sort}` });
    pages.push({ url: `/compare?edition=${id}`, at: `/compare/${id}` });
    // Every revision's profiles at their permalink (the current one too: a citation names it).
    for (const { revision } of edition.revisions)
      for (const code of data.edition(id, revision)!.countries)
        pages.push({
          url: revisionHref(`/countries/${code}/${id}`, revision),
          at: `/countries/${code}/${id}/revision/${revision}`,
        });
    // The other pages that can be cited, at their permalinks too (view-models/citation.ts).
    for (const { revision } of edition.revisions) {
      pages.push(
        {
          url: revisionHref(`/editions/${id}`, revision),
          at: `/editions/${id}/revision/${revision}`,
        },
        {
          url: `/methodology?edition=${id}&revision=${revision}`,
          at: `/methodology/${id}/revision/${revision}`,
        },
      );
      for (const strand of data.edition(id, revision)!.questionnaire.strands)
        pages.push({
          url: revisionHref(`/strands/${strand.id}/${id}`, revision),
          at: `/strands/${strand.id}/${id}/revision/${revision}`,
        });
    }
  }
  if (editions.length > 0) {
    const front = latestEdition(data);
    for (const sort of ['country', ...front.questionnaire.strands.map((s) => s.id)])
      pages.push({ url: `/?sort=${sort}`, at: `/editions/${front.edition.id}/sort/${sort}` });
  }
  // The changes hub of every comparable pair, in every order it offers (routes/hubs.ts).
  for (const { from, to } of comparablePairs(data)) {
    const later = editions.find((e) => e.edition.id === to)!;
    for (const sort of ['overall', ...later.questionnaire.strands.map((s) => s.id)])
      pages.push({
        url: hubHref(from, to, sort),
        at: sort === 'overall' ? `/changes/${from}/${to}` : `/changes/${from}/${to}/sort/${sort}`,
      });
  }
  const countries = new Set(editions.flatMap((e) => e.countries));
  for (const code of countries) {
    const own = editionsWith(data, code);
    for (let i = 0; i < own.length; i++)
      for (let j = i + 1; j < own.length; j++) {
        const [from, to] = [own[i]!, own[j]!];
        const [a, b] = [from.edition.id, to.edition.id];
        pages.push({ url: changesHref(code, a, b), at: `/countries/${code}/changes/${a}/${b}` });
        // Editions of two instruments: the page that splits their difference (the changes
        // page and the later profile link to it).
        if (from.questionnaire.id !== to.questionnaire.id)
          pages.push({
            url: instrumentChangePath(code, a, b),
            at: `/countries/${code}/instrument-change/${a}/${b}`,
          });
      }
  }
  return [
    ...pages,
    ...pages.map((page) => ({
      url: localizedPath(page.url, 'fr'),
      at: localizedPath(page.at, 'fr'),
    })),
  ];
}
