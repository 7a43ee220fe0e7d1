/**
 * One rule's life in one country: the view model of /countries/{code}/rules/{question}, its API
 * twin and its CSV. Every published edition's answer in words, its in-force date, sources and
 * points; the points the change from the edition before moved (the changes page's numbers, see
 * rule-changes.ts); and the legal events on that rule, all on one date axis.
 */
import { labelIn, countryNamesIn } from '../i18n/page-language.js';
import type { LegalSource } from '../../answers/types.js';
import type { LegalEvent } from '../../events/types.js';
import { answerScore } from '../../answers/vocabulary.js';
import { textIn } from '../i18n/catalogue.js';
import { answerIn } from './common.js';
import { type QuestionNode, type Questionnaire } from '../../questionnaire/types.js';
import { csvLine } from '../../table/csv.js';
import type { PublicData, PublishedEdition } from '../../published/public-data.js';
import { signed } from './changes.js';
import { legalEventView, type LegalEventView } from './legal-events.js';
import { changesBetween, changesHref, consecutivePairs } from './rule-changes.js';

export interface TimelineChange {
  from: string;
  /** False when the two editions use questionnaire versions that score differently. */
  comparable: boolean;
  changed: boolean;
  /** Points this answer's change moved in the overall score and in its strand; null when not comparable. */
  pointsOverall: number | null;
  pointsStrand: number | null;
  pointsOverallShown: string;
  pointsStrandShown: string;
  changesHref: string;
}

export interface TimelineEdition {
  edition: string;
  referenceDate: string;
  revision: number;
  publishedAt: string;
  partial: boolean;
  /** Whether the edition's questionnaire has the question at all. */
  asked: boolean;
  answer: string;
  answerId: string | null;
  /** Points the chosen option is worth (null: not applicable, no data, not assessed). */
  points: number | null;
  pointsShown: string;
  inForceSince: string | null;
  sources: LegalSource[];
  comment: string | null;
  /** From the edition before (null for the country's first edition). */
  change: TimelineChange | null;
  profileHref: string;
  allCountriesHref: string | null;
}

export type AxisKind = 'edition' | 'in-force' | 'court-decision' | 'legislation' | 'act-in-force';

/** One dated thing on the rule's date axis. */
export interface AxisEntry {
  date: string;
  kind: AxisKind;
  kindText: string;
  text: string;
  /** Anchor on the page where the thing is described. */
  href: string;
}

/** The question a court-watch page is about, as its heading and API name it. */
export interface RuleQuestion {
  id: string;
  code: string;
  label: string;
  strandId: string;
  strand: string;
}

export function ruleQuestion(question: QuestionNode, questionnaire: Questionnaire): RuleQuestion {
  return {
    id: question.id,
    code: question.code ?? '',
    label: labelIn(question.label),
    strandId: question.strandId!,
    strand: labelIn(questionnaire.nodes.get(question.strandId!)!.label),
  };
}

export interface TimelineView {
  code: string;
  name: string;
  question: RuleQuestion;
  illustrative: boolean;
  editions: TimelineEdition[];
  events: LegalEventView[];
  axis: AxisEntry[];
  links: { page: string; json: string; csv: string; feed: string; allCountries: string };
}

/** The question in the newest of `editions` that asks it, or null. */
export function questionIn(
  editions: readonly PublishedEdition[],
  id: string,
): { question: QuestionNode; edition: PublishedEdition } | null {
  for (const edition of [...editions].reverse()) {
    const node = edition.questionnaire.nodes.get(id);
    if (node?.kind === 'question') return { question: node, edition };
  }
  return null;
}

export const timelineHref = (code: string, question: string) =>
  `/countries/${code}/rules/${question}`;

export const ruleCountriesHref = (question: string, edition: string) =>
  `/rules/${question}/${edition}`;

/** A legal source on one line, its parts that are known comma-separated (CSV cells, feed summaries). */
export const sourceLine = (s: LegalSource) =>
  [s.title, s.article, s.date, s.url].filter((part) => part).join(', ');

/**
 * `editions`: the country's published editions, oldest first (at least one asks the question);
 * `events`: the published legal events on this country and question.
 */
