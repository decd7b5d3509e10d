import { type RouteSpec, routes } from '../functions/http/routes.ts';
import type { FunctionName } from '../functions/manifest.ts';

/**
 * The areas of the HTTP API. Each area's routes, and the functions behind them, live in a nested stack of their own
 * (lib/constructs/api-area-stack.ts): CloudFormation refuses a stack of more than 500 resources, and a route with its
 * function costs about eight (function, role, policy, log group, errors alarm, route, integration, permission).
 */
export const API_AREAS = ['applications', 'catalogue', 'supervision', 'other'] as const;
export type ApiArea = (typeof API_AREAS)[number];

/**
 * Area by the path's first segment after `/v1/`. A segment not listed here lands in `other`, so a new route needs no
 * edit anywhere but the route table. Keep a route's area stable: moving a deployed route to another area moves it
 * to another stack, which CloudFormation creates before it deletes the old one, and API Gateway refuses the second
 * route of the same key (docs/deploy.md, "How the app is split").
 */
export const AREA_OF_SEGMENT: Readonly<Record<string, ApiArea>> = {
  applications: 'applications',
  notifications: 'applications',
  catalog: 'catalogue',
  departments: 'catalogue',
  calendar: 'catalogue',
  evaluations: 'supervision',
  worklist: 'supervision',
  accountability: 'supervision',
};

/** The area of one route, from its path. */
export function areaOf(route: Pick<RouteSpec, 'path'>): ApiArea {
  const segment = /^\/v1\/([^/{}]+)/.exec(route.path)?.[1];
  return (segment !== undefined && Object.hasOwn(AREA_OF_SEGMENT, segment) && AREA_OF_SEGMENT[segment]) || 'other';
}

/**
 * The area of each function behind a route: the area of its first route in the table (the convention is one function
 * per route; a function shared with a route of another area is still reachable from there, across stacks).
 */
export function areaOfFunctions(table: readonly RouteSpec[] = routes): ReadonlyMap<FunctionName, ApiArea> {
  const byFunction = new Map<FunctionName, ApiArea>();
  for (const route of table) if (!byFunction.has(route.function)) byFunction.set(route.function, areaOf(route));
  return byFunction;
}
