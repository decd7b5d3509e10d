import { type RouteSpec, staffOfDepartment } from '../route-spec.ts';
import { VisitBody, VisitIdPath, VisitListQuery, VisitProblemPath, VisitRectificationBody } from '../schemas/visits.ts';

// ---- Inspection visits (明察暗访, issue 16 item 3; docs/supervision.md) ----
export const visitsCreateRoute = {
  method: 'POST',
  path: '/v1/inspections/visits',
  function: 'visitsCreate',
  access: { roles: { supervisor: 'all' } },
  summary:
    'Record an open or unannounced visit with its findings and problems: each problem gets a rectification deadline in working days and its clock',
  request: { body: VisitBody },
  success: { status: 201, description: 'The visit, each problem with its rectifyBy', body: 'Visit' },
} as const satisfies RouteSpec;

export const visitsListRoute = {
  method: 'GET',
  path: '/v1/inspections/visits',
  function: 'visitsList',
  // A department's staff read their department's visits (an unannounced one once recorded: it exists only then).
  access: { roles: { supervisor: 'all', ...staffOfDepartment } },
  summary: "Inspection visits, newest first: supervisors a year's or a department's; staff their department's",
  request: { query: VisitListQuery },
  success: { status: 200, description: '{year, visits: [...]}', body: 'Visits' },
} as const satisfies RouteSpec;

export const visitsGetRoute = {
  method: 'GET',
  path: '/v1/inspections/visits/{id}',
  function: 'visitsGet',
  access: { roles: { supervisor: 'all', ...staffOfDepartment } },
  summary: 'One inspection visit with its problems (lights, countdowns) and its hash-chained timeline, verified',
  request: { path: VisitIdPath },
  success: { status: 200, description: 'The visit', body: 'Visit' },
} as const satisfies RouteSpec;

export const visitsRectificationRoute = {
  method: 'POST',
  path: '/v1/inspections/visits/{id}/problems/{pid}/rectification',
  function: 'visitsRectification',
  access: { roles: { head: 'department' } },
  summary: "The department's head reports a problem's rectification (in time, or late); its clock ends",
  request: { path: VisitProblemPath, body: VisitRectificationBody },
  success: { status: 200, description: 'The visit with the problem reported', body: 'Visit' },
} as const satisfies RouteSpec;

/**
 * The visits area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const visitsRoutes = [
  visitsCreateRoute,
  visitsListRoute,
  visitsGetRoute,
  visitsRectificationRoute,
] as const satisfies readonly RouteSpec[];
