/**
 * The Atom feeds: published changes (site-wide, per country, per strand) and published legal
 * events. A change entry is one row of a changes page — a changed answer between a country's
 * consecutive editions, with the points it moved — so the feeds say exactly what those pages say.
 *
 * Entry ids are tag URIs (RFC 4151) minted from the site's host and the date of its first
 * publication, both stable: `tag:index.example,2024-05-01:changes/FR/2019/2024/fr-partners`.
 * An entry's `updated` is the publication time of the snapshot since which it reads as it does
 * now, so a correction that leaves a change alone does not make it new again.
 */
import { labelIn } from '../i18n/page-language.js';
import type { QuestionnaireNode, Questionnaire, Strand } from '../../questionnaire/types.js';
import { ATOM_TYPE, type AtomEntry, type AtomFeed } from '../atom.js';
import type {
  PublicData,
  PublishedEdition,
  PublishedLegalEvent,
} from '../../published/public-data.js';
import type { ChangeRow } from './changes.js';
import { eventHeadline, legalEventView } from './legal-events.js';
import { changesBetween, changesHref, consecutivePairs, editionsWith } from './rule-changes.js';
import { sourceLine, timelineHref } from './timeline.js';

/** Newest entries a feed holds: feed readers keep what they have seen, and a feed stays small. */
const MAX_FEED_ENTRIES = 500;

const FEED_AUTHOR = 'Policy Index';

export const feedPaths = {
  changes: '/feeds/changes.atom',
  country: (code: string) => `/feeds/countries/${code}.atom`,
  strand: (strand: string) => `/feeds/strands/${strand}.atom`,
  legalEvents: '/feeds/legal-events.atom',
};

/** Where the feeds are published: absolute links need the public address, ids its host. */
export interface FeedSite {
  /** Public address without a trailing slash ('' in a static export without one: links stay relative). */
  baseUrl: string;
  /** Host name for tag URIs (the public address's, else the request's). */
  authority: string;
}

type ChangeScope =
  { kind: 'site' } | { kind: 'country'; code: string } | { kind: 'strand'; strand: FeedStrand };

/** A strand a feed follows, and the published edition whose strand page the feed links to. */
export interface FeedStrand {
  strand: Strand;
  edition: string;
}

/**
 * Every strand a feed can follow: each strand id of the questionnaire of some published edition
 * (editions of both instruments are published side by side), once. A strand is taken from the
 * default edition when it has it, else from the newest edition that does.
 */
export function feedStrands(data: PublicData): FeedStrand[] {
  const latest = data.latestEditionId();
  const ids = data.publishedEditions().map((e) => e.id);
  const order = [...(latest === null ? [] : [latest]), ...ids.reverse()];
  const found = new Map<string, FeedStrand>();
  for (const edition of order)
    for (const strand of data.edition(edition)!.questionnaire.strands)
      if (!found.has(strand.id)) found.set(strand.id, { strand, edition });
  return [...found.values()];
}

/** The feed of a strand id, or null for an id no published edition's questionnaire has. */
export function feedStrand(data: PublicData, id: string): FeedStrand | null {
  return feedStrands(data).find((s) => s.strand.id === id) ?? null;
}

/** A changed answer as a feed entry sees it (a changes page row, with where it was published). */
interface ChangeEntry {
  code: string;
  name: string;
  from: string;
  to: string;
  strandId: string;
  row: ChangeRow;
  updated: string;
  illustrative: boolean;
}

/** When each revision of every published edition was published (ISO date-times). */
const publicationTimes = (data: PublicData) =>
  data.publishedEditions().flatMap((e) => data.edition(e.id)!.revisions.map((r) => r.publishedAt));

/** The date of the site's first publication (YYYY-MM-DD): immutable, so ids built on it are too. */
function siteDate(data: PublicData): string {
  const times = publicationTimes(data);
  return times.length === 0 ? '2000-01-01' : times.sort()[0]!.slice(0, 10);
}

/** The tag URI prefix of every id of the site's feeds (`tag:host,date:`), made once per feed. */
const tagPrefix = (data: PublicData, site: FeedSite) => `tag:${site.authority},${siteDate(data)}:`;

/**
 * When a country's answer to a question last changed within an edition's revisions: the
 * publication time of the earliest revision from which it is the same as in the latest.
 */
function answerSince(data: PublicData, edition: PublishedEdition, code: string, question: string) {
  const entryOf = (e: PublishedEdition) =>
    JSON.stringify(e.sheets.get(code)?.answers[question] ?? null);
  const current = entryOf(edition);
  let since = edition.snapshot.publishedAt;
  for (const revision of [...edition.revisions].reverse()) {
    if (revision.revision >= edition.snapshot.revision) continue;
    const earlier = data.edition(edition.edition.id, revision.revision)!;
    if (entryOf(earlier) !== current) break;
    since = earlier.snapshot.publishedAt;
  }
  return since;
}

