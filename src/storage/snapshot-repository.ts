/**
 * Published editions. A publication freezes the official sheets of an edition and their scores
 * into an immutable snapshot (the database refuses updates and deletes); a correction publishes a
 * new revision, which must carry a note, and the earlier revisions stay readable. What goes into
 * a publication — and when it is partial — is decided by `publication-plan.ts`, the same for the
 * workspace's preview, the workspace's publish button and the command line.
 */
import type { AnswerEntry } from '../answers/types.js';
import { answerMap } from '../answers/vocabulary.js';
import { ConflictError, fileIssue, InputError, type IssueCode } from '../issues/issue.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { DEFAULT_METHOD, type Method } from '../scoring/method.js';
import { nodeScores, scoreSheet, type NodeScore } from '../scoring/score-sheet.js';
import { now, prepared, type Db } from './database.js';
import { getEdition, listEditions, type EditionRow } from './edition-repository.js';
import {
  decideCompleteness,
  planPublication,
  repeatsCurrent,
  withdraw,
  withdrawable,
  type CompletenessChoice,
  type CountryStatus,
  type MissingCountry,
  type PublicationPlan,
} from './publication-plan.js';
import {
  frozenLegalEvents,
  plannedLegalEvents,
  publishLegalEvents,
} from './legal-event-repository.js';
import { deviationsOf, recordDeviations } from './deviation-repository.js';
import { frozenEditorials, plannedEditorials, publishEditorials } from './editorial-repository.js';
import { questionnaireVersionRow, storedQuestionnaire } from './questionnaire-repository.js';
import { sheetScores } from './score-cache-repository.js';
import { listSheets, markPublished, type StoredSheet } from './sheet-repository.js';

export interface SnapshotSheet {
  country: string;
  edition: string;
  sheetRevision: number;
  illustrative: boolean;
  coders: { name: string; email: string | null }[];
  answers: Record<string, AnswerEntry>;
}

export interface SnapshotScores {
  questionnaire: { id: string; version: string; hash: string; scoring_hash: string };
  method: string;
  computed_at: string;
  results: { country: string; edition: string; nodes: Record<string, NodeScore> }[];
}

export interface Snapshot {
  id: number;
  edition: string;
  revision: number;
  publishedAt: string;
  publishedBy: string;
  note: string | null;
  questionnaireVersionId: number;
  methodId: string;
  sheets: SnapshotSheet[];
  scores: SnapshotScores;
  /** Published although expected countries were missing (never the public default edition). */
  partial: boolean;
  /** Why it was published as complete although countries were missing. */
  completeBecause: string | null;
  coverage: SnapshotCoverage;
}

/** What a publication left out or carried, as recorded with it (migration 4). */
export interface SnapshotCoverage {
  /** Countries the edition was expected to have (see publication-plan.ts). */
  expected: string[];
  /** Expected countries not in it, with their sheet's status then; `withdrawn` by the coordinator. */
  missing: { country: string; status: CountryStatus; withdrawn: boolean }[];
  /** Countries whose answers were copied unchanged from an earlier revision. */
  carried: { country: string; fromRevision: number; status: CountryStatus }[];
}

export interface PublishResult {
  snapshot: Snapshot;
  /** Countries kept from the previous revision because their sheet is not approved now. */
  carried: { country: string; fromRevision: number; status: CountryStatus }[];
  /** Expected countries not in the publication. */
  missing: MissingCountry[];
}

export interface PublishOptions extends CompletenessChoice {
  user: string;
  /** Needed for a correction (revision 2 on): what changed and why. */
  note?: string | null;
  method?: Method;
  /**
   * The fingerprint of the preview the coordinator confirmed. When given, a publication whose
   * plan differs from it is refused (`edition-changed`); an empty one is `confirmation-required`.
   * The command line, which shows no preview, leaves it out.
   */
  confirm?: string;
  /** Carried countries to leave out instead (recorded as withdrawn). */
  withdraw?: readonly string[];
}

export interface PublicationPreview {
  plan: PublicationPlan;
  questionnaire: Questionnaire;
  /** The scores of every included country as they would be published. */
  scores: Map<string, Record<string, NodeScore>>;
}

/** A refusal because of what was asked (the options, the form): HTTP 400. */
function problem(code: IssueCode, message: string): InputError {
  return new InputError([fileIssue(null, code, message)]);
}

