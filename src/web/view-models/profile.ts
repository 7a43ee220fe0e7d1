/**
 * A country profile: the view model of /countries/{code}/{edition} and of its API twin.
 * Everything is taken from one published snapshot.
 */
import { countryNamesIn, labelIn, pageLanguage } from '../i18n/page-language.js';
import { groupLabelIn, textIn } from '../i18n/catalogue.js';
import type { AnswerEntry } from '../../answers/types.js';
import { type QuestionnaireNode, type Strand } from '../../questionnaire/types.js';
import { change as displayedChange, precise } from '../../published/display.js';
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import { answerScore, answerText } from '../../answers/vocabulary.js';
import { conditionInWords } from '../../questionnaire/in-words.js';
import {
  band,
  partialView,
  provenance,
  revisionNotice,
  type BandView,
  type PartialView,
  type ProvenanceView,
  type RevisionNoticeView,
} from './common.js';
import { automaticFindings, type Finding } from '../../published/findings.js';
import { citationView, type CitationView } from './citation.js';
import { editorialView, type EditorialView } from './editorial.js';
import { instrumentChangePath, instrumentName, nodeLabel, shown } from '../../published/display.js';
import { buildGateTables, type GateTableView } from './gate-table.js';

export interface ScoreView {
  score: number | null;
  shown: string;
  /** Bar length, 0–100. */
  bar: number;
}

export interface ChangeView {
  from: string;
  comparable: boolean;
  before: string;
  delta: string | null;
  /** The two ends of the change to its two decimals ("54.31", "59.00"), written beside it. */
  ends: { before: string; after: string };
  /**
   * Set when the earlier edition is coded with another questionnaire: its instrument, and the
   * crosswalk page that splits the difference into instrument and coding.
   */
  otherInstrument: { name: string; href: string } | null;
}

export interface QuestionRow {
  id: string;
  code: string;
  label: string;
  depth: number;
  kind: 'question' | 'group';
  answer: string;
  answerId: string | null;
  points: string;
  sources: { title: string; article: string | null; url: string | null; date: string | null }[];
  inForceSince: string | null;
  comment: string | null;
  confidence: string | null;
  condition: string | null;
}

export interface StrandView extends ScoreView {
  id: string;
  label: string;
  band: BandView | null;
  rank: string;
  countedInOverall: boolean;
  /** Built from references to other strands (else a strand of its own left out of the overall). */
  crossCutting: boolean;
  change: ChangeView | null;
  dimensions: (ScoreView & { id: string; label: string })[];
  questions: QuestionRow[];
}

export interface ProfileView {
  code: string;
  name: string;
  edition: string;
  referenceDate: string;
  illustrative: boolean;
  /** Set on a partial edition: its rank is among the countries published only. */
  partial: PartialView | null;
  overall: ScoreView & { band: BandView | null; rank: string; change: ChangeView | null };
  strands: StrandView[];
  /**
   * Per strand that declares facets: its gates (dimensions) × facets, each cell's answers with
   * sources and in-force dates, and the readings (`gate-table.ts`). Empty when none does.
   */
  gateTables: GateTableView[];
  strongest: { label: string; strand: string; shown: string }[];
  weakest: { label: string; strand: string; shown: string }[];
  groups: { id: string; label: string; members: number; overall: string; strands: string[] }[];
  /** The address of this profile in this revision (`?revision=N`): what a citation links to. */
  permalink: string;
  /**
   * `accessed`: the day the page was rendered (ISO; BibTeX's `urldate`), `accessedText` as the
   * citation text writes it ("30 November 2026").
   */
  citation: Omit<CitationView, 'permalink'>;
  /** Set when this is not the current revision of the edition. */
  revisionNotice: RevisionNoticeView | null;
  provenance: ProvenanceView;
  otherEditions: { id: string; href: string }[];
  /** The questionnaire (title and version) the edition is coded with: where the numbers come from. */
  instrument: string;
  /**
   * How many of this country's published answers deviate from the skip logic (data published as
   * coded), with the methodology page that lists them; null when none does.
   */
  deviations: { count: number; href: string } | null;
  /** Sentences generated from the data (published/findings.ts), each linking to its numbers. */
  findings: Finding[];
  /** The editors' key findings and recommendations published with this revision (may be empty). */
  editorial: EditorialView;
}

