/**
 * What the public side may show: published snapshots only, never working data. Snapshots are
 * immutable, so everything derived from one (ranks, bands, group averages) is computed once per
 * snapshot and kept.
 */
import type { CountryGroup, CountryRegistry } from '../questionnaire/countries.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { groupAverage } from '../scoring/group-averages.js';
import { rankByScore } from '../scoring/ranking.js';
import type { NodeScore } from '../scoring/score-sheet.js';
import type { Db } from '../storage/database.js';
import { storedCountries } from '../storage/country-repository.js';
import type { LegalEvent } from '../events/types.js';
import { publishedLegalEvents } from '../storage/legal-event-repository.js';
import { legalEventPublicationTimes } from '../storage/legal-event-publication-repository.js';
import { snapshotDeviations, type Deviation } from '../storage/deviation-repository.js';
import { publishedEditorial } from '../storage/editorial-repository.js';
import type { EditorialText } from '../editorial/types.js';

export type { Deviation } from '../storage/deviation-repository.js';
import {
  editionsComparable,
  listEditions,
  type EditionRow,
} from '../storage/edition-repository.js';
import {
  questionnaireVersionRow,
  storedQuestionnaire,
} from '../storage/questionnaire-repository.js';
import {
  getSnapshot,
  latestSnapshotId,
  listSnapshots,
  type Snapshot,
  type SnapshotSheet,
  type SnapshotSummary,
} from '../storage/snapshot-repository.js';

export interface RankEntry {
  rank: number | null;
  of: number;
}

export interface PublishedEdition {
  edition: EditionRow;
  snapshot: Snapshot;
  revisions: SnapshotSummary[];
  questionnaire: Questionnaire;
  scoringHash: string;
  /** Countries of the snapshot, by code, in code order. */
  countries: string[];
  scores: ReadonlyMap<string, Readonly<Record<string, NodeScore>>>;
  sheets: ReadonlyMap<string, SnapshotSheet>;
  illustrative: boolean;
  /** This revision was published without every country expected: shown as partial, never the default. */
  partial: boolean;
  /** Rank of every country on the overall score and on each strand (displayed scores). */
  ranks: ReadonlyMap<string, ReadonlyMap<string, RankEntry>>;
  /** Average of every group with members in the edition, per node id (overall, strands, dimensions). */
  groupAverages: {
    group: CountryGroup;
    members: number;
    averages: ReadonlyMap<string, number | null>;
  }[];
}

export interface PublishedQuestionnaireVersion {
  version: string;
  hash: string;
  loadedAt: string;
  /** Published editions that use it. */
  editions: string[];
}

/** What every public request needs to look up, read once per data version. */
/** A published legal event and when its published version was first published. */
export interface PublishedLegalEvent {
  event: LegalEvent;
  publishedAt: string;
}

interface Index {
  version: number;
  snapshots: SnapshotSummary[];
  published: EditionRow[];
  /** Editions whose latest revision is partial. */
  partial: ReadonlySet<string>;
  countries: CountryRegistry;
  illustrative: boolean | null;
}

export class PublicData {
  private readonly cache = new Map<number, PublishedEdition>();
  private index: Index | null = null;

  constructor(private readonly db: Db) {}

  /** A change of data (a new publication) changes this number: used to key response caches. */
  dataVersion(): number {
    return latestSnapshotId(this.db);
  }

  /**
   * Snapshot list, published editions and countries, re-read only when something was published
   * (countries and editions only change at start-up or together with a publication).
   */
  private current(): Index {
    const version = this.dataVersion();
    if (this.index?.version !== version) {
      const snapshots = listSnapshots(this.db);
      const published = new Set(snapshots.map((s) => s.edition));
      // Snapshots come in revision order, so the last one seen of an edition is its latest.
      const latest = new Map(snapshots.map((s) => [s.edition, s]));
      this.index = {
        version,
        snapshots,
        published: listEditions(this.db).filter((e) => published.has(e.id)),
        partial: new Set([...latest.values()].filter((s) => s.partial).map((s) => s.edition)),
        countries: storedCountries(this.db),
        illustrative: null,
      };
    }
    return this.index;
  }

  /** Editions with at least one publication, oldest first. */
  publishedEditions(): EditionRow[] {
    return this.current().published;
  }

  /**
   * The default edition of the site (home page, "latest" in the API): the newest edition whose
   * latest revision is complete. A partial edition is never the default, whatever its date.
   */
  latestEditionId(): string | null {
    const { published, partial } = this.current();
    return published.filter((e) => !partial.has(e.id)).at(-1)?.id ?? null;
  }

  /** Whether the latest revision of a published edition is partial (without building it). */
  isPartial(id: string): boolean {
    return this.current().partial.has(id);
  }

  /** A published edition at a revision (default: the latest), or null. Built once per snapshot. */
  edition(id: string, revision?: number): PublishedEdition | null {
    const summaries = this.current().snapshots.filter((s) => s.edition === id);
    const summary =
      revision === undefined ? summaries.at(-1) : summaries.find((s) => s.revision === revision);
    if (!summary) return null;
    const cached = this.cache.get(summary.id);
    if (cached) return cached;
    const built = this.build(getSnapshot(this.db, id, summary.revision)!);
    this.cache.set(summary.id, built);
    return built;
  }

