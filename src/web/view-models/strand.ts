import { labelIn, countryNamesIn } from '../i18n/page-language.js';
import { type Strand } from '../../questionnaire/types.js';
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import type { ChartModel } from '../charts/chart-model.js';
import { strandDistribution } from '../charts/published-charts.js';
import { band, provenance, type BandView, type ProvenanceView } from './common.js';
import { shown } from '../../published/display.js';

export interface StrandPageView {
  id: string;
  label: string;
  guidance: string;
  edition: string;
  crossCutting: boolean;
  illustrative: boolean;
  dimensions: string[];
  rows: {
    rank: string;
    code: string;
    name: string;
    shown: string;
    band: BandView | null;
    bar: number;
    dimensions: string[];
  }[];
  /** Every country's score on the strand as a dot on 0–100, with the same numbers as a table. */
  chart: ChartModel;
  distribution: { band: string; colour: string; count: number; countries: string }[];
  groups: { label: string; members: number; shown: string; dimensions: string[] }[];
  editions: { id: string; current: boolean }[];
  provenance: ProvenanceView;
}

export function buildStrand(
  data: PublicData,
  edition: PublishedEdition,
  strand: Strand,
): StrandPageView {
  const { questionnaire } = edition;
  const names = countryNamesIn(data);
  const ranks = edition.ranks.get(strand.id)!;
  const rows = edition.countries
    .map((code) => {
      const nodes = edition.scores.get(code)!;
      const value = nodes[strand.id]?.score ?? null;
      return {
        order: ranks.get(code)?.rank ?? Infinity,
        rank: String(ranks.get(code)?.rank ?? '–'),
        code,
        name: names.get(code) ?? code,
        shown: shown(questionnaire, value),
        band: band(questionnaire, value),
        bar: value ?? 0,
        dimensions: strand.children.map((d) => shown(questionnaire, nodes[d.id]?.score)),
      };
    })
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
    .map(({ order: _order, ...row }) => row);
  return {
    id: strand.id,
    label: labelIn(strand.label),
    guidance: labelIn(strand.guidance),
    edition: edition.edition.id,
    crossCutting: strand.crossCutting,
    illustrative: edition.illustrative,
    dimensions: strand.children.map((d) => labelIn(d.label)),
    rows,
    chart: strandDistribution(edition, strand, names),
    distribution: questionnaire.bands.map((b) => {
      const inBand = rows.filter((r) => r.band?.id === b.id);
      return {
        band: labelIn(b.label),
        colour: b.colour ?? '#777777',
        count: inBand.length,
        countries: inBand.map((r) => r.code).join(', '),
      };
    }),
    groups: edition.groupAverages.map((g) => ({
      label: g.group.label,
      members: g.members,
      shown: shown(questionnaire, g.averages.get(strand.id)),
      dimensions: strand.children.map((d) => shown(questionnaire, g.averages.get(d.id))),
    })),
    // The editions whose questionnaire has this strand (a strand of the other generation of
    // the questionnaire has no page in them).
    editions: data
      .publishedEditions()
      .filter((e) => data.edition(e.id)!.questionnaire.strands.some((s) => s.id === strand.id))
      .map((e) => ({ id: e.id, current: e.id === edition.edition.id })),
    provenance: provenance(edition),
  };
}
