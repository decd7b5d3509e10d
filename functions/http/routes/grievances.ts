import { type RouteSpec, staffOfDepartment } from '../route-spec.ts';
import {
  GrievanceAcceptBody,
  GrievanceBody,
  GrievanceExtensionBody,
  GrievanceFindingsBody,
  GrievanceIdPath,
  GrievanceListQuery,
  GrievanceLookupQuery,
  GrievanceReferBody,
  GrievanceReviewDecisionBody,
  GrievanceReviewRequestBody,
} from '../schemas/grievances.ts';

// ---- Grievances (issue 14): complaints, reports, appeals, each stage on its own clock ----
export const grievancesCreateRoute = {
  method: 'POST',
  path: '/v1/grievances',
  function: 'grievancesCreate',
  // An applicant's token, or none for an anonymous REPORT (举报): the handler holds the kind to the token.
  access: { public: true },
  summary: 'File a complaint, report or appeal; an anonymous report gets a query code; the acceptance clock starts',
  request: { body: GrievanceBody },
  success: {
    status: 201,
    description: 'The grievance as received, with acceptBy (and queryCode)',
    body: 'Grievance',
  },
} as const satisfies RouteSpec;

export const grievancesListRoute = {
  method: 'GET',
  path: '/v1/grievances',
  function: 'grievancesList',
  // Supervision: every grievance; a department's staff: those assigned to it; an applicant: their own. No entry
  // says who filed it (informer protection), whoever reads the list.
  access: { roles: { applicant: 'own', supervisor: 'all', ...staffOfDepartment } },
  summary: 'Grievances newest first, with their stage, deadline and light (never who filed them)',
  request: { query: GrievanceListQuery },
  success: { status: 200, description: '{grievances: [...], next: string|null}', body: 'GrievanceList' },
} as const satisfies RouteSpec;

export const grievancesLookupRoute = {
  method: 'GET',
  path: '/v1/grievances/lookup',
  function: 'grievancesLookup',
  access: { public: true },
  summary: 'Follow a grievance by its query code (no account needed; never who filed it)',
  request: { query: GrievanceLookupQuery },
  success: { status: 200, description: 'The grievance, without who filed it', body: 'Grievance' },
  refusals: [404],
} as const satisfies RouteSpec;

export const grievancesGetRoute = {
  method: 'GET',
  path: '/v1/grievances/{id}',
  function: 'grievancesGet',
  access: { roles: { applicant: 'own', supervisor: 'all', ...staffOfDepartment } },
  summary: "A grievance: the assigned department's staff never see who filed it",
  request: { path: GrievanceIdPath },
  success: { status: 200, description: 'The grievance as the caller may see it', body: 'Grievance' },
} as const satisfies RouteSpec;

export const grievancesVerifyRoute = {
  method: 'GET',
  path: '/v1/grievances/{id}/verify',
  function: 'grievancesVerify',
  access: { roles: { supervisor: 'all' } },
  summary: "Re-compute a grievance's hash-chained timeline and the state bound to its head",
  request: { path: GrievanceIdPath },
  success: { status: 200, description: 'The verdict', body: 'GrievanceVerification' },
} as const satisfies RouteSpec;

export const grievancesAcceptRoute = {
  method: 'POST',
  path: '/v1/grievances/{id}/accept',
  function: 'grievancesAccept',
  access: { roles: { supervisor: 'all' } },
  summary: 'Accept and assign a grievance (交办): the handling clock starts',
  request: { path: GrievanceIdPath, body: GrievanceAcceptBody },
  success: { status: 200, description: 'ACCEPTED with handleBy', body: 'Grievance' },
} as const satisfies RouteSpec;

export const grievancesReferRoute = {
  method: 'POST',
  path: '/v1/grievances/{id}/refer',
  function: 'grievancesRefer',
  access: { roles: { supervisor: 'all' } },
  summary: 'Refer a grievance to the competent agency (转送)',
  request: { path: GrievanceIdPath, body: GrievanceReferBody },
  success: { status: 200, description: 'REFERRED', body: 'Grievance' },
} as const satisfies RouteSpec;

export const grievancesExtensionRoute = {
  method: 'POST',
  path: '/v1/grievances/{id}/extension',
  function: 'grievancesExtension',
  access: { roles: { head: 'department' } },
  summary: 'The head of the assigned department asks for the one extension of the handling period',
  request: { path: GrievanceIdPath, body: GrievanceExtensionBody },
  success: { status: 200, description: 'The grievance with its pending extension', body: 'Grievance' },
} as const satisfies RouteSpec;

export const grievancesExtensionApproveRoute = {
  method: 'POST',
  path: '/v1/grievances/{id}/extension/approve',
  function: 'grievancesExtensionApprove',
  access: { roles: { supervisor: 'all' } },
  summary: 'Supervision approves the extension: the handling deadline moves (once)',
  request: { path: GrievanceIdPath },
  success: { status: 200, description: 'The grievance with its new handleBy', body: 'Grievance' },
} as const satisfies RouteSpec;

export const grievancesFindingsRoute = {
  method: 'POST',
  path: '/v1/grievances/{id}/findings',
  function: 'grievancesFindings',
  access: { roles: { reviewer: 'department', head: 'department' } },
  summary: 'Written findings and the actions taken; substantiated → an accountability record (COMPLAINT)',
  request: { path: GrievanceIdPath, body: GrievanceFindingsBody },
  success: { status: 200, description: 'ANSWERED, with the review period', body: 'Grievance' },
} as const satisfies RouteSpec;

export const grievancesReviewRequestRoute = {
  method: 'POST',
  path: '/v1/grievances/{id}/review-request',
  function: 'grievancesReviewRequest',
  access: { roles: { applicant: 'own' } },
  summary:
    'The complainant asks for a review (复查) within 30 days of the answer, or a re-review (复核) within 30 days of the review’s answer',
  request: { path: GrievanceIdPath, body: GrievanceReviewRequestBody },
  // A third request → 409: the re-review's answer is final.
  success: { status: 200, description: 'UNDER_REVIEW with reviewRound and reviewBy', body: 'Grievance' },
} as const satisfies RouteSpec;

export const grievancesReviewDecisionRoute = {
  method: 'POST',
  path: '/v1/grievances/{id}/review-decision',
  function: 'grievancesReviewDecision',
  access: { roles: { supervisor: 'all' } },
  summary:
    'Supervision answers the review or the re-review: upheld or not, findings and actions; substantiated → an accountability record (COMPLAINT)',
  request: { path: GrievanceIdPath, body: GrievanceReviewDecisionBody },
  success: {
    status: 200,
    description:
      'After the review ANSWERED with a new reviewWindowBy (the re-review period); after the re-review CLOSED',
    body: 'Grievance',
  },
} as const satisfies RouteSpec;

/**
 * The grievances area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const grievancesRoutes = [
  grievancesCreateRoute,
  grievancesListRoute,
  grievancesLookupRoute,
  grievancesGetRoute,
  grievancesVerifyRoute,
  grievancesAcceptRoute,
  grievancesReferRoute,
  grievancesExtensionRoute,
  grievancesExtensionApproveRoute,
  grievancesFindingsRoute,
  grievancesReviewRequestRoute,
  grievancesReviewDecisionRoute,
] as const satisfies readonly RouteSpec[];
