/**
 * The About page (`/about`): what the site is, the method in two paragraphs, the notice on
 * illustrative data, and the glossary of every term the site uses. Each term has an anchor
 * (`/about#coverage`) that pages link their headings and legends to (`glossaryHref`).
 */
import { labelIn } from '../i18n/page-language.js';
import type { PublicData } from '../../published/public-data.js';

export interface GlossaryTerm {
  /** The anchor: `/about#{id}`. */
  id: string;
  term: string;
  definition: string;
  /** Where the site shows it, when there is one place to see it. */
  see?: { label: string; href: string };
}

export interface AboutView {
  title: string;
  description: string;
  illustrative: boolean;
  bands: { label: string; range: string }[];
  displayDecimals: number;
  glossary: GlossaryTerm[];
}

/**
 * The glossary, in alphabetical order. Written for a reader of the site, not a coder: each
 * definition says what the word means here and how it is computed, in the method's own terms
 * (README "The method", "Analysis").
 */
export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    id: 'band',
    term: 'Band',
    definition:
      'A named range of the displayed score (for example "Slightly favourable", 60–79), so that a score can be read at a glance. The band follows the score as displayed, after rounding.',
  },
  {
    id: 'change-attribution',
    term: 'Change attribution (Shapley value)',
    definition:
      "How many points each changed answer moved a score between two editions: its effect averaged over every order in which the changes could have been made (its Shapley value). The points of all changes add up exactly to the score's change, also when a change makes follow-up questions apply or stop applying.",
    see: { label: 'Changes', href: '/changes' },
  },
  {
    id: 'comparable-editions',
    term: 'Comparable editions',
    definition:
      'Two editions whose questionnaire versions score answers in the same way (the same scoring hash). Only comparable editions are set side by side for changes and trends; a new scoring starts a new series.',
  },
  {
    id: 'composite',
    term: 'Composite',
    definition:
      'A score made from the scores below it: an indicator made of several items, a dimension, a strand, or the overall score. By default it is the weighted mean of the children that have a score.',
  },
  {
    id: 'coverage',
    term: 'Coverage',
    definition:
      'The share of the questions below a score that were answered or marked not applicable. A coverage under 100 % means some questions have no data or were not assessed: the score is the mean of the rest, never counting the missing ones as 0.',
  },
  {
    id: 'cross-cutting',
    term: 'Cross-cutting strand',
    definition:
      'A strand that brings together questions of other strands so that they can be compared in one place (the language and integration tests). It is reported beside the others but not counted again in the overall score.',
  },
  {
    id: 'dimension',
    term: 'Dimension',
    definition:
      'A part of a strand that groups related indicators, such as eligibility or the security of status. A strand score is the mean of its dimensions.',
  },
  {
    id: 'edition',
    term: 'Edition',
    definition:
      'One round of the index: the law of every country as in force on the edition\'s reference date, coded and published together (for example "2024").',
  },
  {
    id: 'effective-weight',
    term: 'Effective weight',
    definition:
      "The share of a strand's score, or of the overall score, that one question carries once every level of the tree has taken its mean. Equal weights at each level do not mean equal weights for questions: a question alone in its indicator weighs more than one of six.",
    see: { label: 'Methodology', href: '/methodology' },
  },
  {
    id: 'group-average',
    term: 'Group average',
    definition:
      'The unweighted mean of the scores of the members of a country group (EU27, OECD, …) that are in the edition; each country counts once, whatever its size.',
  },
  {
    id: 'illustrative',
    term: 'Illustrative data',
    definition:
      'Sample answers and scores made to demonstrate the engine. They are not an assessment of any country and must not be cited as one; every page, file and API response that shows them says so.',
  },
  {
    id: 'indicator',
    term: 'Indicator and question',
    definition:
      'An indicator is one policy rule the questionnaire asks about; it is a question (scored from the option chosen) or a composite of several items. A question scores the points of the option chosen (100, 50 or 0 here); not applicable, no data and not assessed give no score.',
  },
  {
    id: 'legal-event',
    term: 'Legal event',
    definition:
      "A court decision or a piece of legislation that concerns a rule in a country, with its date, identifiers (ECLI, ELI) and a summary, published with an edition and shown on the rule's timeline.",
  },
  {
    id: 'legal-source',
    term: 'Legal source',
    definition:
      'The law, regulation, guidance or court decision an answer is based on, with its article, date and address where there is one. Every answer other than not applicable, no data or not assessed cites at least one.',
  },
  {
    id: 'missing-answers',
    term: 'Not applicable, no data, not assessed',
    definition:
      'Answers that give no score: the question does not arise in the country (not applicable), the coder found no reliable information (no data), or it was not looked at (not assessed). They are left out of every mean, never counted as 0, and lower the coverage of the scores above them (except not applicable, which counts as covered).',
  },
  {
    id: 'overall-score',
    term: 'Overall score and rank',
    definition:
      'The mean of the strand scores counted in it, from 0 (least favourable) to 100. Ranks are taken on the displayed scores; countries with the same displayed score share a rank (1, 2, 2, 4).',
    see: { label: 'Ranking', href: '/' },
  },
  {
    id: 'panel',
    term: 'Panel',
    definition:
      'All published editions whose scores are comparable, in one download, so that a country can be followed over time.',
    see: { label: 'Downloads', href: '/downloads' },
  },
  {
    id: 'partial-edition',
    term: 'Partial edition',
    definition:
      'An edition published without every country expected. It is labelled so, its ranks are among the countries it has, and it is never the default edition of the site.',
  },
  {
    id: 'permalink',
    term: 'Permalink and citation',
    definition:
      'The address of a profile in one edition and revision, which keeps showing what it showed when cited; the citation under each profile names it.',
  },
  {
    id: 'reference-date',
    term: 'Reference date',
    definition:
      'The day whose law an edition codes: every answer describes the rules in force on that date. "In force since" says from when a rule applied.',
  },
  {
    id: 'revision',
    term: 'Revision',
    definition:
      'A published version of an edition. A correction publishes revision 2, 3, … with a note that says why; earlier revisions stay readable at their own address, so a citation keeps pointing at what it cited.',
  },
  {
    id: 'robustness',
    term: 'Robustness',
    definition:
      'How much ranks and scores depend on choices of the method: the scores recomputed many times with other weights, other aggregation rules and a dimension left out (Monte Carlo draws, seeded so the result can be repeated), giving each country a range of ranks.',
    see: { label: 'Robustness', href: '/robustness' },
  },
  {
    id: 'snapshot',
    term: 'Snapshot',
    definition:
      'The frozen copy of an edition made when it is published: every answer, source and score as published, which never changes afterwards. Everything the public site shows is read from snapshots.',
  },
  {
    id: 'sobol-index',
    term: 'Sobol index',
    definition:
      'A measure of how much of the variation of the ranks under robustness draws comes from one uncertain choice (the weights, the rule at a level, the dimension left out): first-order alone, total-effect with its interactions. Larger means the ranking depends more on that choice.',
  },
  {
    id: 'strand',
    term: 'Strand',
    definition:
      'A policy area of the index, such as family reunification or access to nationality, scored from 0 to 100 from its dimensions.',
    see: { label: 'Strands', href: '/strands' },
  },
  {
    id: 'weight',
    term: 'Weight',
    definition:
      'How much a part counts in the mean of its parent. Parts are weighted equally unless the questionnaire says otherwise, and the weights are published with it.',
  },
  {
    id: 'what-if',
    term: 'What-if',
    definition:
      "A country's scores, bands and rank recomputed with some answers changed, to see what a reform would do. Nothing is stored and nothing published changes.",
  },
];

/** The glossary address of a term, for headings and legends elsewhere: `/about#coverage`. */
export function glossaryHref(id: string): string {
  if (!GLOSSARY.some((t) => t.id === id)) throw new Error(`no glossary term "${id}"`);
  return `/about#${id}`;
}

export function buildAbout(data: PublicData): AboutView {
  const latest = data.latestEditionId() ?? data.publishedEditions().at(-1)?.id ?? null;
  const questionnaire = latest === null ? null : data.edition(latest)!.questionnaire;
  return {
    title: questionnaire ? labelIn(questionnaire.title) : 'Policy Index',
    description: questionnaire ? labelIn(questionnaire.description) : '',
    illustrative: data.anyIllustrative(),
    bands: (questionnaire?.bands ?? []).map((b) => ({
      label: labelIn(b.label),
      range: b.min === b.max ? String(b.min) : `${b.min}–${b.max}`,
    })),
    displayDecimals: questionnaire?.displayDecimals ?? 0,
    glossary: [...GLOSSARY],
  };
}
