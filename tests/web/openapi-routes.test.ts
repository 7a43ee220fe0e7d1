/**
 * The OpenAPI document lists exactly the API the server serves. The routes are read from the
 * Express router of a real app (not from a list kept beside it), so a route added without
 * documenting it fails here, and so does a documented path that no route serves.
 */
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/web/openapi.js';
import { testApp } from '../helpers/app.js';

/** What this test reads of a router layer (Express 5's router 2.x). */
interface Layer {
  /** The path the layer was added with (`app.use('/api', …)`), or an array of paths. */
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route of `app` as `METHOD /path`, mount paths included, `:name` written `{name}`. */
function routesOf(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat())
          for (const [method, on] of Object.entries(layer.route.methods))
            if (on && method !== '_all') routes.push(`${method.toUpperCase()} ${prefix}${path}`);
      } else if (layer.handle?.stack) {
        const mount =
          typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes.map((route) => route.replace(/:(\w+)/g, '{$1}'));
}

/** Every operation of the document as `METHOD /path`. */
function documented(paths: Record<string, Record<string, unknown>>): string[] {
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

let app: Express;
beforeAll(() => {
  app = testApp();
});

describe('router ↔ OpenAPI document', () => {
  it('finds the routes where the app mounts them', () => {
    const routes = routesOf(app);
    // The walk sees nested routers and their mount paths: the API router is mounted at /api,
    // the court-watch router at the root; the workspace routes are there too (not API).
    expect(routes).toContain('GET /api/v1/editions');
    expect(routes).toContain('GET /api/v1/countries/{code}/rules/{question}');
    expect(routes).toContain('POST /api/v1/simulate');
    expect(routes.some((route) => route.startsWith('GET /workspace'))).toBe(true);
  });

  it('every /api route is documented, and every documented operation is a route', async () => {
    const api = routesOf(app).filter((route) => / \/api\//.test(route));
    const { body, status } = await request(app).get('/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const inDocument = documented(body.paths);
    expect([...new Set(api)].sort()).toEqual([...new Set(inDocument)].sort());
    expect(api.length).toBeGreaterThanOrEqual(14);
  });

  it('no route is registered with a .json or .csv suffix: that is one rule (api-format.ts)', () => {
    const suffixed = routesOf(app).filter((route) => / \/api\/v1\/.*\.(json|csv)$/.test(route));
    expect(suffixed).toEqual([]);
  });

  it('every parameter is described, and a required one has an example to request it with', () => {
    const { paths } = openApiDocument('', { defaultEdition: '2024' });
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const parameters = (operation as { parameters?: Record<string, unknown>[] }).parameters;
        for (const parameter of parameters ?? []) {
          const where = `${method} ${path} ${String(parameter.name)}`;
          expect(parameter.description, where).toEqual(expect.any(String));
          expect(parameter.schema, where).toBeDefined();
          if (parameter.required) expect(parameter.example, where).toBeDefined();
          if (parameter.in === 'path') expect(path, where).toContain(`{${String(parameter.name)}}`);
        }
      }
    }
  });

  it('states every default: the edition served by default, and each robustness setting', async () => {
    const { body } = await request(app).get('/api/openapi.json');
    const parameter = (path: string, name: string) =>
      body.paths[path].get.parameters.find((p: { name: string }) => p.name === name);
    for (const path of ['/api/v1/scores', '/api/v1/questionnaire', '/api/v1/compare'])
      expect(parameter(path, 'edition').schema.default, path).toBe('2024');
    expect(parameter('/api/v1/robustness', 'draws').schema.default).toBe(1000);
    expect(parameter('/api/v1/robustness', 'weight_range').schema.default).toBe(0.25);
    expect(parameter('/api/v1/robustness', 'levels').schema.default).toBe(
      'dimension,strand,overall',
    );
    expect(parameter('/api/v1/scores', 'format').schema.default).toBe('json');
  });
});
