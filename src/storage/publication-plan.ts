/**
 * What a publication of an edition would contain, decided before anything is written, so that
 * the preview a coordinator confirms and the publication itself come from the same rule. Pure:
 * the repository reads the inputs and writes the result.
 *
 * - Included: every official sheet that is approved or published.
 * - Carried: a country of the current published revision whose sheet is not approved now (it was
 *   re-opened for a correction) keeps its published answers, copied from that revision, unless
 *   the coordinator withdraws it. A correction never drops a country silently.
 * - Expected: the countries the edition is meant to have — those with a sheet or an assignment
 *   in it, those of its current published revision, and those of the closest earlier published
 *   edition (an edition with fewer countries than the one before it is not complete).
 * - Missing: expected and not included. An edition with missing countries is published only as
 *   partial, unless the coordinator states why it is complete enough.
 */
import type { SheetStatus } from '../answers/types.js';
import { canonicalJson, sha256 } from '../source/canonical-json.js';
import type { Snapshot, SnapshotSheet } from './snapshot-repository.js';

/** Sheet statuses that may be published. */
const PUBLISHABLE: ReadonlySet<SheetStatus> = new Set(['approved', 'published']);

/** A sheet's status, or `not-started` when the country has no sheet in the edition. */
export type CountryStatus = SheetStatus | 'not-started';

export interface PlanSheet {
  id: number;
  country: string;
  status: SheetStatus;
  revision: number;
  /** The sheet as it would be frozen. */
  frozen: SnapshotSheet;
}

export interface PlanInput {
  edition: string;
  /** The official sheets of the edition. */
  sheets: readonly PlanSheet[];
  /** The edition's latest published revision, if any. */
  current: Snapshot | null;
  /** Countries with an assignment in the edition. */
  assigned: readonly string[];
  /** The closest earlier published edition (by reference date) and its countries. */
  earlier: { edition: string; countries: readonly string[] } | null;
  /** The legal events it would publish (see legal-event-repository.ts `plannedLegalEvents`). */
  events: readonly PlannedEvent[];
  /**
   * The editors' texts that could be published (editorial-repository.ts `plannedEditorials`);
   * the plan keeps those of the countries it includes. Default: none.
   */
  editorials?: readonly PlannedEditorial[];
}

/** A legal event of the publication: its working copy, or carried from the current revision. */
export interface PlannedEvent {
  id: string;
  from: 'event' | 'carried';
  revision: number;
}

/** An editors' text of the publication: its working copy, or carried from the current revision. */
export interface PlannedEditorial {
  country: string;
  from: 'text' | 'carried';
  revision: number;
}

export type Inclusion =
  | { country: string; from: 'sheet'; sheetId: number; sheetRevision: number; status: SheetStatus }
  | { country: string; from: 'carried'; fromRevision: number; status: CountryStatus };

export interface Included {
  inclusion: Inclusion;
  sheet: SnapshotSheet;
}

export interface MissingCountry {
  country: string;
  status: CountryStatus;
  /** Why the country was expected, in words ("assigned", "in edition 2024", …). */
  expectedBecause: string[];
  withdrawn: boolean;
}

export interface PublicationPlan {
  edition: string;
  /** The revision the publication would get. */
  revision: number;
  current: Snapshot | null;
  /** Sorted by country code. */
  included: Included[];
  /** Countries of the current revision that would be carried (withdrawable). */
  carried: Extract<Inclusion, { from: 'carried' }>[];
  missing: MissingCountry[];
  /** Every country the edition is expected to have, with why (see the module comment). */
  expected: ReadonlyMap<string, string[]>;
  events: readonly PlannedEvent[];
  /** The editors' texts it would publish, of included countries only, by country. */
  editorials: readonly PlannedEditorial[];
  /**
   * Binds a confirmation to what was previewed: the included sheets (id and revision), the
   * countries carried and missing, the legal events, the editors' texts, and the revision it
   * would become. Any of these changing between preview and publication changes it.
   */
  fingerprint: string;
}

