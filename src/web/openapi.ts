/**
 * The OpenAPI 3.1 description of the public API: every route under /api, with its parameters
 * (defaults stated as `default`), request body and responses. Tests keep it honest both ways:
 * tests/web/openapi-routes.test.ts reads the routes from the Express router and fails on a route
 * the document lacks or a documented path nobody serves; tests/web/openapi-responses.test.ts
 * requests every documented operation with its parameters' examples and validates the real
 * responses against these schemas (src/web/openapi/schemas.ts).
 *
 * Paths are written without a suffix. The `.json` / `.csv` rule (api-format.ts) is stated once,
 * in `info.description`; which paths have a CSV is read from here (a 200 with `text/csv`).
 */
import { DEFAULT_ROBUSTNESS } from '../analysis/robustness.js';
import { MAX_HTTP_DRAWS, MAX_HTTP_SENSITIVITY_SAMPLES } from './params.js';
import { schemas } from './openapi/schemas.js';

type Schema = Record<string, unknown>;

/** What the document says about the data it is served with. */
export interface DocumentFacts {
  /** The edition used when a request names none (the newest complete one), if any. */
  defaultEdition?: string | null;
}

interface ParameterSpec {
  description: string;
  schema?: Schema;
  /** A value the response test requests the path with (required parameters must have one). */
  example?: string | number;
  required?: boolean;
}

const parameter = (name: string, where: 'query' | 'path', spec: ParameterSpec) => ({
  name,
  in: where,
  required: spec.required ?? where === 'path',
  description: spec.description,
  schema: spec.schema ?? { type: 'string' },
  ...(spec.example === undefined ? {} : { example: spec.example }),
});

const json = (schema: string, description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});

/** A resource with a CSV: JSON by default, CSV with `.csv`, `format=csv` or `Accept: text/csv`. */
const jsonOrCsv = (schema: string, description: string) => ({
  description,
  content: {
    'application/json': { schema: { $ref: `#/components/schemas/${schema}` } },
    'text/csv': { schema: { type: 'string' } },
  },
});

const errors = {
  '400': json(
    'Error',
    'A parameter is malformed (code "invalid-parameter"); the message names it.',
  ),
  '404': json(
    'Error',
    'The edition, revision, country, question or node does not exist or is not published (code "not-found"); for an edition, the message lists the published ones.',
  ),
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

const code = (example = 'DE') =>
  parameter('code', 'path', {
    description: 'Country code (ISO 3166-1 alpha-2, either case).',
    schema: { type: 'string', pattern: '^[A-Za-z]{2}$' },
    example,
  });
const editionInPath = parameter('edition', 'path', {
  description: 'A published edition.',
  example: '2024',
});
const question = (example: string) =>
  parameter('question', 'path', {
    description:
      'Question id, or its external code (as agreement and the changes tables print it): the same response.',
    example,
  });

const revisionOf = (what: string) =>
  parameter('revision', 'query', {
    description: `Published revision of ${what}. Default: its latest revision (then listed in "defaulted").`,
    schema: { type: 'integer', minimum: 1 },
  });

const format = parameter('format', 'query', {
  description:
    'json or csv; without it, the Accept header decides (JSON unless text/csv is preferred). A .csv or .json suffix on the path wins.',
  schema: { enum: ['json', 'csv'], default: 'json' },
});

const scoreFilters = [
  parameter('country', 'query', {
    description: 'Only this country (ISO 3166-1 alpha-2). Default: every country.',
  }),
  parameter('node', 'query', {
    description: 'Only this questionnaire node id. Default: every node.',
  }),
  parameter('level', 'query', {
    description: 'Only this level. Default: every level.',
    schema: { enum: ['overall', 'strand', 'dimension', 'indicator', 'item'] },
  }),
];

const robustnessOptions = [
  parameter('draws', 'query', {
    description: 'Number of Monte Carlo draws.',
    schema: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_HTTP_DRAWS,
      default: DEFAULT_ROBUSTNESS.draws,
    },
    example: 20,
  }),
  parameter('seed', 'query', {
    description: 'Seed of the random draws: the same seed gives the same result.',
    schema: { type: 'integer', minimum: 0, maximum: 4294967295, default: DEFAULT_ROBUSTNESS.seed },
  }),
  parameter('weight_range', 'query', {
    description: "Each dimension's weight varies by a factor in [1−r, 1+r]; 0 ≤ r < 1.",
    schema: {
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 1,
      default: DEFAULT_ROBUSTNESS.weightRange,
    },
  }),
  parameter('geometric_share', 'query', {
    description:
      'Probability that a level listed in levels uses the geometric mean. The geometric mean is taken on scores moved to 1–100: x′ = 1 + 0.99x, G = (exp(Σ wᵢ ln x′ᵢ / Σ wᵢ) − 1) / 0.99.',
    schema: { type: 'number', minimum: 0, maximum: 1, default: DEFAULT_ROBUSTNESS.geometricShare },
  }),
  parameter('levels', 'query', {
    description:
      'Levels whose aggregation rule varies, comma-separated among indicator, dimension, strand, overall; or none.',
    schema: { type: 'string', default: DEFAULT_ROBUSTNESS.levels.join(',') },
  }),
  parameter('leave_one_out', 'query', {
    description: '1 (or true) to leave one dimension out in every draw.',
    schema: {
      enum: ['0', '1', 'true', 'false'],
      default: DEFAULT_ROBUSTNESS.leaveOneOut ? '1' : '0',
    },
  }),
  parameter('sensitivity_samples', 'query', {
    description: 'Sobol base samples N, 0 (no sensitivity analysis) or 2 and more; N·(k+2) runs.',
    schema: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_HTTP_SENSITIVITY_SAMPLES,
      default: DEFAULT_ROBUSTNESS.sensitivitySamples,
    },
    example: 4,
  }),
  parameter('by_country', 'query', {
    description: "1 (or true) to add the Sobol indices of each country's rank.",
    schema: {
      enum: ['0', '1', 'true', 'false'],
      default: DEFAULT_ROBUSTNESS.sensitivityByCountry ? '1' : '0',
    },
    example: '1',
  }),
];

