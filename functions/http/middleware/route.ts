import { problems } from '../../common/problem.ts';
import type { RouteSpec } from '../route-spec.ts';
import type { HttpMiddleware } from './request.ts';

/**
 * Finds the request's route among those the function serves, by API Gateway's `routeKey` (`POST /applications/{id}`),
 * and starts the request's state with it. Every other middleware reads the route from there.
 */
export function routeLookup(served: readonly RouteSpec[]): HttpMiddleware {
  return {
    before: (request) => {
      // A context object the runtime hands again must not carry the last request's state into this one.
      delete request.context.http;
      const route = served.find((r) => `${r.method} ${r.path}` === request.event.routeKey);
      if (!route)
        throw problems.notFound(`没有此路由 ${request.event.routeKey} No route ${request.event.routeKey} here.`);
      request.context.http = { route };
    },
  };
}
