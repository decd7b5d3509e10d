import middy from '@middy/core';
import { observed } from '../common/observability.ts';
import type { FunctionName } from '../manifest.ts';
import { authorization } from './middleware/authorization.ts';
import { idempotency } from './middleware/idempotency.ts';
import { jsonBody } from './middleware/json-body.ts';
import { privilegedFields } from './middleware/privileged-fields.ts';
import { problemJson } from './middleware/problem-json.ts';
import {
  type HttpContext,
  type HttpEvent,
  type HttpRequest,
  type HttpResponse,
  type HttpResult,
  stateOf,
} from './middleware/request.ts';
import { routeLookup } from './middleware/route.ts';
import { validation } from './middleware/validation.ts';
import { type Route, type RouteSpec, routes } from './routes.ts';

export {
  type HttpEvent,
  type HttpRequest,
  type HttpResult,
  headerOf,
  inScope,
  requireIdentity,
} from './middleware/request.ts';

type RouteFor<N extends FunctionName> = Extract<Route, { function: N }>;

/**
 * Wraps a route handler in the HTTP middlewares, in the order a request meets them: find its route in the route
 * table (404), enforce the route's access policy (401/403), read the JSON body (415/400), refuse privileged fields
 * the caller's role may not set (403), validate path, query and body with the route's schemas (400), and apply
 * `Idempotency-Key` on POSTs (replay/409/422). Any error becomes `application/problem+json`, never a bare 500.
 * Each middleware lives in functions/http/middleware/ with its own tests (test/http/).
 */
export function httpHandler<N extends FunctionName>(
  name: N,
  handle: (request: HttpRequest<RouteFor<N>>) => Promise<HttpResult>,
) {
  const served: readonly RouteSpec[] = routes.filter((r) => r.function === name);
  if (served.length === 0) throw new Error(`no route in functions/http/routes.ts serves ${name}`);

  const base = async (event: HttpEvent, context: HttpContext): Promise<HttpResponse> => {
    const { route, identity, scope, path, query, body, idempotencyKey } = stateOf({ context });
    const request = { event, route, identity, scope, path, query, body, idempotencyKey };
    return toResponse(await handle(request as HttpRequest<RouteFor<N>>));
  };

  // observed (the Lambda context on log lines, metrics flushed) wraps everything; then problemJson: middy runs onError
  // in reverse order, so it renders whatever the others leave.
  return middy<HttpEvent, HttpResponse, Error, HttpContext>(base)
    .use(observed())
    .use([
      problemJson(),
      routeLookup(served),
      authorization(),
      jsonBody(),
      privilegedFields(),
      validation(),
      idempotency(),
    ]);
}

function toResponse(result: HttpResult): HttpResponse {
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