const countries = (description: string) =>
  parameter('countries', 'query', {
    description: `Comma-separated country codes, 2 to 6${description}.`,
    required: true,
    example: 'AT,DE,SE',
  });

const DESCRIPTION = [
  'Published scores, answers and questionnaire of the policy index. Only published editions are served; every score carries its provenance (questionnaire version and hash, method, publication revision). GET, and POST for the what-if simulation; CORS open for GET.',
  'Suffixes: every GET path under /api/v1 also answers with ".json" appended (the same JSON; the static export stores API responses under those names), and a path whose 200 response lists text/csv also answers with ".csv". ".csv" elsewhere is a 404.',
  'Defaults: an optional parameter left out takes the default its description or schema states; a response that used the default of a parameter that chooses the data (edition, revision, the robustness settings) lists that parameter in "defaulted". A revision without an edition is a 400 (it would mean another thing after every publication).',
  'Numbers are JSON numbers at full precision (a score: 0–100, null when there is none). Where a page shows a number rounded or signed, the API gives the number under its own name and the page\'s display strings together under "shown" (for example totals[].before / totals[].shown.before); in a profile, where "shown" was already the score\'s text, beside it under the same name ending in "Shown" (rank / rankShown, points / pointsShown).',
  'Errors are JSON {"error": {"code", "message", "issues"?}} with a stable kebab-case code. The analysis endpoints (compare, diff, changes, robustness, simulate) share a rate limit per client address (429 with Retry-After). Query parameters an endpoint does not list are ignored.',
].join('\n\n');