export function planPublication(input: PlanInput): PublicationPlan {
  const byCountry = new Map(input.sheets.map((s) => [s.country, s]));
  const included: Included[] = input.sheets
    .filter((s) => PUBLISHABLE.has(s.status))
    .map((s) => ({
      inclusion: {
        country: s.country,
        from: 'sheet',
        sheetId: s.id,
        sheetRevision: s.revision,
        status: s.status,
      },
      sheet: s.frozen,
    }));
  const carried: PublicationPlan['carried'] = [];
  for (const published of input.current?.sheets ?? []) {
    const now = byCountry.get(published.country);
    if (now && PUBLISHABLE.has(now.status)) continue;
    const inclusion = {
      country: published.country,
      from: 'carried' as const,
      fromRevision: input.current!.revision,
      status: now?.status ?? ('not-started' as const),
    };
    carried.push(inclusion);
    included.push({ inclusion, sheet: published });
  }
  included.sort((a, b) => a.inclusion.country.localeCompare(b.inclusion.country));

  const reasons = new Map<string, string[]>();
  const expect = (country: string, because: string) =>
    reasons.set(country, [...(reasons.get(country) ?? []), because]);
  for (const s of input.sheets) expect(s.country, 'has a sheet');
  for (const c of new Set(input.assigned)) expect(c, 'assigned');
  for (const s of input.current?.sheets ?? [])
    expect(s.country, `in revision ${input.current!.revision}`);
  for (const c of input.earlier?.countries ?? []) expect(c, `in edition ${input.earlier!.edition}`);
  const expected = new Map([...reasons].sort(([a], [b]) => a.localeCompare(b)));
  const isIncluded = new Set(included.map((i) => i.inclusion.country));
  const missing = [...expected.keys()]
    .filter((c) => !isIncluded.has(c))
    .map((country) => ({
      country,
      status: byCountry.get(country)?.status ?? ('not-started' as const),
      expectedBecause: reasons.get(country)!,
      withdrawn: false,
    }));
  const revision = (input.current?.revision ?? 0) + 1;
  const editorials = (input.editorials ?? []).filter((e) => isIncluded.has(e.country));
  return {
    edition: input.edition,
    revision,
    current: input.current,
    included,
    carried,
    missing,
    expected,
    events: input.events,
    editorials,
    fingerprint: sha256(
      canonicalJson({
        edition: input.edition,
        revision,
        included: included.map((i) => i.inclusion),
        missing: missing.map((m) => m.country),
        events: input.events,
        editorials,
      }),
    ),
  };
}

/**
 * The plan with the countries the coordinator withdrew taken out: they become missing. Only
 * carried countries may be withdrawn (a country with an approved sheet is withdrawn by sending
 * its sheet back, not here); any other code is refused by the caller (`unwithdrawable`).
 */
export function withdraw(plan: PublicationPlan, countries: ReadonlySet<string>): PublicationPlan {
  if (countries.size === 0) return plan;
  const out = plan.included.filter((i) => countries.has(i.inclusion.country));
  const missing = [
    ...plan.missing,
    ...out.map((i) => ({
      country: i.inclusion.country,
      status: i.inclusion.status,
      expectedBecause: plan.expected.get(i.inclusion.country) ?? [],
      withdrawn: true,
    })),
  ].sort((a, b) => a.country.localeCompare(b.country));
  return {
    ...plan,
    included: plan.included.filter((i) => !countries.has(i.inclusion.country)),
    carried: plan.carried.filter((c) => !countries.has(c.country)),
    missing,
    editorials: plan.editorials.filter((e) => !countries.has(e.country)),
  };
}

/** Countries that may be withdrawn from the plan (those that would be carried). */
export function withdrawable(plan: PublicationPlan): Set<string> {
  return new Set(plan.carried.map((c) => c.country));
}

