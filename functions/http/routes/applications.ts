import { defectsByClerk, type RouteSpec, staffOfDepartment } from '../route-spec.ts';
import {
  ApplicationBody,
  DecisionBody,
  ExtensionBody,
  MaterialsBody,
  MyApplicationsQuery,
  NoticeBody,
  NotificationsQuery,
  ReviewBody,
  SuspendBody,
  WithdrawBody,
} from '../schemas/applications.ts';
import { CaseIdPath } from '../schemas/shared.ts';

export const applicationsCreateRoute = {
  method: 'POST',
  path: '/v1/applications',
  function: 'applicationsCreate',
  // An applicant applies for themselves; a window clerk enters applications for their own department's items.
  access: { roles: { applicant: 'own', clerk: 'department' } },
  summary: 'Submit an application',
  request: { body: ApplicationBody },
  success: {
    status: 201,
    description:
      'ACCEPTED with the deadline (its clock has started), MATERIALS_REQUIRED with the one-time notice, or decided on the spot',
    body: 'CaseCreated',
  },
  outsideScope: {
    status: 200,
    description: 'REFERRED: the responsible department with its address, phone and hours (首问责任制)',
    body: 'Referral',
  },
  // The first-inquiry record and on-the-spot decisions are the window's: an applicant naming a window would
  // decide their own application (即办件) or file a referral "at" any department.
  privileged: [
    { field: 'receivedBy', roles: ['clerk'], because: "only a clerk receives at a window (their own department's)" },
    {
      field: 'onTheSpot',
      roles: ['clerk'],
      because: 'only a clerk at the window decides an immediate item on the spot',
    },
    { field: 'review', roles: ['clerk'], because: 'only a clerk takes papers in for review (收件)' },
    defectsByClerk,
  ],
} as const satisfies RouteSpec;

// The applicant pages (issue 13): an applicant's own applications.
export const applicationsListRoute = {
  method: 'GET',
  path: '/v1/applications',
  function: 'applicationsList',
  // Staff have the worklist; an applicant lists the cases they submitted themselves.
  access: { roles: { applicant: 'own' } },
  summary: "The caller's own applications, newest first, with their lights and deadlines",
  request: { query: MyApplicationsQuery },
  success: { status: 200, description: '{applications: [...], next: string|null}', body: 'MyApplications' },
} as const satisfies RouteSpec;

export const applicationsGetRoute = {
  method: 'GET',
  path: '/v1/applications/{id}',
  function: 'applicationsGet',
  access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all' } },
  summary: 'Read a case',
  request: { path: CaseIdPath },
  success: { status: 200, description: 'The case with its status, deadline and timeline', body: 'CaseWithLight' },
} as const satisfies RouteSpec;

export const applicationsAcceptRoute = {
  method: 'POST',
  path: '/v1/applications/{id}/accept',
  function: 'applicationsAccept',
  access: { roles: { clerk: 'department' } },
  summary: 'Accept an application received for review (the deadline runs from today)',
  request: { path: CaseIdPath },
  success: { status: 200, description: 'The accepted case with its deadline; its clock has started', body: 'Case' },
} as const satisfies RouteSpec;

export const applicationsNoticeRoute = {
  method: 'POST',
  path: '/v1/applications/{id}/notice',
  function: 'applicationsNotice',
  access: { roles: { clerk: 'department' } },
  summary: 'Answer an application received for review with one notice of every defective or missing material',
  request: { path: CaseIdPath, body: NoticeBody },
  success: { status: 200, description: 'The case, MATERIALS_REQUIRED, with the notice', body: 'CaseWithNotice' },
} as const satisfies RouteSpec;

export const applicationsMaterialsRoute = {
  method: 'POST',
  path: '/v1/applications/{id}/materials',
  function: 'applicationsMaterials',
  access: { roles: { applicant: 'own', clerk: 'department' } },
  summary: 'Resubmit materials after a one-time notice (accepted when complete; a second notice is an anomaly)',
  request: { path: CaseIdPath, body: MaterialsBody },
  success: { status: 200, description: 'The application with its new status', body: 'CaseAfterMaterials' },
  privileged: [defectsByClerk],
} as const satisfies RouteSpec;

export const applicationsReceiptRoute = {
  method: 'GET',
  path: '/v1/applications/{id}/receipt',
  function: 'applicationsReceipt',
  access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all' } },
  summary: 'The acceptance receipt or one-time notice to keep (JSON; Accept: text/html for a printable page)',
  request: { path: CaseIdPath },
  success: { status: 200, description: 'The document', body: 'Receipt', html: true },
} as const satisfies RouteSpec;

export const applicationsVerifyRoute = {
  method: 'GET',
  path: '/v1/applications/{id}/verify',
  function: 'applicationsVerify',
  access: { roles: { supervisor: 'all' } },
  summary: "Verify a case's hash-chained timeline",
  request: { path: CaseIdPath },
  success: { status: 200, description: '{valid, events, firstBrokenAt}', body: 'ChainVerdict' },
} as const satisfies RouteSpec;

