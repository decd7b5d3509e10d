import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import { SignJWT } from 'jose';
import { configureTokenVerification } from '../../functions/common/auth.ts';
import type { Role } from '../../functions/common/roles.ts';
import { problemJson } from '../../functions/http/middleware/problem-json.ts';
import type {
  HttpContext,
  HttpEvent,
  HttpMiddleware,
  HttpResponse,
  HttpState,
} from '../../functions/http/middleware/request.ts';
import { routeLookup } from '../../functions/http/middleware/route.ts';
import { type RouteSpec, routes } from '../../functions/http/routes.ts';
import { lambdaContext } from '../../local/lambda.ts';

const ISSUER = 'https://issuer.test/xiaoneng';
const AUDIENCE = 'xiaoneng-test';
const SECRET = new TextEncoder().encode('a test secret of at least thirty-two bytes');

/** Tokens of these tests are verified exactly as in AWS, against a shared test key (HS256, as locally). */
export function useTestTokens(): void {
  configureTokenVerification({ issuer: ISSUER, audience: [AUDIENCE], key: SECRET });
}

export async function token(
  claims: { role?: Role | string; sub?: string; department?: string },
  options: { expiresIn?: string; audience?: string; secret?: Uint8Array } = {},
): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(options.secret ?? SECRET);
}

/** The route of the table (functions/http/routes.ts) by its method and path. */
export function route(method: RouteSpec['method'], path: string): RouteSpec {
  const found = routes.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`no route ${method} ${path}`);
  return found;
}

/** A case id of the shape CaseIdPath accepts. */
export const CASE_ID = 'XN20261203-01KBJ5Z0000000000000000000';

export interface RequestShape {
  /** Values of the route's `{name}` segments. */
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON text; a string as is. */
  readonly body?: unknown;
  readonly base64?: boolean;
  readonly bearer?: string;
  /** Another route key than the route's own (a request routed to the wrong function). */
  readonly routeKey?: string;
}

/** An API Gateway HTTP API event, payload format 2.0, as API Gateway sends it for `route`. */
export function httpEvent(spec: RouteSpec, shape: RequestShape = {}): HttpEvent {
  const params = shape.params ?? {};
  const rawPath = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const headers: Record<string, string> = {
    host: 'api.test',
    'user-agent': 'vitest',
    ...(shape.bearer ? { authorization: `Bearer ${shape.bearer}` } : {}),
    ...(shape.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...shape.headers,
  };
  const text = shape.body === undefined || typeof shape.body === 'string' ? shape.body : JSON.stringify(shape.body);
  const body = text !== undefined && shape.base64 ? Buffer.from(text).toString('base64') : text;
  const query = shape.query ?? {};
  const now = Date.now();
  const routeKey = shape.routeKey ?? `${spec.method} ${spec.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method: spec.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: shape.base64 ?? false,
  } as unknown as HttpEvent;
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
  /** What the middlewares left for the handler (when it ran). */
  readonly state?: HttpState;
}

/**
 * A function of `served` routes with the route middleware, problem+json, and the middlewares under test, whose handler
 * answers 200 with nothing and records the state it was given. `handle` replaces that handler.
 */
export function harness(
  served: readonly RouteSpec[],
  middlewares: readonly HttpMiddleware[],
  handle?: (state: HttpState) => Promise<HttpResponse>,
) {
  let seen: HttpState | undefined;
  const lambda = middy<HttpEvent, HttpResponse, Error, HttpContext>(async (_event: HttpEvent, context: HttpContext) => {
    seen = context.http;
    return handle ? handle(context.http as HttpState) : { statusCode: 200, body: '' };
  }).use([problemJson(), routeLookup(served), ...middlewares]);
  return async (event: HttpEvent, context = lambdaContext('test') as unknown as HttpContext): Promise<Answer> => {
    seen = undefined;
    const response = await lambda(event, context);
    const text = typeof response.body === 'string' ? response.body : '';
    return {
      status: response.statusCode ?? 200,
      headers: (response.headers ?? {}) as Record<string, string>,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      ...(seen ? { state: seen } : {}),
    };
  };
}
