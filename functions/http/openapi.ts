import * as z from 'zod';
import { httpHandler } from '../common/http.ts';
import { rolesOf, routes } from './routes.ts';

const Problem = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
        required: ['field', 'reason'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail'],
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The OpenAPI 3.1 document, generated from the route table and the very schemas that validate requests. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const request =
      'request' in route ? (route.request as { path?: z.ZodType; query?: z.ZodType; body?: z.ZodType }) : {};
    const roles = rolesOf(route.access);
    const operation = {
      operationId: route.function,
      summary: route.summary,
      description:
        'public' in route.access
          ? 'Public: no token needed.'
          : `Roles and scope: ${Object.entries(route.access.roles)
              .map(([role, scope]) => `${role} (${scope})`)
              .join(', ')}.`,
      ...(roles.length ? { security: [{ bearer: [] }] } : { security: [] }),
      parameters: [
        ...parameters(request.path, 'path'),
        ...parameters(request.query, 'query'),
        ...(route.method === 'POST'
          ? [
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: false,
                description: 'Retry-safe key: the same key and request get the first answer',
                schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
              },
            ]
          : []),
      ],
      ...(request.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(request.body) } } } }
        : {}),
      responses: {
        [String(route.success.status)]: {
          description: route.success.description,
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        '400': problem('Invalid request: the errors name each field and the reason'),
        ...(roles.length
          ? { '401': { description: 'No valid bearer token' }, '403': problem('Role or scope does not allow it') }
          : {}),
        ...(route.path.includes('{') ? { '404': problem('Not found') } : {}),
        ...(route.method === 'POST'
          ? {
              '409': problem('Conflict with the current state, or the same Idempotency-Key still in progress'),
              '422': problem('Cannot be processed (business rule), or an Idempotency-Key reused for another request'),
            }
          : {}),
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '行政效能 xiaoneng API',
      version: '1',
      description:
        'Approval items, applications and their approval clocks (限时办结, 超时默认) for a development zone service centre.',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem },
    },
  };
}

const document = openApiDocument();

/** Public: this API described by the same schemas that validate it. */
export const handler = httpHandler('openapi', async () => ({ status: 200, body: document }));
