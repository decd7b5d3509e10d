import { type RouteSpec, staffOfDepartment } from '../route-spec.ts';
import { AppraisalRatingBody, OfficialActivityBody, OfficialActivityQuery } from '../schemas/appraisal.ts';
import { YearPath } from '../schemas/shared.ts';

// ---- Official activities and the year-end appraisal (issue 16 items 5–6, docs/supervision.md) ----
export const officialActivitiesCreateRoute = {
  method: 'POST',
  path: '/v1/official-activities',
  function: 'officialActivitiesCreate',
  access: { roles: staffOfDepartment },
  summary:
    'Register an official activity with an enterprise (公务活动登记): who (the caller), when, why, with whom; never changed afterwards (a correction is a new entry naming the one it corrects)',
  request: { body: OfficialActivityBody },
  success: { status: 201, description: 'The activity as registered', body: 'OfficialActivity' },
  // `corrects` naming no entry of the caller's department.
  refusals: [422],
} as const satisfies RouteSpec;

export const officialActivitiesListRoute = {
  method: 'GET',
  path: '/v1/official-activities',
  function: 'officialActivitiesList',
  access: { roles: { supervisor: 'all', ...staffOfDepartment } },
  summary:
    "Official activities newest first: supervisors every one, per enterprise (credit code or name), per officer or per department; a department's staff their department's",
  request: { query: OfficialActivityQuery },
  success: { status: 200, description: '{activities: [...], next: string|null}', body: 'OfficialActivityList' },
} as const satisfies RouteSpec;

export const appraisalsCriteriaRoute = {
  method: 'GET',
  path: '/v1/appraisals/{year}/criteria',
  function: 'appraisalsCriteria',
  access: { public: true },
  summary: "The year's published appraisal criteria (评议标准): descriptions, weights, the scale, grades and window",
  request: { path: YearPath },
  success: { status: 200, description: 'The criteria', body: 'AppraisalCriteria' },
} as const satisfies RouteSpec;

export const appraisalsGetRoute = {
  method: 'GET',
  path: '/v1/appraisals/{year}',
  function: 'appraisalsGet',
  access: { public: true },
  summary:
    "The year's appraisal per department (公开评议): ratings, averages per criterion, weighted total, rank and grade, for the department and its leader; aggregates only, from the minimum number of ratings",
  request: { path: YearPath },
  success: { status: 200, description: 'The summary', body: 'AppraisalSummary' },
} as const satisfies RouteSpec;

export const appraisalsRateRoute = {
  method: 'POST',
  path: '/v1/appraisals/{year}/ratings',
  function: 'appraisalsRate',
  access: { roles: { representative: 'own' } },
  summary:
    'A representative rates a department and its leader on the published criteria, once per department per year, while the appraisal is open (outside its window, or a second time → 409)',
  request: { path: YearPath, body: AppraisalRatingBody },
  success: { status: 201, description: 'The rating as recorded', body: 'AppraisalRating' },
  // A department not in the directory.
  refusals: [422],
} as const satisfies RouteSpec;

export const appraisalsMineRoute = {
  method: 'GET',
  path: '/v1/appraisals/{year}/ratings/mine',
  function: 'appraisalsMine',
  access: { roles: { representative: 'own' } },
  summary: "The caller's own ratings of the year (which departments they have rated)",
  request: { path: YearPath },
  success: { status: 200, description: '{year, ratings: [...]}', body: 'AppraisalMyRatings' },
} as const satisfies RouteSpec;

/**
 * The appraisal area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const appraisalRoutes = [
  officialActivitiesCreateRoute,
  officialActivitiesListRoute,
  appraisalsCriteriaRoute,
  appraisalsGetRoute,
  appraisalsRateRoute,
  appraisalsMineRoute,
] as const satisfies readonly RouteSpec[];
