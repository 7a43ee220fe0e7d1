/**
 * Atom 1.0 (RFC 4287) documents, written as text. Every piece of text and every attribute goes
 * through `xmlEscape`, so nothing published (a source title, a comment, a case name) can break
 * the XML or inject markup; characters XML 1.0 does not allow at all are dropped.
 */

export interface AtomLink {
  href: string;
  rel: 'alternate' | 'self' | 'related';
  type?: string;
  title?: string;
}

export interface AtomEntry {
  /** A permanent, unique IRI: the same entry keeps it across requests and publications. */
  id: string;
  title: string;
  /** RFC 3339 date-time of the last significant change of the entry. */
  updated: string;
  published?: string;
  links: AtomLink[];
  summary: string;
  categories: { term: string; label: string }[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  updated: string;
  author: string;
  links: AtomLink[];
  entries: AtomEntry[];
}

export const ATOM_TYPE = 'application/atom+xml';

/** Characters XML 1.0 forbids even escaped (controls other than tab, line feed, carriage return). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attributes = (values: Record<string, string | undefined>) =>
  Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xmlEscape(value)}"`)
    .join('');

const element = (name: string, text: string, attrs: Record<string, string | undefined> = {}) =>
  `<${name}${attributes(attrs)}>${xmlEscape(text)}</${name}>`;

const link = (l: AtomLink) =>
  `<link${attributes({ rel: l.rel, href: l.href, type: l.type, title: l.title })}/>`;

export function atomDocument(feed: AtomFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  ${element('id', feed.id)}`,
    `  ${element('title', feed.title, { type: 'text' })}`,
    `  ${element('subtitle', feed.subtitle, { type: 'text' })}`,
    `  ${element('updated', feed.updated)}`,
    `  <author>${element('name', feed.author)}</author>`,
    ...feed.links.map((l) => `  ${link(l)}`),
  ];
  for (const entry of feed.entries) {
    lines.push(
      '  <entry>',
      `    ${element('id', entry.id)}`,
      `    ${element('title', entry.title, { type: 'text' })}`,
      `    ${element('updated', entry.updated)}`,
      ...(entry.published ? [`    ${element('published', entry.published)}`] : []),
      ...entry.links.map((l) => `    ${link(l)}`),
      ...entry.categories.map(
        (c) => `    <category${attributes({ term: c.term, label: c.label })}/>`,
      ),
      `    ${element('summary', entry.summary, { type: 'text' })}`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
