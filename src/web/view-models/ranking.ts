import { labelIn, countryNamesIn } from '../i18n/page-language.js';
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import {
  band,
  partialView,
  provenance,
  type BandView,
  type PartialView,
  type ProvenanceView,
} from './common.js';
import { shown } from '../../published/display.js';
import type { ChartModel } from '../charts/chart-model.js';
import { rankingChart } from '../charts/published-charts.js';

export interface RankingRow {
  rank: string;
  code: string;
  name: string;
  overall: string;
  band: BandView | null;
  strands: string[];
}

export interface RankingView {
  edition: string;
  editions: { id: string; current: boolean; partial: boolean }[];
  illustrative: boolean;
  /** A partial edition: how many countries it has of how many expected, or null when complete. */
  partial: PartialView | null;
  columns: { key: string; label: string; sortHref: string; sorted: boolean }[];
  rows: RankingRow[];
  /** The overall scores as bars, highest first, with the same numbers as a table. */
  chart: ChartModel;
  provenance: ProvenanceView;
}

/** The ranking table of an edition; `sort` is `rank` (default), `country` or a strand id. */
export function buildRanking(
  data: PublicData,
  edition: PublishedEdition,
  sort: string,
  basePath: string,
): RankingView {
  const { questionnaire } = edition;
  const names = countryNamesIn(data);
  const strands = questionnaire.strands;
  const rows = edition.countries.map((code) => {
    const nodes = edition.scores.get(code)!;
    const overall = nodes.overall?.score ?? null;
    return {
      sortValues: {
        rank: -(overall ?? -1),
        country: names.get(code) ?? code,
        ...Object.fromEntries(strands.map((s) => [s.id, -(nodes[s.id]?.score ?? -1)])),
      } as Record<string, number | string>,
      row: {
        rank: String(edition.ranks.get('overall')!.get(code)!.rank ?? '–'),
        code,
        name: names.get(code) ?? code,
        overall: shown(questionnaire, overall),
        band: band(questionnaire, overall),
        strands: strands.map((s) => shown(questionnaire, nodes[s.id]?.score)),
      },
    };
  });
  const key = sort === 'country' || strands.some((s) => s.id === sort) ? sort : 'rank';
  rows.sort((a, b) => {
    const x = a.sortValues[key]!;
    const y = b.sortValues[key]!;
    return typeof x === 'string'
      ? x.localeCompare(y as string)
      : (x as number) - (y as number) || a.row.name.localeCompare(b.row.name);
  });
  const link = (k: string) =>
    k === 'rank' ? basePath : `${basePath}?sort=${encodeURIComponent(k)}`;
  return {
    edition: edition.edition.id,
    editions: data.publishedEditions().map((e) => ({
      id: e.id,
      current: e.id === edition.edition.id,
      partial: data.isPartial(e.id),
    })),
    illustrative: edition.illustrative,
    partial: partialView(edition),
    columns: [
      { key: 'rank', label: 'Overall', sortHref: link('rank'), sorted: key === 'rank' },
      { key: 'country', label: 'Country', sortHref: link('country'), sorted: key === 'country' },
      ...strands.map((s) => ({
        key: s.id,
        label: labelIn(s.label),
        sortHref: link(s.id),
        sorted: key === s.id,
      })),
    ],
    rows: rows.map((r) => r.row),
    chart: rankingChart(edition, names),
    provenance: provenance(edition),
  };
}