/** Every question id a strand holds, following a cross-cutting strand's references. */
function questionsOfStrand(questionnaire: Questionnaire, strand: Strand): Set<string> {
  const ids = new Set<string>();
  const visit = (node: QuestionnaireNode) => {
    if (node.kind === 'question') ids.add(node.id);
    else if (node.kind === 'ref') visit(questionnaire.nodes.get(node.targetId)!);
    else node.children.forEach(visit);
  };
  visit(strand);
  return ids;
}

/**
 * The published changes in scope, newest publication first (then country and questionnaire
 * order): the rows of every country's changes pages between consecutive editions.
 */
function changeEntries(data: PublicData, scope: ChangeScope): ChangeEntry[] {
  const names = data.countryNames();
  const codes =
    scope.kind === 'country'
      ? [scope.code]
      : [...new Set(data.publishedEditions().flatMap((e) => data.edition(e.id)!.countries))].sort();
  const entries: ChangeEntry[] = [];
  for (const code of codes) {
    for (const { before, after } of consecutivePairs(editionsWith(data, code))) {
      // A strand feed follows the strand of that id in each edition's own questionnaire; an
      // edition coded with a questionnaire without it has nothing for this feed.
      const strand =
        scope.kind === 'strand'
          ? after.questionnaire.strands.find((s) => s.id === scope.strand.strand.id)
          : undefined;
      if (scope.kind === 'strand' && !strand) continue;
      const inStrand = strand ? questionsOfStrand(after.questionnaire, strand) : null;
      for (const row of changesBetween(data, code, before, after).rows) {
        if (inStrand && !inStrand.has(row.id)) continue;
        const a = answerSince(data, after, code, row.id);
        const b = answerSince(data, before, code, row.id);
        entries.push({
          code,
          name: names.get(code) ?? code,
          from: before.edition.id,
          to: after.edition.id,
          strandId: after.questionnaire.nodes.get(row.id)!.strandId!,
          row,
          updated: a > b ? a : b,
          illustrative: before.illustrative || after.illustrative,
        });
      }
    }
  }
  return entries
    .map((entry, order) => ({ entry, order }))
    .sort((x, y) =>
      x.entry.updated < y.entry.updated
        ? 1
        : x.entry.updated > y.entry.updated
          ? -1
          : x.order - y.order,
    )
    .map((x) => x.entry)
    .slice(0, MAX_FEED_ENTRIES);
}

function changeEntry(site: FeedSite, tag: string, change: ChangeEntry): AtomEntry {
  const { row, code, name, from, to } = change;
  const sources = row.sourcesAfter.map(sourceLine);
  const summary = [
    `${name}, ${row.strand}: “${row.label}”${row.code ? ` (${row.code})` : ''} changed from “${row.before}” (${from}) to “${row.after}” (${to}).`,
    row.inForceSince ? `In force since ${row.inForceSince}.` : '',
    `Points moved: ${row.pointsOverallShown} overall, ${row.pointsStrandShown} in the strand.`,
    sources.length > 0 ? `Sources: ${sources.join('; ')}.` : '',
    change.illustrative ? 'Illustrative sample data, not a real assessment.' : '',
  ];
  return {
    id: `${tag}changes/${code}/${from}/${to}/${row.id}`,
    title: `${name}: ${row.label} — ${row.before} → ${row.after} (${from}–${to})`,
    updated: change.updated,
    links: [
      {
        rel: 'alternate',
        type: 'text/html',
        href: `${site.baseUrl}${timelineHref(code, row.id)}#edition-${to}`,
      },
      {
        rel: 'related',
        type: 'text/html',
        href: `${site.baseUrl}${changesHref(code, from, to)}`,
        title: `Every change in ${name} from ${from} to ${to}`,
      },
    ],
    summary: summary.filter((s) => s !== '').join(' '),
    categories: [
      { term: code, label: name },
      { term: change.strandId, label: row.strand },
    ],
  };
}

const newestOf = (times: readonly string[], fallback: string) =>
  times.reduce((a, b) => (b > a ? b : a), fallback);

/** When the site last published anything (the feeds' `updated` when they have no entry). */
function lastPublication(data: PublicData): string {
  return newestOf(publicationTimes(data), '2000-01-01T00:00:00.000Z');
}

