import { type RouteSpec, staffOfDepartment } from '../route-spec.ts';
import {
  ContactBody,
  FollowUpBody,
  RatingAppealBody,
  RatingAppealDecisionBody,
  RatingBody,
  RatingIdPath,
  RatingListQuery,
  RatingSummaryQuery,
  RectificationBody,
} from '../schemas/ratings.ts';
import { CaseIdPath } from '../schemas/shared.ts';

// ---- Satisfaction reviews (好差评, docs/rules.md §7) ----
export const ratingsCreateRoute = {
  method: 'POST',
  path: '/v1/applications/{id}/rating',
  function: 'ratingsCreate',
  access: { roles: { applicant: 'own' } },
  summary: 'The applicant rates a closed case once (5 levels); a bad review (1–2) starts its rectification',
  request: { path: CaseIdPath, body: RatingBody },
  success: { status: 201, description: 'The rating; a bad one with contactBy and rectifyBy', body: 'RatingCreated' },
} as const satisfies RouteSpec;

export const ratingsSummaryRoute = {
  method: 'GET',
  path: '/v1/ratings/summary',
  function: 'ratingsSummary',
  access: { public: true },
  summary: "A month's ratings per department and item: levels, satisfaction rate, bad reviews, rectified on time",
  request: { query: RatingSummaryQuery },
  success: { status: 200, description: '{period, definition, rows}', body: 'RatingSummary' },
} as const satisfies RouteSpec;

export const ratingsListRoute = {
  method: 'GET',
  path: '/v1/ratings',
  function: 'ratingsList',
  // Supervision: every bad review; a department's staff: their department's bad reviews; an applicant: their own.
  access: { roles: { applicant: 'own', supervisor: 'all', ...staffOfDepartment } },
  summary:
    'Ratings newest first (bad reviews for staff and supervision), with the rectification stage owed and its light',
  request: { query: RatingListQuery },
  success: { status: 200, description: '{ratings: [...], next: string|null}', body: 'RatingList' },
} as const satisfies RouteSpec;

export const ratingsGetRoute = {
  method: 'GET',
  path: '/v1/ratings/{id}',
  function: 'ratingsGet',
  access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all' } },
  summary: 'A rating with its rectification and its verified timeline',
  request: { path: RatingIdPath },
  success: { status: 200, description: 'The rating', body: 'Rating' },
} as const satisfies RouteSpec;

export const ratingsContactRoute = {
  method: 'POST',
  path: '/v1/ratings/{id}/contact',
  function: 'ratingsContact',
  access: { roles: staffOfDepartment },
  summary: 'The department contacted the applicant about a bad review (within 1 working day)',
  request: { path: RatingIdPath, body: ContactBody },
  success: { status: 200, description: 'The rating, contacted', body: 'Rating' },
} as const satisfies RouteSpec;

export const ratingsRectificationRoute = {
  method: 'POST',
  path: '/v1/ratings/{id}/rectification',
  function: 'ratingsRectification',
  access: { roles: staffOfDepartment },
  summary: 'The department reports its rectification of a bad review (within 15 working days)',
  request: { path: RatingIdPath, body: RectificationBody },
  success: { status: 200, description: 'The rating, rectified', body: 'Rating' },
} as const satisfies RouteSpec;

export const ratingsFollowUpRoute = {
  method: 'POST',
  path: '/v1/ratings/{id}/follow-up',
  function: 'ratingsFollowUp',
  access: { roles: { applicant: 'own' } },
  summary: "The applicant's one follow-up rating after the rectification",
  request: { path: RatingIdPath, body: FollowUpBody },
  success: { status: 200, description: 'The rating, closed', body: 'Rating' },
} as const satisfies RouteSpec;

export const ratingsAppealRoute = {
  method: 'POST',
  path: '/v1/ratings/{id}/appeal',
  function: 'ratingsAppeal',
  access: { roles: { head: 'department' } },
  summary: 'The head appeals a bad review as mistaken or malicious, once',
  request: { path: RatingIdPath, body: RatingAppealBody },
  success: { status: 200, description: 'The rating, appealed', body: 'Rating' },
} as const satisfies RouteSpec;

export const ratingsAppealDecideRoute = {
  method: 'POST',
  path: '/v1/ratings/{id}/appeal/decide',
  function: 'ratingsAppealDecide',
  access: { roles: { supervisor: 'all' } },
  summary: 'Supervision decides the appeal: upheld → excluded from the statistics, with the reason',
  request: { path: RatingIdPath, body: RatingAppealDecisionBody },
  success: { status: 200, description: 'The rating with the decision', body: 'Rating' },
} as const satisfies RouteSpec;

export const ratingsVerifyRoute = {
  method: 'GET',
  path: '/v1/ratings/{id}/verify',
  function: 'ratingsVerify',
  access: { roles: { supervisor: 'all' } },
  summary: "Re-compute a rating's hash-chained timeline from its first event to its stored head",
  request: { path: RatingIdPath },
  success: { status: 200, description: 'The verdict', body: 'RatingVerification' },
} as const satisfies RouteSpec;

/**
 * The ratings area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const ratingsRoutes = [
  ratingsCreateRoute,
  ratingsSummaryRoute,
  ratingsListRoute,
  ratingsGetRoute,
  ratingsContactRoute,
  ratingsRectificationRoute,
  ratingsFollowUpRoute,
  ratingsAppealRoute,
  ratingsAppealDecideRoute,
  ratingsVerifyRoute,
] as const satisfies readonly RouteSpec[];