/** A refusal because of the edition's state, which may change (HTTP 409). */
function conflict(code: IssueCode, message: string): ConflictError {
  return new ConflictError([fileIssue(null, code, message)]);
}

/**
 * What publishing the edition now would publish, with the scores, without writing anything
 * (scores are computed, not cached). Unknown edition: `unknown-edition`.
 */
export function previewPublication(
  db: Db,
  editionId: string,
  method: Method = DEFAULT_METHOD,
): PublicationPreview {
  const { plan, questionnaire } = planFor(db, editionId);
  const scores = new Map(
    plan.included.map((i) => [i.inclusion.country, frozenScores(questionnaire, i.sheet, method)]),
  );
  return { plan, questionnaire, scores };
}

/**
 * Publishes the edition as the next revision: the approved and published official sheets, plus
 * the countries of the current revision whose sheets were re-opened (carried unchanged unless
 * withdrawn). Refused, with nothing written: unknown edition, nothing to publish, a confirmation
 * that no longer matches, a correction without a note, missing countries without a decision
 * (`edition-incomplete`). One IMMEDIATE transaction: the plan cannot change while it is written.
 */
export function publishEdition(db: Db, editionId: string, options: PublishOptions): PublishResult {
  const method = options.method ?? DEFAULT_METHOD;
  return db
    .transaction((): PublishResult => {
      const { plan: previewed, questionnaire, edition, stored } = planFor(db, editionId);
      if (previewed.included.length === 0)
        throw conflict(
          'nothing-to-publish',
          `edition ${editionId} has no approved sheet to publish`,
        );
      if (options.confirm !== undefined) {
        if (options.confirm.trim() === '')
          throw problem(
            'confirmation-required',
            `open the preview of edition ${editionId} and confirm what it shows`,
          );
        if (options.confirm !== previewed.fingerprint)
          throw conflict(
            'edition-changed',
            `the edition changed since the preview (a sheet was approved, re-opened or changed, or a revision was published): nothing was published; open the preview again`,
          );
      }
      const withdrawn = new Set(options.withdraw ?? []);
      const allowed = withdrawable(previewed);
      const refused = [...withdrawn].filter((c) => !allowed.has(c));
      if (refused.length > 0)
        throw problem(
          'not-withdrawable',
          `only countries carried from the current revision may be withdrawn, not ${refused.join(', ')}${
            allowed.size > 0 ? ` (carried: ${[...allowed].join(', ')})` : ' (none is carried)'
          }`,
        );
      const plan = withdraw(previewed, withdrawn);
      if (plan.included.length === 0)
        throw conflict('nothing-to-publish', `edition ${editionId} would have no country left`);
      const note = options.note?.trim() || null;
      if (plan.current && note === null) {
        throw conflict(
          'correction-note-required',
          `edition ${editionId} was published before (revision ${plan.current.revision}): a correction needs a note saying what changed and why`,
        );
      }
      const completeness = decideCompleteness(plan, options);
      if (!completeness.ok)
        // Missing countries nobody decided about are the edition's state; both choices at once, the form's.
        throw (completeness.code === 'edition-incomplete' ? conflict : problem)(
          completeness.code,
          completeness.message,
        );
      if (
        plan.current &&
        repeatsCurrent(
          plan,
          {
            snapshot: plan.current,
            events: frozenLegalEvents(db, plan.current.id),
            editorials: frozenEditorials(db, plan.current.id),
          },
          { ...completeness, methodId: method.id },
        )
      )
        throw conflict(
          'nothing-changed',
          `edition ${editionId} revision ${plan.current.revision} already holds exactly these answers, sources, legal events and editors' texts: nothing was published (a correction needs a change; approve the corrected sheets first)`,
        );

      const version = questionnaireVersionRow(db, edition.questionnaire_version_id)!;
      const sheetsById = new Map(stored.map((s) => [s.id, s]));
      const scores: SnapshotScores = {
        questionnaire: {
          id: questionnaire.id,
          version: questionnaire.version,
          hash: questionnaire.hash,
          scoring_hash: version.scoring_hash,
        },
        method: method.id,
        computed_at: now(),
        results: plan.included.map(({ inclusion, sheet }) => ({
          country: inclusion.country,
          edition: editionId,
          nodes:
            inclusion.from === 'sheet'
              ? sheetScores(db, sheetsById.get(inclusion.sheetId)!, questionnaire, method).nodes
              : frozenScores(questionnaire, sheet, method),
        })),
      };
      const fromSheets = plan.included.flatMap(({ inclusion }) =>
        inclusion.from === 'sheet' ? [inclusion.sheetId] : [],
      );
      markPublished(db, fromSheets, options.user);
      const coverage: SnapshotCoverage = {
        expected: [...plan.expected.keys()],
        missing: plan.missing.map(({ country, status, withdrawn }) => ({
          country,
          status,
          withdrawn,
        })),
        carried: plan.carried.map(({ country, fromRevision, status }) => ({
          country,
          fromRevision,
          status,
        })),
      };
      const result = db
        .prepare(
          `INSERT INTO snapshots (edition_id, revision, published_at, published_by, note, questionnaire_version_id, method_id, sheets, scores, partial, complete_because, coverage)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          editionId,
          plan.revision,
          scores.computed_at,
          options.user,
          note,
          edition.questionnaire_version_id,
          method.id,
          JSON.stringify(plan.included.map((i) => i.sheet)),
          JSON.stringify(scores),
          completeness.partial ? 1 : 0,
          completeness.completeBecause,
          JSON.stringify(coverage),
        );
      const snapshotId = Number(result.lastInsertRowid);
      // Answers approved as coded although the skip logic says otherwise stay as they are: each
      // deviation is published with the snapshot (the methodology page lists them).
      recordDeviations(
        db,
        snapshotId,
        deviationsOf(
          questionnaire,
          plan.included.map((i) => i.sheet),
        ),
      );
      // The edition's approved legal events are published with it (and frozen with this revision).
      publishLegalEvents(db, plan.events, {
        snapshotId,
        previousSnapshotId: plan.current?.id ?? null,
        user: options.user,
      });
      // So are the editors' approved key findings and recommendations of its countries.
      publishEditorials(db, editionId, plan.editorials, {
        snapshotId,
        previousSnapshotId: plan.current?.id ?? null,
        user: options.user,
      });
      return {
        snapshot: getSnapshotById(db, snapshotId)!,
        carried: coverage.carried,
        missing: plan.missing,
      };
    })
    .immediate();
}

/** The plan of the edition's next publication, from what is stored now. */
function planFor(
  db: Db,
  editionId: string,
): {
  plan: PublicationPlan;
  questionnaire: Questionnaire;
  edition: EditionRow;
  stored: StoredSheet[];
} {
  const edition = getEdition(db, editionId);
  if (!edition) throw problem('unknown-edition', `no edition "${editionId}"`);
  const stored = listSheets(db, { edition: editionId });
  const current = getSnapshot(db, editionId);
  const plan = planPublication({
    edition: editionId,
    sheets: stored.map((s) => ({
      id: s.id,
      country: s.sheet.country,
      status: s.sheet.status,
      revision: s.revision,
      frozen: snapshotSheet(s),
    })),
    current,
    assigned: assignedCountries(db, editionId),
    earlier: earlierPublished(db, edition),
    events: plannedLegalEvents(db, editionId, current?.id ?? null),
    editorials: plannedEditorials(db, editionId, current?.id ?? null),
  });
  return {
    plan,
    questionnaire: storedQuestionnaire(db, edition.questionnaire_version_id),
    edition,
    stored,
  };
}

/** The countries of the closest published edition with an earlier reference date. */
function earlierPublished(
  db: Db,
  edition: EditionRow,
): { edition: string; countries: string[] } | null {
  const editions = listEditions(db);
  const before = editions.slice(
    0,
    editions.findIndex((e) => e.id === edition.id),
  );
  for (const candidate of before.reverse()) {
    const snapshot = getSnapshot(db, candidate.id);
    if (snapshot)
      return { edition: candidate.id, countries: snapshot.sheets.map((s) => s.country) };
  }
  return null;
}

function assignedCountries(db: Db, editionId: string): string[] {
  return (
    db
      .prepare('SELECT DISTINCT country FROM assignments WHERE edition_id = ? ORDER BY country')
      .all(editionId) as { country: string }[]
  ).map((r) => r.country);
}

/** Scores recomputed from frozen answers (a carried country, or a preview: nothing is cached). */
function frozenScores(
  questionnaire: Questionnaire,
  sheet: SnapshotSheet,
  method: Method,
): Record<string, NodeScore> {
  return nodeScores(scoreSheet(questionnaire, answerMap(sheet), method));
}

function snapshotSheet(stored: StoredSheet): SnapshotSheet {
  return {
    country: stored.sheet.country,
    edition: stored.sheet.edition,
    sheetRevision: stored.revision,
    illustrative: stored.sheet.illustrative,
    coders: stored.sheet.coders,
    answers: Object.fromEntries(stored.sheet.answers),
  };
}

interface SnapshotRow {
  id: number;
  edition_id: string;
  revision: number;
  published_at: string;
  published_by: string;
  note: string | null;
  questionnaire_version_id: number;
  method_id: string;
  sheets: string;
  scores: string;
  partial: number;
  complete_because: string | null;
  coverage: string;
}

function toSnapshot(row: SnapshotRow): Snapshot {
  return {
    id: row.id,
    edition: row.edition_id,
    revision: row.revision,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    note: row.note,
    questionnaireVersionId: row.questionnaire_version_id,
    methodId: row.method_id,
    sheets: JSON.parse(row.sheets) as SnapshotSheet[],
    scores: JSON.parse(row.scores) as SnapshotScores,
    partial: row.partial === 1,
    completeBecause: row.complete_because,
    // Publications before migration 4 recorded nothing: '{}'.
    coverage: { expected: [], missing: [], carried: [], ...(JSON.parse(row.coverage) as object) },
  };
}

function getSnapshotById(db: Db, id: number): Snapshot | null {
  const row = db.prepare('SELECT * FROM snapshots WHERE id = ?').get(id) as SnapshotRow | undefined;
  return row ? toSnapshot(row) : null;
}

/** A published revision of an edition (the latest when `revision` is omitted). */
export function getSnapshot(db: Db, editionId: string, revision?: number): Snapshot | null {
  const row = (
    revision === undefined
      ? db
          .prepare('SELECT * FROM snapshots WHERE edition_id = ? ORDER BY revision DESC LIMIT 1')
          .get(editionId)
      : db
          .prepare('SELECT * FROM snapshots WHERE edition_id = ? AND revision = ?')
          .get(editionId, revision)
  ) as SnapshotRow | undefined;
  return row ? toSnapshot(row) : null;
}

export interface SnapshotSummary {
  id: number;
  edition: string;
  revision: number;
  publishedAt: string;
  publishedBy: string;
  note: string | null;
  countries: number;
  partial: boolean;
}

/**
 * The id of the newest snapshot, 0 before the first publication. Every publication raises it, so
 * it keys what is derived from published data (response caches, the public data's index).
 */
export function latestSnapshotId(db: Db): number {
  const row = prepared(db, 'SELECT COALESCE(MAX(id), 0) AS id FROM snapshots').get() as {
    id: number;
  };
  return row.id;
}

export function listSnapshots(db: Db): SnapshotSummary[] {
  const rows = db
    .prepare(
      `SELECT id, edition_id AS edition, revision, published_at AS publishedAt, published_by AS publishedBy, note,
                json_array_length(sheets) AS countries, partial
         FROM snapshots ORDER BY edition_id, revision`,
    )
    .all() as (Omit<SnapshotSummary, 'partial'> & { partial: number })[];
  return rows.map((row) => ({ ...row, partial: row.partial === 1 }));
}

/**
 * Recomputes the scores of a snapshot from its frozen sheets and compares them with what was
 * published: every published number must be reproducible from the answers. Returns the nodes
 * whose recomputed score differs.
 */
export function verifySnapshot(
  db: Db,
  snapshot: Snapshot,
  method: Method = DEFAULT_METHOD,
): string[] {
  const questionnaire = storedQuestionnaire(db, snapshot.questionnaireVersionId);
  const differences: string[] = [];
  for (const sheet of snapshot.sheets) {
    const recomputed = nodeScores(scoreSheet(questionnaire, answerMap(sheet), method));
    const published = snapshot.scores.results.find((r) => r.country === sheet.country)?.nodes ?? {};
    for (const [id, node] of Object.entries(recomputed)) {
      if (published[id]?.score !== node.score)
        differences.push(`${sheet.country} ${snapshot.edition} ${id}`);
    }
  }
  return differences;
}
