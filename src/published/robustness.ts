/**
 * Robustness of a published edition's ranks: every country's rank and score intervals under
 * alternative methods, and the Sobol indices saying which uncertain choice moves the ranks most
 * (`analysis/robustness.ts`), with names and display values. The robustness page, the API and
 * the `robustness` command all show this one result.
 */
import {
  robustness,
  type RobustnessOptions,
  type RobustnessResult,
  type SensitivityIndex,
} from '../analysis/robustness.js';
import { answerMap } from '../answers/vocabulary.js';
import { questionPoints } from '../analysis/attribution.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { planFor } from '../scoring/score-sheet.js';
import type { PublishedEdition, PublicData } from './public-data.js';
import { nodeLabel, shown } from './display.js';

export interface SensitivityRow {
  id: string;
  kind: SensitivityIndex['kind'];
  /** The choice in words: "Weight of Eligibility (Family reunification)". */
  label: string;
  /** Raw estimates (sampling error of order 1/√N; may be slightly negative); null: no variance. */
  first: number | null;
  total: number | null;
  /** Standard errors of the estimates; null without variance. */
  firstError: number | null;
  totalError: number | null;
  /** For display: clamped to 0–1, two decimals, ± two standard errors; "–" without variance. */
  firstShown: string;
  totalShown: string;
}

export interface EditionRobustness {
  edition: string;
  illustrative: boolean;
  options: RobustnessOptions;
  countries: number;
  rows: {
    code: string;
    name: string;
    publishedRank: number | null;
    medianRank: number;
    rankLow: number;
    rankHigh: number;
    score: string;
    scoreLow: string;
    scoreHigh: string;
    /** The three scores at full precision (the strings above are for reading). */
    values: { score: number | null; scoreLow: number; scoreHigh: number };
  }[];
  sensitivity: {
    samples: number;
    runs: number;
    output: 'mean-absolute-rank-shift';
    /** Mean absolute rank shift over the runs, and its variance. */
    meanShift: number;
    variance: number;
    indices: SensitivityRow[];
    /** The choice with the largest total effect, in words; null when ranks never move. */
    strongest: string | null;
    byCountry: {
      code: string;
      name: string;
      rankVariance: number;
      /** Total-effect index of each choice (order of `indices`), for display. */
      totalShown: string[];
      total: (number | null)[];
      first: (number | null)[];
    }[];
  } | null;
}

/** Robustness of `edition` under `options` (checked by the caller: `checkRobustnessOptions`). */
export function editionRobustness(
  data: PublicData,
  edition: PublishedEdition,
  options: RobustnessOptions,
): EditionRobustness {
  return robustnessView(data, edition, robustnessResult(edition, options));
}

/**
 * The analysis alone, every number at full precision: what a caller writing data (the command
 * line's JSON) needs besides the view's names and labels.
 */
export function robustnessResult(
  edition: PublishedEdition,
  options: RobustnessOptions,
): RobustnessResult {
  const plan = planFor(edition.questionnaire);
  const countries = edition.countries.map((code) => ({
    code,
    points: questionPoints(plan, answerMap(edition.sheets.get(code)!)),
  }));
  return robustness(plan, countries, options);
}

/** The result with names, labels and display values (see {@link editionRobustness}). */
export function robustnessView(
  data: PublicData,
  edition: PublishedEdition,
  result: RobustnessResult,
): EditionRobustness {
  const { options } = result;
  const names = data.countryNames();
  const q = edition.questionnaire;
  const name = (code: string) => names.get(code) ?? code;
  const s = result.sensitivity;
  const indices = s?.indices.map((index) => indexRow(q, index)) ?? [];
  const strongest = indices.reduce<SensitivityRow | null>(
    (best, row) => (row.total !== null && row.total > (best?.total ?? 0) ? row : best),
    null,
  );
  return {
    edition: edition.edition.id,
    illustrative: edition.illustrative,
    options,
    countries: result.countries.length,
    rows: result.countries
      .map((c) => ({
        code: c.country,
        name: name(c.country),
        publishedRank: c.publishedRank,
        medianRank: c.medianRank,
        rankLow: c.rankLow,
        rankHigh: c.rankHigh,
        score: shown(q, c.publishedScore),
        scoreLow: shown(q, c.scoreLow),
        scoreHigh: shown(q, c.scoreHigh),
        values: { score: c.publishedScore, scoreLow: c.scoreLow, scoreHigh: c.scoreHigh },
      }))
      .sort(
        (a, b) =>
          (a.publishedRank ?? Infinity) - (b.publishedRank ?? Infinity) ||
          a.name.localeCompare(b.name),
      ),
    sensitivity: s && {
      samples: s.samples,
      runs: s.runs,
      output: s.output,
      meanShift: s.mean,
      variance: s.variance,
      indices,
      strongest: strongest?.label ?? null,
      byCountry: (s.byCountry ?? []).map((c) => ({
        code: c.country,
        name: name(c.country),
        rankVariance: c.rankVariance,
        totalShown: c.total.map(indexShown),
        total: c.total,
        first: c.first,
      })),
    },
  };
}

function indexRow(questionnaire: Questionnaire, index: SensitivityIndex): SensitivityRow {
  return {
    id: index.id,
    kind: index.kind,
    label: choiceLabel(questionnaire, index),
    first: index.first,
    total: index.total,
    firstError: index.firstError,
    totalError: index.totalError,
    firstShown: withError(index.first, index.firstError),
    totalShown: withError(index.total, index.totalError),
  };
}

function choiceLabel(questionnaire: Questionnaire, index: SensitivityIndex): string {
  if (index.kind === 'leave-out') return 'Which dimension is left out';
  if (index.kind === 'aggregation') return `Aggregation rule at the ${index.target} level`;
  const node = questionnaire.nodes.get(index.target!)!;
  const strand = node.strandId ? questionnaire.nodes.get(node.strandId) : undefined;
  const where = strand ? ` (${nodeLabel(strand, questionnaire)})` : '';
  return `Weight of ${nodeLabel(node, questionnaire)}${where}`;
}

/** An estimate ± two standard errors (about a 95 % interval): "0.29 ± 0.05". */
function withError(value: number | null, error: number | null): string {
  return value === null || error === null
    ? indexShown(value)
    : `${indexShown(value)} ± ${(2 * error).toFixed(2)}`;
}

/** An index for reading: 0–1 with two decimals (small negative estimates are noise: 0.00). */
function indexShown(value: number | null): string {
  return value === null ? '–' : Math.min(1, Math.max(0, value)).toFixed(2);
}