/** How the coordinator publishes an edition with missing countries. */
export interface CompletenessChoice {
  /** Publish it as partial. */
  acceptPartial?: boolean;
  /** Publish it as complete, for this reason. */
  completeBecause?: string | null;
}

export type Completeness =
  | { ok: true; partial: boolean; completeBecause: string | null }
  | { ok: false; code: 'edition-incomplete' | 'completeness-conflict'; message: string };

/**
 * Whether the edition is published as partial: exactly when countries are missing and the
 * coordinator did not state why it is complete enough. Missing countries with neither choice
 * made is refused (`edition-incomplete`), naming them.
 */
export function decideCompleteness(
  plan: PublicationPlan,
  choice: CompletenessChoice,
): Completeness {
  const because = choice.completeBecause?.trim() || null;
  if (choice.acceptPartial && because !== null)
    return {
      ok: false,
      code: 'completeness-conflict',
      message: 'publish either as partial or as complete for a stated reason, not both',
    };
  if (plan.missing.length === 0) return { ok: true, partial: false, completeBecause: because };
  if (because !== null) return { ok: true, partial: false, completeBecause: because };
  if (choice.acceptPartial) return { ok: true, partial: true, completeBecause: null };
  return {
    ok: false,
    code: 'edition-incomplete',
    message: `edition ${plan.edition} lacks ${plan.missing.length} of the ${plan.expected.size} countries expected: ${missingInWords(plan.missing)}; publish it as partial, or state why it is complete enough`,
  };
}

/**
 * Whether publishing the plan would repeat the current revision: the same countries with the
 * same frozen sheets (answers, sources with their dates, comments, coders — what a reader sees;
 * a sheet's own revision number is bookkeeping), the same legal events and editors' texts at the
 * same revisions, the same completeness and method. Such a "correction" would add a revision identical to the
 * one before it, with only a note to tell them apart: the caller refuses it (`nothing-changed`).
 */
export function repeatsCurrent(
  plan: PublicationPlan,
  current: {
    snapshot: Snapshot;
    /** The legal events frozen with the current revision. */
    events: readonly { id: string; revision: number }[];
    /** The editors' texts frozen with the current revision. Default: none. */
    editorials?: readonly { country: string; revision: number }[];
  },
  next: { partial: boolean; completeBecause: string | null; methodId: string },
): boolean {
  const { snapshot } = current;
  const content = (sheets: readonly SnapshotSheet[]) =>
    canonicalJson(
      [...sheets]
        .sort((a, b) => a.country.localeCompare(b.country))
        .map((sheet) => ({ ...sheet, sheetRevision: null })),
    );
  const events = (list: readonly { id: string; revision: number }[]) =>
    canonicalJson(list.map(({ id, revision }) => [id, revision]).sort());
  return (
    snapshot.partial === next.partial &&
    snapshot.completeBecause === next.completeBecause &&
    snapshot.methodId === next.methodId &&
    content(snapshot.sheets) === content(plan.included.map((i) => i.sheet)) &&
    events(current.events) === events(plan.events) &&
    canonicalJson((current.editorials ?? []).map((e) => [e.country, e.revision])) ===
      canonicalJson(plan.editorials.map((e) => [e.country, e.revision]))
  );
}

/** "DE (draft; assigned), FR (not started; in edition 2024)". */
export function missingInWords(missing: readonly MissingCountry[]): string {
  return missing
    .map(
      (m) =>
        `${m.country} (${m.withdrawn ? 'withdrawn' : STATUS_WORDS[m.status]}; ${m.expectedBecause.join(', ')})`,
    )
    .join(', ');
}

export const STATUS_WORDS: Record<CountryStatus, string> = {
  'not-started': 'not started',
  imported: 'imported',
  draft: 'draft',
  submitted: 'submitted',
  in_review: 'in review',
  approved: 'approved',
  published: 'published',
};
