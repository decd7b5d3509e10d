import type * as z from 'zod';
import type { Role } from '../common/roles.ts';
import type { FunctionName } from '../manifest.ts';
import * as R from './responses.ts';
import {
  AccountabilityDecisionBody,
  AccountabilityFlagsQuery,
  AccountabilityIdPath,
  AccountabilityQuery,
  ApplicationBody,
  AppraisalRatingBody,
  CalendarDeadlineQuery,
  CaseIdPath,
  CatalogQuery,
  ContactBody,
  DecisionBody,
  DepartmentCreateBody,
  DepartmentPath,
  DepartmentReviseBody,
  DismissBody,
  ExtensionBody,
  FollowUpBody,
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
  HigherApprovalBody,
  HigherApprovalPath,
  // Law-enforcement inspections (issue 16 item 4)
  InspectionBody,
  InspectionIdPath,
  InspectionListQuery,
  InspectionNoteBody,
  InspectionRecordBody,
  InspectionRejectBody,
  InspectionVerifyQuery,
  InvestigateBody,
  ItemCodePath,
  ItemCreateBody,
  ItemReviseBody,
  JointApprovalBody,
  JointExtensionBody,
  MaterialsBody,
  MaterialTemplatePath,
  MaterialTemplateQuery,
  MilestoneBody,
  MyApplicationsQuery,
  NoticeBody,
  NotificationsQuery,
  OfficerBody,
  // Official activities and the year-end appraisal (issue 16 items 5–6)
  OfficialActivityBody,
  OfficialActivityQuery,
  OpinionBody,
  PeriodPath,
  ProjectBody,
  ProjectFormBody,
  ProjectIdPath,
  ProjectListQuery,
  PublicAccountabilityQuery,
  PublishBody,
  RatingAppealBody,
  RatingAppealDecisionBody,
  RatingBody,
  RatingIdPath,
  RatingListQuery,
  RatingSummaryQuery,
  RectificationBody,
  RetireBody,
  ReviewBody,
  SuspendBody,
  TrackBody,
  // Inspection visits (明察暗访)
  VisitBody,
  VisitIdPath,
  VisitListQuery,
  VisitProblemPath,
  VisitRectificationBody,
  WithdrawBody,
  YearCalendarBody,
  YearPath,
  YearPeriodPath,
} from './schemas.ts';

/**
 * How far a role reaches on a route: `all` (anything the route serves), `own` (an applicant's own cases),
 * `department` (the cases and items of the department named in the caller's token), `officer` (the green-channel
 * projects whose dedicated officer is the caller: a staff token whose subject an administrator named, whatever its
 * department; docs/green-channel.md).
 */
export type Scope = 'all' | 'own' | 'department' | 'officer';

/** Who may call a route: anyone, or the listed roles, each with its scope. A role not listed gets 403. */
export type Access = { readonly public: true } | { readonly roles: Readonly<Partial<Record<Role, Scope>>> };

/**
 * A body field only some of the route's roles may send. Anyone else who sends it (whatever its value) gets 403
 * naming the field, before anything is read or written. The authorization matrix and the fuzz model derive their
 * expectations from these declarations: a new privileged field is declared here, not checked in a handler.
 */
export interface PrivilegedField {
  /** Dotted path in the JSON body; `[]` stands for every element of a list (`materials[].defect`). */
  readonly field: string;
  /** The roles (of those the route admits) that may set it. */
  readonly roles: readonly Role[];
  /** Why only they may, told to whoever is refused. */
  readonly because: string;
}

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: `{name}` for a path parameter. */
  readonly path: string;
  readonly function: FunctionName;
  readonly access: Access;
  readonly summary: string;
  /** Schemas every request must satisfy before the handler runs (and the OpenAPI document shows). */
  readonly request?: {
    readonly path?: z.ZodType;
    readonly query?: z.ZodType;
    readonly body?: z.ZodType;
  };
  /**
   * Success status, what it means, and the schema of its JSON body (functions/http/responses.ts), for the OpenAPI
   * document and the contract test. `html`: the same answer is also served as a printable page (`Accept: text/html`);
   * `csv`: as a spreadsheet (`Accept: text/csv`, functions/http/csv.ts), what its rows are.
   */
  readonly success: {
    readonly status: number;
    readonly description: string;
    readonly body: z.ZodType;
    readonly html?: true;
    readonly csv?: string;
  };
  /**
   * What a `department`-scoped caller gets for a target of another department, when it is an answer rather than a
   * refusal (first-inquiry responsibility: a window refers, it never just refuses). Absent: 403.
   */
  readonly outsideScope?: { readonly status: number; readonly description: string; readonly body: z.ZodType };
  /**
   * Refusals this route gives beyond those its shape implies (the OpenAPI document derives 400 from a request
   * schema, 401/403 from a role policy, 404 from a path parameter, 413/415 from a body, 409/422 from POST; a 404
   * of a route without a path parameter is declared).
   */
  readonly refusals?: readonly (404 | 409 | 422)[];
  /** Body fields only some of the route's roles may set (who may set what). */
  readonly privileged?: readonly PrivilegedField[];
}

const staffOfDepartment = { clerk: 'department', reviewer: 'department', head: 'department' } as const;

/** Only the receiving clerk judges a paper defective (一次性告知 lists what the clerk found); an applicant submits. */
const defectsByClerk: PrivilegedField = {
  field: 'materials[].defect',
  roles: ['clerk'],
  because: 'only the receiving clerk records a defect in a paper',
};

