/**
 * The OpenAPI 3.1 description of the public API. Its response schemas are checked against real
 * responses by the tests, so the document cannot drift from the code unnoticed.
 */
const text = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const date = { type: 'string', format: 'date' } as const;
/** The question a court-watch view is about. */
const ruleQuestion = {
  type: 'object',
  required: ['id', 'code', 'label', 'strandId', 'strand'],
} as const;
const score = { type: ['number', 'null'], minimum: 0, maximum: 100 } as const;

const schemas = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: text, message: text, issues: { type: 'array' } },
      },
    },
  },
  QuestionnaireRef: {
    type: 'object',
    required: ['id', 'version', 'hash', 'scoring_hash'],
    properties: {
      id: text,
      version: text,
      hash: { type: 'string', pattern: '^sha256:' },
      scoring_hash: text,
    },
  },
  Edition: {
    type: 'object',
    required: [
      'id',
      'reference_date',
      'illustrative',
      'partial',
      'questionnaire',
      'countries',
      'latest_revision',
      'revisions',
      'links',
    ],
    additionalProperties: false,
    properties: {
      id: text,
      reference_date: date,
      illustrative: { type: 'boolean' },
      partial: {
        type: 'boolean',
        description:
          'Published without every country expected (countries with a sheet or an assignment in it, or in the edition published before it); never the default edition.',
      },
      questionnaire: { $ref: '#/components/schemas/QuestionnaireRef' },
      countries: { type: 'array', items: text },
      latest_revision: { type: 'integer', minimum: 1 },
      revisions: {
        type: 'array',
        items: {
          type: 'object',
          required: ['revision', 'published_at', 'note', 'countries', 'partial'],
          additionalProperties: false,
          properties: {
            revision: { type: 'integer' },
            published_at: text,
            note: nullableText,
            countries: { type: 'integer' },
            partial: { type: 'boolean' },
          },
        },
      },
      links: {
        type: 'object',
        required: ['ranking', 'scores_json', 'scores_csv'],
        properties: { ranking: text, scores_json: text, scores_csv: text },
      },
    },
  },
  ScoreRow: {
    type: 'object',
    required: ['country', 'edition', 'revision', 'node', 'level', 'code', 'score', 'coverage'],
    additionalProperties: false,
    properties: {
      country: { type: 'string', pattern: '^[A-Z]{2}$' },
      edition: text,
      revision: { type: 'integer' },
      node: text,
      level: { enum: ['overall', 'strand', 'dimension', 'indicator', 'item'] },
      code: nullableText,
      score,
      coverage: { type: 'number', minimum: 0, maximum: 1 },
    },
  },
  Scores: {
    type: 'object',
    required: [
      'edition',
      'revision',
      'illustrative',
      'questionnaire',
      'method',
      'computed_at',
      'rows',
    ],
    additionalProperties: false,
    properties: {
      edition: text,
      revision: { type: 'integer' },
      illustrative: { type: 'boolean' },
      questionnaire: { $ref: '#/components/schemas/QuestionnaireRef' },
      method: text,
      computed_at: text,
      rows: { type: 'array', items: { $ref: '#/components/schemas/ScoreRow' } },
    },
  },
  Countries: {
    type: 'object',
    required: ['countries', 'groups', 'aliases'],
    properties: {
      countries: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'name', 'editions'],
          properties: { code: text, name: text, editions: { type: 'array', items: text } },
        },
      },
      groups: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'label', 'members'],
          properties: {
            id: text,
            label: text,
            description: nullableText,
            members: { type: 'array', items: text },
          },
        },
      },
      aliases: { type: 'object', additionalProperties: text },
    },
  },
  QuestionnaireNode: {
    type: 'object',
    required: ['id', 'code', 'level', 'kind', 'label', 'weight'],
    properties: {
      id: text,
      code: nullableText,
      level: text,
      kind: { enum: ['question', 'composite', 'ref'] },
      label: text,
      weight: { type: 'number', exclusiveMinimum: 0 },
      aggregation: { enum: ['mean', 'geometric', 'min'] },
      options: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'label', 'score'],
          properties: { id: text, label: text, score: { type: 'number' } },
        },
      },
      applies_if: nullableText,
      not_applicable_allowed: { type: 'boolean' },
      effective_weight: {
        type: 'object',
        required: ['in_strand', 'overall'],
        properties: {
          in_strand: { type: 'object', additionalProperties: { type: 'number' } },
          overall: { type: 'number' },
        },
      },
      ref: text,
      children: { type: 'array', items: { $ref: '#/components/schemas/QuestionnaireNode' } },
    },
  },
  Questionnaire: {
    type: 'object',
    required: ['id', 'version', 'hash', 'scoring_hash', 'bands', 'strands'],
    properties: {
      id: text,
      version: text,
      hash: text,
      scoring_hash: text,
      display_decimals: { type: 'integer' },
      bands: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'label', 'min', 'max'],
          properties: { id: text, label: text, min: { type: 'integer' }, max: { type: 'integer' } },
        },
      },
      strands: { type: 'array', items: { $ref: '#/components/schemas/QuestionnaireNode' } },
    },
  },
  Profile: {
    type: 'object',
    required: [
      'code',
      'name',
      'edition',
      'illustrative',
      'overall',
      'strands',
      'permalink',
      'citation',
      'provenance',
    ],
    properties: {
      code: text,
      name: text,
      edition: text,
      referenceDate: text,
      illustrative: { type: 'boolean' },
      overall: {
        type: 'object',
        required: ['score', 'shown', 'rank'],
        properties: { score, shown: text, rank: text, band: { type: ['object', 'null'] } },
      },
      strands: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'label', 'score', 'shown', 'rank', 'dimensions', 'questions'],
          properties: {
            id: text,
            label: text,
            score,
            shown: text,
            rank: text,
            dimensions: { type: 'array' },
            questions: { type: 'array' },
          },
        },
      },
      permalink: text,
      citation: {
        type: 'object',
        required: ['text', 'bibtex'],
        properties: { text: text, bibtex: text },
      },
      provenance: { type: 'object', required: ['version', 'hash', 'method', 'revision'] },
    },
  },
  Compare: {
    type: 'object',
    required: ['edition', 'countries', 'rows', 'differing'],
    properties: {
      edition: text,
      countries: { type: 'array', items: { type: 'object', required: ['code', 'name'] } },
      rows: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'label', 'kind', 'differs', 'cells'],
          properties: {
            id: text,
            label: text,
            kind: { enum: ['score', 'question'] },
            differs: { type: 'boolean' },
            cells: { type: 'array' },
          },
        },
      },
      differing: { type: 'integer' },
    },
  },
  Changes: {
    type: 'object',
    required: ['code', 'from', 'to', 'comparable', 'totals', 'rows', 'method'],
    properties: {
      code: text,
      from: text,
      to: text,
      comparable: { type: 'boolean' },
      totals: {
        type: 'array',
        items: {
          type: 'object',
          required: ['node', 'before', 'after', 'change', 'exact'],
          properties: { exact: { type: 'number' } },
        },
      },
      rows: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'before', 'after', 'pointsOverall', 'pointsStrand'],
          properties: { pointsOverall: { type: 'number' }, pointsStrand: { type: 'number' } },
        },
      },
      method: { enum: ['exact', 'sampled', null] },
    },
  },
  Diff: {
    type: 'object',
    required: ['edition', 'reference', 'pairs'],
    properties: {
      edition: text,
      reference: text,
      pairs: {
        type: 'array',
        items: {
          type: 'object',
          required: ['reference', 'other', 'gap', 'method', 'rows'],
          properties: {
            reference: text,
            other: text,
            gap: { type: 'object', required: ['before', 'after', 'change', 'exact'] },
            method: { enum: ['exact', 'sampled'] },
            rows: {
              type: 'array',
              items: { type: 'object', required: ['id', 'reference', 'other', 'points'] },
            },
          },
        },
      },
    },
  },
  Robustness: {
    type: 'object',
    required: ['edition', 'illustrative', 'options', 'countries', 'sensitivity'],
    properties: {
      edition: text,
      illustrative: { type: 'boolean' },
      options: {
        type: 'object',
        required: [
          'draws',
          'seed',
          'weightRange',
          'geometricShare',
          'leaveOneOut',
          'levels',
          'sensitivitySamples',
          'sensitivityByCountry',
        ],
        properties: {
          levels: {
            type: 'array',
            items: { enum: ['indicator', 'dimension', 'strand', 'overall'] },
          },
        },
      },
      countries: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'publishedRank', 'medianRank', 'rankLow', 'rankHigh'],
        },
      },
      sensitivity: {
        description:
          'Sobol indices of the mean absolute rank shift from the published ranking (null when sensitivity_samples is 0 or nothing varies). first/total are raw estimates (may be slightly negative; null when the output never varies).',
        oneOf: [
          { type: 'null' },
          {
            type: 'object',
            required: [
              'samples',
              'runs',
              'output',
              'meanShift',
              'variance',
              'indices',
              'byCountry',
            ],
            properties: {
              output: { const: 'mean-absolute-rank-shift' },
              indices: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'kind', 'label', 'first', 'total', 'firstError', 'totalError'],
                  properties: {
                    kind: { enum: ['weight', 'aggregation', 'leave-out'] },
                    first: { type: ['number', 'null'] },
                    total: { type: ['number', 'null'] },
                    firstError: { type: ['number', 'null'], description: 'Standard error' },
                    totalError: { type: ['number', 'null'], description: 'Standard error' },
                  },
                },
              },
              byCountry: {
                type: 'array',
                items: { type: 'object', required: ['code', 'rankVariance', 'first', 'total'] },
              },
            },
          },
        ],
      },
    },
  },
  Simulation: {
    type: 'object',
    required: ['country', 'edition', 'revision', 'method', 'applied', 'ranks', 'before', 'after'],
    properties: {
      country: text,
      edition: text,
      revision: { type: 'integer' },
      method: text,
      applied: {
        type: 'array',
        items: { type: 'object', required: ['question', 'from', 'to'] },
      },
      ranks: { type: 'object' },
      before: { type: 'object' },
      after: { type: 'object' },
      share: text,
    },
  },
  LegalSource: {
    type: 'object',
    required: ['title', 'article', 'url', 'date'],
    properties: { title: text, article: nullableText, url: nullableText, date: nullableText },
  },
  LegalEvent: {
    type: 'object',
    description: 'A published court decision or piece of legislation linked to rules.',
    required: [
      'id',
      'kind',
      'title',
      'date',
      'inForceDate',
      'court',
      'outcome',
      'identifier',
      'summary',
      'url',
      'countries',
      'questions',
      'edition',
      'illustrative',
    ],
    properties: {
      id: text,
      kind: { enum: ['court-decision', 'legislation'] },
      kindText: text,
      title: text,
      date,
      inForceDate: nullableText,
      court: nullableText,
      outcome: { enum: ['struck-down', 'upheld', 'interpreted', 'pending', null] },
      outcomeText: nullableText,
      identifier: { ...nullableText, description: 'ECLI of a decision or ELI of an act.' },
      summary: text,
      url: { ...nullableText, description: 'Link to the text (http or https only).' },
      countries: { type: 'array', items: text },
      questions: { type: 'array', items: text },
      edition: text,
      illustrative: { type: 'boolean' },
    },
  },
  Timeline: {
    type: 'object',
    required: ['code', 'name', 'question', 'illustrative', 'editions', 'events', 'axis', 'links'],
    properties: {
      code: text,
      name: text,
      question: ruleQuestion,
      illustrative: { type: 'boolean' },
      editions: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'edition',
            'referenceDate',
            'revision',
            'asked',
            'answer',
            'answerId',
            'points',
            'inForceSince',
            'sources',
            'change',
          ],
          properties: {
            edition: text,
            referenceDate: date,
            revision: { type: 'integer', minimum: 1 },
            asked: { type: 'boolean' },
            answer: text,
            answerId: nullableText,
            points: { type: ['number', 'null'] },
            inForceSince: nullableText,
            sources: { type: 'array', items: { $ref: '#/components/schemas/LegalSource' } },
            change: {
              description:
                'From the edition before: the points this answer moved, the same as the changes page shows (null for the first edition).',
              oneOf: [
                { type: 'null' },
                {
                  type: 'object',
                  required: ['from', 'comparable', 'changed', 'pointsOverall', 'pointsStrand'],
                  properties: {
                    from: text,
                    comparable: { type: 'boolean' },
                    changed: { type: 'boolean' },
                    pointsOverall: { type: ['number', 'null'] },
                    pointsStrand: { type: ['number', 'null'] },
                  },
                },
              ],
            },
          },
        },
      },
      events: { type: 'array', items: { $ref: '#/components/schemas/LegalEvent' } },
      axis: {
        type: 'array',
        items: {
          type: 'object',
          required: ['date', 'kind', 'text'],
          properties: {
            date,
            kind: {
              enum: ['edition', 'in-force', 'court-decision', 'legislation', 'act-in-force'],
            },
            text: text,
          },
        },
      },
      links: { type: 'object', required: ['page', 'json', 'csv', 'feed', 'allCountries'] },
    },
  },
  RuleCountries: {
    type: 'object',
    required: [
      'question',
      'edition',
      'referenceDate',
      'revision',
      'illustrative',
      'group',
      'countries',
      'answers',
      'events',
    ],
    properties: {
      question: ruleQuestion,
      edition: text,
      referenceDate: date,
      revision: { type: 'integer', minimum: 1 },
      illustrative: { type: 'boolean' },
      group: {
        oneOf: [
          { type: 'null' },
          { type: 'object', required: ['id', 'label'], properties: { id: text, label: text } },
        ],
      },
      countries: { type: 'integer', minimum: 0 },
      answers: {
        type: 'array',
        items: {
          type: 'object',
          required: ['answerId', 'answer', 'points', 'countries'],
          properties: {
            answerId: text,
            answer: text,
            points: { type: ['number', 'null'] },
            countries: {
              type: 'array',
              items: {
                type: 'object',
                required: ['code', 'name', 'inForceSince', 'sources', 'events'],
                properties: {
                  code: text,
                  name: text,
                  inForceSince: nullableText,
                  sources: { type: 'array', items: { $ref: '#/components/schemas/LegalSource' } },
                  events: {
                    type: 'array',
                    items: { type: 'object', required: ['id', 'title', 'date'] },
                  },
                },
              },
            },
          },
        },
      },
      events: { type: 'array', items: { $ref: '#/components/schemas/LegalEvent' } },
    },
  },
} as const;

