/**
 * The OpenAPI document of a static export describes only what the export serves. The server's
 * document (src/web/openapi.ts) lists every route; a static copy holds files: only GET, no
 * query parameters (a static server ignores them, so a `?edition=` would quietly be answered
 * with another edition), no error responses of the application, an API path under the name of
 * its file (`/api/v1/editions` → `/api/v1/editions.json`), and only paths the export wrote a
 * file for. Its `servers` entry is the export's base URL.
 */

/** The subset of an OpenAPI document this filter reads and writes. */
interface OpenApiDocument {
  info?: { description?: string };
  servers?: { url: string }[];
  components?: { parameters?: Record<string, { in?: string }> };
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

interface Operation {
  parameters?: ({ in?: string; $ref?: string } & Record<string, unknown>)[];
  responses?: Record<string, unknown>;
  [key: string]: unknown;
}

/** `/api/v1/countries/{code}/{edition}.json` → a RegExp matching its concrete paths. */
function templatePattern(template: string): RegExp {
  const parts = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}$`);
}

/**
 * The names a path has in the export, each with the media type its file holds: an API path
 * without extension is served as its `.json`, and also as its `.csv` if it answers in CSV.
 */
function exportedNames(template: string, get: Operation): [string, string | null][] {
  if (/\.[a-z]+$/.test(template)) return [[template, null]];
  const content = (get.responses?.['200'] as { content?: Record<string, unknown> } | undefined)
    ?.content;
  const names: [string, string | null][] = [[`${template}.json`, 'application/json']];
  if (content?.['text/csv'] !== undefined) names.push([`${template}.csv`, 'text/csv']);
  return names;
}

/** The responses a file can give: the 2xx ones, with only the media type of the file. */
function fileResponses(get: Operation, type: string | null): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(get.responses ?? {})) {
    if (!status.startsWith('2')) continue;
    const content = (response as { content?: Record<string, unknown> }).content;
    responses[status] =
      type === null || content?.[type] === undefined
        ? response
        : { ...(response as object), content: { [type]: content[type] } };
  }
  return responses;
}

/**
 * The document `served` describes: `served` lists the URL paths of the files written
 * (`/api/v1/editions.json`); `baseUrl` is the export's address, or '' for a relative one.
 */
export function exportOpenApi(
  document: OpenApiDocument,
  served: readonly string[],
  baseUrl: string,
): OpenApiDocument {
  const inOf = (parameter: { in?: string; $ref?: string }) =>
    parameter.in ??
    document.components?.parameters?.[parameter.$ref?.split('/').pop() ?? '']?.in ??
    null;
  const paths: OpenApiDocument['paths'] = {};
  for (const [template, item] of Object.entries(document.paths)) {
    const get = item.get as Operation | undefined;
    if (get === undefined) continue;
    const parameters = (get.parameters ?? []).filter((p) => inOf(p) !== 'query');
    const pathParameters = ((item.parameters ?? []) as NonNullable<Operation['parameters']>).filter(
      (p) => inOf(p) !== 'query',
    );
    for (const [name, type] of exportedNames(template, get)) {
      const pattern = templatePattern(name);
      if (!served.some((path) => pattern.test(path))) continue;
      // A template of its own for the file's name wins over the one renamed to it.
      if (name !== template && document.paths[name]?.get !== undefined) continue;
      const operation: Operation = { ...get, responses: fileResponses(get, type) };
      if (parameters.length > 0) operation.parameters = parameters;
      else delete operation.parameters;
      paths[name] = {
        ...(pathParameters.length > 0 ? { parameters: pathParameters } : {}),
        get: operation,
      };
    }
  }
  const note =
    'This document describes a static export of the site: the files it holds, read with GET, ' +
    'without query parameters (a static server ignores them).';
  return {
    ...document,
    info: {
      ...document.info,
      description: [document.info?.description, note].filter(Boolean).join(' '),
    },
    servers: [{ url: baseUrl === '' ? '/' : baseUrl }],
    paths,
  };
}
