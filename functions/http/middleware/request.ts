import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Identity } from '../../common/identity.ts';
import { problems } from '../../common/problem.ts';
import type { RouteSpec, Scope } from '../route-spec.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

/**
 * What the middlewares learn about one request, in the order they run: the route, the caller, the body as sent,
 * the validated path, query and body, the Idempotency-Key. Kept on the Lambda context (as middy's own middlewares
 * hand values to the handler), under `http`; the route middleware starts it afresh for every request.
 */
export interface HttpState {
  readonly route: RouteSpec;
  identity?: Identity | undefined;
  scope?: Scope | undefined;
  /** The JSON body as sent (parsed, not validated): what the privileged-field check reads. */
  rawBody?: unknown;
  path?: unknown;
  query?: unknown;
  body?: unknown;
  idempotencyKey?: string | undefined;
}

export type HttpContext = Context & { http?: HttpState };
export type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResponse, Error, HttpContext>;
export type HttpMiddyRequest = Request<HttpEvent, HttpResponse, Error, HttpContext>;

/** The state the route middleware started; a middleware used without it is a wiring mistake (a 500, not a 4xx). */
export function stateOf(request: { readonly context: HttpContext }): HttpState {
  const state = request.context.http;
  if (!state) throw new Error('the route middleware (functions/http/middleware/route.ts) must run first');
  return state;
}

type Parsed<R, K extends 'path' | 'query' | 'body'> = R extends { request: { [P in K]: infer S } }
  ? S extends z.ZodMiniType
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
  if (!request.identity) throw problems.unauthenticated('须提供 Bearer 令牌 A bearer token is required.');
  return request.identity;
}

/**
 * Whether the caller's declared scope on the route reaches one target (a case, an item): `own` needs the caller to
 * own it, `department` needs it to belong to the caller's department, `all` reaches everything.
 */
export function inScope(
  request: HttpRequest<unknown>,
  target: {
    readonly departmentId: string;
    readonly ownerSub?: string | undefined;
    /** A project's dedicated officer (the `officer` scope). */
    readonly officer?: string | undefined;
  },
): boolean {
  const identity = requireIdentity(request);
  switch (request.scope) {
    case 'all':
      return true;
    case 'own':
      return target.ownerSub !== undefined && target.ownerSub === identity.sub;
    case 'department':
      return identity.department === target.departmentId;
    case 'officer':
      return target.officer !== undefined && target.officer === identity.sub;
    default:
      return false;
  }
}

/** A request header by name, whatever its case (API Gateway v2 lower-cases them; the local server may not). */
export function headerOf(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
