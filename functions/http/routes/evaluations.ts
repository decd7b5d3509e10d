import type { RouteSpec } from '../route-spec.ts';
import { PeriodPath, YearPeriodPath } from '../schemas/evaluations.ts';

// Evaluations (效能评估). Every path names its parameter `{period}` — the awards' too, where it must be a year:
// API Gateway refuses sibling path variables of different names at one level (`{period}` beside `{year}`).
export const evaluationsGetRoute = {
  method: 'GET',
  path: '/v1/evaluations/{period}',
  function: 'evaluationsGet',
  // Published (政务公开): the centre's and departments' figures and the scorecard; officers' are not here.
  access: { public: true },
  summary:
    "A period's evaluation (YYYY-MM, YYYY-Qn, YYYY, YYYY-<campaign phase>, YYYY-MM-DD..YYYY-MM-DD): the centre, departments, items and the campaign scorecard (Accept: text/csv for a spreadsheet)",
  request: { path: PeriodPath },
  success: {
    status: 200,
    description: 'The latest snapshot of the period, with its revisions (404 until the period has been evaluated)',
    body: 'Evaluation',
    csv: 'one row per department (departmentId, name, then every metric), then a row for the whole centre',
  },
} as const satisfies RouteSpec;

export const evaluationsTargetsRoute = {
  method: 'GET',
  path: '/v1/evaluations/{period}/targets',
  function: 'evaluationsTargets',
  // The scorecard is published (政务公开), as the period's page that also carries it.
  access: { public: true },
  summary: 'The campaign scorecard of a period: the four targets (Accept: text/csv for a spreadsheet)',
  request: { path: PeriodPath },
  success: {
    status: 200,
    description: 'The targets of the latest snapshot, with which snapshot (404 until the period has been evaluated)',
    body: 'EvaluationTargets',
    csv: 'one row per target (key, name, unit, baseline, current, target, met, definition, note)',
  },
} as const satisfies RouteSpec;

export const evaluationsItemsRoute = {
  method: 'GET',
  path: '/v1/evaluations/{period}/items',
  function: 'evaluationsItems',
  // Published: the items' figures are on the period's public page too.
  access: { public: true },
  summary: "Each item's figures of a period (Accept: text/csv for a spreadsheet)",
  request: { path: PeriodPath },
  success: {
    status: 200,
    description:
      "The items' figures of the latest snapshot, with which snapshot (404 until the period has been evaluated)",
    body: 'EvaluationItems',
    csv: 'one row per item (itemCode, name, departmentId, then every metric)',
  },
} as const satisfies RouteSpec;

export const evaluationsOfficersRoute = {
  method: 'GET',
  path: '/v1/evaluations/{period}/officers',
  function: 'evaluationsOfficers',
  // A head sees the officers and windows of their own department; supervision sees everyone's.
  access: { roles: { supervisor: 'all', head: 'department' } },
  summary: "The officers' and windows' figures of a period (Accept: text/csv for a spreadsheet)",
  request: { path: PeriodPath },
  success: {
    status: 200,
    description: '{officers: [...], windows: [...]} of the latest snapshot (a head: their department only)',
    body: 'EvaluationOfficers',
    csv: 'one row per officer (officer, name, departmentId, then every metric)',
  },
} as const satisfies RouteSpec;

export const evaluationsRunRoute = {
  method: 'POST',
  path: '/v1/evaluations/{period}/run',
  function: 'evaluationsRun',
  access: { roles: { admin: 'all', supervisor: 'all' } },
  summary: 'Evaluate a period now: a new immutable snapshot (revision n+1; the earlier ones are kept)',
  request: { path: PeriodPath },
  success: {
    status: 200,
    description: 'The snapshot, as GET /v1/evaluations/{period} serves it',
    body: 'Evaluation',
  },
} as const satisfies RouteSpec;

export const evaluationsAwardsRoute = {
  method: 'GET',
  path: '/v1/evaluations/{period}/awards',
  function: 'evaluationsAwards',
  access: { roles: { supervisor: 'all', admin: 'all' } },
  summary:
    "The year's award candidates (文明处室 30, 最佳公务员 20, 服务标兵 20) from the year's evaluation, by the documented scoring",
  request: { path: YearPeriodPath },
  success: {
    status: 200,
    description: 'Each list ranked with scores, and every exclusion with its reason (404 until the year is evaluated)',
    body: 'Awards',
  },
  // The year re-evaluated while its figures were read (they would mix two revisions).
  refusals: [409],
} as const satisfies RouteSpec;

/**
 * The evaluations area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const evaluationsRoutes = [
  evaluationsGetRoute,
  evaluationsTargetsRoute,
  evaluationsItemsRoute,
  evaluationsOfficersRoute,
  evaluationsRunRoute,
  evaluationsAwardsRoute,
] as const satisfies readonly RouteSpec[];
