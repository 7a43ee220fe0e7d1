/** The robustness page and API: rank intervals under alternative methods. */
import { robustness, type RobustnessOptions } from '../../analysis/robustness.js';
import { questionPoints } from '../../analysis/attribution.js';
import { planFor } from '../../scoring/score-sheet.js';
import type { PublishedEdition, PublicData } from '../public-data.js';
import { shown } from './common.js';

export interface RobustnessView {
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
  }[];
}

export function buildRobustness(
  data: PublicData,
  edition: PublishedEdition,
  options: RobustnessOptions,
): RobustnessView {
  const plan = planFor(edition.questionnaire);
  const names = data.countryNames();
  const countries = edition.countries.map((code) => ({
    code,
    points: questionPoints(
      plan,
      new Map(Object.entries(edition.sheets.get(code)!.answers).map(([id, e]) => [id, e.answer])),
    ),
  }));
  const result = robustness(plan, countries, options);
  const q = edition.questionnaire;
  return {
    edition: edition.edition.id,
    illustrative: edition.illustrative,
    options,
    countries: countries.length,
    rows: result.countries
      .map((c) => ({
        code: c.country,
        name: names.get(c.country) ?? c.country,
        publishedRank: c.publishedRank,
        medianRank: c.medianRank,
        rankLow: c.rankLow,
        rankHigh: c.rankHigh,
        score: shown(q, c.publishedScore),
        scoreLow: shown(q, c.scoreLow),
        scoreHigh: shown(q, c.scoreHigh),
      }))
      .sort(
        (a, b) =>
          (a.publishedRank ?? Infinity) - (b.publishedRank ?? Infinity) ||
          a.name.localeCompare(b.name),
      ),
  };
}