export function changesFeed(data: PublicData, site: FeedSite, scope: ChangeScope): AtomFeed {
  const names = data.countryNames();
  const entries = changeEntries(data, scope);
  const tag = tagPrefix(data, site);
  const about =
    scope.kind === 'site'
      ? { id: 'feeds/changes', title: 'published changes', self: feedPaths.changes, page: '/' }
      : scope.kind === 'country'
        ? {
            id: `feeds/countries/${scope.code}`,
            title: `published changes in ${names.get(scope.code) ?? scope.code}`,
            self: feedPaths.country(scope.code),
            page: `/countries/${scope.code}`,
          }
        : {
            id: `feeds/strands/${scope.strand.strand.id}`,
            title: `published changes in ${labelIn(scope.strand.strand.label)}`,
            self: feedPaths.strand(scope.strand.strand.id),
            page: `/strands/${scope.strand.strand.id}/${scope.strand.edition}`,
          };
  return {
    id: `${tag}${about.id}`,
    title: `Policy Index: ${about.title}`,
    subtitle:
      'Every answer that changed between consecutive published editions of a country, with the points it moved (as on the changes pages).',
    updated: newestOf(
      entries.map((e) => e.updated),
      lastPublication(data),
    ),
    author: FEED_AUTHOR,
    links: [
      { rel: 'self', type: ATOM_TYPE, href: `${site.baseUrl}${about.self}` },
      { rel: 'alternate', type: 'text/html', href: `${site.baseUrl}${about.page}` },
    ],
    entries: entries.map((e) => changeEntry(site, tag, e)),
  };
}

export function legalEventsFeed(
  data: PublicData,
  site: FeedSite,
  events: readonly PublishedLegalEvent[],
): AtomFeed {
  const names = data.countryNames();
  const tag = tagPrefix(data, site);
  const latest = data.latestEditionId();
  const questionnaire = latest ? data.edition(latest)!.questionnaire : null;
  const questionLabel = (id: string) => {
    const node = questionnaire?.nodes.get(id);
    return node ? labelIn(node.label) : id;
  };
  const sorted = [...events]
    .sort((a, b) =>
      a.publishedAt !== b.publishedAt
        ? a.publishedAt < b.publishedAt
          ? 1
          : -1
        : a.event.date !== b.event.date
          ? a.event.date < b.event.date
            ? 1
            : -1
          : a.event.id < b.event.id
            ? -1
            : 1,
    )
    .slice(0, MAX_FEED_ENTRIES);
  const entries: AtomEntry[] = sorted.map(({ event, publishedAt }) => {
    const view = legalEventView(event);
    const countries = event.countries.map((c) => names.get(c) ?? c);
    const timelines = event.countries.flatMap((c) =>
      event.questions.map((q) => ({
        href: `${site.baseUrl}${timelineHref(c, q)}#event-${event.id}`,
        title: `${names.get(c) ?? c}: ${questionLabel(q)}`,
      })),
    );
    return {
      id: `${tag}legal-events/${event.id}`,
      title: `${view.kindText}: ${event.title} (${countries.join(', ')})`,
      updated: publishedAt,
      links: [
        // Atom wants an alternate link on an entry without content: the first rule's timeline.
        { rel: 'alternate', type: 'text/html', ...(timelines[0] ?? { href: `${site.baseUrl}/` }) },
        ...timelines.slice(1).map((t) => ({ rel: 'related' as const, type: 'text/html', ...t })),
        ...(view.url ? [{ rel: 'related' as const, href: view.url, title: 'The text' }] : []),
      ],
      summary: [
        `${eventHeadline(view)}, ${event.date}${event.inForceDate ? ` (in force ${event.inForceDate})` : ''}.`,
        event.summary,
        view.identifier ? `Identifier: ${view.identifier}.` : '',
        `Rules: ${event.questions.map(questionLabel).join('; ')}.`,
        event.illustrative ? 'Illustrative sample data, not a real event.' : '',
      ]
        .filter((s) => s !== '')
        .join(' '),
      categories: [
        { term: event.kind, label: view.kindText },
        ...event.countries.map((c) => ({ term: c, label: names.get(c) ?? c })),
      ],
    };
  });
  return {
    id: `${tag}feeds/legal-events`,
    title: 'Policy Index: published legal events',
    subtitle:
      'Court decisions and legislation linked to the rules of the index, as published with its editions.',
    updated: newestOf(
      entries.map((e) => e.updated),
      lastPublication(data),
    ),
    author: FEED_AUTHOR,
    links: [
      { rel: 'self', type: ATOM_TYPE, href: `${site.baseUrl}${feedPaths.legalEvents}` },
      { rel: 'alternate', type: 'text/html', href: `${site.baseUrl}/` },
    ],
    entries,
  };
}
