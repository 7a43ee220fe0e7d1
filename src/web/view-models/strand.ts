import { countryNamesIn, derivedFrom, labelIn } from '../i18n/page-language.js';
import { groupLabelIn } from '../i18n/catalogue.js';
import { strandReadings, type Strand } from '../../questionnaire/types.js';
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import type { ChartModel } from '../charts/chart-model.js';
import { strandDistribution } from '../charts/published-charts.js';
import { band, provenance, type BandView, type ProvenanceView } from './common.js';
import { nodeLabel, shown } from '../../published/display.js';
import { countryReadings, gateQuestions } from '../../downloads/gate-table.js';
import { rankByScore } from '../../scoring/ranking.js';
import { ruleCountriesHref } from './timeline.js';
import { readingMethodHref } from './gate-table.js';

export interface StrandPageView {
  id: string;
  label: string;
  /** The strand's guidance: its first sentence as the page's lead, the rest (if any) folded. */
  guidance: string;
  guidanceMore: string;
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
    /** Per reading of the strand (in `readings` order): the country's reading and its rank on it. */
    readings: { shown: string; rank: string }[];
  }[];
  /** The strand's readings (columns beside its score), with their place on the methodology page. */
  readings: { id: string; label: string; href: string }[];
  /**
   * For a strand with facets: each gate's questions per facet, each linking to the question in
   * every country of the edition (the rule-countries page).
   */
  facts: { gate: string; facets: { label: string; questions: FactLink[] }[] }[];
  /** Every country's score on the strand as a dot on 0–100, with the same numbers as a table. */
  chart: ChartModel;
  distribution: { band: string; colour: string; count: number; countries: string }[];
  groups: { label: string; members: number; shown: string; dimensions: string[] }[];
  editions: { id: string; current: boolean }[];
  provenance: ProvenanceView;
}

export interface FactLink {
  label: string;
  code: string;
  href: string;
}

export function buildStrand(
  data: PublicData,
  edition: PublishedEdition,
  strand: Strand,
): StrandPageView {
  const { questionnaire } = edition;
  const names = countryNamesIn(data);
  const ranks = edition.ranks.get(strand.id)!;
  const readings = strandReadings(strand);
  const readingRanks = readings.map(
    (r) =>
      new Map(
        rankByScore(
          edition.countries,
          (c) => countryReadings(edition, c).get(strand.id)?.[r.id]?.score ?? null,
          questionnaire.displayDecimals,
        ).map((ranked) => [ranked.item, ranked.rank]),
      ),
  );
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
        readings: readings.map((r, i) => ({
          shown: shown(questionnaire, countryReadings(edition, code).get(strand.id)?.[r.id]?.score),
          rank: String(readingRanks[i]!.get(code) ?? '–'),
        })),
      };
    })
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
    .map(({ order: _order, ...row }) => row);
  return {
    id: strand.id,
    label: labelIn(strand.label),
    ...leadAndMore(labelIn(strand.guidance)),
    edition: edition.edition.id,
    crossCutting: strand.crossCutting,
    illustrative: edition.illustrative,
    dimensions: strand.children.map((d) => labelIn(d.label)),
    rows,
    readings: readings.map((r) => ({
      id: r.id,
      label: labelIn(r.label),
      href: readingMethodHref(edition, strand.id, r.id),
    })),
    facts: gateQuestions(strand, questionnaire)
      .map(({ dimension, cells }) => ({
        gate: labelIn(dimension.label),
        facets: cells
          .filter((cell) => cell.questions.length > 0)
          .map(({ facet, questions }) => ({
            label: labelIn(facet.label),
            questions: questions.map(({ item, question }) => ({
              label: nodeLabel(item, questionnaire, labelIn),
              code: question.code ?? '',
              href: ruleCountriesHref(question.id, edition.edition.id),
            })),
          })),
      }))
      .filter((gate) => gate.facets.length > 0),
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
      label: groupLabelIn(g.group),
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

/**
 * A long guidance text parted after its first sentence, so that a phone shows the point first and
 * the method on demand; a short one (up to 300 characters) stays whole.
 */
export function leadAndMore(text: string): { guidance: string; guidanceMore: string } {
  const end = text.length > 300 ? /[.!?](?=\s+\p{Lu})/u.exec(text.slice(60)) : null;
  if (end === null) return { guidance: text, guidanceMore: '' };
  const at = 60 + end.index + 1;
  return {
    guidance: derivedFrom(text, (t) => t.slice(0, at)),
    guidanceMore: derivedFrom(text, (t) => t.slice(at).trim()),
  };
}
