/**
 * Where a page of the site lives in the static export. A static web server maps a path to a file
 * and ignores the query string: `/editions/2024?sort=country` would answer with the ranking by
 * rank, pretending to be sorted. So every page the export pre-renders for a query gets an
 * address of its own, without a query (`/editions/2024/sort/country`), and the links the
 * exported files contain are rewritten to it.
 */

/**
 * The file a static server answers a path with: `/x/y` → `x/y/index.html`, an API path without
 * extension → `path.json`, anything with an extension → that file.
 */
export function staticFileFor(path: string): string {
  const clean = path.replace(/^\/+/, '');
  if (clean === '') return 'index.html';
  if (/\.[a-z]+$/.test(clean)) return clean;
  if (clean.startsWith('api/')) return `${clean}.json`;
  return `${clean}/index.html`;
}

/** A page the server renders for a query, and the query-free address it gets in the export. */
export interface QueryPage {
  /** The address on the server, with its query: `/countries/FR/changes?from=2019&to=2024`. */
  url: string;
  /** Its address in the export: `/countries/FR/changes/2019/2024`. */
  at: string;
}

/**
 * A URL with its query parameters in a fixed order, so that `?to=B&from=A` and `?from=A&to=B`
 * find the same page; `null` for a URL without a query.
 */
export function queryKey(url: string): string | null {
  const mark = url.indexOf('?');
  if (mark < 0) return null;
  const params = [...new URLSearchParams(url.slice(mark + 1))].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `${url.slice(0, mark)}?${new URLSearchParams(params).toString()}`;
}

/** Export addresses of the pre-rendered query pages, by `queryKey` of their server URL. */
export function addressBook(pages: readonly QueryPage[]): Map<string, string> {
  return new Map(pages.map((page) => [queryKey(page.url)!, page.at]));
}

/** The export address of an internal link with a query, or the link itself if there is none. */
function addressOf(link: string, book: ReadonlyMap<string, string>): string {
  if (!link.startsWith('/') || link.startsWith('//')) return link;
  const hash = link.indexOf('#');
  const fragment = hash < 0 ? '' : link.slice(hash);
  const key = queryKey(hash < 0 ? link : link.slice(0, hash));
  const at = key === null ? undefined : book.get(key);
  return at === undefined ? link : at + fragment;
}

const unescapeAttribute = (value: string) => value.replace(/&amp;/g, '&');
const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * A rendered file with its links to pre-rendered query pages pointed at their export address:
 * `href` and `src` attributes in HTML and Atom, and string values that are such links in JSON
 * (the timelines' links to the changes pages). In HTML and Atom, a link to a page the export has
 * not rendered stays as it is: the pages that have such links show a notice instead (and the
 * export's tests fail on any that remains). In JSON, which scripts read rather than people, such
 * a link (a rule page's country-group filters) names the live site when its address is known.
 * Absolute links are never touched.
 */
export function rewriteLinks(
  body: string,
  type: 'html' | 'xml' | 'json',
  book: ReadonlyMap<string, string>,
  liveSite: string | null,
): string {
  if (type === 'json')
    return body.replace(/"(\/[^"\\]*\?[^"\\]*)"/g, (whole, link: string) => {
      const at = addressOf(link, book);
      if (at !== link) return JSON.stringify(at);
      return liveSite === null || link.startsWith('//') ? whole : JSON.stringify(liveSite + link);
    });
  return body.replace(/\b(href|src)="(\/[^"]*\?[^"]*)"/g, (whole, name: string, value: string) => {
    const link = unescapeAttribute(value);
    const at = addressOf(link, book);
    return at === link ? whole : `${name}="${escapeAttribute(at)}"`;
  });
}
