/**
 * The downloads page: every panel (all comparable editions in one file) and every published
 * revision of every edition, each file with what it holds, its size and its row count, and the
 * licence and notice that go with the data.
 */
import { labelIn } from '../i18n/page-language.js';
import { textIn } from '../i18n/catalogue.js';
import { counted, fixed } from '../../published/display.js';
import { termsOf, type DataTerms } from '../../downloads/data-terms.js';
import type { DownloadFile } from '../../downloads/download-file.js';
import { datasetPath, editionFiles } from '../../downloads/edition-files.js';
import { panelFiles } from '../../downloads/panel-files.js';
import { panelPath, panels, type Panel } from '../../downloads/panels.js';
import type { PublicData } from '../../published/public-data.js';
import { feedPaths, feedStrands } from './feeds.js';

export interface FileEntry {
  file: string;
  href: string;
  description: string;
  bytes: number;
  /** "12.3 kB". */
  size: string;
  /** "1,234 rows" ("records" in JSON), or "" for a file that is not a table. */
  rows: string;
}

export interface LicenceView {
  id: string;
  title: string;
  url: string;
}

export interface DownloadsView {
  panels: {
    id: string;
    title: string;
    editions: string;
    scoringHash: string;
    illustrative: boolean;
    licences: LicenceView[];
    undeclared: boolean;
    files: FileEntry[];
  }[];
  editions: {
    id: string;
    referenceDate: string;
    illustrative: boolean;
    licences: LicenceView[];
    undeclared: boolean;
    revisions: { revision: number; publishedAt: string; note: string | null; files: FileEntry[] }[];
  }[];
  /** The site's Atom feeds but the countries' (each profile links its own). */
  feeds: { href: string; title: string }[];
}

/** A size as people read it: bytes up to 1,000, then kB and MB (powers of 1,000). */
export function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${fixed(bytes / 1000, 1)} kB`;
  return `${fixed(bytes / 1_000_000, 1)} MB`;
}

function entries(files: readonly DownloadFile[], href: (file: string) => string): FileEntry[] {
  return files.map((file) => ({
    file: file.name,
    href: href(file.name),
    description: file.description,
    bytes: file.body.length,
    size: humanSize(file.body.length),
    rows:
      file.rows === null
        ? ''
        : textIn(file.name.endsWith('.json') ? 'downloads.records' : 'downloads.rows', {
            count: file.rows,
            rows: counted(file.rows),
          }),
  }));
}

const licenceFields = (terms: DataTerms) => ({
  licences: terms.licences.map(({ id, title, url }) => ({ id, title, url })),
  undeclared: terms.undeclared,
});

/**
 * The downloads page's view. Its one wait, the panels' files (made in zlib's thread pool the
 * first time), comes first; the view is then built in one piece of synchronous code, in the
 * page's language (`inPage`, page-language.ts).
 */
export async function buildDownloads(
  data: PublicData,
  baseUrl: string,
  inPage: <T>(work: () => T) => T,
): Promise<DownloadsView> {
  const withFiles = await Promise.all(
    panels(data).map(async (panel) => ({ panel, files: await panelFiles(panel, baseUrl) })),
  );
  return inPage(() => downloadsView(data, withFiles));
}

function downloadsView(
  data: PublicData,
  withFiles: readonly { panel: Panel; files: DownloadFile[] }[],
): DownloadsView {
  const panelViews = withFiles.map(({ panel, files }) => ({
    id: panel.id,
    title: labelIn(panel.editions.at(-1)!.questionnaire.title),
    editions: panel.editions
      .map((e) =>
        textIn('downloads.panelEdition', {
          edition: e.edition.id,
          revision: e.snapshot.revision,
        }),
      )
      .join(', '),
    scoringHash: panel.scoringHash,
    illustrative: panel.editions.some((e) => e.illustrative),
    ...licenceFields(termsOf(panel.editions)),
    files: entries(files, (file) => panelPath(panel, file)),
  }));
  const editions = data.publishedEditions().map((e) => {
    const latest = data.edition(e.id)!;
    return {
      id: e.id,
      referenceDate: e.reference_date,
      illustrative: latest.illustrative,
      ...licenceFields(termsOf([latest])),
      revisions: latest.revisions
        .slice()
        .reverse()
        .map((r) => {
          const at = data.edition(e.id, r.revision)!;
          return {
            revision: r.revision,
            publishedAt: r.publishedAt.slice(0, 10),
            note: r.note,
            files: entries(editionFiles(at), (file) => datasetPath(at, file)),
          };
        }),
    };
  });
  return { panels: panelViews, editions, feeds: feedList(data) };
}

/** Every published change, each strand of every published questionnaire, the legal events. */
function feedList(data: PublicData): DownloadsView['feeds'] {
  const strands = feedStrands(data).map(({ strand, edition }) => ({
    href: feedPaths.strand(strand.id),
    title: textIn('downloads.strandFeed', {
      strand: labelIn(strand.label),
      questionnaire: labelIn(data.edition(edition)!.questionnaire.title),
    }),
  }));
  return [
    { href: feedPaths.changes, title: textIn('downloads.changesFeed') },
    ...strands,
    { href: feedPaths.legalEvents, title: textIn('feed.legalEvents') },
  ];
}
