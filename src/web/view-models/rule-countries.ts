/**
 * One rule in every country: the view model of /rules/{question}/{edition} and its API twin.
 * Each country's answer in one published edition, with its sources and in-force date, grouped by
 * answer (the question's options in order, then not applicable / no data / not assessed), with the
 * legal events on the rule; optionally only the members of one country group.
 */
import { countryNamesIn } from '../i18n/page-language.js';
import { groupLabelIn, textIn } from '../i18n/catalogue.js';
import { answerIn } from './common.js';
import type { LegalSource } from '../../answers/types.js';
import {
  answerScore,
  isMissingValue,
  MISSING_VALUES,
  NOT_ASSESSED,
} from '../../answers/vocabulary.js';
import type { LegalEvent } from '../../events/types.js';
import type { CountryGroup } from '../../questionnaire/countries.js';
import { conditionInWords } from '../../questionnaire/in-words.js';
import type { QuestionNode } from '../../questionnaire/types.js';
import type { PublicData, PublishedEdition } from '../../published/public-data.js';
import { legalEventView, type LegalEventView } from './legal-events.js';
import { ruleCountriesHref, ruleQuestion, timelineHref, type RuleQuestion } from './timeline.js';

export interface RuleCountry {
  code: string;
  name: string;
  inForceSince: string | null;
  sources: LegalSource[];
  comment: string | null;
  timelineHref: string;
  /** Ids of the legal events on this rule in this country (described under `events`). */
  events: { id: string; title: string; date: string }[];
}

export interface AnswerGroup {
  answerId: string;
  answer: string;
  points: number | null;
  pointsShown: string;
  countries: RuleCountry[];
}

export interface RuleCountriesView {
  question: RuleQuestion & { condition: string | null };
  edition: string;
  referenceDate: string;
  revision: number;
  partial: boolean;
  illustrative: boolean;
  /** The group filtered on, or null for every country of the edition. */
  group: { id: string; label: string } | null;
  /** Countries shown. */
  countries: number;
  answers: AnswerGroup[];
  events: LegalEventView[];
  /** Filters: every country, then each group with members in the edition. */
  filters: { id: string | null; label: string; href: string; current: boolean }[];
  /** The other published editions that ask the question. */
  editions: { id: string; href: string; current: boolean }[];
  links: { json: string };
}

export function buildRuleCountries(
  data: PublicData,
  edition: PublishedEdition,
  question: QuestionNode,
  group: CountryGroup | null,
  events: readonly LegalEvent[],
): RuleCountriesView {
  const { questionnaire } = edition;
  const names = countryNamesIn(data);
  const editionId = edition.edition.id;
  const codes = edition.countries.filter((c) => group === null || group.members.includes(c));
  const shownEvents = events
    .filter((e) => e.countries.some((c) => codes.includes(c)))
    .map(legalEventView);

  const answers: AnswerGroup[] = [...question.options.map((o) => o.id), ...MISSING_VALUES].map(
    (answerId) => {
      const points = answerScore(question, answerId);
      return {
        answerId,
        answer: answerIn(question, answerId),
        points,
        pointsShown: points === null ? '–' : String(points),
        countries: [],
      };
    },
  );
  const byAnswer = new Map(answers.map((a) => [a.answerId, a]));
  for (const code of codes) {
    const entry = edition.sheets.get(code)!.answers[question.id];
    // A sheet without the question counts as not assessed, as the profile shows it.
    const answerId = entry?.answer ?? NOT_ASSESSED;
    let target = byAnswer.get(answerId);
    if (!target) {
      target = {
        answerId,
        answer: answerIn(question, answerId),
        points: null,
        pointsShown: '–',
        countries: [],
      };
      byAnswer.set(answerId, target);
      answers.push(target);
    }
    target.countries.push({
      code,
      name: names.get(code) ?? code,
      inForceSince: entry?.inForceSince ?? null,
      sources: entry?.sources ?? [],
      comment: entry?.comment ?? null,
      timelineHref: timelineHref(code, question.id),
      events: shownEvents
        .filter((e) => e.countries.includes(code))
        .map((e) => ({ id: e.id, title: e.title, date: e.date })),
    });
  }
  const query = (id: string | null) => (id === null ? '' : `?group=${encodeURIComponent(id)}`);
  return {
    question: {
      ...ruleQuestion(question, questionnaire),
      condition: conditionInWords(question, questionnaire),
    },
    edition: editionId,
    referenceDate: edition.edition.reference_date,
    revision: edition.snapshot.revision,
    partial: edition.partial,
    illustrative: edition.illustrative || shownEvents.some((e) => e.illustrative),
    group: group && { id: group.id, label: groupLabelIn(group) },
    countries: codes.length,
    // Every option stays listed (a reader sees the whole scale); a missing value only when used.
    answers: answers.filter((a) => !isMissingValue(a.answerId) || a.countries.length > 0),
    events: shownEvents,
    filters: [
      { id: null, label: textIn('ruleCountries.all') },
      ...edition.groupAverages.map((g) => ({ id: g.group.id, label: groupLabelIn(g.group) })),
    ].map((f) => ({
      ...f,
      href: `${ruleCountriesHref(question.id, editionId)}${query(f.id)}`,
      current: (group?.id ?? null) === f.id,
    })),
    editions: data
      .publishedEditions()
      .filter((e) => data.edition(e.id)!.questionnaire.nodes.get(question.id)?.kind === 'question')
      .map((e) => ({
        id: e.id,
        href: `${ruleCountriesHref(question.id, e.id)}${query(group?.id ?? null)}`,
        current: e.id === editionId,
      })),
    links: {
      json: `/api/v1${ruleCountriesHref(question.id, editionId)}.json${query(group?.id ?? null)}`,
    },
  };
}
