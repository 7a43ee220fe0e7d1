/**
 * The response shapes of the public API, as JSON Schema 2020-12 (what OpenAPI 3.1 uses). The
 * tests request every documented path and validate the real responses against these, so every
 * object is closed: a field added to or dropped from a response without changing its schema
 * fails a test instead of drifting unnoticed.
 */

type Schema = Record<string, unknown>;

/**
 * An object with exactly these properties: all required except those in `optional`, nothing
 * else allowed.
 */
export function closed(properties: Record<string, Schema>, optional: string[] = []): Schema {
  return {
    type: 'object',
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: false,
    properties,
  };
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const list = (items: Schema): Schema => ({ type: 'array', items });
const nullable = (schema: Schema): Schema => ({ oneOf: [{ type: 'null' }, schema] });

const text: Schema = { type: 'string' };
const nullableText: Schema = { type: ['string', 'null'] };
const integer: Schema = { type: 'integer' };
const number: Schema = { type: 'number' };
const nullableNumber: Schema = { type: ['number', 'null'] };
const boolean: Schema = { type: 'boolean' };
const date: Schema = { type: 'string', format: 'date' };
const nullableDate: Schema = { type: ['string', 'null'], format: 'date' };
const country: Schema = { type: 'string', pattern: '^[A-Z]{2}$' };
const revision: Schema = { type: 'integer', minimum: 1 };
const score: Schema = { type: ['number', 'null'], minimum: 0, maximum: 100 };
const coverage: Schema = { type: 'number', minimum: 0, maximum: 1 };
const level: Schema = { enum: ['overall', 'strand', 'dimension', 'indicator', 'item'] };
/** A number as the site displays it (rounded; "–" when there is none). */
const shown: Schema = { type: 'string', description: 'As displayed: rounded, or "–" for none.' };

/** Which optional parameters the server filled in with their default (see the parameter). */
const defaulted: Schema = {
  type: 'array',
  items: text,
  description:
    'The optional parameters this response used the default of, by their query name (for example ["edition", "revision"] when neither was given).',
};

/**
 * A score before and after (full precision; null: no score) and the change (full precision; a
 * missing score counts 0), with the strings the pages display under `shown`.
 */
const moveFields = {
  before: score,
  after: score,
  change: number,
  shown: closed({ before: shown, after: shown, change: shown }),
};
/** A score's move between two editions, as the changes page totals it. */
const move = closed({ node: text, ...moveFields });
const band = closed({ id: text, label: text, colour: text });
/** The change since the previous comparable edition: numbers, and the page's text (`…Shown`). */
const change = closed({
  from: text,
  comparable: boolean,
  before: score,
  beforeShown: shown,
  delta: { ...nullableNumber, description: 'Full precision; null when not comparable.' },
  deltaShown: nullableText,
});
/** A rank among the countries of the edition, of how many, and as the page writes it. */
const rankFields = {
  rank: { type: ['integer', 'null'], minimum: 1 },
  rankOf: { type: ['integer', 'null'], minimum: 1 },
  rankShown: { type: 'string', description: 'As displayed: "4 of 8", or "–".' },
};
const provenance = closed({
  questionnaire: text,
  version: text,
  hash: text,
  scoringHash: text,
  method: text,
  edition: text,
  referenceDate: date,
  revision,
  latestRevision: revision,
  publishedAt: text,
  note: nullableText,
});
const partial = nullable(closed({ countries: integer, expected: integer }));
/** A node's readings (view-models/gate-table.ts), by reading id: null where it has none. */
const readingNumbers: Schema = {
  type: 'object',
  additionalProperties: closed({ score, shown, coverage }),
};
/** One strand's gate table in a profile (view-models/gate-table.ts). */
const gateTable = closed({
  strand: closed({
    id: text,
    label: text,
    score,
    shown,
    countedInOverall: boolean,
    readings: readingNumbers,
  }),
  facets: list(closed({ id: text, label: text })),
  readings: list(
    closed({
      id: text,
      label: text,
      direction: { enum: ['as-scored', 'inverted'] },
      href: { type: 'string', description: 'Where the methodology page explains the reading.' },
    }),
  ),
  gates: list(
    closed({
      id: text,
      label: text,
      score,
      shown,
      cells: {
        type: 'object',
        description: 'Facet id → the answers of the cell (empty: no indicator records it).',
        additionalProperties: closed({
          answers: list(
            closed({
              item: { type: 'string', description: "The strand's own item." },
              question: {
                type: 'string',
                description: 'The question answered: the item, or the one it refers to.',
              },
              code: text,
              label: text,
              answerId: text,
              answer: text,
              sources: list(ref('LegalSource')),
              inForceSince: nullableDate,
              allCountriesHref: text,
            }),
          ),
        }),
      },
      readings: readingNumbers,
    }),
  ),
});
const ruleQuestion = { id: text, code: text, label: text, strandId: text, strand: text };

const diffPair = closed({
  reference: country,
  other: country,
  otherName: text,
  gap: closed(moveFields),
  method: { enum: ['exact', 'sampled'] },
  rows: list(
    closed({
      id: text,
      code: text,
      label: text,
      strand: text,
      reference: text,
      other: text,
      points: number,
      pointsShown: shown,
    }),
  ),
});

const nodeScore = closed({ score, coverage, level, code: nullableText });
const instrumentSide = closed({
  edition: text,
  instrument: text,
  questionnaire: closed({ id: text, version: text }),
});
const unmappedQuestion = closed({ code: nullableText, question: text, label: text, reason: text });
const crossTermMakeup = closed({ recoded: integer, unchanged: integer, notVisible: integer });

export const schemas: Record<string, Schema> = {
  Error: closed({
    error: closed(
      {
        code: { type: 'string', pattern: '^[a-z]+(-[a-z]+)*$', description: 'Stable kebab-case.' },
        message: text,
        issues: list(
          closed({
            severity: { enum: ['error', 'warning'] },
            code: text,
            message: text,
            file: nullableText,
            path: list({ type: ['string', 'integer'] }),
            line: { type: ['integer', 'null'], minimum: 1 },
            column: { type: ['integer', 'null'], minimum: 1 },
          }),
        ),
      },
      ['issues'],
    ),
  }),
  QuestionnaireRef: closed({
    id: text,
    version: text,
    hash: { type: 'string', pattern: '^sha256:' },
    scoring_hash: text,
  }),
  Edition: closed({
    id: text,
    reference_date: date,
    illustrative: boolean,
    partial: {
      type: 'boolean',
      description:
        'Published without every country expected (countries with a sheet or an assignment in it, or in the edition published before it); never the default edition.',
    },
    questionnaire: ref('QuestionnaireRef'),
    countries: list(country),
    latest_revision: revision,
    revisions: list(
      closed({
        revision,
        published_at: text,
        note: nullableText,
        countries: integer,
        partial: boolean,
      }),
    ),
    links: closed({ ranking: text, scores_json: text, scores_csv: text }),
  }),
  Editions: closed({ editions: list(ref('Edition')) }),
  ScoreRow: closed({
    country,
    edition: text,
    revision,
    node: text,
    level,
    code: nullableText,
    score,
    coverage,
  }),
  Scores: closed({
    edition: text,
    revision,
    defaulted,
    illustrative: boolean,
    questionnaire: ref('QuestionnaireRef'),
    method: text,
    computed_at: text,
    rows: list(ref('ScoreRow')),
  }),
  Countries: closed({
    countries: list(closed({ code: country, name: text, editions: list(text) })),
    groups: list(
      closed({ id: text, label: text, description: nullableText, members: list(country) }),
    ),
    aliases: { type: 'object', additionalProperties: country },
  }),
  QuestionnaireNode: {
    type: 'object',
    required: ['id', 'code', 'level', 'kind', 'label', 'weight'],
    oneOf: [
      closed(
        {
          ...nodeBase(),
          kind: { const: 'composite' },
          aggregation: { enum: ['mean', 'geometric', 'min', 'table'] },
          table: {
            description:
              "With aggregation table: points looked up from the items' answers (the first row that holds gives them).",
            ...closed({
              rows: list(
                closed({
                  when: { type: 'object', additionalProperties: list(text) },
                  points: number,
                }),
              ),
              otherwise: nullableNumber,
            }),
          },
          children: list(ref('QuestionnaireNode')),
          cross_cutting: boolean,
          counted_in_overall: boolean,
          facets: {
            description: 'A strand that declares facets: the kinds of fact its indicators record.',
            ...list(closed({ id: text, label: text })),
          },
          readings: {
            description:
              "A strand that declares readings: each reading's method (in words) and the effective weight of every indicator it reads, in its dimension's reading and in the strand's.",
            ...list(
              closed({
                id: text,
                label: text,
                guidance: text,
                direction: { enum: ['as-scored', 'inverted'] },
                facets: list(text),
                in_words: text,
                effective_weights: list(
                  closed({
                    indicator: text,
                    dimension: text,
                    facet: text,
                    in_dimension: number,
                    in_strand: number,
                  }),
                ),
              }),
            ),
          },
        },
        ['table', 'cross_cutting', 'counted_in_overall', 'facet', 'facets', 'readings'],
      ),
      closed(
        {
          ...nodeBase(),
          kind: { const: 'question' },
          guidance: text,
          sources_guidance: text,
          options: list(closed({ id: text, label: text, score: number })),
          not_applicable_allowed: boolean,
          applies_if: nullableText,
          effective_weight: closed({
            in_strand: { type: 'object', additionalProperties: nullableNumber },
            overall: nullableNumber,
          }),
          looked_up: {
            description:
              'For an item of a table rule (whose effective weights are then null): the table, the most points of it the item can move on its own, and the effective weight of the table.',
            ...nullable(
              closed({
                table: text,
                swing: number,
                table_effective_weight: closed({
                  in_strand: { type: 'object', additionalProperties: number },
                  overall: number,
                }),
              }),
            ),
          },
        },
        ['facet'],
      ),
      closed({ ...nodeBase(), kind: { const: 'ref' }, ref: text }, ['facet']),
    ],
  },
  Questionnaire: closed({
    edition: { type: 'string', description: 'The edition whose questionnaire this is.' },
    defaulted,
    id: text,
    version: text,
    hash: text,
    scoring_hash: text,
    display_decimals: integer,
    bands: list(closed({ id: text, label: text, min: number, max: number })),
    strands: list(ref('QuestionnaireNode')),
  }),
  Profile: closed({
    code: country,
    name: text,
    edition: text,
    referenceDate: date,
    illustrative: boolean,
    partial,
    overall: closed({
      score,
      shown,
      bar: number,
      band: nullable(band),
      ...rankFields,
      change: nullable(change),
    }),
    strands: list(
      closed({
        id: text,
        label: text,
        score,
        shown,
        bar: number,
        band: nullable(band),
        ...rankFields,
        countedInOverall: boolean,
        crossCutting: boolean,
        change: nullable(change),
        dimensions: list(closed({ id: text, label: text, score, shown, bar: number })),
        questions: list(
          closed({
            id: text,
            code: text,
            label: text,
            depth: integer,
            kind: { enum: ['question', 'group'] },
            answer: text,
            answerId: nullableText,
            points: nullableNumber,
            pointsShown: shown,
            sources: list(ref('LegalSource')),
            inForceSince: nullableText,
            comment: nullableText,
            confidence: nullableText,
            condition: nullableText,
          }),
        ),
      }),
    ),
    gateTables: {
      ...list(gateTable),
      description:
        "Per strand that declares facets (issue 13): its gates (dimensions) × facets, each cell the answers in words of the questions below the gate's indicators recording that facet (for a reference, the question it refers to), with legal sources and in-force date; and the score and readings of each gate and of the strand. Empty when no strand declares facets.",
    },
    strongest: list(closed({ label: text, strand: text, shown })),
    weakest: list(closed({ label: text, strand: text, shown })),
    groups: list(
      closed({
        id: text,
        label: text,
        members: integer,
        overall: score,
        overallShown: shown,
        strands: list(score),
        strandsShown: list(shown),
      }),
    ),
    permalink: text,
    citation: closed({ text, bibtex: text, accessed: date, accessedText: text }),
    revisionNotice: nullable(
      closed({
        edition: text,
        revision,
        publishedAt: date,
        current: revision,
        currentPublishedAt: date,
        currentHref: text,
        corrections: list(closed({ revision, publishedAt: date, note: nullableText })),
        correctionsHref: text,
      }),
    ),
    provenance,
    otherEditions: list(closed({ id: text, href: text })),
    instrument: {
      type: 'string',
      description: 'The questionnaire the edition is coded with: its title and version.',
    },
    deviations: {
      ...nullable(closed({ count: integer, href: text })),
      description:
        "How many of the country's published answers deviate from the skip logic (data published as coded), and the methodology page listing them; null when none does.",
    },
    findings: {
      ...list(
        closed({
          kind: { enum: ['position', 'strongest', 'weakest', 'change'] },
          text,
          href: text,
        }),
      ),
      description:
        'Automatic findings in plain English, generated from the published numbers: position against each group the country belongs to, strongest and weakest strand, the biggest change since the previous comparable edition and the rules that caused it. A finding that would need a missing number is left out.',
    },
    editorial: {
      ...closed({
        keyFindings: list(text),
        recommendations: list(
          closed({ text, ref: nullable(closed({ id: text, label: text, href: text })) }),
        ),
      }),
      description:
        "Key findings and recommendations written by the editors (plain text, in the editors' order), reviewed and published with this revision of the edition; a later edit shows only after the next publication. A recommendation's ref is the strand or question it is about, or null. Both lists are empty when the editors published none.",
    },
    defaulted,
  }),
  Compare: closed({
    edition: text,
    revision,
    illustrative: boolean,
    countries: list(closed({ code: country, name: text, href: text })),
    rows: list(
      closed({
        id: text,
        code: text,
        label: text,
        level: text,
        kind: { enum: ['score', 'question'] },
        differs: boolean,
        cells: list(
          closed({
            text,
            differs: boolean,
            points: nullableNumber,
            pointsShown: shown,
            sources: list(ref('LegalSource')),
            inForceSince: nullableText,
          }),
        ),
      }),
    ),
    differing: integer,
    onlyDifferences: {
      type: 'boolean',
      description:
        'Whether only_differences=1 was asked: rows are then only those that differ and the score rows above them.',
    },
    diffs: list(diffPair),
    provenance,
    defaulted,
  }),
  /** /api/v1/changes: one country's changes with `country`, every country's without. */
  ChangesResponse: { oneOf: [ref('Changes'), ref('ChangesHub')] },
  ChangesHub: closed({
    from: text,
    to: text,
    sort: {
      type: 'string',
      description: 'overall or a strand id: whose absolute change orders the countries.',
    },
    defaulted,
    illustrative: boolean,
    countries: list(
      closed({
        code: country,
        name: text,
        overall: move,
        strands: list(move),
        changed_answers: { type: 'integer', minimum: 0 },
        href: { type: 'string', description: "The country's changes page for these editions." },
      }),
    ),
    not_in_both: list(closed({ code: country, name: text, edition: text })),
    pairs: list(closed({ from: text, to: text })),
  }),
  Changes: closed({
    code: country,
    name: text,
    from: text,
    to: text,
    comparable: boolean,
    illustrative: boolean,
    totals: list(closed({ node: text, label: text, ...moveFields })),
    rows: list(
      closed({
        id: text,
        code: text,
        label: text,
        strand: text,
        before: text,
        after: text,
        sourcesBefore: list(ref('LegalSource')),
        sourcesAfter: list(ref('LegalSource')),
        inForceSince: nullableText,
        comment: nullableText,
        pointsOverall: number,
        pointsStrand: number,
        pointsOverallShown: shown,
        pointsStrandShown: shown,
      }),
    ),
    method: { enum: ['exact', 'sampled', null] },
    editions: list(text),
  }),
  InstrumentChange: closed({
    code: country,
    name: text,
    illustrative: boolean,
    from: instrumentSide,
    to: instrumentSide,
    crosswalks: closed({ forward: text, backward: text }),
    rows: list(
      closed({
        label: text,
        from_node: text,
        to_node: text,
        scores: closed({ a: score, aRecoded: score, bRecoded: score, b: score }),
        difference: nullableNumber,
        instrument: nullableNumber,
        coding: nullableNumber,
        display: closed(
          Object.fromEntries(
            ['a', 'aRecoded', 'bRecoded', 'b', 'difference', 'instrument', 'coding'].map((k) => [
              k,
              shown,
            ]),
          ),
        ),
      }),
    ),
    coverage: closed({ a: coverage, aRecoded: coverage, bRecoded: coverage, b: coverage }),
    unmapped: closed({ aRecoded: list(unmappedQuestion), bRecoded: list(unmappedQuestion) }),
    crossTerms: {
      description:
        "Where each cross term's answers come from, in question counts: re-coded from the other edition (the crosswalk shows a changed coding), kept from the country's own edition because the crosswalk shows the same coding (unchanged) or cannot see the question (notVisible).",
      ...closed({ aRecoded: crossTermMakeup, bRecoded: crossTermMakeup }),
    },
    assumptions: { description: 'What the split assumes, in words.', ...list(text) },
  }),
  Diff: closed({
    edition: text,
    revision,
    defaulted,
    reference: country,
    pairs: list(diffPair),
  }),
  Robustness: closed({
    edition: text,
    revision,
    defaulted,
    illustrative: boolean,
    options: closed({
      draws: integer,
      seed: integer,
      weightRange: number,
      geometricShare: number,
      leaveOneOut: boolean,
      levels: list({ enum: ['indicator', 'dimension', 'strand', 'overall'] }),
      sensitivitySamples: integer,
      sensitivityByCountry: boolean,
    }),
    countries: list(
      closed({
        code: country,
        name: text,
        publishedRank: { type: ['integer', 'null'] },
        medianRank: number,
        rankLow: number,
        rankHigh: number,
        score: { ...score, description: 'The published score, full precision.' },
        scoreLow: { ...number, description: '5th percentile of the score over the draws.' },
        scoreHigh: { ...number, description: '95th percentile of the score over the draws.' },
        shown: closed({ score: shown, scoreLow: shown, scoreHigh: shown }),
      }),
    ),
    sensitivity: {
      description:
        'Sobol indices of the mean absolute rank shift from the published ranking (null when sensitivity_samples is 0 or nothing varies). first/total are raw estimates (may be slightly negative; null when the output never varies).',
      ...nullable(
        closed({
          samples: integer,
          runs: integer,
          output: { const: 'mean-absolute-rank-shift' },
          meanShift: number,
          variance: number,
          indices: list(
            closed({
              id: text,
              kind: { enum: ['weight', 'aggregation', 'leave-out'] },
              label: text,
              first: nullableNumber,
              total: nullableNumber,
              firstError: { ...nullableNumber, description: 'Standard error' },
              totalError: { ...nullableNumber, description: 'Standard error' },
              firstShown: shown,
              totalShown: shown,
            }),
          ),
          strongest: nullableText,
          byCountry: list(
            closed({
              code: country,
              name: text,
              rankVariance: number,
              totalShown: list(shown),
              total: list(nullableNumber),
              first: list(nullableNumber),
            }),
          ),
        }),
      ),
    },
  }),
  SimulationRequest: closed({
    country: { ...country, description: 'Country code (ISO 3166-1 alpha-2).' },
    edition: { type: 'string', description: 'A published edition.' },
    answers: {
      type: 'object',
      description: 'Question id → answer id: the answers to change. {} changes nothing.',
      additionalProperties: text,
    },
  }),
  Simulation: closed({
    country,
    edition: text,
    revision,
    method: text,
    applied: list(closed({ question: text, from: nullableText, to: text })),
    ranks: {
      type: 'object',
      description: 'Overall and per strand: rank before and after, of how many countries.',
      additionalProperties: closed({ before: integer, after: integer, of: integer }),
    },
    before: { type: 'object', additionalProperties: nodeScore },
    after: { type: 'object', additionalProperties: nodeScore },
    share: { type: 'string', description: 'Address of the what-if page with these changes.' },
  }),
  LegalSource: closed({
    title: text,
    article: nullableText,
    url: nullableText,
    date: nullableText,
  }),
  LegalEvent: {
    description: 'A published court decision or piece of legislation linked to rules.',
    ...closed({
      id: text,
      kind: { enum: ['court-decision', 'legislation'] },
      kindText: text,
      title: text,
      date,
      inForceDate: nullableDate,
      court: nullableText,
      outcome: { enum: ['struck-down', 'upheld', 'interpreted', 'pending', null] },
      outcomeText: nullableText,
      identifier: { ...nullableText, description: 'ECLI of a decision or ELI of an act.' },
      summary: text,
      url: { ...nullableText, description: 'Link to the text (http or https only).' },
      countries: list(country),
      questions: list(text),
      edition: text,
      illustrative: boolean,
    }),
  },
  Timeline: closed({
    code: country,
    name: text,
    question: closed(ruleQuestion),
    illustrative: boolean,
    editions: list(
      closed({
        edition: text,
        referenceDate: date,
        revision,
        publishedAt: text,
        partial: boolean,
        asked: boolean,
        answer: text,
        answerId: nullableText,
        points: nullableNumber,
        pointsShown: shown,
        inForceSince: nullableText,
        sources: list(ref('LegalSource')),
        comment: nullableText,
        change: {
          description:
            'From the edition before: the points this answer moved, the same as the changes page shows (null for the first edition).',
          ...nullable(
            closed({
              from: text,
              comparable: boolean,
              changesHref: text,
              changed: boolean,
              pointsOverall: nullableNumber,
              pointsStrand: nullableNumber,
              pointsOverallShown: shown,
              pointsStrandShown: shown,
            }),
          ),
        },
        profileHref: text,
        allCountriesHref: {
          description:
            "This rule in every country in this edition (null where the edition's questionnaire does not ask it).",
          ...nullableText,
        },
      }),
    ),
    events: list(ref('LegalEvent')),
    axis: list(
      closed(
        {
          date,
          kind: { enum: ['edition', 'in-force', 'court-decision', 'legislation', 'act-in-force'] },
          kindText: text,
          text,
          href: text,
        },
        ['href'],
      ),
    ),
    links: closed({ page: text, json: text, csv: text, feed: text, allCountries: text }),
  }),
  RuleCountries: closed({
    question: closed({ ...ruleQuestion, condition: nullableText }),
    edition: text,
    referenceDate: date,
    revision,
    partial: boolean,
    illustrative: boolean,
    group: nullable(closed({ id: text, label: text })),
    countries: { type: 'integer', minimum: 0 },
    answers: list(
      closed({
        answerId: text,
        answer: text,
        points: nullableNumber,
        pointsShown: shown,
        countries: list(
          closed({
            code: country,
            name: text,
            inForceSince: nullableText,
            sources: list(ref('LegalSource')),
            comment: nullableText,
            timelineHref: text,
            events: list(closed({ id: text, title: text, date })),
          }),
        ),
      }),
    ),
    events: list(ref('LegalEvent')),
    filters: list(closed({ id: nullableText, label: text, href: text, current: boolean })),
    editions: list(closed({ id: text, href: text, current: boolean })),
    links: closed({ json: text }),
  }),
  OpenApi: {
    type: 'object',
    description: 'This document.',
    required: ['openapi', 'info', 'paths', 'components'],
    properties: {
      openapi: { const: '3.1.0' },
      info: { type: 'object' },
      paths: { type: 'object' },
      components: { type: 'object' },
    },
  },
};

/** The properties every questionnaire node has. */
function nodeBase(): Record<string, Schema> {
  return {
    id: text,
    code: nullableText,
    level: text,
    label: text,
    weight: { type: 'number', exclusiveMinimum: 0 },
    facet: {
      type: 'string',
      description: "An indicator's facet, where its strand declares facets (optional).",
    },
  };
}
