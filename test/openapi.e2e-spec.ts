import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { startGateway, type TestGateway } from './support/gateway';

interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
}
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

/** Every route the app serves, from the controllers' own routing metadata. */
function appRoutes(gw: TestGateway): Array<{ method: string; path: string }> {
  const routes: Array<{ method: string; path: string }> = [];
  for (const module of gw.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      // The console's page, assets and sign-in are for the browser, not API clients.
      if (!controller || Reflect.getMetadata('swagger/apiExcludeController', controller)) {
        continue;
      }
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        const method =
          typeof handler === 'function'
            ? (Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined)
            : undefined;
        if (method === undefined || method === RequestMethod.ALL) {
          continue; // ALL is the 405 catch-all, deliberately left out of the document
        }
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler as object) ?? '');
        const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(
          /:(\w+)/g,
          '{$1}',
        );
        routes.push({ method: RequestMethod[method].toLowerCase(), path });
      }
    }
  }
  return routes;
}

describe('OpenAPI document (e2e)', () => {
  let gw: TestGateway;
  let doc: OpenApi;

  beforeAll(async () => {
    gw = await startGateway();
    const res = await request(gw.server).get('/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as OpenApi;
  });
  afterAll(() => gw.destroy());

  it('documents every route the app serves', () => {
    const routes = appRoutes(gw);
    expect(routes.length).toBeGreaterThanOrEqual(9);
    const missing = routes
      .filter(({ method, path }) => !doc.paths[path]?.[method])
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('documents the problem+json errors of every guarded route', () => {
    for (const { method, path } of appRoutes(gw).filter((r) => r.path !== '/health/live')) {
      const problems = Object.entries(doc.paths[path][method].responses).filter(
        ([status, response]) =>
          Number(status) >= 400 && response.content?.['application/problem+json'],
      );
      expect([`${method} ${path}`, problems.length > 0]).toEqual([`${method} ${path}`, true]);
    }
    expect(doc.components.schemas).toHaveProperty('ProblemSchema');
  });

  it('describes the ingest body with examples', () => {
    const schema = doc.components.schemas.LegacyEventDto as {
      properties: Record<string, { example?: unknown }>;
      required: string[];
    };
    expect(schema.required.sort()).toEqual([
      'amount',
      'currency',
      'event_type',
      'timestamp',
      'transaction_id',
    ]);
    expect(schema.properties.currency.example).toBe('EUR');
    expect(Object.keys(doc.paths['/ingest'].post.responses).sort()).toEqual(
      ['200', '202', '400', '401', '409', '413', '415', '422', '502', '503'].sort(),
    );
  });

  it('serves the interactive UI at /docs', async () => {
    const res = await request(gw.server).get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui');
  });
});