export function buildTimeline(
  data: PublicData,
  code: string,
  editions: readonly PublishedEdition[],
  questionId: string,
  events: readonly LegalEvent[],
): TimelineView {
  const found = questionIn(editions, questionId)!;
  const { question } = found;
  const changes = new Map(
    consecutivePairs(editions).map(({ before, after }) => [
      after.edition.id,
      changeOf(data, code, questionId, before, after),
    ]),
  );

  const rows: TimelineEdition[] = editions.map((edition) => {
    const node = edition.questionnaire.nodes.get(questionId);
    const asked = node?.kind === 'question';
    const entry = edition.sheets.get(code)!.answers[questionId];
    const points = asked ? answerScore(node, entry?.answer) : null;
    return {
      edition: edition.edition.id,
      referenceDate: edition.edition.reference_date,
      revision: edition.snapshot.revision,
      publishedAt: edition.snapshot.publishedAt,
      partial: edition.partial,
      asked,
      answer: asked ? answerIn(node, entry?.answer) : textIn('timeline.notAsked'),
      answerId: entry?.answer ?? null,
      points,
      pointsShown: points === null ? '–' : String(points),
      inForceSince: entry?.inForceSince ?? null,
      sources: entry?.sources ?? [],
      comment: entry?.comment ?? null,
      change: changes.get(edition.edition.id) ?? null,
      profileHref: `/countries/${code}/${edition.edition.id}#q-${questionId}`,
      // No rule page in an edition whose questionnaire does not ask the question.
      allCountriesHref: asked ? ruleCountriesHref(questionId, edition.edition.id) : null,
    };
  });
  const eventViews = events.map(legalEventView);
  const page = timelineHref(code, questionId);
  return {
    code,
    name: countryNamesIn(data).get(code) ?? code,
    question: ruleQuestion(question, found.edition.questionnaire),
    illustrative: editions.some((e) => e.illustrative) || events.some((e) => e.illustrative),
    editions: rows,
    events: eventViews,
    axis: axisOf(rows, eventViews),
    links: {
      page,
      json: `/api/v1${page}.json`,
      csv: `/api/v1${page}.csv`,
      feed: `/feeds/countries/${code}.atom`,
      allCountries: ruleCountriesHref(questionId, found.edition.edition.id),
    },
  };
}

/** The change of one question between two editions, as the changes page attributes it. */
function changeOf(
  data: PublicData,
  code: string,
  questionId: string,
  before: PublishedEdition,
  after: PublishedEdition,
): TimelineChange {
  const view = changesBetween(data, code, before, after);
  const base = {
    from: before.edition.id,
    comparable: view.comparable,
    changesHref: changesHref(code, before.edition.id, after.edition.id),
  };
  const was = before.sheets.get(code)!.answers[questionId]?.answer ?? null;
  const is = after.sheets.get(code)!.answers[questionId]?.answer ?? null;
  if (!view.comparable) {
    return {
      ...base,
      changed: was !== is,
      pointsOverall: null,
      pointsStrand: null,
      pointsOverallShown: '–',
      pointsStrandShown: '–',
    };
  }
  // A question the changes page does not list did not change: it moved nothing.
  const row = view.rows.find((r) => r.id === questionId);
  const pointsOverall = row?.pointsOverall ?? 0;
  const pointsStrand = row?.pointsStrand ?? 0;
  return {
    ...base,
    changed: row !== undefined,
    pointsOverall,
    pointsStrand,
    pointsOverallShown: row?.pointsOverallShown ?? signed(0),
    pointsStrandShown: row?.pointsStrandShown ?? signed(0),
  };
}

const AXIS_ORDER: AxisKind[] = [
  'in-force',
  'legislation',
  'act-in-force',
  'court-decision',
  'edition',
];

/** What each kind of date is, in words: the catalogue's `timeline.axis.{kind}`. */
const axisText = (kind: AxisKind) => textIn(`timeline.axis.${kind}`);

/**
 * Everything dated, oldest first: each edition's reference date (the answer coded as the law was
 * that day), the date each coded rule came into force (once per distinct date), and each event's
 * date (and an act's entry into force).
 */
function axisOf(rows: readonly TimelineEdition[], events: readonly LegalEventView[]): AxisEntry[] {
  const entries: AxisEntry[] = [];
  const add = (date: string, kind: AxisKind, text: string, href: string) =>
    entries.push({ date, kind, kindText: axisText(kind), text, href });
  const seenInForce = new Set<string>();
  for (const row of rows) {
    add(
      row.referenceDate,
      'edition',
      textIn('timeline.editionAnswer', { edition: row.edition, answer: row.answer }),
      `#edition-${row.edition}`,
    );
    const key = `${row.inForceSince}\u0000${row.answerId}`;
    if (row.inForceSince && !seenInForce.has(key)) {
      seenInForce.add(key);
      add(row.inForceSince, 'in-force', row.answer, `#edition-${row.edition}`);
    }
  }
  for (const event of events) {
    add(event.date, event.kind, event.title, `#event-${event.id}`);
    if (event.kind === 'legislation' && event.inForceDate)
      add(event.inForceDate, 'act-in-force', event.title, `#event-${event.id}`);
  }
  return entries.sort(
    (a, b) =>
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      AXIS_ORDER.indexOf(a.kind) - AXIS_ORDER.indexOf(b.kind),
  );
}

