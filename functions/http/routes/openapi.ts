import type { RouteSpec } from '../route-spec.ts';

export const openapiRoute = {
  method: 'GET',
  path: '/v1/openapi.json',
  function: 'openapi',
  access: { public: true },
  summary: 'This API as an OpenAPI 3.1 document',
  success: { status: 200, description: 'The OpenAPI document', body: 'OpenApiDocument' },
} as const satisfies RouteSpec;

/**
 * The openapi area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const openapiRoutes = [openapiRoute] as const satisfies readonly RouteSpec[];
