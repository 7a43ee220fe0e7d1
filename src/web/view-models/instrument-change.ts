/**
 * The instrument-change page and API: a country's score difference between an edition coded
 * with one questionnaire and an edition coded with another, split into the part due to the
 * instrument and the part due to the coding (`analysis/instrument-change.ts`), with the
 * assumptions the split rests on, where the cross terms' answers come from, their coverage and
 * the questions the crosswalks could not map.
 */
import {
  instrumentChange,
  type CrossTermMakeup,
  type SplitRow,
} from '../../analysis/instrument-change.js';
import { crosswalkFolders, findCrosswalk } from '../../crosswalk/find-crosswalk.js';
import { loadCrosswalk } from '../../crosswalk/load-crosswalk.js';
import type { UnmappedQuestion } from '../../crosswalk/recode-sheet.js';
import { crosswalkName, type Crosswalk } from '../../crosswalk/types.js';
import { badParameter, HttpError } from '../../http/http-error.js';
import { instrumentName, nodeLabel, shown, signed } from '../../published/display.js';
import type { PublicData, PublishedEdition } from '../../published/public-data.js';
import { OVERALL_ID, type Questionnaire } from '../../questionnaire/types.js';
import { countryNamesIn, labelIn, pageLanguage } from '../i18n/page-language.js';
import { textIn } from '../i18n/catalogue.js';

export interface InstrumentChangeView {
  code: string;
  name: string;
  illustrative: boolean;
  from: EditionSide;
  to: EditionSide;
  crosswalks: { forward: string; backward: string };
  rows: RowView[];
  coverage: { a: number; aRecoded: number; bRecoded: number; b: number };
  unmapped: { aRecoded: UnmappedView[]; bRecoded: UnmappedView[] };
  /** Where the answers of each cross term come from (question counts). */
  crossTerms: { aRecoded: CrossTermMakeup; bRecoded: CrossTermMakeup };
  /** What the split assumes, in words (English; the page has them in its language). */
  assumptions: string[];
}

/** The assumptions of the split (`analysis/instrument-change.ts`), as the API states them. */
export const SPLIT_ASSUMPTIONS: readonly string[] = [
  "An edition's coding in the other questionnaire (a cross term) starts from the country's own edition in that questionnaire and takes an answer re-coded by the crosswalk only where the crosswalk shows that the coding changed.",
  "What the other questionnaire cannot see did not change: a question the crosswalk cannot fill keeps the country's own answer in its questionnaire (crossTerms.*.notVisible).",
  'Questions only one questionnaire asks count towards the instrument part; an edition carried over unchanged through the crosswalk has a coding part of 0.',
];

interface EditionSide {
  edition: string;
  instrument: string;
  questionnaire: { id: string; version: string };
}

interface RowView {
  label: string;
  from_node: string;
  to_node: string;
  scores: SplitRow['scores'];
  difference: number | null;
  instrument: number | null;
  coding: number | null;
  display: Record<
    'a' | 'aRecoded' | 'bRecoded' | 'b' | 'difference' | 'instrument' | 'coding',
    string
  >;
}

interface UnmappedView {
  code: string | null;
  question: string;
  label: string;
  reason: string;
}

export function buildInstrumentChange(
  data: PublicData,
  code: string,
  before: PublishedEdition,
  after: PublishedEdition,
  questionnaireDir: string,
): InstrumentChangeView {
  const first = before.questionnaire;
  const second = after.questionnaire;
  if (first.id === second.id)
    throw badParameter(
      'to',
      `editions ${before.edition.id} and ${after.edition.id} are coded with the same questionnaire ("${first.id}"): see /countries/${code}/changes?from=${before.edition.id}&to=${after.edition.id}`,
    );
  const forward = crosswalkBetween(questionnaireDir, first, second);
  const backward = crosswalkBetween(questionnaireDir, second, first);
  const answersOf = (edition: PublishedEdition) =>
    new Map(Object.entries(edition.sheets.get(code)?.answers ?? {}));
  const result = instrumentChange({
    first,
    second,
    forward,
    backward,
    a: { country: code, edition: before.edition.id, answers: answersOf(before) },
    b: { country: code, edition: after.edition.id, answers: answersOf(after) },
  });
  return {
    code,
    name: countryNamesIn(data).get(code) ?? code,
    illustrative: before.illustrative || after.illustrative,
    from: side(before),
    to: side(after),
    crosswalks: { forward: crosswalkName(forward), backward: crosswalkName(backward) },
    rows: result.rows.map((row) => rowView(row, first, second)),
    coverage: result.coverage,
    unmapped: {
      aRecoded: result.unmapped.aRecoded.map((u) => unmappedView(u, second)),
      bRecoded: result.unmapped.bRecoded.map((u) => unmappedView(u, first)),
    },
    crossTerms: result.crossTerms,
    assumptions: [...SPLIT_ASSUMPTIONS],
  };
}

function side(edition: PublishedEdition): EditionSide {
  const { id, version } = edition.questionnaire;
  return {
    edition: edition.edition.id,
    instrument: instrumentName(edition.questionnaire, pageLanguage()),
    questionnaire: { id, version },
  };
}

function rowView(row: SplitRow, first: Questionnaire, second: Questionnaire): RowView {
  const { scores, split } = row;
  const labels = [
    nodeLabel(first.nodes.get(row.from)!, first, labelIn),
    nodeLabel(second.nodes.get(row.to)!, second, labelIn),
  ];
  const label = row.from === OVERALL_ID ? textIn('col.overall') : [...new Set(labels)].join(' / ');
  const part = (value: number | undefined) => (value === undefined ? '–' : signed(value));
  return {
    label,
    from_node: row.from,
    to_node: row.to,
    scores,
    difference: split?.difference ?? null,
    instrument: split?.instrument ?? null,
    coding: split?.coding ?? null,
    display: {
      a: shown(first, scores.a),
      aRecoded: shown(second, scores.aRecoded),
      bRecoded: shown(first, scores.bRecoded),
      b: shown(second, scores.b),
      difference: part(split?.difference),
      instrument: part(split?.instrument),
      coding: part(split?.coding),
    },
  };
}

function unmappedView(unmapped: UnmappedQuestion, questionnaire: Questionnaire): UnmappedView {
  return {
    code: unmapped.code,
    question: unmapped.question,
    label: labelIn(questionnaire.nodes.get(unmapped.question)!.label),
    reason: unmapped.reason,
  };
}

/** Loaded crosswalks, per pair of loaded questionnaires (a questionnaire object is immutable). */
const loaded = new WeakMap<Questionnaire, WeakMap<Questionnaire, Crosswalk>>();

function crosswalkBetween(
  questionnaireDir: string,
  from: Questionnaire,
  to: Questionnaire,
): Crosswalk {
  let byTarget = loaded.get(from);
  const known = byTarget?.get(to);
  if (known) return known;
  const found = findCrosswalk(crosswalkFolders(questionnaireDir), from.id, to.id);
  if ('issues' in found)
    throw new HttpError(
      404,
      'not-found',
      `no crosswalk from "${from.id}" to "${to.id}" is installed`,
    );
  const { crosswalk, issues } = loadCrosswalk(found.file, from, to);
  if (!crosswalk)
    throw new HttpError(
      404,
      'not-found',
      `the crosswalk from "${from.id}" to "${to.id}" does not fit the published questionnaires (${issues[0]?.message ?? 'invalid'})`,
    );
  if (!byTarget) loaded.set(from, (byTarget = new WeakMap()));
  byTarget.set(to, crosswalk);
  return crosswalk;
}
