import { type RouteSpec, staffOfDepartment } from '../route-spec.ts';
import {
  InspectionBody,
  InspectionIdPath,
  InspectionListQuery,
  InspectionNoteBody,
  InspectionRecordBody,
  InspectionRejectBody,
  InspectionVerifyQuery,
} from '../schemas/enforcement.ts';

// ---- Law-enforcement inspections (执法检查审批备案, issue 16 item 4, docs/enforcement.md) ----
export const enforcementCreateRoute = {
  method: 'POST',
  path: '/v1/enforcement/inspections',
  function: 'enforcementCreate',
  access: { roles: { reviewer: 'department', head: 'department' } },
  summary:
    "A department plans an inspection of an enterprise (purpose, legal basis, planned date, inspectors): PENDING_APPROVAL; over the enterprise's yearly limit it needs a cause and is flagged to supervision",
  request: { body: InspectionBody },
  success: { status: 201, description: 'The plan, PENDING_APPROVAL', body: 'InspectionDetail' },
} as const satisfies RouteSpec;

export const enforcementListRoute = {
  method: 'GET',
  path: '/v1/enforcement/inspections',
  function: 'enforcementList',
  access: { roles: { supervisor: 'all', ...staffOfDepartment } },
  summary:
    "A year's inspections, newest first (supervisors: every department's; staff: their department's), filtered by enterprise, department, status, over the limit",
  request: { query: InspectionListQuery },
  success: { status: 200, description: '{year, yearlyLimitPerEnterprise, inspections}', body: 'InspectionList' },
} as const satisfies RouteSpec;

export const enforcementGetRoute = {
  method: 'GET',
  path: '/v1/enforcement/inspections/{id}',
  function: 'enforcementGet',
  access: { roles: { supervisor: 'all', ...staffOfDepartment } },
  summary: 'One inspection with its hash-chained timeline, verified',
  request: { path: InspectionIdPath },
  success: { status: 200, description: 'The inspection', body: 'InspectionDetail' },
} as const satisfies RouteSpec;

export const enforcementApproveRoute = {
  method: 'POST',
  path: '/v1/enforcement/inspections/{id}/approve',
  function: 'enforcementApprove',
  access: { roles: { head: 'department' } },
  summary: "The planning department's head approves the plan: APPROVED, for supervision to file",
  request: { path: InspectionIdPath, body: InspectionNoteBody },
  success: { status: 200, description: 'The inspection, APPROVED', body: 'InspectionDetail' },
} as const satisfies RouteSpec;

export const enforcementRejectRoute = {
  method: 'POST',
  path: '/v1/enforcement/inspections/{id}/reject',
  function: 'enforcementReject',
  access: { roles: { head: 'department' } },
  summary: "The planning department's head rejects the plan with reasons: REJECTED (no longer counted)",
  request: { path: InspectionIdPath, body: InspectionRejectBody },
  success: { status: 200, description: 'The inspection, REJECTED', body: 'InspectionDetail' },
} as const satisfies RouteSpec;

export const enforcementFileRoute = {
  method: 'POST',
  path: '/v1/enforcement/inspections/{id}/file',
  function: 'enforcementFile',
  access: { roles: { supervisor: 'all' } },
  summary: 'Supervision files an approved plan (备案): FILED, with the verification code the enterprise checks',
  request: { path: InspectionIdPath, body: InspectionNoteBody },
  success: { status: 200, description: 'The inspection, FILED, with verificationCode', body: 'InspectionDetail' },
} as const satisfies RouteSpec;

export const enforcementRecordRoute = {
  method: 'POST',
  path: '/v1/enforcement/inspections/{id}/record',
  function: 'enforcementRecord',
  access: { roles: { reviewer: 'department', head: 'department' } },
  summary: 'Record a filed inspection as carried out, with its findings: DONE (anything not FILED: 409)',
  request: { path: InspectionIdPath, body: InspectionRecordBody },
  success: { status: 200, description: 'The inspection, DONE', body: 'InspectionDetail' },
} as const satisfies RouteSpec;

export const enforcementVerifyRoute = {
  method: 'GET',
  path: '/v1/enforcement/verify',
  function: 'enforcementVerify',
  access: { public: true },
  summary:
    'The enterprise checks an inspector’s verification code (anyone): valid with department, purpose, date and inspectors; unknown: {valid: false}',
  request: { query: InspectionVerifyQuery },
  success: {
    status: 200,
    description: '{valid, departmentId, purpose, plannedAt, …}',
    body: 'InspectionVerification',
  },
} as const satisfies RouteSpec;

/**
 * The enforcement area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const enforcementRoutes = [
  enforcementCreateRoute,
  enforcementListRoute,
  enforcementGetRoute,
  enforcementApproveRoute,
  enforcementRejectRoute,
  enforcementFileRoute,
  enforcementRecordRoute,
  enforcementVerifyRoute,
] as const satisfies readonly RouteSpec[];
