/**
 * What approving would do to the published numbers: the sheet's overall and strand scores, bands
 * and ranks against what is published now — the latest published revision of this edition, or,
 * when the country was never published in it, the previous comparable edition.
 *
 * The rank after approval is taken among the countries the next publication of this edition would
 * hold: every other sheet that is approved or published (scored from its current answers), the
 * countries already published in this edition whose sheets are open again (a correction keeps
 * their published answers), and this sheet. Ranks use the displayed scores, like every published
 * rank (ties share a rank). Scores are computed here, not read from the score cache, so that
 * reading the page writes nothing.
 */
import { answerMap, type AnswerSheet } from '../../answers/types.js';
import { labelText, type Band, type Questionnaire } from '../../questionnaire/types.js';
import { bandFor } from '../../scoring/bands.js';
import { rankByScore } from '../../scoring/ranking.js';
import { nodeScores, scoreSheet, type NodeScore } from '../../scoring/score-sheet.js';
import type { Db } from '../../storage/database.js';
import { listSheets } from '../../storage/sheet-repository.js';
import { precise, signed } from '../../published/display.js';
import type { SheetContext } from '../sheet-context.js';
import { publishedScores, type PublishedSheet } from './published-baseline.js';

type Scores = Readonly<Record<string, Pick<NodeScore, 'score'>>>;

export interface EffectRow {
  label: string;
  before: string;
  after: string;
  change: string;
  bandBefore: { id: string; label: string } | null;
  bandAfter: { id: string; label: string } | null;
  rankBefore: string;
  rankAfter: string;
}

export interface EffectView {
  /** What the sheet is compared with; null when nothing comparable was published. */
  baseline: {
    edition: string;
    revision: number;
    sameEdition: boolean;
    countries: number;
  } | null;
  /** A published baseline that scores differently (another questionnaire's scoring). */
  incomparable: string | null;
  rows: EffectRow[];
  /** How many countries the rank after approval is taken among. */
  rankedAmong: number;
  /** What is compared with what, in a sentence. */
  intro: string;
}

export function approvalEffect(
  db: Db,
  context: SheetContext,
  answers: AnswerSheet['answers'],
  published: PublishedSheet | null,
): EffectView {
  const { questionnaire } = context;
  const own = nodeScores(scoreSheet(questionnaire, answerMap({ answers })));
  const pool = nextPublication(db, context, own);
  const baseline = published?.comparable ? published : null;
  const nodes = ['overall', ...questionnaire.strands.map((s) => s.id)];
  const among = `The rank after approval is among the ${pool.size} countries the next publication of ${context.edition} would hold (approved sheets and countries already published).`;
  const against = !baseline
    ? `Nothing comparable is published for ${context.country} yet.`
    : baseline.edition === context.edition
      ? `This sheet as it stands, against published revision ${baseline.revision} of this edition (rank among its ${baseline.allScores.size} countries).`
      : `This sheet as it stands, against edition ${baseline.edition} as published (revision ${baseline.revision}, rank among its ${baseline.allScores.size} countries): ${context.country} was never published in ${context.edition}.`;
  return {
    intro: `${against} ${among}`,
    baseline: baseline && {
      edition: baseline.edition,
      revision: baseline.revision,
      sameEdition: baseline.edition === context.edition,
      countries: baseline.allScores.size,
    },
    incomparable: published && !published.comparable ? published.edition : null,
    rows: nodes.map((node) => {
      const before = baseline?.scores[node]?.score ?? null;
      const after = own[node]?.score ?? null;
      return {
        label: node === 'overall' ? 'Overall' : labelText(questionnaire.nodes.get(node)!.label),
        // Beside the change, to its two decimals: the three add up (display.precise).
        before: baseline ? precise(before) : '–',
        after: precise(after),
        change: before === null || after === null ? '–' : signed(after - before),
        bandBefore: baseline ? band(questionnaire, before) : null,
        bandAfter: band(questionnaire, after),
        rankBefore: baseline
          ? rankIn(questionnaire, baseline.allScores, context.country, node)
          : '–',
        rankAfter: rankIn(questionnaire, pool, context.country, node),
      };
    }),
    rankedAmong: pool.size,
  };
}

/** Scores of every country the next publication of the edition would hold, this sheet included. */
function nextPublication(db: Db, context: SheetContext, own: Scores): Map<string, Scores> {
  const pool = new Map<string, Scores>();
  for (const stored of listSheets(db, { edition: context.edition })) {
    const { country, status } = stored.sheet;
    if (country === context.country || (status !== 'approved' && status !== 'published')) continue;
    pool.set(country, nodeScores(scoreSheet(context.questionnaire, answerMap(stored.sheet))));
  }
  for (const [country, scores] of publishedScores(db, context.edition))
    if (!pool.has(country)) pool.set(country, scores);
  pool.set(context.country, own);
  return pool;
}

/** "3 of 8": the country's rank on one node, ties sharing a rank; "–" without a score. */
function rankIn(
  questionnaire: Questionnaire,
  scores: ReadonlyMap<string, Scores>,
  country: string,
  node: string,
): string {
  const ranked = rankByScore(
    [...scores.entries()],
    ([, s]) => s[node]?.score ?? null,
    questionnaire.displayDecimals,
  );
  const rank = ranked.find((r) => r.item[0] === country)?.rank ?? null;
  const of = ranked.filter((r) => r.rank !== null).length;
  return rank === null ? '–' : `${rank} of ${of}`;
}

function band(questionnaire: Questionnaire, score: number | null) {
  const found: Band | null = bandFor(questionnaire.bands, score, questionnaire.displayDecimals);
  return found && { id: found.id, label: labelText(found.label) };
}