export const applicationsDecideRoute = {
  method: 'POST',
  path: '/v1/applications/{id}/decision',
  function: 'applicationsDecide',
  access: { roles: { reviewer: 'department' } },
  summary: 'Record the decision on a case',
  request: { path: CaseIdPath, body: DecisionBody },
  success: { status: 200, description: 'The decided case', body: 'Case' },
} as const satisfies RouteSpec;

export const applicationsSuspendRoute = {
  method: 'POST',
  path: '/v1/applications/{id}/suspend',
  function: 'applicationsSuspend',
  access: { roles: { reviewer: 'department' } },
  summary: 'Pause the clock (Art.45 or 补正) with a reason and the expected working days told to the applicant',
  request: { path: CaseIdPath, body: SuspendBody },
  success: { status: 200, description: 'The SUSPENDED case', body: 'Case' },
} as const satisfies RouteSpec;

export const applicationsResumeRoute = {
  method: 'POST',
  path: '/v1/applications/{id}/resume',
  function: 'applicationsResume',
  access: { roles: { reviewer: 'department' } },
  summary: 'End the pause: the paused working days are added to the deadline and the clock re-plans',
  request: { path: CaseIdPath },
  success: { status: 200, description: 'The ACCEPTED case with its moved deadline', body: 'Case' },
} as const satisfies RouteSpec;

export const applicationsExtensionRoute = {
  method: 'POST',
  path: '/v1/applications/{id}/extension',
  function: 'applicationsExtension',
  access: { roles: { reviewer: 'department' } },
  summary: 'Request the one extension (Art.42) with the working days and the reason',
  request: { path: CaseIdPath, body: ExtensionBody },
  success: { status: 200, description: 'The case with its pending extension', body: 'Case' },
} as const satisfies RouteSpec;

export const applicationsExtensionApproveRoute = {
  method: 'POST',
  path: '/v1/applications/{id}/extension/approve',
  function: 'applicationsExtensionApprove',
  access: { roles: { head: 'department' } },
  summary: 'The department head approves the extension: the deadline moves and the applicant is told why',
  request: { path: CaseIdPath },
  success: { status: 200, description: 'The case with its new deadline', body: 'Case' },
} as const satisfies RouteSpec;

export const applicationsWithdrawRoute = {
  method: 'POST',
  path: '/v1/applications/{id}/withdraw',
  function: 'applicationsWithdraw',
  access: { roles: { applicant: 'own' } },
  summary: 'The applicant withdraws an application before a decision; its clock ends as Withdrawn',
  request: { path: CaseIdPath, body: WithdrawBody },
  success: { status: 200, description: 'The withdrawn case', body: 'Case' },
} as const satisfies RouteSpec;

export const applicationsReviewRoute = {
  method: 'POST',
  path: '/v1/applications/{id}/review',
  function: 'applicationsReview',
  access: { roles: { supervisor: 'all' } },
  summary: 'Post-hoc review of a deemed approval: confirm it, or revoke it as wrongful (Art.69) and escalate',
  request: { path: CaseIdPath, body: ReviewBody },
  success: { status: 200, description: 'The reviewed case (REVOKED when wrongful)', body: 'Case' },
} as const satisfies RouteSpec;

export const applicationsNotificationsRoute = {
  method: 'GET',
  path: '/v1/applications/{id}/notifications',
  function: 'applicationsNotifications',
  access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all' } },
  summary: 'What the case told whom: one notification per timeline event someone had to be told of',
  request: { path: CaseIdPath },
  success: { status: 200, description: '{notifications: [...]} in timeline order', body: 'CaseNotifications' },
} as const satisfies RouteSpec;

export const notificationsListRoute = {
  method: 'GET',
  path: '/v1/notifications',
  function: 'notificationsList',
  access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all' } },
  summary:
    "The caller's inbox, newest first: an applicant's own; a clerk's or reviewer's department (to the handler); a head's department (also to the head); supervision's",
  request: { query: NotificationsQuery },
  success: { status: 200, description: '{notifications: [...], next: string|null}', body: 'Inbox' },
} as const satisfies RouteSpec;

/**
 * The applications area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const applicationsRoutes = [
  applicationsCreateRoute,
  applicationsListRoute,
  applicationsGetRoute,
  applicationsAcceptRoute,
  applicationsNoticeRoute,
  applicationsMaterialsRoute,
  applicationsReceiptRoute,
  applicationsVerifyRoute,
  applicationsDecideRoute,
  applicationsSuspendRoute,
  applicationsResumeRoute,
  applicationsExtensionRoute,
  applicationsExtensionApproveRoute,
  applicationsWithdrawRoute,
  applicationsReviewRoute,
  applicationsNotificationsRoute,
  notificationsListRoute,
] as const satisfies readonly RouteSpec[];