export function buildProfile(
  data: PublicData,
  edition: PublishedEdition,
  code: string,
  baseUrl: string,
  today: Date = new Date(),
): ProfileView {
  const { questionnaire } = edition;
  const nodes = edition.scores.get(code)!;
  const sheet = edition.sheets.get(code)!;
  const name = countryNamesIn(data).get(code) ?? code;
  const score = (id: string) => nodes[id]?.score ?? null;
  const view = (value: number | null): ScoreView => ({
    score: value,
    shown: shown(questionnaire, value),
    bar: value === null ? 0 : Math.max(0, Math.min(100, value)),
  });
  const rankText = (node: string) => {
    const entry = edition.ranks.get(node)?.get(code);
    return entry && entry.rank !== null
      ? textIn('rank.of', { rank: entry.rank, of: entry.of })
      : '–';
  };

  const previous = data.previousComparable(edition.edition.id);
  const before = previous ? data.edition(previous.edition) : null;
  const change = (node: string): ChangeView | null => {
    if (!previous) return null;
    const old = before?.scores.get(code)?.[node]?.score ?? null;
    const now = score(node);
    const otherQuestionnaire =
      before && before.questionnaire.id !== questionnaire.id ? before.questionnaire : null;
    return {
      from: previous.edition,
      comparable: previous.comparable,
      before: shown(questionnaire, old),
      delta: previous.comparable ? displayedChange(old, now) : null,
      ends: { before: precise(old), after: precise(now) },
      otherInstrument: otherQuestionnaire && {
        name: instrumentName(otherQuestionnaire, pageLanguage()),
        href: instrumentChangePath(code, previous.edition, edition.edition.id),
      },
    };
  };

  const strands: StrandView[] = questionnaire.strands.map((strand) => ({
    id: strand.id,
    label: labelIn(strand.label),
    ...view(score(strand.id)),
    band: band(questionnaire, score(strand.id)),
    rank: rankText(strand.id),
    countedInOverall: strand.countInOverall,
    crossCutting: strand.crossCutting,
    change: change(strand.id),
    dimensions: strand.children.map((d) => ({
      id: d.id,
      label: labelIn(d.label),
      ...view(score(d.id)),
    })),
    questions: questionRows(strand, sheet.answers, edition, nodes),
  }));

  const dimensions = questionnaire.strands
    .filter((s) => s.countInOverall)
    .flatMap((s) =>
      s.children.map((d) => ({
        label: labelIn(d.label),
        strand: labelIn(s.label),
        value: score(d.id),
      })),
    )
    .filter((d): d is { label: string; strand: string; value: number } => d.value !== null)
    .sort((a, b) => b.value - a.value);
  const pick = (list: typeof dimensions) =>
    list.map((d) => ({ label: d.label, strand: d.strand, shown: shown(questionnaire, d.value) }));

  const path = `/countries/${code}/${edition.edition.id}`;
  const title = textIn('cite.profileTitle', {
    name,
    edition: edition.edition.id,
    revision: edition.snapshot.revision,
  });
  const { permalink, ...citation } = citationView(edition, path, title, code, baseUrl, today);
  return {
    code,
    name,
    edition: edition.edition.id,
    referenceDate: edition.edition.reference_date,
    illustrative: edition.illustrative,
    partial: partialView(edition),
    overall: {
      ...view(score('overall')),
      band: band(questionnaire, score('overall')),
      rank: rankText('overall'),
      change: change('overall'),
    },
    strands,
    gateTables: buildGateTables(edition, code),
    instrument: instrumentName(questionnaire, pageLanguage()),
    deviations: deviationsView(data, edition, code),
    findings: automaticFindings(data, edition, code, {
      say: textIn,
      label: labelIn,
      group: groupLabelIn,
      countries: countryNamesIn(data),
    }),
    editorial: editorialView(data.editorial(edition, code), edition, code),
    strongest: pick(dimensions.slice(0, 2)),
    weakest: pick(dimensions.slice(-2).reverse()),
    groups: edition.groupAverages.map((g) => ({
      id: g.group.id,
      label: groupLabelIn(g.group),
      members: g.members,
      overall: shown(questionnaire, g.averages.get('overall')),
      strands: questionnaire.strands.map((s) => shown(questionnaire, g.averages.get(s.id))),
    })),
    permalink,
    citation,
    revisionNotice: revisionNotice(edition, path),
    provenance: provenance(edition),
    otherEditions: data
      .publishedEditions()
      .filter((e) => e.id !== edition.edition.id && data.edition(e.id)?.scores.has(code))
      .map((e) => ({ id: e.id, href: `/countries/${code}/${e.id}` })),
  };
}

function questionRows(
  strand: Strand,
  answers: Record<string, AnswerEntry>,
  edition: PublishedEdition,
  nodes: Readonly<Record<string, { score: number | null }>>,
): QuestionRow[] {
  if (strand.crossCutting) return [];
  const { questionnaire } = edition;
  const rows: QuestionRow[] = [];
  const visit = (node: QuestionnaireNode, depth: number) => {
    if (node.kind === 'question') {
      const entry = answers[node.id];
      const points = answerScore(node, entry?.answer);
      rows.push({
        id: node.id,
        code: node.code ?? '',
        label: labelIn(node.label),
        depth,
        kind: 'question',
        answer: answerInLanguage(node, entry?.answer),
        answerId: entry?.answer ?? null,
        points: points === null ? '–' : String(points),
        sources: entry?.sources ?? [],
        inForceSince: entry?.inForceSince ?? null,
        comment: entry?.comment ?? null,
        confidence: entry?.confidence ?? null,
        condition: conditionInWords(node, questionnaire),
      });
    } else if (node.kind === 'composite') {
      if (node.level !== 'dimension') {
        rows.push({
          id: node.id,
          code: node.code ?? '',
          label: nodeLabel(node, questionnaire, labelIn),
          depth,
          kind: 'group',
          answer: '',
          answerId: null,
          points: shown(questionnaire, nodes[node.id]?.score),
          sources: [],
          inForceSince: null,
          comment: null,
          confidence: null,
          condition: null,
        });
      }
      for (const child of node.children)
        visit(child, node.level === 'dimension' ? depth : depth + 1);
    }
  };
  for (const dimension of strand.children) visit(dimension, 0);
  return rows;
}

function deviationsView(
  data: PublicData,
  edition: PublishedEdition,
  code: string,
): ProfileView['deviations'] {
  const count = data.deviations(edition).filter((d) => d.country === code).length;
  return count === 0
    ? null
    : { count, href: `/methodology?edition=${encodeURIComponent(edition.edition.id)}#deviations` };
}

/** The chosen option's label in the page's language; a missing value as answerText words it. */
function answerInLanguage(question: Parameters<typeof answerText>[0], answer: string | undefined) {
  const option = question.options.find((o) => o.id === answer);
  return option ? labelIn(option.label) : answerText(question, answer);
}
