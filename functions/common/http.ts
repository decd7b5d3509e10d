import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { type RouteSpec, routes } from '../http/routes.ts';
import type { FunctionName } from '../manifest.ts';
import { type Identity, identityFromClaims, needsDepartment } from './identity.ts';
import { logger } from './logger.ts';
import { fieldErrors, HttpProblem, problems } from './problem.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** What a route handler sees: the route it serves, the caller, and the raw parts of the request. */
export interface HttpRequest {
  readonly event: HttpEvent;
  readonly route: RouteSpec;
  /** Present on protected routes (guaranteed) and on public ones when a valid token was sent. */
  readonly identity: Identity | undefined;
  /** Parsed JSON body (undefined when there is none). */
  readonly body: unknown;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly pathParameters: Readonly<Record<string, string | undefined>>;
}

export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A protected route's handler always has an identity. */
export function requireIdentity(request: HttpRequest): Identity {
  if (!request.identity) throw problems.unauthenticated('A bearer token is required.');
  return request.identity;
}

/** Parses a part of the request with a zod schema; failures become a 400 naming each field and the reason. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'path'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw problems.invalid(fieldErrors(result.error, where));
  return result.data;
}

type Middy = MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context>;

const MAX_BODY_BYTES = 256 * 1024;

/**
 * Wraps a route handler: finds its route in the route table (by API Gateway's `routeKey`), enforces the route's
 * access policy, parses JSON bodies, and turns every error into `application/problem+json` (never a bare 500).
 */
export function httpHandler(name: FunctionName, handle: (request: HttpRequest) => Promise<HttpResult>) {
  const served = routes.filter((r) => r.function === name);
  if (served.length === 0) throw new Error(`no route in functions/http/routes.ts serves ${name}`);

  const base = async (event: HttpEvent): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = served.find((r) => `${r.method} ${r.path}` === event.routeKey);
    if (!route) throw problems.notFound(`No route ${event.routeKey} here.`);
    const identity = authorize(route, event);
    const body = parseJsonBody(route, event);
    const result = await handle({
      event,
      route,
      identity,
      body,
      query: event.queryStringParameters ?? {},
      pathParameters: event.pathParameters ?? {},
    });
    return {
      statusCode: result.status,
      headers: {
        ...(result.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        'cache-control': 'no-store',
        ...result.headers,
      },
      body: result.body === undefined ? '' : JSON.stringify(result.body),
    };
  };

  return middy<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context>(base).use(problemResponses());
}

function authorize(route: RouteSpec, event: HttpEvent): Identity | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims as Parameters<typeof identityFromClaims>[0];
  const identity = identityFromClaims(claims);
  if ('public' in route.access) return identity;
  if (!identity) throw problems.unauthenticated('A valid bearer token with a role is required.');
  if (!route.access.roles.includes(identity.role)) {
    throw problems.forbidden(`Role ${identity.role} may not call ${route.method} ${route.path}.`);
  }
  if (needsDepartment(identity.role) && !identity.department) {
    throw problems.forbidden(`A ${identity.role} token must name a department.`);
  }
  return identity;
}

function parseJsonBody(route: RouteSpec, event: HttpEvent): unknown {
  if (route.method !== 'POST' && route.method !== 'PUT') return undefined;
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  const contentType = headerOf(event, 'content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType)) {
    throw problems.unsupportedMediaType('Send the body as application/json.');
  }
  if (raw.length === 0) throw problems.invalid([{ field: 'body', reason: 'A JSON body is required.' }]);
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    throw problems.invalid([{ field: 'body', reason: `The body exceeds ${MAX_BODY_BYTES} bytes.` }]);
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw problems.invalid([{ field: 'body', reason: 'The body is not valid JSON.' }]);
  }
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
        headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store' },
        body: JSON.stringify(problem.toBody(request.event?.rawPath)),
      };
    },
  };
}
