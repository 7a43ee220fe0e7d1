/**
 * The page a coordinator sees before publishing an edition: which countries it would contain
 * and from where (an approved sheet, or carried unchanged from the current revision), which
 * expected countries are missing and why they were expected, the coverage, and how every score
 * and rank would change against the current published revision — overall and per strand, with
 * countries new to it or removed from it. The form posts the plan's fingerprint, so what is
 * published is what was shown here.
 */
import { labelText } from '../../questionnaire/types.js';
import { rankByScore } from '../../scoring/ranking.js';
import { formatScore, roundHalfUp } from '../../scoring/rounding.js';
import type { NodeScore } from '../../scoring/score-sheet.js';
import { storedCountries } from '../../storage/country-repository.js';
import type { Db } from '../../storage/database.js';
import { STATUS_WORDS, type Inclusion } from '../../storage/publication-plan.js';
import { previewPublication } from '../../storage/snapshot-repository.js';
import { reviewDeviations } from './review-deviations.js';

/** What the coordinator typed, shown again when the publication was refused. */
export interface PublishForm {
  note: string;
  withdraw: readonly string[];
  completeness: '' | 'partial' | 'complete';
  completeBecause: string;
}

export interface ScoreChangeRow {
  country: string;
  name: string;
  /** `new` (not in the current revision), `removed` (only there), or `kept`. */
  change: 'new' | 'removed' | 'kept';
  before: string;
  after: string;
  /** Change of the displayed score, signed ("+2", "−1.5", "0"), or "" when not comparable. */
  delta: string;
  rankBefore: string;
  rankAfter: string;
  /** Places moved up (positive) or down, signed, or "" when not comparable. */
  rankMoved: string;
}

type Scores = ReadonlyMap<string, Readonly<Record<string, NodeScore>>>;

export function publishPreviewView(db: Db, editionId: string, form?: PublishForm) {
  const { plan, questionnaire, scores } = previewPublication(db, editionId);
  const names = new Map(storedCountries(db).countries.map((c) => [c.code, c.name]));
  const name = (code: string) => names.get(code) ?? code;
  const decimals = questionnaire.displayDecimals;
  const current = plan.current;
  const before: Scores = new Map(current?.scores.results.map((r) => [r.country, r.nodes]) ?? []);
  const nodes = [
    { id: 'overall', label: 'Overall' },
    ...questionnaire.strands.map((s) => ({ id: s.id, label: labelText(s.label) })),
  ];
  const countries = [...new Set([...scores.keys(), ...before.keys()])].sort((a, b) =>
    name(a).localeCompare(name(b)),
  );
  const carriedWithdrawn = new Set(form?.withdraw ?? []);
  const included = plan.included.map(({ inclusion }) => ({
    country: inclusion.country,
    name: name(inclusion.country),
    source: sourceInWords(inclusion),
    carried: inclusion.from === 'carried',
  }));
  return {
    title: `Publish ${editionId}`,
    edition: editionId,
    revision: plan.revision,
    correction: current !== null,
    current: current && {
      revision: current.revision,
      publishedAt: current.publishedAt.slice(0, 10),
      publishedBy: current.publishedBy,
      countries: current.sheets.length,
      partial: current.partial,
    },
    fingerprint: plan.fingerprint,
    nothingToPublish: plan.included.length === 0,
    coverage: {
      included: plan.included.length,
      expected: plan.expected.size,
      percent:
        plan.expected.size === 0
          ? '–'
          : // A no-break space: "13" and "%" never part at the end of a line.
            `${Math.round((100 * plan.included.length) / plan.expected.size)}\u00a0%`,
    },
    included,
    // The legal events published with the edition (approved ones, or kept from the current revision).
    events: plan.events.map((e) => ({
      id: e.id,
      href: `/workspace/events/${e.id}`,
      source: e.from === 'carried' ? `kept from revision ${current?.revision ?? ''}` : 'approved',
    })),
    // The answers that deviate from the skip logic, published as coded and recorded with the
    // edition (the same check as publishing's), country by country.
    deviations: plan.included.flatMap(({ inclusion, sheet }) =>
      reviewDeviations(questionnaire, { answers: new Map(Object.entries(sheet.answers)) }).map(
        (d) => ({
          ...d,
          country: inclusion.country,
          name: name(inclusion.country),
          href: `/workspace/sheets/${inclusion.country}/${plan.edition}/review#q-${d.id}`,
        }),
      ),
    ),
    // The editors' key findings and recommendations published with it, per country.
    editorials: plan.editorials.map((e) => ({
      country: e.country,
      name: name(e.country),
      href: `/workspace/sheets/${e.country}/${plan.edition}/editorial`,
      source: e.from === 'carried' ? `kept from revision ${current?.revision ?? ''}` : 'approved',
    })),
    carried: plan.carried.map((c) => ({
      country: c.country,
      name: name(c.country),
      status: STATUS_WORDS[c.status],
      fromRevision: c.fromRevision,
      withdrawn: carriedWithdrawn.has(c.country),
    })),
    missing: plan.missing.map((m) => ({
      country: m.country,
      name: name(m.country),
      status: STATUS_WORDS[m.status],
      expectedBecause: m.expectedBecause.join(', '),
    })),
    /** Whether the coordinator must say how to publish with countries missing (or withdrawn). */
    asksCompleteness: plan.missing.length > 0 || plan.carried.length > 0,
    changes: nodes.map((node) => ({
      id: node.id,
      label: node.label,
      rows: scoreChanges(countries, name, node.id, before, scores, decimals),
    })),
    form: form ?? { note: '', withdraw: [], completeness: 'partial', completeBecause: '' },
  };
}

