import * as z from 'zod/mini';
import { httpHandler } from './handler.ts';
import * as Responses from './responses.ts';
import type { ResponseName } from './route-spec.ts';
import { openapiRoute } from './routes/openapi.ts';
import { type RouteSpec, rolesOf, routes } from './routes.ts';

function jsonSchema(schema: z.core.$ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function parameters(schema: z.ZodMiniType | undefined, where: 'path' | 'query') {
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
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

/**
 * The `#/components/schemas/…` reference of a response schema, named as the route table names it (each is registered
 * in responses.ts under its export name).
 */
function ref(name: ResponseName): { $ref: string } {
  const id = Responses.responseRegistry.get(Responses[name])?.id;
  if (id !== name)
    throw new Error(`response schema ${name} is not registered under its name in functions/http/responses.ts`);
  return { $ref: `#/components/schemas/${id}` };
}

/**
 * The response schemas as `components.schemas`, without `$schema`/`$id` (not OpenAPI's) and without
 * `additionalProperties: false`: the API may add fields, and clients should ignore the ones they do not know (the
 * contract test holds the schemas strict, so the document still lists every field the API sends).
 */
function componentSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(Responses.responseRegistry, {
    io: 'output',
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  });
  const open = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(open);
    if (!node || typeof node !== 'object') return node;
    // zod spells `format: date-time` out as a long `pattern` too; the format says it.
    const formatted = 'format' in node && 'pattern' in node;
    const entries = Object.entries(node).filter(
      ([key, value]) =>
        !(
          key === '$schema' ||
          key === '$id' ||
          (key === 'additionalProperties' && value === false) ||
          (key === 'pattern' && formatted)
        ),
    );
    return Object.fromEntries(entries.map(([key, value]) => [key, open(value)]));
  };
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, open(schema)]));
}

function successResponses(route: RouteSpec): Record<string, unknown> {
  const json = (answer: { description: string; body: ResponseName }) => ({
    description: answer.description,
    content: { 'application/json': { schema: ref(answer.body) } },
  });
  const success = json(route.success);
  if (route.success.html) {
    (success.content as Record<string, unknown>)['text/html'] = {
      schema: { type: 'string', description: 'The same document as a printable page (Accept: text/html)' },
    };
  }
  if (route.success.csv) {
    (success.content as Record<string, unknown>)['text/csv'] = {
      schema: {
        type: 'string',
        description: `The same figures as a spreadsheet (Accept: text/csv; UTF-8 with a BOM, CRLF): ${route.success.csv}`,
      },
    };
  }
  return {
    [String(route.success.status)]: success,
    ...(route.outsideScope ? { [String(route.outsideScope.status)]: json(route.outsideScope) } : {}),
  };
}

/** The refusals, each once in `components.responses`; operations refer to them by status. */
const refusalResponses = {
  '400': problem('Invalid request: the errors name each field (body.…, query.…, path.…, header.…) and the reason'),
  '401': problem(
    'No bearer token, or one that is expired, malformed, without an expiry, or signed by another key: the detail says which (WWW-Authenticate: Bearer)',
  ),
  '403': problem('The role or its scope does not allow it'),
  '404': problem('Not found'),
  '409': problem(
    'Conflict with the current state (or a stale revision), or the same Idempotency-Key still in progress',
  ),
  '413': problem(
    'The body is larger than the gateway takes (1 MiB locally); a body over 256 KiB that reaches the API is a 400',
  ),
  '415': problem('The body is not application/json in UTF-8'),
  '422': problem('Cannot be processed (a business rule), or an Idempotency-Key reused for another request'),
  '500': problem('Something failed on our side; quote the detail when reporting it'),
} as const;
type Refusal = keyof typeof refusalResponses;
const refusalName = (status: Refusal) => `Status${status}`;

/** The refusals a route can answer, each as problem+json: derived from its shape, plus those it declares. */
function refusals(route: RouteSpec): Record<string, unknown> {
  const request = route.request ?? {};
  const post = route.method === 'POST';
  const declared = new Set<number>(route.refusals ?? []);
  const statuses: Refusal[] = [
    ...(request.path || request.query || request.body || post ? (['400'] as const) : []),
    ...('public' in route.access ? [] : (['401', '403'] as const)),
    ...(request.path || declared.has(404) ? (['404'] as const) : []),
    ...(post || declared.has(409) ? (['409'] as const) : []),
    ...(request.body ? (['413', '415'] as const) : []),
    ...(post || declared.has(422) ? (['422'] as const) : []),
    '500',
  ];
  return Object.fromEntries(
    statuses.map((status) => [status, { $ref: `#/components/responses/${refusalName(status)}` }]),
  );
}

/** The OpenAPI 3.1 document, generated from the route table and the very schemas that validate requests. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const request =
      'request' in route
        ? (route.request as { path?: z.ZodMiniType; query?: z.ZodMiniType; body?: z.ZodMiniType })
        : {};
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
        ? {
            requestBody: {
              // A POST whose fields are all optional takes no body at all (it means `{}`).
              required: !request.body.safeParse({}).success,
              content: { 'application/json': { schema: jsonSchema(request.body) } },
            },
          }
        : {}),
      responses: { ...successResponses(route), ...refusals(route) },
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
    servers: [
      {
        url: '/',
        description:
          'The host that serves this document: the API stage URL in AWS, http://127.0.0.1:3000 under `npm start` (paths start with /v1)',
      },
    ],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: componentSchemas(),
      responses: Object.fromEntries(
        Object.entries(refusalResponses).map(([status, response]) => [refusalName(status as Refusal), response]),
      ),
    },
  };
}

// Built on the first request, not at import: a cold start (and every local runtime's start, which imports every
// handler) does not pay for a document few callers read.
let document: ReturnType<typeof openApiDocument> | undefined;

/** Public: this API described by the same schemas that validate it. */
export const handler = httpHandler(openapiRoute, async () => {
  document ??= openApiDocument();
  return { status: 200, body: document };
});