/** The one route table: CDK builds the HTTP API from it, the local runtime serves it, the middleware enforces it. */
export const routes = [
  {
    method: 'GET',
    path: '/v1/openapi.json',
    function: 'openapi',
    access: { public: true },
    summary: 'This API as an OpenAPI 3.1 document',
    success: { status: 200, description: 'The OpenAPI document', body: R.OpenApiDocument },
  },
  {
    method: 'GET',
    path: '/v1/calendar/deadline',
    function: 'calendarDeadline',
    access: { public: true },
    summary: 'Compute a working-day deadline',
    request: { query: CalendarDeadlineQuery },
    success: { status: 200, description: '{acceptedOn, deadlineDate, deadline, provisional}', body: R.Deadline },
  },
  {
    method: 'GET',
    path: '/v1/calendar/years/{year}',
    function: 'calendarYearGet',
    access: { public: true },
    summary: 'The working-day calendar of a year',
    request: { path: YearPath },
    success: {
      status: 200,
      description: 'Source, weekday holidays and adjusted workdays of the year',
      body: R.CalendarYear,
    },
  },
  {
    method: 'PUT',
    path: '/v1/calendar/years/{year}',
    function: 'calendarYearPut',
    access: { roles: { admin: 'all' } },
    summary: 'Load the holiday notice of a year',
    request: { path: YearPath, body: YearCalendarBody },
    success: { status: 200, description: 'The year as loaded', body: R.CalendarYearLoaded },
  },
  {
    method: 'GET',
    path: '/v1/catalog',
    function: 'catalogList',
    access: { public: true },
    summary: 'List or search the published approval items (Accept-Language: zh-CN or en)',
    request: { query: CatalogQuery },
    success: { status: 200, description: '{items: [...]} (paging opt-in: page, pageSize)', body: R.ItemList },
  },
  {
    method: 'GET',
    path: '/v1/catalog/disclosure',
    function: 'catalogDisclosure',
    access: { public: true },
    summary: 'Disclosure rate: complete guides / published items',
    success: { status: 200, description: '{published, complete, rate, incomplete}', body: R.Disclosure },
  },
  {
    method: 'GET',
    path: '/v1/catalog/{code}',
    function: 'catalogGet',
    access: { public: true },
    summary: "One item's full service guide (Accept-Language: zh-CN or en)",
    request: { path: ItemCodePath },
    success: {
      status: 200,
      description: 'The guide with its department, completeness and baseline',
      body: R.ItemGuide,
    },
  },
  {
    method: 'GET',
    path: '/v1/catalog/{code}/templates/{material}',
    function: 'catalogTemplate',
    access: { public: true },
    summary:
      "A material's blank form, or with sample=true the sample application (样表), to print: the guide's template links",
    request: { path: MaterialTemplatePath, query: MaterialTemplateQuery },
    success: {
      status: 200,
      description: 'The form: the item, the material and its requirements, the form fields as blanks (or examples)',
      body: R.MaterialTemplate,
      html: true,
    },
  },
  {
    method: 'POST',
    path: '/v1/catalog',
    function: 'catalogCreate',
    access: { roles: { admin: 'all' } },
    summary: 'Publish a new item',
    request: { body: ItemCreateBody },
    success: { status: 201, description: 'The item at revision 1', body: R.Item },
  },
  {
    method: 'PUT',
    path: '/v1/catalog/{code}',
    function: 'catalogRevise',
    access: { roles: { admin: 'all' } },
    summary: "Revise an item's guide (optimistic: name the revision you change)",
    request: { path: ItemCodePath, body: ItemReviseBody },
    success: { status: 200, description: 'The item at its new revision', body: R.Item },
    // A stale revision (409); a department that is not active (422).
    refusals: [409, 422],
  },
  {
    method: 'POST',
    path: '/v1/catalog/{code}/retire',
    function: 'catalogRetire',
    access: { roles: { admin: 'all' } },
    summary: 'Retire an item (its history and open cases stay)',
    request: { path: ItemCodePath, body: RetireBody },
    success: { status: 200, description: 'The retired item', body: R.Item },
  },
  {
    method: 'GET',
    path: '/v1/catalog/{code}/revisions',
    function: 'catalogRevisions',
    access: { roles: { admin: 'all', supervisor: 'all' } },
    summary: 'Every revision of an item, with who, when and why, and its campaign baseline',
    request: { path: ItemCodePath },
    success: { status: 200, description: '{revisions: [...], baseline}', body: R.ItemRevisions },
  },
  {
    method: 'GET',
    path: '/v1/departments',
    function: 'departmentsList',
    access: { public: true },
    summary: 'The department directory',
    success: { status: 200, description: '{departments: [...]}', body: R.DepartmentList },
  },
  {
    method: 'GET',
    path: '/v1/departments/{id}',
    function: 'departmentsGet',
    access: { public: true },
    summary: 'One department: address, phone, hours, windows and its items',
    request: { path: DepartmentPath },
    success: { status: 200, description: 'The department with its published items', body: R.DepartmentWithItems },
  },
  {
    method: 'POST',
    path: '/v1/departments',
    function: 'departmentsCreate',
    access: { roles: { admin: 'all' } },
    summary: 'Add a department',
    request: { body: DepartmentCreateBody },
    success: { status: 201, description: 'The department at revision 1', body: R.Department },
  },
  {
    method: 'PUT',
    path: '/v1/departments/{id}',
    function: 'departmentsRevise',
    access: { roles: { admin: 'all' } },
    summary: 'Revise a department (optimistic: name the revision you change)',
    request: { path: DepartmentPath, body: DepartmentReviseBody },
    success: { status: 200, description: 'The department at its new revision', body: R.Department },
    // A stale revision.
    refusals: [409],
  },
  {
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
      body: R.CaseCreated,
    },
    outsideScope: {
      status: 200,
      description: 'REFERRED: the responsible department with its address, phone and hours (首问责任制)',
      body: R.Referral,
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
  },
  // The applicant pages (issue 13): an applicant's own applications.
  {
    method: 'GET',
    path: '/v1/applications',
    function: 'applicationsList',
    // Staff have the worklist; an applicant lists the cases they submitted themselves.
    access: { roles: { applicant: 'own' } },
    summary: "The caller's own applications, newest first, with their lights and deadlines",
    request: { query: MyApplicationsQuery },
    success: { status: 200, description: '{applications: [...], next: string|null}', body: R.MyApplications },
  },
  {
    method: 'GET',
    path: '/v1/applications/{id}',
    function: 'applicationsGet',
    access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all' } },
    summary: 'Read a case',
    request: { path: CaseIdPath },
    success: { status: 200, description: 'The case with its status, deadline and timeline', body: R.CaseWithLight },
  },
  {
    method: 'POST',
    path: '/v1/applications/{id}/accept',
    function: 'applicationsAccept',
    access: { roles: { clerk: 'department' } },
    summary: 'Accept an application received for review (the deadline runs from today)',
    request: { path: CaseIdPath },
    success: { status: 200, description: 'The accepted case with its deadline; its clock has started', body: R.Case },
  },
  {
    method: 'POST',
    path: '/v1/applications/{id}/notice',
    function: 'applicationsNotice',
    access: { roles: { clerk: 'department' } },
    summary: 'Answer an application received for review with one notice of every defective or missing material',
    request: { path: CaseIdPath, body: NoticeBody },
    success: { status: 200, description: 'The case, MATERIALS_REQUIRED, with the notice', body: R.CaseWithNotice },
  },
  {
    method: 'POST',
    path: '/v1/applications/{id}/materials',
    function: 'applicationsMaterials',
    access: { roles: { applicant: 'own', clerk: 'department' } },
    summary: 'Resubmit materials after a one-time notice (accepted when complete; a second notice is an anomaly)',
    request: { path: CaseIdPath, body: MaterialsBody },
    success: { status: 200, description: 'The application with its new status', body: R.CaseAfterMaterials },
    privileged: [defectsByClerk],
  },
  {
    method: 'GET',
    path: '/v1/applications/{id}/receipt',
    function: 'applicationsReceipt',
    access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all' } },
    summary: 'The acceptance receipt or one-time notice to keep (JSON; Accept: text/html for a printable page)',
    request: { path: CaseIdPath },
    success: { status: 200, description: 'The document', body: R.Receipt, html: true },
  },
  {
    method: 'GET',
    path: '/v1/applications/{id}/verify',
    function: 'applicationsVerify',
    access: { roles: { supervisor: 'all' } },
    summary: "Verify a case's hash-chained timeline",
    request: { path: CaseIdPath },
    success: { status: 200, description: '{valid, events, firstBrokenAt}', body: R.ChainVerdict },
  },
  {
    method: 'POST',
    path: '/v1/applications/{id}/decision',
    function: 'applicationsDecide',
    access: { roles: { reviewer: 'department' } },
    summary: 'Record the decision on a case',
    request: { path: CaseIdPath, body: DecisionBody },
    success: { status: 200, description: 'The decided case', body: R.Case },
  },
  {
    method: 'POST',
    path: '/v1/applications/{id}/suspend',
    function: 'applicationsSuspend',
    access: { roles: { reviewer: 'department' } },
    summary: 'Pause the clock (Art.45 or 补正) with a reason and the expected working days told to the applicant',
    request: { path: CaseIdPath, body: SuspendBody },
    success: { status: 200, description: 'The SUSPENDED case', body: R.Case },
  },
  {
    method: 'POST',
    path: '/v1/applications/{id}/resume',
    function: 'applicationsResume',
    access: { roles: { reviewer: 'department' } },
    summary: 'End the pause: the paused working days are added to the deadline and the clock re-plans',
    request: { path: CaseIdPath },
    success: { status: 200, description: 'The ACCEPTED case with its moved deadline', body: R.Case },
  },
  {
    method: 'POST',
    path: '/v1/applications/{id}/extension',
    function: 'applicationsExtension',
    access: { roles: { reviewer: 'department' } },
    summary: 'Request the one extension (Art.42) with the working days and the reason',
    request: { path: CaseIdPath, body: ExtensionBody },
    success: { status: 200, description: 'The case with its pending extension', body: R.Case },
  },
  {
    method: 'POST',
    path: '/v1/applications/{id}/extension/approve',
    function: 'applicationsExtensionApprove',
    access: { roles: { head: 'department' } },
    summary: 'The department head approves the extension: the deadline moves and the applicant is told why',
    request: { path: CaseIdPath },
    success: { status: 200, description: 'The case with its new deadline', body: R.Case },
  },
  {
    method: 'POST',
    path: '/v1/applications/{id}/withdraw',
    function: 'applicationsWithdraw',
    access: { roles: { applicant: 'own' } },
    summary: 'The applicant withdraws an application before a decision; its clock ends as Withdrawn',
    request: { path: CaseIdPath, body: WithdrawBody },
    success: { status: 200, description: 'The withdrawn case', body: R.Case },
  },
  {
    method: 'POST',
    path: '/v1/applications/{id}/review',
    function: 'applicationsReview',
    access: { roles: { supervisor: 'all' } },
    summary: 'Post-hoc review of a deemed approval: confirm it, or revoke it as wrongful (Art.69) and escalate',
    request: { path: CaseIdPath, body: ReviewBody },
    success: { status: 200, description: 'The reviewed case (REVOKED when wrongful)', body: R.Case },
  },
  {
    method: 'GET',
    path: '/v1/applications/{id}/notifications',
    function: 'applicationsNotifications',
    access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all' } },
    summary: 'What the case told whom: one notification per timeline event someone had to be told of',
    request: { path: CaseIdPath },
    success: { status: 200, description: '{notifications: [...]} in timeline order', body: R.CaseNotifications },
  },
  {
    method: 'GET',
    path: '/v1/notifications',
    function: 'notificationsList',
    access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all' } },
    summary:
      "The caller's inbox, newest first: an applicant's own; a clerk's or reviewer's department (to the handler); a head's department (also to the head); supervision's",
    request: { query: NotificationsQuery },
    success: { status: 200, description: '{notifications: [...], next: string|null}', body: R.Inbox },
  },
  {
    method: 'GET',
    path: '/v1/worklist',
    function: 'worklist',
    access: { roles: staffOfDepartment },
    summary: "The department's open cases, most urgent first, with their lights and remaining working days",
    success: { status: 200, description: '{cases: [...]}', body: R.Worklist },
  },
  {
    method: 'GET',
    path: '/v1/accountability',
    function: 'accountabilityList',
    access: { roles: { supervisor: 'all' } },
    summary: 'Accountability records with their id and where their workflow stands (docs/supervision.md)',
    request: { query: AccountabilityQuery },
    success: { status: 200, description: '{years, records: [...]}', body: R.Accountability },
  },
  // ---- The accountability register's workflow (问责, issue 16, docs/supervision.md) ----
  {
    method: 'GET',
    path: '/v1/accountability/flags',
    function: 'accountabilityFlags',
    access: { roles: { supervisor: 'all' } },
    summary:
      'Departments and officers with the configured number of records in a quarter (dismissed not counted): for public handling',
    request: { query: AccountabilityFlagsQuery },
    success: { status: 200, description: '{quarter, from, to, threshold, flags}', body: R.AccountabilityFlags },
  },
  {
    method: 'GET',
    path: '/v1/accountability/{id}',
    function: 'accountabilityGet',
    // A head reads their department's records (they are told of each decision against it).
    access: { roles: { supervisor: 'all', head: 'department' } },
    summary: 'One accountability record with its hash-chained timeline, verified',
    request: { path: AccountabilityIdPath },
    success: { status: 200, description: 'The record', body: R.AccountabilityDetail },
  },
  {
    method: 'POST',
    path: '/v1/accountability/{id}/investigate',
    function: 'accountabilityInvestigate',
    access: { roles: { supervisor: 'all' } },
    summary: 'Take an OPEN record into investigation: INVESTIGATING, its clock starts (configurable working days)',
    request: { path: AccountabilityIdPath, body: InvestigateBody },
    success: { status: 200, description: 'The record, under investigation', body: R.AccountabilityDetail },
  },
  {
    method: 'POST',
    path: '/v1/accountability/{id}/decide',
    function: 'accountabilityDecide',
    access: { roles: { supervisor: 'all' } },
    summary:
      'Decide a record under investigation: responsibility (HANDLER, LEADER, BOTH, NONE), a configured sanction, findings',
    request: { path: AccountabilityIdPath, body: AccountabilityDecisionBody },
    success: { status: 200, description: 'The record, DECIDED', body: R.AccountabilityDetail },
  },
  {
    method: 'POST',
    path: '/v1/accountability/{id}/publish',
    function: 'accountabilityPublish',
    access: { roles: { supervisor: 'all' } },
    summary: 'Disclose a DECIDED record to the public (anything else: 409)',
    request: { path: AccountabilityIdPath, body: PublishBody },
    success: { status: 200, description: 'The record, PUBLISHED', body: R.AccountabilityDetail },
  },
  {
    method: 'POST',
    path: '/v1/accountability/{id}/dismiss',
    function: 'accountabilityDismiss',
    access: { roles: { supervisor: 'all' } },
    summary: 'Dismiss a record not yet decided, with the reasons',
    request: { path: AccountabilityIdPath, body: DismissBody },
    success: { status: 200, description: 'The record, DISMISSED', body: R.AccountabilityDetail },
  },
  {
    method: 'GET',
    path: '/v1/public/accountability',
    function: 'accountabilityPublic',
    access: { public: true },
    summary:
      'The published outcomes of the accountability register (department, reason, responsibility, sanction, dates): no ID number or phone',
    request: { query: PublicAccountabilityQuery },
    success: { status: 200, description: '{years, publishNamesFrom, records: [...]}', body: R.PublicAccountability },
  },
  // The public tracker (办件查询): POST so the phone stays out of URLs and logs; a wrong phone answers as a missing case.
  {
    method: 'POST',
    path: '/v1/track',
    function: 'track',
    access: { public: true },
    summary: 'Track an application by its case id and the phone given on it (anyone; no personal data in the answer)',
    request: { body: TrackBody },
    success: {
      status: 200,
      description: 'Where the case stands: item, department, status, light, dates, decision and the timeline’s steps',
      body: R.Track,
    },
    // A missing case, or a phone that is not the one given (the same answer).
    refusals: [404],
  },
  // Evaluations (效能评估). Every path names its parameter `{period}` — the awards' too, where it must be a year:
  // API Gateway refuses sibling path variables of different names at one level (`{period}` beside `{year}`).
  {
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
      body: R.Evaluation,
      csv: 'one row per department (departmentId, name, then every metric), then a row for the whole centre',
    },
  },
  {
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
      body: R.EvaluationTargets,
      csv: 'one row per target (key, name, unit, baseline, current, target, met, definition, note)',
    },
  },
  {
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
      body: R.EvaluationItems,
      csv: 'one row per item (itemCode, name, departmentId, then every metric)',
    },
  },
  {
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
      body: R.EvaluationOfficers,
      csv: 'one row per officer (officer, name, departmentId, then every metric)',
    },
  },
  {
    method: 'POST',
    path: '/v1/evaluations/{period}/run',
    function: 'evaluationsRun',
    access: { roles: { admin: 'all', supervisor: 'all' } },
    summary: 'Evaluate a period now: a new immutable snapshot (revision n+1; the earlier ones are kept)',
    request: { path: PeriodPath },
    success: {
      status: 200,
      description: 'The snapshot, as GET /v1/evaluations/{period} serves it',
      body: R.Evaluation,
    },
  },
  {
    method: 'GET',
    path: '/v1/evaluations/{period}/awards',
    function: 'evaluationsAwards',
    access: { roles: { supervisor: 'all', admin: 'all' } },
    summary:
      "The year's award candidates (文明处室 30, 最佳公务员 20, 服务标兵 20) from the year's evaluation, by the documented scoring",
    request: { path: YearPeriodPath },
    success: {
      status: 200,
      description:
        'Each list ranked with scores, and every exclusion with its reason (404 until the year is evaluated)',
      body: R.Awards,
    },
    // The year re-evaluated while its figures were read (they would mix two revisions).
    refusals: [409],
  },
  // ---- Grievances (issue 14): complaints, reports, appeals, each stage on its own clock ----
  {
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
      body: R.Grievance,
    },
  },
  {
    method: 'GET',
    path: '/v1/grievances',
    function: 'grievancesList',
    // Supervision: every grievance; a department's staff: those assigned to it; an applicant: their own. No entry
    // says who filed it (informer protection), whoever reads the list.
    access: { roles: { applicant: 'own', supervisor: 'all', ...staffOfDepartment } },
    summary: 'Grievances newest first, with their stage, deadline and light (never who filed them)',
    request: { query: GrievanceListQuery },
    success: { status: 200, description: '{grievances: [...], next: string|null}', body: R.GrievanceList },
  },
  {
    method: 'GET',
    path: '/v1/grievances/lookup',
    function: 'grievancesLookup',
    access: { public: true },
    summary: 'Follow a grievance by its query code (no account needed; never who filed it)',
    request: { query: GrievanceLookupQuery },
    success: { status: 200, description: 'The grievance, without who filed it', body: R.Grievance },
    refusals: [404],
  },
  {
    method: 'GET',
    path: '/v1/grievances/{id}',
    function: 'grievancesGet',
    access: { roles: { applicant: 'own', supervisor: 'all', ...staffOfDepartment } },
    summary: "A grievance: the assigned department's staff never see who filed it",
    request: { path: GrievanceIdPath },
    success: { status: 200, description: 'The grievance as the caller may see it', body: R.Grievance },
  },
  {
    method: 'GET',
    path: '/v1/grievances/{id}/verify',
    function: 'grievancesVerify',
    access: { roles: { supervisor: 'all' } },
    summary: "Re-compute a grievance's hash-chained timeline and the state bound to its head",
    request: { path: GrievanceIdPath },
    success: { status: 200, description: 'The verdict', body: R.GrievanceVerification },
  },
  {
    method: 'POST',
    path: '/v1/grievances/{id}/accept',
    function: 'grievancesAccept',
    access: { roles: { supervisor: 'all' } },
    summary: 'Accept and assign a grievance (交办): the handling clock starts',
    request: { path: GrievanceIdPath, body: GrievanceAcceptBody },
    success: { status: 200, description: 'ACCEPTED with handleBy', body: R.Grievance },
  },
  {
    method: 'POST',
    path: '/v1/grievances/{id}/refer',
    function: 'grievancesRefer',
    access: { roles: { supervisor: 'all' } },
    summary: 'Refer a grievance to the competent agency (转送)',
    request: { path: GrievanceIdPath, body: GrievanceReferBody },
    success: { status: 200, description: 'REFERRED', body: R.Grievance },
  },
  {
    method: 'POST',
    path: '/v1/grievances/{id}/extension',
    function: 'grievancesExtension',
    access: { roles: { head: 'department' } },
    summary: 'The head of the assigned department asks for the one extension of the handling period',
    request: { path: GrievanceIdPath, body: GrievanceExtensionBody },
    success: { status: 200, description: 'The grievance with its pending extension', body: R.Grievance },
  },
  {
    method: 'POST',
    path: '/v1/grievances/{id}/extension/approve',
    function: 'grievancesExtensionApprove',
    access: { roles: { supervisor: 'all' } },
    summary: 'Supervision approves the extension: the handling deadline moves (once)',
    request: { path: GrievanceIdPath },
    success: { status: 200, description: 'The grievance with its new handleBy', body: R.Grievance },
  },
  {
    method: 'POST',
    path: '/v1/grievances/{id}/findings',
    function: 'grievancesFindings',
    access: { roles: { reviewer: 'department', head: 'department' } },
    summary: 'Written findings and the actions taken; substantiated → an accountability record (COMPLAINT)',
    request: { path: GrievanceIdPath, body: GrievanceFindingsBody },
    success: { status: 200, description: 'ANSWERED, with the review period', body: R.Grievance },
  },
  {
    method: 'POST',
    path: '/v1/grievances/{id}/review-request',
    function: 'grievancesReviewRequest',
    access: { roles: { applicant: 'own' } },
    summary:
      'The complainant asks for a review (复查) within 30 days of the answer, or a re-review (复核) within 30 days of the review’s answer',
    request: { path: GrievanceIdPath, body: GrievanceReviewRequestBody },
    // A third request → 409: the re-review's answer is final.
    success: { status: 200, description: 'UNDER_REVIEW with reviewRound and reviewBy', body: R.Grievance },
  },
  {
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
      body: R.Grievance,
    },
  },
  // ---- Satisfaction reviews (好差评, docs/rules.md §7) ----
  {
    method: 'POST',
    path: '/v1/applications/{id}/rating',
    function: 'ratingsCreate',
    access: { roles: { applicant: 'own' } },
    summary: 'The applicant rates a closed case once (5 levels); a bad review (1–2) starts its rectification',
    request: { path: CaseIdPath, body: RatingBody },
    success: { status: 201, description: 'The rating; a bad one with contactBy and rectifyBy', body: R.RatingCreated },
  },
  {
    method: 'GET',
    path: '/v1/ratings/summary',
    function: 'ratingsSummary',
    access: { public: true },
    summary: "A month's ratings per department and item: levels, satisfaction rate, bad reviews, rectified on time",
    request: { query: RatingSummaryQuery },
    success: { status: 200, description: '{period, definition, rows}', body: R.RatingSummary },
  },
  {
    method: 'GET',
    path: '/v1/ratings',
    function: 'ratingsList',
    // Supervision: every bad review; a department's staff: their department's bad reviews; an applicant: their own.
    access: { roles: { applicant: 'own', supervisor: 'all', ...staffOfDepartment } },
    summary:
      'Ratings newest first (bad reviews for staff and supervision), with the rectification stage owed and its light',
    request: { query: RatingListQuery },
    success: { status: 200, description: '{ratings: [...], next: string|null}', body: R.RatingList },
  },
  {
    method: 'GET',
    path: '/v1/ratings/{id}',
    function: 'ratingsGet',
    access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all' } },
    summary: 'A rating with its rectification and its verified timeline',
    request: { path: RatingIdPath },
    success: { status: 200, description: 'The rating', body: R.Rating },
  },
  {
    method: 'POST',
    path: '/v1/ratings/{id}/contact',
    function: 'ratingsContact',
    access: { roles: staffOfDepartment },
    summary: 'The department contacted the applicant about a bad review (within 1 working day)',
    request: { path: RatingIdPath, body: ContactBody },
    success: { status: 200, description: 'The rating, contacted', body: R.Rating },
  },
  {
    method: 'POST',
    path: '/v1/ratings/{id}/rectification',
    function: 'ratingsRectification',
    access: { roles: staffOfDepartment },
    summary: 'The department reports its rectification of a bad review (within 15 working days)',
    request: { path: RatingIdPath, body: RectificationBody },
    success: { status: 200, description: 'The rating, rectified', body: R.Rating },
  },
  {
    method: 'POST',
    path: '/v1/ratings/{id}/follow-up',
    function: 'ratingsFollowUp',
    access: { roles: { applicant: 'own' } },
    summary: "The applicant's one follow-up rating after the rectification",
    request: { path: RatingIdPath, body: FollowUpBody },
    success: { status: 200, description: 'The rating, closed', body: R.Rating },
  },
  {
    method: 'POST',
    path: '/v1/ratings/{id}/appeal',
    function: 'ratingsAppeal',
    access: { roles: { head: 'department' } },
    summary: 'The head appeals a bad review as mistaken or malicious, once',
    request: { path: RatingIdPath, body: RatingAppealBody },
    success: { status: 200, description: 'The rating, appealed', body: R.Rating },
  },
  {
    method: 'POST',
    path: '/v1/ratings/{id}/appeal/decide',
    function: 'ratingsAppealDecide',
    access: { roles: { supervisor: 'all' } },
    summary: 'Supervision decides the appeal: upheld → excluded from the statistics, with the reason',
    request: { path: RatingIdPath, body: RatingAppealDecisionBody },
    success: { status: 200, description: 'The rating with the decision', body: R.Rating },
  },
  {
    method: 'GET',
    path: '/v1/ratings/{id}/verify',
    function: 'ratingsVerify',
    access: { roles: { supervisor: 'all' } },
    summary: "Re-compute a rating's hash-chained timeline from its first event to its stored head",
    request: { path: RatingIdPath },
    success: { status: 200, description: 'The verdict', body: R.RatingVerification },
  },
  // ---- Green channel: projects and joint approval (issue 15, docs/green-channel.md) ----
  {
    method: 'POST',
    path: '/v1/projects',
    function: 'projectsCreate',
    access: { roles: { applicant: 'own', clerk: 'all' } },
    summary:
      'Register a major project with its investment and the items it needs; at or above the threshold it is a green-channel project (an investor, or a clerk for them)',
    request: { body: ProjectBody },
    success: { status: 201, description: 'The project, with greenChannel and the threshold applied', body: R.Project },
    refusals: [422],
  },
  {
    method: 'GET',
    path: '/v1/projects',
    function: 'projectsList',
    access: { roles: { applicant: 'own', clerk: 'officer', supervisor: 'all', admin: 'all' } },
    summary:
      "Projects newest first: every project (supervisors, administrators), an investor's own, an officer's (the officer's view)",
    request: { query: ProjectListQuery },
    success: { status: 200, description: '{projects: [...], next: string|null}', body: R.ProjectList },
  },
  {
    method: 'GET',
    path: '/v1/projects/{id}',
    function: 'projectsGet',
    access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all', admin: 'all' } },
    summary:
      'A project with its officer, one form, joint approval (each department’s deadline and status; the result), higher approvals and tracking log (the investor, staff of a department concerned, its officer, supervisors, administrators)',
    request: { path: ProjectIdPath },
    success: { status: 200, description: 'The project', body: R.Project },
  },
  {
    method: 'GET',
    path: '/v1/projects/{id}/verify',
    function: 'projectsVerify',
    access: { roles: { supervisor: 'all' } },
    summary: "Verify a project's hash-chained tracking log and the state bound to its head",
    request: { path: ProjectIdPath },
    success: { status: 200, description: '{valid, events, firstBrokenAt, state}', body: R.ProjectVerification },
  },
  {
    method: 'POST',
    path: '/v1/projects/{id}/officer',
    function: 'projectsOfficer',
    access: { roles: { admin: 'all' } },
    summary:
      "Name the project's dedicated officer (专人负责): the subject of a staff token, who then acts as the officer",
    request: { path: ProjectIdPath, body: OfficerBody },
    success: { status: 200, description: 'The project with its officer', body: R.Project },
  },
  {
    method: 'GET',
    path: '/v1/projects/{id}/form',
    function: 'projectsForm',
    access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all', admin: 'all' } },
    summary: "The one form (一表通): the union of the items' form fields, each once, with the items that ask it",
    request: { path: ProjectIdPath },
    success: { status: 200, description: '{fields: [{name, type, required, items}], answers}', body: R.ProjectForm },
  },
  {
    method: 'PUT',
    path: '/v1/projects/{id}/form',
    function: 'projectsFormFill',
    access: { roles: { applicant: 'own', clerk: 'officer' } },
    summary:
      "Fill the one form once (the investor, or the officer for them): each item's application reuses the answers",
    request: { path: ProjectIdPath, body: ProjectFormBody },
    success: { status: 200, description: 'The one form as filled', body: R.ProjectFormFilled },
  },
  {
    method: 'POST',
    path: '/v1/projects/{id}/joint-approval',
    function: 'projectsJointApproval',
    access: { roles: { clerk: 'officer', admin: 'all' } },
    summary:
      "Open the joint approval (联合审批) for the departments concerned: each department's opinion on a clock of its own, all in parallel; silence at its deadline counts as agreement",
    request: { path: ProjectIdPath, body: JointApprovalBody },
    success: {
      status: 201,
      description: 'The project with its jointApproval: deadline, departments [{departmentId, opinionBy, status}]',
      body: R.Project,
    },
  },
  {
    method: 'POST',
    path: '/v1/projects/{id}/joint-approval/extension',
    function: 'projectsJointExtension',
    access: { roles: { admin: 'all' } },
    summary:
      "The government's head (an administrator) extends the joint approval once, by up to 15 working days; the departments still to answer get the same days",
    request: { path: ProjectIdPath, body: JointExtensionBody },
    success: { status: 200, description: 'The project with its extended joint approval', body: R.Project },
  },
  {
    method: 'POST',
    path: '/v1/projects/{id}/opinions',
    function: 'projectsOpinion',
    access: { roles: { reviewer: 'department', head: 'department' } },
    summary:
      "A department's opinion in the joint approval (reviewer or head of a department asked): once, before its deadline",
    request: { path: ProjectIdPath, body: OpinionBody },
    success: {
      status: 200,
      description: 'The project with the opinion recorded (and the result, if last)',
      body: R.Project,
    },
  },
  {
    method: 'POST',
    path: '/v1/projects/{id}/higher-approvals',
    function: 'projectsHigherApproval',
    access: { roles: { clerk: 'officer' } },
    summary:
      'Track a matter waiting on a higher authority (上级审批) with its expected date; the officer is reminded when it passes without news',
    request: { path: ProjectIdPath, body: HigherApprovalBody },
    success: { status: 201, description: 'The project, and the higher approval id', body: R.ProjectWithHigherApproval },
  },
  {
    method: 'POST',
    path: '/v1/projects/{id}/higher-approvals/{hid}/milestones',
    function: 'projectsMilestone',
    access: { roles: { clerk: 'officer' } },
    summary: 'News of a higher approval: a milestone with its status and, if it moves, the new expected date',
    request: { path: HigherApprovalPath, body: MilestoneBody },
    success: { status: 200, description: 'The project with the milestone', body: R.Project },
    refusals: [404],
  },
  // ---- Official activities and the year-end appraisal (issue 16 items 5–6, docs/supervision.md) ----
  {
    method: 'POST',
    path: '/v1/official-activities',
    function: 'officialActivitiesCreate',
    access: { roles: staffOfDepartment },
    summary:
      'Register an official activity with an enterprise (公务活动登记): who (the caller), when, why, with whom; never changed afterwards (a correction is a new entry naming the one it corrects)',
    request: { body: OfficialActivityBody },
    success: { status: 201, description: 'The activity as registered', body: R.OfficialActivity },
    // `corrects` naming no entry of the caller's department.
    refusals: [422],
  },
  {
    method: 'GET',
    path: '/v1/official-activities',
    function: 'officialActivitiesList',
    access: { roles: { supervisor: 'all', ...staffOfDepartment } },
    summary:
      "Official activities newest first: supervisors every one, per enterprise (credit code or name), per officer or per department; a department's staff their department's",
    request: { query: OfficialActivityQuery },
    success: { status: 200, description: '{activities: [...], next: string|null}', body: R.OfficialActivityList },
  },
  {
    method: 'GET',
    path: '/v1/appraisals/{year}/criteria',
    function: 'appraisalsCriteria',
    access: { public: true },
    summary: "The year's published appraisal criteria (评议标准): descriptions, weights, the scale, grades and window",
    request: { path: YearPath },
    success: { status: 200, description: 'The criteria', body: R.AppraisalCriteria },
  },
  {
    method: 'GET',
    path: '/v1/appraisals/{year}',
    function: 'appraisalsGet',
    access: { public: true },
    summary:
      "The year's appraisal per department (公开评议): ratings, averages per criterion, weighted total, rank and grade, for the department and its leader; aggregates only, from the minimum number of ratings",
    request: { path: YearPath },
    success: { status: 200, description: 'The summary', body: R.AppraisalSummary },
  },
  {
    method: 'POST',
    path: '/v1/appraisals/{year}/ratings',
    function: 'appraisalsRate',
    access: { roles: { representative: 'own' } },
    summary:
      'A representative rates a department and its leader on the published criteria, once per department per year, while the appraisal is open (outside its window, or a second time → 409)',
    request: { path: YearPath, body: AppraisalRatingBody },
    success: { status: 201, description: 'The rating as recorded', body: R.AppraisalRating },
    // A department not in the directory.
    refusals: [422],
  },
  {
    method: 'GET',
    path: '/v1/appraisals/{year}/ratings/mine',
    function: 'appraisalsMine',
    access: { roles: { representative: 'own' } },
    summary: "The caller's own ratings of the year (which departments they have rated)",
    request: { path: YearPath },
    success: { status: 200, description: '{year, ratings: [...]}', body: R.AppraisalMyRatings },
  },
  // ---- Law-enforcement inspections (执法检查审批备案, issue 16 item 4, docs/enforcement.md) ----
  {
    method: 'POST',
    path: '/v1/enforcement/inspections',
    function: 'enforcementCreate',
    access: { roles: { reviewer: 'department', head: 'department' } },
    summary:
      "A department plans an inspection of an enterprise (purpose, legal basis, planned date, inspectors): PENDING_APPROVAL; over the enterprise's yearly limit it needs a cause and is flagged to supervision",
    request: { body: InspectionBody },
    success: { status: 201, description: 'The plan, PENDING_APPROVAL', body: R.InspectionDetail },
  },
  {
    method: 'GET',
    path: '/v1/enforcement/inspections',
    function: 'enforcementList',
    access: { roles: { supervisor: 'all', ...staffOfDepartment } },
    summary:
      "A year's inspections, newest first (supervisors: every department's; staff: their department's), filtered by enterprise, department, status, over the limit",
    request: { query: InspectionListQuery },
    success: { status: 200, description: '{year, yearlyLimitPerEnterprise, inspections}', body: R.InspectionList },
  },
  {
    method: 'GET',
    path: '/v1/enforcement/inspections/{id}',
    function: 'enforcementGet',
    access: { roles: { supervisor: 'all', ...staffOfDepartment } },
    summary: 'One inspection with its hash-chained timeline, verified',
    request: { path: InspectionIdPath },
    success: { status: 200, description: 'The inspection', body: R.InspectionDetail },
  },
  {
    method: 'POST',
    path: '/v1/enforcement/inspections/{id}/approve',
    function: 'enforcementApprove',
    access: { roles: { head: 'department' } },
    summary: "The planning department's head approves the plan: APPROVED, for supervision to file",
    request: { path: InspectionIdPath, body: InspectionNoteBody },
    success: { status: 200, description: 'The inspection, APPROVED', body: R.InspectionDetail },
  },
  {
    method: 'POST',
    path: '/v1/enforcement/inspections/{id}/reject',
    function: 'enforcementReject',
    access: { roles: { head: 'department' } },
    summary: "The planning department's head rejects the plan with reasons: REJECTED (no longer counted)",
    request: { path: InspectionIdPath, body: InspectionRejectBody },
    success: { status: 200, description: 'The inspection, REJECTED', body: R.InspectionDetail },
  },
  {
    method: 'POST',
    path: '/v1/enforcement/inspections/{id}/file',
    function: 'enforcementFile',
    access: { roles: { supervisor: 'all' } },
    summary: 'Supervision files an approved plan (备案): FILED, with the verification code the enterprise checks',
    request: { path: InspectionIdPath, body: InspectionNoteBody },
    success: { status: 200, description: 'The inspection, FILED, with verificationCode', body: R.InspectionDetail },
  },
  {
    method: 'POST',
    path: '/v1/enforcement/inspections/{id}/record',
    function: 'enforcementRecord',
    access: { roles: { reviewer: 'department', head: 'department' } },
    summary: 'Record a filed inspection as carried out, with its findings: DONE (anything not FILED: 409)',
    request: { path: InspectionIdPath, body: InspectionRecordBody },
    success: { status: 200, description: 'The inspection, DONE', body: R.InspectionDetail },
  },
  {
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
      body: R.InspectionVerification,
    },
  },
  // ---- Inspection visits (明察暗访, issue 16 item 3; docs/supervision.md) ----
  {
    method: 'POST',
    path: '/v1/inspections/visits',
    function: 'visitsCreate',
    access: { roles: { supervisor: 'all' } },
    summary:
      'Record an open or unannounced visit with its findings and problems: each problem gets a rectification deadline in working days and its clock',
    request: { body: VisitBody },
    success: { status: 201, description: 'The visit, each problem with its rectifyBy', body: R.Visit },
  },
  {
    method: 'GET',
    path: '/v1/inspections/visits',
    function: 'visitsList',
    // A department's staff read their department's visits (an unannounced one once recorded: it exists only then).
    access: { roles: { supervisor: 'all', ...staffOfDepartment } },
    summary: "Inspection visits, newest first: supervisors a year's or a department's; staff their department's",
    request: { query: VisitListQuery },
    success: { status: 200, description: '{year, visits: [...]}', body: R.Visits },
  },
  {
    method: 'GET',
    path: '/v1/inspections/visits/{id}',
    function: 'visitsGet',
    access: { roles: { supervisor: 'all', ...staffOfDepartment } },
    summary: 'One inspection visit with its problems (lights, countdowns) and its hash-chained timeline, verified',
    request: { path: VisitIdPath },
    success: { status: 200, description: 'The visit', body: R.Visit },
  },
  {
    method: 'POST',
    path: '/v1/inspections/visits/{id}/problems/{pid}/rectification',
    function: 'visitsRectification',
    access: { roles: { head: 'department' } },
    summary: "The department's head reports a problem's rectification (in time, or late); its clock ends",
    request: { path: VisitProblemPath, body: VisitRectificationBody },
    success: { status: 200, description: 'The visit with the problem reported', body: R.Visit },
  },
] as const satisfies readonly RouteSpec[];

