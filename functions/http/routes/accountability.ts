import type { RouteSpec } from '../route-spec.ts';
import {
  AccountabilityDecisionBody,
  AccountabilityFlagsQuery,
  AccountabilityIdPath,
  AccountabilityQuery,
  DismissBody,
  InvestigateBody,
  PublicAccountabilityQuery,
  PublishBody,
} from '../schemas/accountability.ts';

export const accountabilityListRoute = {
  method: 'GET',
  path: '/v1/accountability',
  function: 'accountabilityList',
  access: { roles: { supervisor: 'all' } },
  summary: 'Accountability records with their id and where their workflow stands (docs/supervision.md)',
  request: { query: AccountabilityQuery },
  success: { status: 200, description: '{years, records: [...]}', body: 'Accountability' },
} as const satisfies RouteSpec;

// ---- The accountability register's workflow (问责, issue 16, docs/supervision.md) ----
export const accountabilityFlagsRoute = {
  method: 'GET',
  path: '/v1/accountability/flags',
  function: 'accountabilityFlags',
  access: { roles: { supervisor: 'all' } },
  summary:
    'Departments and officers with the configured number of records in a quarter (dismissed not counted): for public handling',
  request: { query: AccountabilityFlagsQuery },
  success: { status: 200, description: '{quarter, from, to, threshold, flags}', body: 'AccountabilityFlags' },
} as const satisfies RouteSpec;

export const accountabilityGetRoute = {
  method: 'GET',
  path: '/v1/accountability/{id}',
  function: 'accountabilityGet',
  // A head reads their department's records (they are told of each decision against it).
  access: { roles: { supervisor: 'all', head: 'department' } },
  summary: 'One accountability record with its hash-chained timeline, verified',
  request: { path: AccountabilityIdPath },
  success: { status: 200, description: 'The record', body: 'AccountabilityDetail' },
} as const satisfies RouteSpec;

export const accountabilityInvestigateRoute = {
  method: 'POST',
  path: '/v1/accountability/{id}/investigate',
  function: 'accountabilityInvestigate',
  access: { roles: { supervisor: 'all' } },
  summary: 'Take an OPEN record into investigation: INVESTIGATING, its clock starts (configurable working days)',
  request: { path: AccountabilityIdPath, body: InvestigateBody },
  success: { status: 200, description: 'The record, under investigation', body: 'AccountabilityDetail' },
} as const satisfies RouteSpec;

export const accountabilityDecideRoute = {
  method: 'POST',
  path: '/v1/accountability/{id}/decide',
  function: 'accountabilityDecide',
  access: { roles: { supervisor: 'all' } },
  summary:
    'Decide a record under investigation: responsibility (HANDLER, LEADER, BOTH, NONE), a configured sanction, findings',
  request: { path: AccountabilityIdPath, body: AccountabilityDecisionBody },
  success: { status: 200, description: 'The record, DECIDED', body: 'AccountabilityDetail' },
} as const satisfies RouteSpec;

export const accountabilityPublishRoute = {
  method: 'POST',
  path: '/v1/accountability/{id}/publish',
  function: 'accountabilityPublish',
  access: { roles: { supervisor: 'all' } },
  summary: 'Disclose a DECIDED record to the public (anything else: 409)',
  request: { path: AccountabilityIdPath, body: PublishBody },
  success: { status: 200, description: 'The record, PUBLISHED', body: 'AccountabilityDetail' },
} as const satisfies RouteSpec;

export const accountabilityDismissRoute = {
  method: 'POST',
  path: '/v1/accountability/{id}/dismiss',
  function: 'accountabilityDismiss',
  access: { roles: { supervisor: 'all' } },
  summary: 'Dismiss a record not yet decided, with the reasons',
  request: { path: AccountabilityIdPath, body: DismissBody },
  success: { status: 200, description: 'The record, DISMISSED', body: 'AccountabilityDetail' },
} as const satisfies RouteSpec;

export const accountabilityPublicRoute = {
  method: 'GET',
  path: '/v1/public/accountability',
  function: 'accountabilityPublic',
  access: { public: true },
  summary:
    'The published outcomes of the accountability register (department, reason, responsibility, sanction, dates): no ID number or phone',
  request: { query: PublicAccountabilityQuery },
  success: { status: 200, description: '{years, publishNamesFrom, records: [...]}', body: 'PublicAccountability' },
} as const satisfies RouteSpec;

/**
 * The accountability area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const accountabilityRoutes = [
  accountabilityListRoute,
  accountabilityFlagsRoute,
  accountabilityGetRoute,
  accountabilityInvestigateRoute,
  accountabilityDecideRoute,
  accountabilityPublishRoute,
  accountabilityDismissRoute,
  accountabilityPublicRoute,
] as const satisfies readonly RouteSpec[];
