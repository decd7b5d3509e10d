import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { fieldsForbiddenTo, fieldsSetIn, type Route, type RouteSpec, routes, type Scope } from '../http/routes.ts';
import type { FunctionName } from '../manifest.ts';
import { authenticate } from './auth.ts';
import { idempotency } from './idempotency.ts';
import { type Identity, identityFromClaims, needsDepartment } from './identity.ts';
import { logger } from './logger.ts';
import { observed } from './observability.ts';
import { type FieldError, fieldErrors, HttpProblem, problems } from './problem.ts';
import { unsafeTextIn } from './text.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

type RouteFor<N extends FunctionName> = Extract<Route, { function: N }>;
type Parsed<R, K extends 'path' | 'query' | 'body'> = R extends { request: { [P in K]: infer S } }
  ? S extends z.ZodType
    ? z.output<S>
    : undefined
  : undefined;

/** What a route handler sees: its route, the caller and their scope on it, and the validated request. */
export interface HttpRequest<R = RouteSpec> {
  readonly event: HttpEvent;
  readonly route: RouteSpec;
  /** Present on protected routes (guaranteed) and on public ones when a valid token was sent. */
  readonly identity: Identity | undefined;
  /** The caller's scope on this route (undefined on public routes). */
  readonly scope: Scope | undefined;
  readonly path: Parsed<R, 'path'>;
  readonly query: Parsed<R, 'query'>;
  readonly body: Parsed<R, 'body'>;
  /** The `Idempotency-Key` of a POST, when the client sent one. */
  readonly idempotencyKey: string | undefined;
}

export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  /** A body sent as is (e.g. a printable HTML page) instead of JSON. */
  readonly raw?: { readonly contentType: string; readonly text: string };
  readonly headers?: Readonly<Record<string, string>>;
}

/** A protected route's handler always has an identity. */
export function requireIdentity(request: HttpRequest<unknown>): Identity {
  if (!request.identity) throw problems.unauthenticated('A bearer token is required.');
  return request.identity;
}

/**
 * Whether the caller's declared scope on the route reaches one target (a case, an item): `own` needs the caller to
 * own it, `department` needs it to belong to the caller's department, `all` reaches everything.
 */
export function inScope(
  request: HttpRequest<unknown>,
  target: { readonly departmentId: string; readonly ownerSub?: string | undefined },
): boolean {
  const identity = requireIdentity(request);
  switch (request.scope) {
    case 'all':
      return true;
    case 'own':
      return target.ownerSub !== undefined && target.ownerSub === identity.sub;
    case 'department':
      return identity.department === target.departmentId;
    default:
      return false;
  }
}

type Middy = MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context>;

const MAX_BODY_BYTES = 256 * 1024;

/**
 * Wraps a route handler: finds its route in the route table (by API Gateway's `routeKey`), enforces the route's
 * access policy, validates path, query and JSON body with the route's schemas, applies `Idempotency-Key` on POSTs,
 * and turns every error into `application/problem+json` (never a bare 500).
 */
export function httpHandler<N extends FunctionName>(
  name: N,
  handle: (request: HttpRequest<RouteFor<N>>) => Promise<HttpResult>,
) {
  const served: readonly RouteSpec[] = routes.filter((r) => r.function === name);
  if (served.length === 0) throw new Error(`no route in functions/http/routes.ts serves ${name}`);

  const base = async (event: HttpEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = served.find((r) => `${r.method} ${r.path}` === event.routeKey);
    if (!route) throw problems.notFound(`No route ${event.routeKey} here.`);
    const { identity, scope } = await authorize(route, event);
    const rawBody = readJsonBody(route, event);
    if (identity) assertMaySet(route, identity.role, rawBody);
    const errors: FieldError[] = [];
    const path = validate(route.request?.path, event.pathParameters ?? {}, 'path', errors);
    const query = validate(route.request?.query, event.queryStringParameters ?? {}, 'query', errors);
    const body = route.request?.body ? validate(route.request.body, rawBody, 'body', errors) : undefined;
    if (errors.length) throw problems.invalid(errors);
    const request = { event, route, identity, scope, path, query, body } as Omit<HttpRequest, 'idempotencyKey'>;
    const run = async (idempotencyKey: string | undefined) => {
      const result = await handle({ ...request, idempotencyKey } as HttpRequest<RouteFor<N>>);
      return toResponse(result);
    };
    if (route.method !== 'POST') return run(undefined);
    // The fingerprint covers what the request means (the validated body), not whatever else it carried.
    return idempotency(event, identity, body, run);
  };

  return middy<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context>(base)
    .use(observed())
    .use(problemResponses());
}

