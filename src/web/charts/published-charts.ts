/**
 * The site's charts, built from the published layer (src/published/): the same full-precision
 * numbers the API serves, displayed with the same rounding as the tables. One function per chart;
 * each picks its numbers from a published edition and hands them to a drawing function of this
 * folder.
 */
import { labelIn } from '../i18n/page-language.js';
import { type Strand } from '../../questionnaire/types.js';
import { shown } from '../../published/display.js';
import type { PublicData, PublishedEdition } from '../../published/public-data.js';
import { barChart } from './bar-chart.js';
import type { ChartModel } from './chart-model.js';
import { stripChart } from './strip-chart.js';
import { trendChart } from './trend-chart.js';

type Names = ReadonlyMap<string, string>;

const scoreOf = (edition: PublishedEdition, country: string, node: string): number | null =>
  edition.scores.get(country)?.[node]?.score ?? null;

/** Overall, then each strand followed by its dimensions: the rows of the profile's and compare's bars. */
function scoreRows(
  edition: PublishedEdition,
): { key: string; label: string; short?: string; sub?: boolean }[] {
  return [
    { key: 'overall', label: 'Overall' },
    ...edition.questionnaire.strands.flatMap((strand) => [
      { key: strand.id, label: labelIn(strand.label) },
      ...strand.children.map((d) => ({
        key: d.id,
        label: `${labelIn(d.label)} (${labelIn(strand.label)})`,
        short: `· ${labelIn(d.label)}`,
        sub: true,
      })),
    ]),
  ];
}

/** The home page's ranking: every country's overall score, highest first (ties by name). */
export function rankingChart(edition: PublishedEdition, names: Names): ChartModel {
  const id = edition.edition.id;
  const rows = edition.countries
    .map((code) => ({ key: code, label: names.get(code) ?? code }))
    .sort(
      (a, b) =>
        (scoreOf(edition, b.key, 'overall') ?? -1) - (scoreOf(edition, a.key, 'overall') ?? -1) ||
        a.label.localeCompare(b.label),
    );
  return barChart({
    id: 'chart-ranking',
    kind: 'ranking',
    title: `Overall score of each country, edition ${id}, highest first`,
    description: 'One bar per country on a scale from 0 to 100; higher is more favourable.',
    rowHeading: 'Country',
    tableCaption: `Overall score per country, edition ${id} (the numbers of the chart)`,
    rows,
    series: [{ key: 'overall', label: 'Overall', short: 'Overall' }],
    values: rows.map((r) => [scoreOf(edition, r.key, 'overall')]),
    shown: (v) => shown(edition.questionnaire, v),
  });
}

/**
 * A country's overall and strand scores in every published edition comparable with this one (the
 * same scoring rules), in time order; null when there is only this edition to show. The page's
 * own edition keeps the revision it shows; the others are at their latest revision.
 */
export function trendOfCountry(
  data: PublicData,
  edition: PublishedEdition,
  code: string,
  name: string,
): ChartModel | null {
  const current = edition.edition.id;
  const editions = data
    .publishedEditions()
    .filter((e) => e.id === current || data.comparable(e.id, current))
    .map((e) => (e.id === current ? edition : data.edition(e.id)!))
    .filter((e) => e.scores.has(code));
  if (editions.length < 2) return null;
  const series = [
    { key: 'overall', label: 'Overall' },
    ...edition.questionnaire.strands.map((s) => ({ key: s.id, label: labelIn(s.label) })),
  ];
  return trendChart({
    id: 'chart-trend',
    title: `${name}: overall and strand scores across comparable editions`,
    description: `Scores from 0 to 100 in editions ${editions.map((e) => e.edition.id).join(', ')}, one line per score; this page's edition, ${current}, in bold.`,
    tableCaption: `${name}: scores per edition (the numbers of the chart)`,
    editions: editions.map((e) => ({
      key: e.edition.id,
      label: e.edition.id,
      current: e.edition.id === current,
    })),
    series,
    values: editions.map((e) => series.map((s) => scoreOf(e, code, s.key))),
    shown: (v) => shown(edition.questionnaire, v),
  });
}

/**
 * A country against the averages of the groups with members in the edition, on the overall
 * score, each strand and each dimension; null when no group has a member.
 */
export function countryAgainstGroups(
  edition: PublishedEdition,
  code: string,
  name: string,
): ChartModel | null {
  if (edition.groupAverages.length === 0) return null;
  const rows = scoreRows(edition);
  const groups = edition.groupAverages;
  return barChart({
    id: 'chart-groups',
    kind: 'groups',
    title: `${name} against the averages of its groups, overall, per strand and per dimension`,
    description: `For each score, a bar for ${name} (${code}) and one for each group's average, from 0 to 100.`,
    rowHeading: 'Score',
    tableCaption: `${name} and the group averages (the numbers of the chart)`,
    rows,
    series: [
      { key: code, label: name, short: code },
      ...groups.map((g) => ({
        key: g.group.id,
        label: `${g.group.label} average`,
        short: g.group.label,
      })),
    ],
    values: rows.map((row) => [
      scoreOf(edition, code, row.key),
      ...groups.map((g) => g.averages.get(row.key) ?? null),
    ]),
    shown: (v) => shown(edition.questionnaire, v),
  });
}

/** How the countries of an edition spread over one strand's scores. */
export function strandDistribution(
  edition: PublishedEdition,
  strand: Strand,
  names: Names,
): ChartModel {
  const label = labelIn(strand.label);
  return stripChart({
    id: 'chart-distribution',
    title: `${label}: how the countries' scores spread from 0 to 100, edition ${edition.edition.id}`,
    description:
      'One dot per country on a scale from 0 to 100; dots of close scores stack upwards.',
    tableCaption: `${label}: score per country, highest first (the numbers of the chart)`,
    rowHeading: 'Country',
    valueHeading: label,
    points: edition.countries.map((code) => ({
      key: code,
      label: names.get(code) ?? code,
      value: scoreOf(edition, code, strand.id),
    })),
    shown: (v) => shown(edition.questionnaire, v),
  });
}

/** The compared countries side by side on the overall score, each strand and each dimension. */
export function compareBars(edition: PublishedEdition, codes: string[], names: Names): ChartModel {
  const rows = scoreRows(edition);
  const list = codes.map((c) => names.get(c) ?? c).join(', ');
  return barChart({
    id: 'chart-compare',
    kind: 'compare',
    title: `${list}: overall, strand and dimension scores side by side, edition ${edition.edition.id}`,
    description: 'For each score, one bar per country in the order chosen, from 0 to 100.',
    rowHeading: 'Score',
    tableCaption: `Scores of ${list} (the numbers of the chart)`,
    rows,
    series: codes.map((c) => ({ key: c, label: names.get(c) ?? c, short: c })),
    values: rows.map((row) => codes.map((c) => scoreOf(edition, c, row.key))),
    shown: (v) => shown(edition.questionnaire, v),
  });
}

/** The profile's charts: its trend across comparable editions and its place among its groups. */
export function profileCharts(
  data: PublicData,
  edition: PublishedEdition,
  code: string,
  name: string,
): { trend: ChartModel | null; groups: ChartModel | null } {
  return {
    trend: trendOfCountry(data, edition, code, name),
    groups: countryAgainstGroups(edition, code, name),
  };
}
