/**
 * The site's charts, built from the published layer (src/published/): the same full-precision
 * numbers the API serves, displayed with the same rounding as the tables. One function per chart;
 * each picks its numbers from a published edition and hands them to a drawing function of this
 * folder.
 */
import { labelIn, pageLanguage } from '../i18n/page-language.js';
import { groupLabelIn, textIn } from '../i18n/catalogue.js';
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
    { key: 'overall', label: textIn('col.overall') },
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
        a.label.localeCompare(b.label, pageLanguage()),
    );
  return barChart({
    id: 'chart-ranking',
    kind: 'ranking',
    title: textIn('chart.ranking.title', { edition: id }),
    description: textIn('chart.ranking.description'),
    rowHeading: textIn('col.country'),
    tableCaption: textIn('chart.ranking.caption', { edition: id }),
    rows,
    series: [{ key: 'overall', label: textIn('col.overall'), short: textIn('col.overall') }],
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
    { key: 'overall', label: textIn('col.overall') },
    ...edition.questionnaire.strands.map((s) => ({ key: s.id, label: labelIn(s.label) })),
  ];
  return trendChart({
    id: 'chart-trend',
    title: textIn('chart.trend.title', { name }),
    description: textIn('chart.trend.description', {
      editions: editions.map((e) => e.edition.id).join(', '),
      current,
    }),
    tableCaption: textIn('chart.trend.caption', { name }),
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
    title: textIn('chart.groups.title', { name }),
    description: textIn('chart.groups.description', { name, code }),
    rowHeading: textIn('col.score'),
    tableCaption: textIn('chart.groups.caption', { name }),
    rows,
    series: [
      { key: code, label: name, short: code },
      ...groups.map((g) => ({
        key: g.group.id,
        label: textIn('chart.groups.average', { group: groupLabelIn(g.group) }),
        short: groupLabelIn(g.group),
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
    title: textIn('chart.distribution.title', { strand: label, edition: edition.edition.id }),
    description: textIn('chart.distribution.description'),
    tableCaption: textIn('chart.distribution.caption', { strand: label }),
    rowHeading: textIn('col.country'),
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
    title: textIn('chart.compare.title', { list, edition: edition.edition.id }),
    description: textIn('chart.compare.description'),
    rowHeading: textIn('col.score'),
    tableCaption: textIn('chart.compare.caption', { list }),
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