function toResponse(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  if (result.raw) {
    return {
      statusCode: result.status,
      headers: { 'content-type': result.raw.contentType, 'cache-control': 'no-store', ...result.headers },
      body: result.raw.text,
    };
  }
  return {
    statusCode: result.status,
    headers: {
      ...(result.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'cache-control': 'no-store',
      ...result.headers,
    },
    body: result.body === undefined ? '' : JSON.stringify(result.body),
  };
}

function validate(
  schema: z.ZodType | undefined,
  value: unknown,
  where: 'path' | 'query' | 'body',
  errors: FieldError[],
) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors.push(...fieldErrors(result.error, where));
  return undefined;
}

async function authorize(
  route: RouteSpec,
  event: HttpEvent,
): Promise<{ identity: Identity | undefined; scope: Scope | undefined }> {
  const token = await authenticate(headerOf(event, 'authorization'));
  const claims = token.kind === 'valid' ? token.claims : undefined;
  const identity = identityFromClaims(claims as Parameters<typeof identityFromClaims>[0]);
  // Public: a token is optional, and one that fails is ignored (the answer is the same for everyone).
  if ('public' in route.access) return { identity, scope: undefined };
  if (token.kind === 'none') {
    throw problems.unauthenticated('No token: send Authorization: Bearer <token>.', 'missing');
  }
  if (token.kind === 'invalid') throw problems.unauthenticated(token.reason, 'invalid');
  if (!identity) throw problems.unauthenticated('The token names no known role or no subject (sub).', 'no-role');
  const scope = route.access.roles[identity.role];
  if (!scope) throw problems.forbidden(`Role ${identity.role} may not call ${route.method} ${route.path}.`);
  if (needsDepartment(identity.role) && !identity.department) {
    throw problems.forbidden(`A ${identity.role} token must name a department.`);
  }
  return { identity, scope };
}

/** Who may set what: a privileged field sent by a role not declared for it is refused, whatever its value. */
function assertMaySet(route: RouteSpec, role: Identity['role'], body: unknown): void {
  const refused = fieldsForbiddenTo(route, role).flatMap((p) =>
    fieldsSetIn(body, p.field).map((field) => ({ field, reason: `${p.because}; ${role}s may not set it` })),
  );
  if (refused.length) {
    throw problems.forbidden(
      `Role ${role} may not set ${refused.map((r) => r.field).join(', ')} on ${route.method} ${route.path}.`,
      refused,
    );
  }
}

function readJsonBody(route: RouteSpec, event: HttpEvent): unknown {
  // Only routes that declare a body read one (a POST that is a pure action, like /accept, takes none).
  if (!route.request?.body) return undefined;
  // A POST whose fields are all optional may come with no body at all (and then no content type): it means `{}`.
  if (!event.body && route.request.body.safeParse({}).success) return {};
  const contentType = headerOf(event, 'content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType)) {
    throw problems.unsupportedMediaType('Send the body as application/json.');
  }
  // JSON is UTF-8 (RFC 8259): another declared charset, or bytes that do not decode, would be stored garbled.
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) throw problems.unsupportedMediaType('Send JSON in UTF-8 (charset=utf-8).');
  let raw = event.body ?? '';
  if (event.body && event.isBase64Encoded) {
    try {
      raw = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(event.body, 'base64'));
    } catch {
      throw problems.invalid([{ field: 'body', reason: 'The body is not valid UTF-8.' }]);
    }
  }
  if (raw.length === 0) throw problems.invalid([{ field: 'body', reason: 'A JSON body is required.' }]);
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    throw problems.invalid([{ field: 'body', reason: `The body exceeds ${MAX_BODY_BYTES} bytes.` }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch {
    throw problems.invalid([{ field: 'body', reason: 'The body is not valid JSON.' }]);
  }
  const unsafe = unsafeTextIn(parsed);
  if (unsafe.length) throw problems.invalid(unsafe, 'Some text holds characters that would not display as stored.');
  return parsed;
}

export function headerOf(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function problemResponses(): Middy {
  return {
    onError: async (request) => {
      const error = request.error;
      const problem =
        error instanceof HttpProblem
          ? error
          : new HttpProblem(
              500,
              'internal',
              '系统错误 Internal error',
              `Something failed on our side. Quote ${request.context?.awsRequestId ?? 'the time'} when reporting it.`,
            );
      if (!(error instanceof HttpProblem)) {
        logger.error('unhandled error in route handler', { routeKey: request.event?.routeKey, error: error as Error });
      }
      request.response = {
        statusCode: problem.status,
        headers: {
          'content-type': 'application/problem+json; charset=utf-8',
          'cache-control': 'no-store',
          // RFC 6750: a 401 names the scheme it wants.
          ...(problem.status === 401 ? { 'www-authenticate': 'Bearer realm="xiaoneng"' } : {}),
        },
        body: JSON.stringify(problem.toBody(request.event?.rawPath)),
      };
    },
  };
}