const param = (
  name: string,
  where: 'query' | 'path',
  description: string,
  required = where === 'path',
) => ({
  name,
  in: where,
  required,
  description,
  schema: { type: 'string' },
});

const json = (schema: string, description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});

/** A CSV download. */
const csv = { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } };

/** A country and a question in the path: one rule's timeline. */
const ruleInCountry = [
  param('code', 'path', 'Country code.'),
  param('question', 'path', 'Question id, e.g. fr-pre-entry-language-form.'),
];

const errors = {
  '400': json('Error', 'A parameter is malformed; the message names it.'),
  '404': json('Error', 'The edition, country or node does not exist or is not published.'),
};

/** The analysis endpoints compute per request, and share a rate limit per client address. */
const analysisErrors = {
  ...errors,
  '429': {
    ...json(
      'Error',
      'Too many analysis requests from this address (code "rate-limited"); Retry-After says in how many seconds to try again.',
    ),
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  },
};

const editionAndRevision = [
  param('edition', 'query', 'Edition id (default: latest published).'),
  param('revision', 'query', 'Published revision (default: latest).'),
];

const scoreFilters = [
  param('country', 'query', 'Only this country (ISO 3166-1 alpha-2).'),
  param('node', 'query', 'Only this questionnaire node id.'),
  param('level', 'query', 'Only this level: overall, strand, dimension, indicator, item.'),
];

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Policy Index Engine — public API',
      version: '1.0.0',
      description:
        'Published scores, answers and questionnaire of the policy index. Only published editions are served; every score carries its provenance (questionnaire version and hash, method, publication revision). GET, and POST for the what-if simulation; CORS open for GET. The analysis endpoints (compare, diff, changes, robustness, simulate) share a rate limit per client address (429 with Retry-After). Query parameters an endpoint does not list are ignored.',
    },
    servers: [{ url: serverUrl }],
    components: { schemas },
    paths: {
      '/api/v1/editions': {
        get: {
          summary: 'Published editions and their revisions',
          responses: { '200': json('Edition', 'A list under "editions"') },
        },
      },
      '/api/v1/countries': {
        get: {
          summary: 'Countries, groups and aliases',
          responses: { '200': json('Countries', 'Countries') },
        },
      },
      '/api/v1/questionnaire': {
        get: {
          summary: 'The questionnaire of an edition, with effective weights',
          parameters: [param('edition', 'query', 'Edition id (default: latest published).')],
          responses: { '200': json('Questionnaire', 'The questionnaire tree'), ...errors },
        },
      },
      '/api/v1/scores': {
        get: {
          summary:
            'Scores at any level, JSON or CSV (format=csv, Accept: text/csv, or /api/v1/scores.csv)',
          parameters: [
            param('edition', 'query', 'Edition id (default: latest published).'),
            param('revision', 'query', 'Published revision (default: latest).'),
            ...scoreFilters,
            param('format', 'query', 'json (default) or csv.'),
          ],
          responses: {
            '200': {
              description: 'Scores in long form',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Scores' } },
                'text/csv': { schema: { type: 'string' } },
              },
            },
            ...errors,
          },
        },
      },
      '/api/v1/editions/{edition}/scores.json': {
        get: {
          summary: 'All scores of an edition (static path)',
          parameters: [param('edition', 'path', 'Edition id.'), ...scoreFilters],
          responses: { '200': json('Scores', 'Scores'), ...errors },
        },
      },
      '/api/v1/editions/{edition}/scores.csv': {
        get: {
          summary: 'All scores of an edition as CSV (static path)',
          parameters: [param('edition', 'path', 'Edition id.'), ...scoreFilters],
          responses: {
            '200': csv,
            ...errors,
          },
        },
      },
      '/api/v1/countries/{code}/{edition}': {
        get: {
          summary: 'Country profile',
          parameters: [
            param('code', 'path', 'Country code.'),
            param('edition', 'path', 'Edition id.'),
            param('revision', 'query', 'Published revision.'),
          ],
          responses: { '200': json('Profile', 'The profile'), ...errors },
        },
      },
      '/api/v1/compare': {
        get: {
          summary: 'Two to six countries side by side',
          parameters: [
            param('countries', 'query', 'Comma-separated codes, 2 to 6.', true),
            ...editionAndRevision,
          ],
          responses: { '200': json('Compare', 'The comparison'), ...analysisErrors },
        },
      },
      '/api/v1/diff': {
        get: {
          summary:
            'The rules in which countries differ from the first one, and the points each is worth',
          parameters: [
            param(
              'countries',
              'query',
              'Comma-separated codes, 2 to 6; the first is the reference.',
              true,
            ),
            ...editionAndRevision,
          ],
          responses: { '200': json('Diff', 'One pair per other country'), ...analysisErrors },
        },
      },
      '/api/v1/robustness': {
        get: {
          summary: 'Rank and score intervals under alternative methods (Monte Carlo, seeded)',
          parameters: [
            ...editionAndRevision,
            param('draws', 'query', 'Number of draws, 1 to 20000 (default 1000).'),
            param('seed', 'query', 'Seed, 0 to 4294967295 (default 1).'),
            param(
              'weight_range',
              'query',
              "Each dimension's weight varies by a factor in [1−r, 1+r]; 0 ≤ r < 1 (default 0.25).",
            ),
            param(
              'geometric_share',
              'query',
              'Probability, 0 to 1, that a level listed in levels uses the geometric mean (default 0.5). The geometric mean is taken on scores moved to 1–100: x′ = 1 + 0.99x, G = (exp(Σ wᵢ ln x′ᵢ / Σ wᵢ) − 1) / 0.99.',
            ),
            param(
              'levels',
              'query',
              'Levels whose aggregation rule varies, comma-separated among indicator, dimension, strand, overall, or none (default dimension,strand,overall).',
            ),
            param('leave_one_out', 'query', '1 to leave one dimension out in every draw.'),
            param(
              'sensitivity_samples',
              'query',
              'Sobol base samples N, 0 (none) or 2 to 5000 (default 1000); N·(k+2) runs.',
            ),
            param('by_country', 'query', "1 to add the Sobol indices of each country's rank."),
          ],
          responses: { '200': json('Robustness', 'Intervals per country'), ...analysisErrors },
        },
      },
      '/api/v1/simulate': {
        post: {
          summary: 'What if some answers of a country were different (nothing is stored)',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['country', 'edition', 'answers'],
                  properties: {
                    country: text,
                    edition: text,
                    answers: { type: 'object', additionalProperties: text },
                  },
                },
              },
            },
          },
          responses: {
            '200': json('Simulation', 'Scores, bands and ranks before and after'),
            ...analysisErrors,
          },
        },
      },
      '/api/v1/countries/{code}/rules/{question}': {
        get: {
          summary:
            "One rule in one country over time: every published edition's answer, in-force date, sources, points and the points its change moved (as on the changes page), with the legal events on it (also at .json)",
          parameters: ruleInCountry,
          responses: { '200': json('Timeline', 'The timeline'), ...errors },
        },
      },
      '/api/v1/countries/{code}/rules/{question}.csv': {
        get: {
          summary:
            'The timeline as CSV: an answer row per edition and a row per legal event, oldest first',
          parameters: ruleInCountry,
          responses: {
            '200': csv,
            ...errors,
          },
        },
      },
      '/api/v1/rules/{question}/{edition}': {
        get: {
          summary:
            'One rule in every country of an edition, grouped by answer, with sources, in-force dates and legal events (also at .json)',
          parameters: [
            param('question', 'path', 'Question id.'),
            param('edition', 'path', 'Edition id.'),
            param(
              'group',
              'query',
              'Only the members of this country group (see /api/v1/countries).',
            ),
          ],
          responses: { '200': json('RuleCountries', 'The rule by answer'), ...errors },
        },
      },
      '/api/v1/changes': {
        get: {
          summary:
            'What changed in a country between two editions, and the points each change moved',
          parameters: [
            param('country', 'query', 'Country code.', true),
            param('from', 'query', 'Earlier edition.', true),
            param('to', 'query', 'Later edition.', true),
          ],
          responses: { '200': json('Changes', 'The changes'), ...analysisErrors },
        },
      },
    },
  };
}