export type Route = (typeof routes)[number];

/** The privileged fields of a route that a role may not set (every one of them for a role the route does not list). */
export function fieldsForbiddenTo(route: RouteSpec, role: Role): readonly PrivilegedField[] {
  return (route.privileged ?? []).filter((p) => !p.roles.includes(role));
}

/**
 * Where a body sets a field path (`a.b`, `list[].c`): the concrete paths present (`body.list.2.c`), in order. A key
 * is set when the body has it as an own property, whatever its value (`null` too).
 */
export function fieldsSetIn(body: unknown, field: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown, steps: readonly string[], at: string): void => {
    if (steps.length === 0) {
      found.push(at);
      return;
    }
    const [step, ...rest] = steps as [string, ...string[]];
    const list = step.endsWith('[]');
    const key = list ? step.slice(0, -2) : step;
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key)) return;
    const next = (value as Record<string, unknown>)[key];
    if (!list) walk(next, rest, `${at}.${key}`);
    else if (Array.isArray(next)) for (const [i, element] of next.entries()) walk(element, rest, `${at}.${key}.${i}`);
  };
  walk(body, field.split('.'), 'body');
  return found;
}

/** The roles a route admits (none for a public route: anyone may call it). */
export function rolesOf(access: Access): Role[] {
  return 'public' in access ? [] : (Object.keys(access.roles) as Role[]);
}