export function openApiDocument(serverUrl: string, facts: DocumentFacts = {}) {
  const defaultEdition = facts.defaultEdition ?? null;
  const editionInQuery = parameter('edition', 'query', {
    description:
      'A published edition. Default: the newest complete (not partial) published edition (then listed in "defaulted").',
    schema:
      defaultEdition === null ? { type: 'string' } : { type: 'string', default: defaultEdition },
  });
  const editionAndRevision = [editionInQuery, revisionOf('the edition (needs edition)')];

  return {
    openapi: '3.1.0',
    info: { title: 'Policy Index Engine — public API', version: '1.4.0', description: DESCRIPTION },
    servers: [{ url: serverUrl }],
    components: { schemas },
    paths: {
      '/api/openapi.json': {
        get: {
          summary: 'This document',
          responses: { '200': json('OpenApi', 'The OpenAPI 3.1 document') },
        },
      },
      '/api/v1/editions': {
        get: {
          summary: 'Published editions and their revisions',
          responses: { '200': json('Editions', 'Every published edition, oldest first') },
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
          parameters: [editionInQuery],
          responses: { '200': json('Questionnaire', 'The questionnaire tree'), ...errors },
        },
      },
      '/api/v1/scores': {
        get: {
          summary: 'Scores at any level of one edition, in long form, JSON or CSV',
          parameters: [...editionAndRevision, ...scoreFilters, format],
          responses: { '200': jsonOrCsv('Scores', 'Scores in long form'), ...errors },
        },
      },
      '/api/v1/editions/{edition}/scores': {
        get: {
          summary: 'The scores of one edition (the address the static export also has)',
          parameters: [editionInPath, revisionOf('the edition'), ...scoreFilters, format],
          responses: { '200': jsonOrCsv('Scores', 'Scores in long form'), ...errors },
        },
      },
      '/api/v1/countries/{code}/{edition}': {
        get: {
          summary: 'Country profile',
          parameters: [code(), editionInPath, revisionOf('the edition')],
          responses: { '200': json('Profile', 'The profile'), ...errors },
        },
      },
      '/api/v1/compare': {
        get: {
          summary: 'Two to six countries side by side',
          parameters: [
            countries(
              "; the first is the reference: a cell or row `differs` when it is not the first country's",
            ),
            parameter('against', 'query', {
              description:
                'The reference country, put first whatever its place in countries (and counted among them if it is not there); the others are marked against it.',
              example: 'DE',
            }),
            parameter('only_differences', 'query', {
              description:
                'Only the rows where a country differs from the reference, with the score rows above them (1 or true; default 0). `differing` still counts every differing question.',
              schema: { type: 'string', enum: ['0', '1', 'true', 'false'] },
            }),
            ...editionAndRevision,
          ],
          responses: { '200': json('Compare', 'The comparison'), ...analysisErrors },
        },
      },
      '/api/v1/diff': {
        get: {
          summary:
            'The rules in which countries differ from the first one, and the points each is worth',
          parameters: [countries('; the first is the reference'), ...editionAndRevision],
          responses: { '200': json('Diff', 'One pair per other country'), ...analysisErrors },
        },
      },
      '/api/v1/robustness': {
        get: {
          summary: 'Rank and score intervals under alternative methods (Monte Carlo, seeded)',
          parameters: [...editionAndRevision, ...robustnessOptions],
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
                schema: { $ref: '#/components/schemas/SimulationRequest' },
                example: {
                  country: 'AT',
                  edition: '2024',
                  answers: { 'fr-accommodation': 'none' },
                },
              },
            },
          },
          responses: {
            '200': json('Simulation', 'Scores, bands and ranks before and after'),
            '400': json(
              'Error',
              'The body is not a JSON object, a field is malformed (code "invalid-parameter"), or an answer is not allowed (code "invalid-answers", one issue per answer).',
            ),
            '404': analysisErrors['404'],
            '429': analysisErrors['429'],
          },
        },
      },
      '/api/v1/changes': {
        get: {
          summary:
            'What changed between two editions: in one country, every changed answer and the points it moved; without a country, every country, biggest movers first',
          parameters: [
            parameter('country', 'query', {
              description:
                'Country code: its changes, answer by answer (schema Changes). Default: every country in both editions, ordered by the absolute change of the score named by sort (schema ChangesHub, the changes hub page /changes).',
              example: 'FR',
            }),
            parameter('from', 'query', {
              description:
                'Earlier edition. Required with country; without it, the closest earlier edition comparable with to (then listed in "defaulted").',
              example: '2019',
            }),
            parameter('to', 'query', {
              description:
                'Later edition. Required with country; without it, the newest complete edition that has an earlier comparable one (then listed in "defaulted").',
              example: '2024',
            }),
            parameter('sort', 'query', {
              description:
                'Without country: the score whose absolute change orders the countries, overall or a strand id.',
              schema: { type: 'string', default: 'overall' },
            }),
          ],
          responses: {
            '200': json(
              'ChangesResponse',
              "One country's changes (Changes), or every country's (ChangesHub)",
            ),
            ...analysisErrors,
            '400': json(
              'Error',
              'A parameter is malformed or missing (code "invalid-parameter"; from must come before to), the two editions do not score alike (code "editions-not-comparable"), or no earlier edition is comparable with to (code "no-comparable-edition").',
            ),
          },
        },
      },
      '/api/v1/countries/{code}/instrument-change': {
        get: {
          summary:
            "A country's score difference between editions coded with two questionnaires, split by Shapley into the part due to the instrument and the part due to the coding (each edition's coding carried into the other questionnaire with the crosswalks, over the country's own edition there where the crosswalk cannot see), overall and per matched strand, with the assumptions, where the cross terms' answers come from, their coverage and the unmapped questions",
          parameters: [
            code('AT'),
            parameter('from', 'query', {
              description: 'Earlier edition (one questionnaire).',
              required: true,
              example: '2024',
            }),
            parameter('to', 'query', {
              description: 'Later edition (another questionnaire).',
              required: true,
              example: '2025',
            }),
          ],
          responses: {
            '200': json('InstrumentChange', 'The split'),
            ...analysisErrors,
            '400': json(
              'Error',
              'A parameter is malformed or missing, or both editions use the same questionnaire (code "invalid-parameter"; the message points to the changes page).',
            ),
          },
        },
      },
      '/api/v1/countries/{code}/rules/{question}': {
        get: {
          summary:
            "One rule in one country over time: every published edition's answer, in-force date, sources, points and the points its change moved (as on the changes page), with the legal events on it. CSV: an answer row per edition and a row per legal event, oldest first.",
          parameters: [code(), question('fr-pre-entry-language-form'), format],
          responses: { '200': jsonOrCsv('Timeline', 'The timeline'), ...errors },
        },
      },
      '/api/v1/rules/{question}/{edition}': {
        get: {
          summary:
            'One rule in every country of an edition, grouped by answer, with sources, in-force dates and legal events',
          parameters: [
            question('fr-pre-entry-language-form'),
            editionInPath,
            parameter('group', 'query', {
              description:
                'Only the members of this country group (see /api/v1/countries). Default: every country.',
            }),
          ],
          responses: { '200': json('RuleCountries', 'The rule by answer'), ...errors },
        },
      },
    },
  };
}