  /** The closest earlier published edition whose scores are comparable with `id`'s, if any. */
  previousComparable(id: string): { edition: string; comparable: boolean } | null {
    const editions = this.publishedEditions();
    const index = editions.findIndex((e) => e.id === id);
    const previous = index > 0 ? editions[index - 1] : undefined;
    if (!previous) return null;
    return { edition: previous.id, comparable: editionsComparable(this.db, previous.id, id) };
  }

  comparable(a: string, b: string): boolean {
    return editionsComparable(this.db, a, b);
  }

  countryNames(): ReadonlyMap<string, string> {
    return new Map(this.current().countries.countries.map((c) => [c.code, c.name]));
  }

  groups(): CountryGroup[] {
    return this.current().countries.groups;
  }

  /** The country registry (countries, groups, aliases): reference data loaded from disk. */
  countryRegistry(): CountryRegistry {
    return this.current().countries;
  }

  /**
   * The questionnaire versions that published editions use, oldest first, each with those
   * editions. Versions loaded only for editions not yet published stay out of sight.
   */
  /** The skip-logic deviations published as coded with an edition's revision shown. */
  deviations(edition: PublishedEdition): Deviation[] {
    return snapshotDeviations(this.db, edition.snapshot.id);
  }

  /** The editors' key findings and recommendations frozen with the revision shown, or null. */
  editorial(edition: PublishedEdition, country: string): EditorialText | null {
    return publishedEditorial(this.db, edition.snapshot.id, country);
  }

  questionnaireVersions(): PublishedQuestionnaireVersion[] {
    const byId = new Map<number, PublishedQuestionnaireVersion>();
    for (const { id } of this.publishedEditions()) {
      const versionId = this.edition(id)!.snapshot.questionnaireVersionId;
      let entry = byId.get(versionId);
      if (!entry) {
        const row = questionnaireVersionRow(this.db, versionId)!;
        entry = { version: row.version, hash: row.hash, loadedAt: row.loaded_at, editions: [] };
        byId.set(versionId, entry);
      }
      entry.editions.push(id);
    }
    return [...byId.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
  }

  /**
   * Published legal events (as frozen with each edition's latest revision), sorted by date then
   * id, each with when it was published as it reads now.
   */
  legalEvents(
    filter: { edition?: string; country?: string; question?: string } = {},
  ): PublishedLegalEvent[] {
    const times = legalEventPublicationTimes(this.db);
    return publishedLegalEvents(this.db, filter).map((event) => ({
      event,
      publishedAt: times.get(event.id)!,
    }));
  }

  /** Whether any published edition shows illustrative data (then every page says so). */
  anyIllustrative(): boolean {
    const index = this.current();
    index.illustrative ??= index.published.some((e) => this.edition(e.id)!.illustrative);
    return index.illustrative;
  }

  private build(snapshot: Snapshot): PublishedEdition {
    const edition = this.current().published.find((e) => e.id === snapshot.edition)!;
    const questionnaire = storedQuestionnaire(this.db, snapshot.questionnaireVersionId);
    const scores = new Map(snapshot.scores.results.map((r) => [r.country, r.nodes]));
    const countries = [...scores.keys()].sort();
    const decimals = questionnaire.displayDecimals;
    const rankedNodes = ['overall', ...questionnaire.strands.map((s) => s.id)];
    const ranks = new Map<string, Map<string, RankEntry>>();
    for (const node of rankedNodes) {
      const ranked = rankByScore(countries, (c) => scores.get(c)?.[node]?.score ?? null, decimals);
      const of = ranked.filter((r) => r.rank !== null).length;
      ranks.set(node, new Map(ranked.map((r) => [r.item, { rank: r.rank, of }])));
    }
    const averagedNodes = [
      'overall',
      ...questionnaire.strands.flatMap((s) => [s.id, ...s.children.map((d) => d.id)]),
    ];
    const groupAverages = this.groups()
      .map((group) => {
        const members = group.members.filter((m) => scores.has(m));
        return {
          group,
          members: members.length,
          averages: new Map(
            averagedNodes.map((node) => [
              node,
              groupAverage(members, (m) => scores.get(m)?.[node]?.score ?? null).average,
            ]),
          ),
        };
      })
      .filter((g) => g.members > 0);
    return {
      edition,
      snapshot,
      revisions: this.current().snapshots.filter((s) => s.edition === snapshot.edition),
      questionnaire,
      scoringHash: questionnaireVersionRow(this.db, snapshot.questionnaireVersionId)!.scoring_hash,
      countries,
      scores,
      sheets: new Map(snapshot.sheets.map((s) => [s.country, s])),
      illustrative: snapshot.sheets.some((s) => s.illustrative),
      partial: snapshot.partial,
      ranks,
      groupAverages,
    };
  }
}