/** Days since 1970 of a YYYY-MM-DD date (dates are validated upstream). */
const dayOf = (date: string) =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000;

/** Where the axis line runs: editions above it, rules coming into force on it, events below. */
const AXIS_LINE_Y = 44;

export interface AxisDrawing {
  width: number;
  height: number;
  lineY: number;
  ticks: { x: number; label: string }[];
  marks: { x: number; y: number; kind: AxisKind; title: string }[];
}

/**
 * Positions for the SVG axis (the page's table below it carries the same entries): a line from
 * the earliest to the latest date with year ticks; editions above it, the dates rules came into
 * force on it, legal events below it.
 */
export function axisDrawing(axis: readonly AxisEntry[]): AxisDrawing | null {
  if (axis.length === 0) return null;
  const width = 800;
  const left = 24;
  const right = width - 24;
  const first = +axis[0]!.date.slice(0, 4);
  const last = +axis.at(-1)!.date.slice(0, 4) + 1;
  const start = dayOf(`${first}-01-01`);
  const span = dayOf(`${last}-01-01`) - start;
  const x = (date: string) => +(left + ((dayOf(date) - start) / span) * (right - left)).toFixed(1);
  const years = last - first;
  const step = years <= 12 ? 1 : years <= 30 ? 5 : 10;
  const ticks: AxisDrawing['ticks'] = [];
  for (let year = Math.ceil(first / step) * step; year <= last; year += step)
    ticks.push({ x: x(`${year}-01-01`), label: String(year) });
  const row = (kind: AxisKind) =>
    kind === 'edition' ? 20 : kind === 'in-force' ? AXIS_LINE_Y : 68;
  return {
    width,
    height: 100,
    lineY: AXIS_LINE_Y,
    ticks,
    marks: axis.map((entry) => ({
      x: x(entry.date),
      y: row(entry.kind),
      kind: entry.kind,
      title: textIn('timeline.markTitle', {
        date: entry.date,
        kind: entry.kindText,
        text: entry.text,
      }),
    })),
  };
}

const CSV_HEADER = [
  'country',
  'question',
  'code',
  'type',
  'date',
  'edition',
  'revision',
  'answer',
  'answer_label',
  'points',
  'in_force_since',
  'change_from',
  'points_change_overall',
  'points_change_strand',
  'title',
  'outcome',
  'identifier',
  'url',
  'sources',
] as const;

const CSV_TYPES = CSV_HEADER.map((name) =>
  ['revision', 'points', 'points_change_overall', 'points_change_strand'].includes(name)
    ? 'number'
    : 'text',
) as ('number' | 'text')[];

/**
 * The timeline as one table: an `answer` row per edition (dated by its reference date) and a row
 * per legal event (`court-decision` or `legislation`, dated by the event), oldest first.
 */
export function timelineCsv(view: TimelineView): string {
  const { code, question } = view;
  const rows: { date: string; cells: (string | number | null)[] }[] = [
    ...view.editions.map((e) => ({
      date: e.referenceDate,
      cells: [
        code,
        question.id,
        question.code,
        'answer',
        e.referenceDate,
        e.edition,
        e.revision,
        e.answerId,
        e.answer,
        e.points,
        e.inForceSince,
        e.change?.from ?? null,
        e.change?.pointsOverall ?? null,
        e.change?.pointsStrand ?? null,
        null,
        null,
        null,
        null,
        e.sources.map(sourceLine).join(' | '),
      ],
    })),
    ...view.events.map((ev) => ({
      date: ev.date,
      cells: [
        code,
        question.id,
        question.code,
        ev.kind,
        ev.date,
        ev.edition,
        null,
        null,
        null,
        null,
        ev.inForceDate,
        null,
        null,
        null,
        ev.title,
        ev.outcome,
        ev.identifier,
        ev.url,
        null,
      ],
    })),
  ];
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return `${[csvLine([...CSV_HEADER]), ...rows.map((r) => csvLine(r.cells, CSV_TYPES))].join('\n')}\n`;
}
