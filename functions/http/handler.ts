import middy from '@middy/core';
import { observed } from '../common/observability.ts';
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
import type { RouteSpec } from './route-spec.ts';

export {
  type HttpEvent,
  type HttpRequest,
  type HttpResult,
  headerOf,
  inScope,
  requireIdentity,
} from './middleware/request.ts';

/**
 * Wraps a route handler in the HTTP middlewares, in the order a request meets them: match the request to its route
 * (404), enforce the route's access policy (401/403), read the JSON body (415/400), refuse privileged fields
 * the caller's role may not set (403), validate path, query and body with the route's schemas (400), and apply
 * `Idempotency-Key` on POSTs (replay/409/422). Any error becomes `application/problem+json`, never a bare 500.
 * Each middleware lives in functions/http/middleware/ with its own tests (test/http/).
 *
 * `route` is the handler's own route (functions/http/routes/<area>.ts), not the table: a Lambda bundle then carries,
 * and builds at cold start, that route's schemas only.
 */
export function httpHandler<const R extends RouteSpec>(
  route: R,
  handle: (request: HttpRequest<R>) => Promise<HttpResult>,
) {
  const base = async (event: HttpEvent, context: HttpContext): Promise<HttpResponse> => {
    const { route, identity, scope, path, query, body, idempotencyKey } = stateOf({ context });
    const request = { event, route, identity, scope, path, query, body, idempotencyKey };
    return toResponse(await handle(request as HttpRequest<R>));
  };

  // observed (the Lambda context on log lines, metrics flushed) wraps everything; then problemJson: middy runs onError
  // in reverse order, so it renders whatever the others leave.
  return middy<HttpEvent, HttpResponse, Error, HttpContext>(base)
    .use(observed())
    .use([
      problemJson(),
      routeLookup([route]),
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