function sourceInWords(inclusion: Inclusion): string {
  if (inclusion.from === 'carried')
    return `carried unchanged from revision ${inclusion.fromRevision} (its sheet is ${STATUS_WORDS[inclusion.status]} now)`;
  return `${STATUS_WORDS[inclusion.status]} sheet, revision ${inclusion.sheetRevision}`;
}

/**
 * One row per country for one node: score and rank before (current revision) and after (this
 * publication), on displayed scores, the way the public site ranks them.
 */
function scoreChanges(
  countries: readonly string[],
  name: (code: string) => string,
  node: string,
  before: Scores,
  after: Scores,
  decimals: number,
): ScoreChangeRow[] {
  const rankBefore = ranks(before, node, decimals);
  const rankAfter = ranks(after, node, decimals);
  return countries.map((country) => {
    const old = before.has(country) ? (before.get(country)![node]?.score ?? null) : undefined;
    const now = after.has(country) ? (after.get(country)![node]?.score ?? null) : undefined;
    const oldRank = rankBefore.get(country);
    const newRank = rankAfter.get(country);
    return {
      country,
      name: name(country),
      change: old === undefined ? 'new' : now === undefined ? 'removed' : 'kept',
      before: old === undefined ? '' : formatScore(old, decimals),
      after: now === undefined ? '' : formatScore(now, decimals),
      delta:
        old === undefined || now === undefined || old === null || now === null
          ? ''
          : signed(roundHalfUp(now, decimals) - roundHalfUp(old, decimals), decimals),
      rankBefore: rankWords(oldRank),
      rankAfter: rankWords(newRank),
      rankMoved:
        oldRank?.rank == null || newRank?.rank == null
          ? ''
          : signed(oldRank.rank - newRank.rank, 0),
    };
  });
}

function ranks(
  scores: Scores,
  node: string,
  decimals: number,
): Map<string, { rank: number | null; of: number }> {
  const ranked = rankByScore(
    [...scores.keys()],
    (c) => scores.get(c)![node]?.score ?? null,
    decimals,
  );
  const of = ranked.filter((r) => r.rank !== null).length;
  return new Map(ranked.map((r) => [r.item, { rank: r.rank, of }]));
}

function rankWords(entry: { rank: number | null; of: number } | undefined): string {
  if (!entry) return '';
  return entry.rank === null ? '–' : `${entry.rank} of ${entry.of}`;
}

/** "+2", "−1.5", "0": a signed difference with a real minus sign. */
function signed(value: number, decimals: number): string {
  const rounded = roundHalfUp(value, decimals);
  if (rounded === 0) return (0).toFixed(decimals);
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(decimals)}`;
}
