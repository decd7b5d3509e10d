import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentRoles, type Role, roles } from '../../functions/common/roles.ts';
import { creditCodeCheckCharacter } from '../../functions/domain/enforcement.ts';
import {
  type PrivilegedField,
  type Route,
  type RouteSpec,
  rolesOf,
  routes,
  type Scope,
} from '../../functions/http/routes.ts';
import { localKey, signLocalToken } from '../../local/auth.ts';
import { completeGuide } from '../support/catalog.ts';
import { RuntimeProcess } from '../support/runtime.ts';

/**
 * The full authorization matrix: every route of the route table × every caller (each role in and out of scope,
 * no token, expired token, token of another key, unknown role, staff without department). Every expectation is
 * derived from the route's declared `access` and the fixture's target (the case or item the request is about),
 * so a new route or a policy change in the table changes the matrix; the answers come from the running system.
 */

const NOW = '2026-11-02T10:00:00+08:00';
/** The department of the item the fixtures apply for (SC-001), and another one. */
const HOME = 'market';
const AWAY = 'tax';
/** The applicant who owns the fixtures' cases, and another applicant. */
const OWNER = 'authz-owner';
const OTHER = 'authz-other';
/** A target owned by whoever calls (an applicant applying for themselves). */
const CALLER = Symbol('the caller');
const ITEM = 'SC-001';
/** The periods the evaluation cells read: the month before NOW, and the last whole year. */
const EVALUATED_MONTH = '2026-10';
const EVALUATED_YEAR = '2025';
const application = {
  itemCode: ITEM,
  applicant: { type: 'ENTERPRISE', name: '大连授权测试有限公司', phone: '0411-8888-0001' },
  materials: ['application-form', 'articles', 'id-card', 'address-proof'].map((id) => ({ id })),
};
/** A complete service guide for a new item of HOME. */
const guide = (code: string) =>
  completeGuide(code, { departmentId: HOME, name: { zh: '授权矩阵测试事项', en: 'Authorization matrix test item' } });
/** A new department. */
const department = (id: string) => ({
  id,
  name: { zh: '授权测试局', en: 'Authorization Test Bureau' },
  address: { zh: '行政服务中心四楼', en: 'Service Centre 4F' },
  phone: '0411-8700-1099',
  hours: { zh: '周一至周五', en: 'Mon–Fri' },
  supervisionPhone: '0411-8700-9999',
  windows: [{ id: `${id}-1`, name: { zh: '测试窗口', en: 'Test window' }, comprehensive: false }],
  leader: { id: `${id}-head`, name: '测试 Test' },
  dutyHandler: { id: `${id}-reviewer`, name: '测试 Test' },
});

// ---------------------------------------------------------------------------------------------------------------
// Callers

type Caller =
  | { readonly label: string; readonly kind: 'none' | 'expired' | 'foreign-key' }
  | { readonly label: string; readonly kind: 'unknown-role' }
  | {
      readonly label: string;
      readonly kind: 'role';
      readonly role: Role;
      readonly sub: string;
      readonly department?: string;
    };

const table: readonly RouteSpec[] = routes;
/** Roles some route reaches with `own` scope: they get an owner and a non-owner caller. */
const ownRoleNames = new Set(
  table.flatMap((r) =>
    'roles' in r.access
      ? Object.entries(r.access.roles)
          .filter(([, scope]) => scope === 'own')
          .map(([role]) => role)
      : [],
  ),
);

const callers: readonly Caller[] = [
  { label: 'no token', kind: 'none' },
  { label: 'expired token', kind: 'expired' },
  { label: 'foreign-key token', kind: 'foreign-key' },
  { label: 'unknown role', kind: 'unknown-role' },
  ...roles.flatMap((role): Caller[] => {
    if (departmentRoles.includes(role)) {
      return [
        { label: `${role} (${HOME})`, kind: 'role', role, sub: `${role}-${HOME}`, department: HOME },
        { label: `${role} (${AWAY})`, kind: 'role', role, sub: `${role}-${AWAY}`, department: AWAY },
        { label: `${role} (no department)`, kind: 'role', role, sub: `${role}-nodept` },
      ];
    }
    if (ownRoleNames.has(role)) {
      return [
        { label: `${role} (owner)`, kind: 'role', role, sub: OWNER },
        { label: `${role} (other)`, kind: 'role', role, sub: OTHER },
      ];
    }
    return [{ label: role, kind: 'role', role, sub: `${role}-authz` }];
  }),
];

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: for each route, a request that succeeds for an in-scope caller, and what it is about

interface Target {
  /** The department of the case or item (`CALLER`: the caller's own, e.g. their worklist). */
  readonly department: string | typeof CALLER;
  /** The applicant who owns it (`CALLER`: the caller, whoever that is). */
  readonly owner: string | typeof CALLER;
  /** A project's dedicated officer, for routes with `officer` scope (`CALLER`: the caller's own projects). */
  readonly officer?: string | typeof CALLER;
}

interface Request {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

interface Context {
  /** One case of OWNER for item SC-001 (department HOME), shared by read-only cells. */
  sharedCase(): Promise<string>;
  /** A new ACCEPTED case of OWNER for SC-001, for cells that change it. */
  freshCase(): Promise<string>;
  /** A new ACCEPTED case of OWNER, then paused or with a pending extension by a reviewer of HOME. */
  freshCaseAfter(step: 'suspend' | 'extension'): Promise<string>;
  /** A new case of OWNER deemed approved: created, then the simulated clock moves past its deadline. */
  freshDeemedCase(): Promise<string>;
  /** A new case of HOME received for review by a clerk of HOME (status RECEIVED), for cells that accept or notice. */
  freshReviewCase(): Promise<string>;
  /** A new MATERIALS_REQUIRED case of OWNER for SC-001 (two papers missing), for cells that resubmit. */
  freshIncompleteCase(): Promise<string>;
  /** A code or department id nobody has used yet in this run. */
  unique(prefix: string): string;
  /** A new published item of HOME at revision 1 (created by an admin), for cells that revise or retire it. */
  freshItem(): Promise<string>;
  /** A new department at revision 1 (created by an admin), for cells that revise it. */
  freshDepartment(): Promise<string>;
  /** A period evaluated once (POST …/run by an admin, the first time it is asked for), for cells that read it. */
  evaluated(period: string): Promise<string>;
  /** A new case of OWNER decided (APPROVED) by a reviewer of HOME: closed, so it can be rated. */
  freshClosedCase(): Promise<string>;
  /** A new bad review (level 1) by OWNER of a closed case, taken to `step` by HOME's staff; its rating id. */
  freshRating(step: 'rated' | 'contacted' | 'rectified' | 'appealed'): Promise<string>;
  /** One bad review by OWNER, shared by read-only cells. */
  sharedRating(): Promise<string>;
  /** A new accountability record of HOME (a fresh deemed approval's), taken by a supervisor to `step`; its id. */
  freshRecord(step: 'open' | 'investigating' | 'decided'): Promise<string>;
  /** One accountability record of HOME, shared by read-only cells. */
  sharedRecord(): Promise<string>;
}

interface Fixture {
  /** Needed when the route grants any role `own` or `department` scope. */
  readonly target?: Target;
  readonly request: (ctx: Context) => Promise<Request>;
}

const theCase: Target = { department: HOME, owner: OWNER };
/** HOME's clerk (`<role>-<department>`, as the callers below are named): the fixture projects' officer. */
const PROJECT_OFFICER = `clerk-${HOME}`;
const theProject: Target = { department: HOME, owner: OWNER, officer: PROJECT_OFFICER };
/** A law-enforcement inspection HOME plans (issue 16 item 4). */
const theInspection: Target = { department: HOME, owner: OWNER };
const projectBody = {
  name: '授权矩阵项目',
  investment: { amount: 200_000_000, currency: 'CNY' },
  items: [ITEM],
  applicant: { type: 'ENTERPRISE', name: '大连授权测试有限公司', phone: '0411-8888-0001' },
};

const fixtures: Partial<Record<Route['function'], Fixture>> = {
  openapi: { request: async () => ({}) },
  calendarDeadline: { request: async () => ({ query: { from: NOW, workingDays: '3' } }) },
  calendarYearGet: { request: async () => ({ params: { year: '2026' } }) },
  // Idempotent, and a year far from every case's deadline.
  calendarYearPut: {
    request: async () => ({
      params: { year: '2049' },
      body: { holidays: ['2049-01-01'], workdays: [], source: '授权矩阵测试 authorization matrix test' },
    }),
  },
  catalogList: { request: async () => ({}) },
  catalogDisclosure: { request: async () => ({}) },
  catalogGet: { request: async () => ({ params: { code: ITEM } }) },
  catalogTemplate: { request: async () => ({ params: { code: ITEM, material: 'application-form' } }) },
  // Catalogue writes: a new code per cell (a code is published once), a fresh item at revision 1 per revision.
  catalogCreate: {
    request: async (ctx) => ({ body: { guide: guide(ctx.unique('AZ-')), reason: '授权矩阵 authorization matrix' } }),
  },
  catalogRevise: {
    request: async (ctx) => {
      const code = await ctx.freshItem();
      return { params: { code }, body: { guide: guide(code), reason: '授权矩阵 authorization matrix', revision: 1 } };
    },
  },
  catalogRetire: {
    request: async (ctx) => ({
      params: { code: await ctx.freshItem() },
      body: { reason: '授权矩阵 authorization matrix', revision: 1 },
    }),
  },
  catalogRevisions: { request: async () => ({ params: { code: ITEM } }) },
  departmentsList: { request: async () => ({}) },
  departmentsGet: { request: async () => ({ params: { id: HOME } }) },
  departmentsCreate: {
    request: async (ctx) => ({
      body: { department: department(ctx.unique('authz-')), reason: '授权矩阵 authorization matrix' },
    }),
  },
  departmentsRevise: {
    request: async (ctx) => {
      const id = await ctx.freshDepartment();
      return {
        params: { id },
        body: { department: department(id), reason: '授权矩阵 authorization matrix', revision: 1 },
      };
    },
  },
  // Creates a case per successful cell; an applicant applies for themselves, a clerk for an item of HOME.
  applicationsCreate: { target: { department: HOME, owner: CALLER }, request: async () => ({ body: application }) },
  applicationsGet: { target: theCase, request: async (ctx) => ({ params: { id: await ctx.sharedCase() } }) },
  applicationsVerify: { target: theCase, request: async (ctx) => ({ params: { id: await ctx.sharedCase() } }) },
  // A decision succeeds once per case: every cell gets its own ACCEPTED case (the simulated clock stands still).
  applicationsDecide: {
    target: theCase,
    request: async (ctx) => ({ params: { id: await ctx.freshCase() }, body: { outcome: 'APPROVED' } }),
  },
  accountabilityList: { request: async () => ({ query: { year: '2026' } }) },
  // The register's workflow: each state-changing cell gets its own record in the state its act starts from.
  accountabilityFlags: { request: async () => ({ query: { quarter: '2026-Q4' } }) },
  accountabilityGet: { target: theCase, request: async (ctx) => ({ params: { id: await ctx.sharedRecord() } }) },
  accountabilityInvestigate: {
    request: async (ctx) => ({ params: { id: await ctx.freshRecord('open') }, body: { note: '授权矩阵 fixture' } }),
  },
  accountabilityDecide: {
    request: async (ctx) => ({
      params: { id: await ctx.freshRecord('investigating') },
      body: { responsibility: 'LEADER', sanction: 'CRITICISM', findings: '授权矩阵 fixture' },
    }),
  },
  accountabilityPublish: { request: async (ctx) => ({ params: { id: await ctx.freshRecord('decided') }, body: {} }) },
  accountabilityDismiss: {
    request: async (ctx) => ({ params: { id: await ctx.freshRecord('open') }, body: { reason: '授权矩阵 fixture' } }),
  },
  accountabilityPublic: { request: async () => ({}) },
  worklist: { target: { department: CALLER, owner: CALLER }, request: async () => ({}) },
  // An applicant's own list: whoever asks gets theirs (possibly empty), never another's.
  applicationsList: { target: { department: CALLER, owner: CALLER }, request: async () => ({ query: { limit: '5' } }) },
  applicationsNotifications: {
    target: theCase,
    request: async (ctx) => ({ params: { id: await ctx.sharedCase() } }),
  },
  notificationsList: {
    target: { department: CALLER, owner: CALLER },
    request: async () => ({ query: { limit: '5' } }),
  },
  // Accepting or answering a review changes the case: every cell gets its own case received for review.
  applicationsAccept: { target: theCase, request: async (ctx) => ({ params: { id: await ctx.freshReviewCase() } }) },
  applicationsNotice: {
    target: theCase,
    request: async (ctx) => ({
      params: { id: await ctx.freshReviewCase() },
      body: { defects: [{ id: 'articles', defect: '缺少签字 unsigned' }] },
    }),
  },
  // Pausing, resuming and extending change a case: every cell gets its own in the right state.
  applicationsSuspend: {
    target: theCase,
    request: async (ctx) => ({
      params: { id: await ctx.freshCase() },
      body: { reason: 'INSPECTION', expectedWorkingDays: 2 },
    }),
  },
  applicationsResume: {
    target: theCase,
    request: async (ctx) => ({ params: { id: await ctx.freshCaseAfter('suspend') } }),
  },
  applicationsExtension: {
    target: theCase,
    request: async (ctx) => ({
      params: { id: await ctx.freshCase() },
      body: { workingDays: 3, reason: '授权矩阵 fixture' },
    }),
  },
  applicationsExtensionApprove: {
    target: theCase,
    request: async (ctx) => ({ params: { id: await ctx.freshCaseAfter('extension') } }),
  },
  // Withdrawing ends a case: every cell gets its own ACCEPTED case.
  applicationsWithdraw: {
    target: theCase,
    request: async (ctx) => ({ params: { id: await ctx.freshCase() }, body: { reason: '授权矩阵 fixture' } }),
  },
  // Only a deemed approval can be reviewed, once: each cell gets its own (the simulated clock is moved past it).
  applicationsReview: {
    request: async (ctx) => ({
      params: { id: await ctx.freshDeemedCase() },
      body: { verdict: 'CONFIRMED', reason: '授权矩阵 fixture' },
    }),
  },
  // The public tracker: the shared case by its id and the phone it was filed with (anyone, any token or none).
  track: {
    request: async (ctx) => ({ body: { caseId: await ctx.sharedCase(), phone: application.applicant.phone } }),
  },
  applicationsReceipt: { target: theCase, request: async (ctx) => ({ params: { id: await ctx.sharedCase() } }) },
  // A resubmission changes the case: every cell gets its own case still waiting for materials.
  // The evaluations: the month just ended (October) and the year before (complete, so nothing is still running).
  evaluationsGet: { request: async (ctx) => ({ params: { period: await ctx.evaluated(EVALUATED_MONTH) } }) },
  evaluationsTargets: { request: async (ctx) => ({ params: { period: await ctx.evaluated(EVALUATED_MONTH) } }) },
  evaluationsItems: { request: async (ctx) => ({ params: { period: await ctx.evaluated(EVALUATED_MONTH) } }) },
  // A head reads their own department's officers whichever department that is: never refused for scope.
  evaluationsOfficers: {
    target: { department: CALLER, owner: CALLER },
    request: async (ctx) => ({ params: { period: await ctx.evaluated(EVALUATED_MONTH) } }),
  },
  // Every run of a period adds a revision (or returns the same moment's): any number of cells may run it.
  evaluationsRun: { request: async () => ({ params: { period: EVALUATED_MONTH } }) },
  evaluationsAwards: { request: async (ctx) => ({ params: { period: await ctx.evaluated(EVALUATED_YEAR) } }) },
  applicationsMaterials: {
    target: theCase,
    request: async (ctx) => ({
      params: { id: await ctx.freshIncompleteCase() },
      body: { materials: [{ id: 'articles' }] },
    }),
  },
  // Grievances: an applicant's complaint about HOME, assigned to HOME; each state-changing cell gets its own.
  grievancesCreate: {
    // Public: anyone files an anonymous report (a token other than an applicant's binds no complainant).
    request: async () => ({
      body: { kind: 'REPORT', anonymous: true, summary: '授权矩阵 fixture', detail: '授权矩阵 fixture' },
    }),
  },
  // Lists: whoever is admitted gets their own scope's page (possibly empty), never another's.
  grievancesList: { target: { department: CALLER, owner: CALLER }, request: async () => ({ query: { limit: '5' } }) },
  grievancesLookup: { request: async () => ({ query: { code: await sharedGrievanceCode() } }) },
  grievancesGet: { target: theCase, request: async () => ({ params: { id: await sharedGrievance() } }) },
  grievancesVerify: { target: theCase, request: async () => ({ params: { id: await sharedGrievance() } }) },
  grievancesAccept: {
    request: async () => ({ params: { id: await freshGrievance('RECEIVED') }, body: { assignTo: HOME } }),
  },
  grievancesRefer: {
    request: async () => ({
      params: { id: await freshGrievance('RECEIVED') },
      body: { agency: '信访局 Petitions bureau', reason: '授权矩阵 fixture' },
    }),
  },
  grievancesExtension: {
    target: theCase,
    request: async () => ({
      params: { id: await freshGrievance('ACCEPTED') },
      body: { days: 10, reason: '授权矩阵 fixture' },
    }),
  },
  grievancesExtensionApprove: {
    request: async () => ({ params: { id: await freshGrievance('EXTENSION') } }),
  },
  grievancesFindings: {
    target: theCase,
    request: async () => ({
      params: { id: await freshGrievance('ACCEPTED') },
      body: { substantiated: false, findings: '授权矩阵 fixture', actions: '授权矩阵 fixture' },
    }),
  },
  grievancesReviewRequest: {
    target: theCase,
    request: async () => ({ params: { id: await freshGrievance('ANSWERED') }, body: { reason: '授权矩阵 fixture' } }),
  },
  grievancesReviewDecision: {
    request: async () => ({
      params: { id: await freshGrievance('UNDER_REVIEW') },
      body: { upheld: true, findings: '授权矩阵 fixture', actions: '授权矩阵 fixture' },
    }),
  },
  // 好差评: a case is rated once, and each step of a rectification is done once: every cell gets its own.
  ratingsCreate: {
    target: theCase,
    request: async (ctx) => ({ params: { id: await ctx.freshClosedCase() }, body: { level: 2 } }),
  },
  ratingsList: { target: { department: CALLER, owner: CALLER }, request: async () => ({ query: { limit: '5' } }) },
  ratingsSummary: { request: async () => ({ query: { period: '2026-11' } }) },
  ratingsGet: { target: theCase, request: async (ctx) => ({ params: { id: await ctx.sharedRating() } }) },
  ratingsVerify: { target: theCase, request: async (ctx) => ({ params: { id: await ctx.sharedRating() } }) },
  ratingsContact: {
    target: theCase,
    request: async (ctx) => ({ params: { id: await ctx.freshRating('rated') }, body: { note: '授权矩阵 fixture' } }),
  },
  ratingsRectification: {
    target: theCase,
    request: async (ctx) => ({
      params: { id: await ctx.freshRating('contacted') },
      body: { actions: '授权矩阵 fixture' },
    }),
  },
  ratingsFollowUp: {
    target: theCase,
    request: async (ctx) => ({ params: { id: await ctx.freshRating('rectified') }, body: { level: 4 } }),
  },
  ratingsAppeal: {
    target: theCase,
    request: async (ctx) => ({ params: { id: await ctx.freshRating('rated') }, body: { reason: '授权矩阵 fixture' } }),
  },
  ratingsAppealDecide: {
    target: theCase,
    request: async (ctx) => ({
      params: { id: await ctx.freshRating('appealed') },
      body: { upheld: false, reason: '授权矩阵 fixture' },
    }),
  },
  // Green channel (issue 15): a project of OWNER needing HOME's item, whose officer is HOME's clerk (`clerk-market`);
  // writes that happen once per project (the officer named, the joint approval opened, an opinion, the extension)
  // get their own project per cell.
  projectsCreate: {
    target: { department: HOME, owner: CALLER },
    request: async () => ({ body: projectBody }),
  },
  projectsList: {
    target: { department: CALLER, owner: CALLER, officer: CALLER },
    request: async () => ({ query: { limit: '5' } }),
  },
  projectsGet: { target: theProject, request: async () => ({ params: { id: await sharedProject() } }) },
  projectsVerify: { target: theProject, request: async () => ({ params: { id: await sharedProject() } }) },
  projectsForm: { target: theProject, request: async () => ({ params: { id: await sharedProject() } }) },
  projectsFormFill: {
    target: theProject,
    request: async () => ({ params: { id: await sharedProject() }, body: { answers: { companyName: '授权矩阵' } } }),
  },
  projectsOfficer: {
    request: async () => ({ params: { id: await freshProject('REGISTERED') }, body: { officer: PROJECT_OFFICER } }),
  },
  projectsJointApproval: {
    target: theProject,
    request: async () => ({
      params: { id: await freshProject('OFFICER') },
      body: { departments: [HOME], opinionWorkingDays: 5 },
    }),
  },
  projectsJointExtension: {
    request: async () => ({
      params: { id: await freshProject('JOINT') },
      body: { reason: '授权矩阵 fixture' },
    }),
  },
  projectsOpinion: {
    target: theProject,
    request: async () => ({
      params: { id: await freshProject('JOINT') },
      body: { opinion: 'AGREE', reason: '授权矩阵 fixture' },
    }),
  },
  projectsHigherApproval: {
    target: theProject,
    request: async () => ({
      params: { id: await sharedProject() },
      body: { authority: '授权矩阵 fixture', matter: '授权矩阵 fixture', expectedBy: '2026-12-31' },
    }),
  },
  projectsMilestone: {
    target: theProject,
    request: async () => ({
      params: { id: await sharedProject(), hid: await sharedHigherApproval() },
      body: { note: '授权矩阵 fixture', status: 'IN_PROGRESS' },
    }),
  },
  // Official activities and the year-end appraisal (issue 16 items 5–6): staff register for their own department;
  // a representative rates a fresh department per cell (once per department), the window opened for the run below.
  officialActivitiesCreate: {
    target: { department: CALLER, owner: CALLER },
    request: async () => ({
      body: { purpose: '授权矩阵 fixture', at: NOW, participants: ['授权矩阵'], enterprise: { name: '授权矩阵企业' } },
    }),
  },
  officialActivitiesList: {
    target: { department: CALLER, owner: CALLER },
    request: async () => ({ query: { limit: '5' } }),
  },
  appraisalsCriteria: { request: async () => ({ params: { year: '2026' } }) },
  appraisalsGet: { request: async () => ({ params: { year: '2026' } }) },
  appraisalsRate: {
    target: { department: CALLER, owner: CALLER },
    request: async (ctx) => ({
      params: { year: '2026' },
      body: {
        departmentId: await ctx.freshDepartment(),
        scores: { ATTITUDE: 4, EFFICIENCY: 4, LAWFULNESS: 4, INTEGRITY: 4, OPENNESS: 4 },
      },
    }),
  },
  appraisalsMine: {
    target: { department: CALLER, owner: CALLER },
    request: async () => ({ params: { year: '2026' } }),
  },
  // ---- Law-enforcement inspections (issue 16 item 4): HOME's plans, each of an enterprise of its own ----
  enforcementCreate: {
    target: { department: CALLER, owner: CALLER },
    request: async () => ({ body: inspectionBody() }),
  },
  enforcementList: { target: { department: CALLER, owner: CALLER }, request: async () => ({}) },
  enforcementGet: { target: theInspection, request: async () => ({ params: { id: await sharedInspection() } }) },
  enforcementApprove: {
    target: theInspection,
    request: async () => ({ params: { id: await freshInspection('PENDING') }, body: {} }),
  },
  enforcementReject: {
    target: theInspection,
    request: async () => ({ params: { id: await freshInspection('PENDING') }, body: { reason: '授权矩阵 fixture' } }),
  },
  enforcementFile: { request: async () => ({ params: { id: await freshInspection('APPROVED') }, body: {} }) },
  enforcementRecord: {
    target: theInspection,
    request: async () => ({ params: { id: await freshInspection('FILED') }, body: { findings: '授权矩阵 fixture' } }),
  },
  enforcementVerify: { request: async () => ({ query: { code: 'ZZZZZ-ZZZZZ' } }) },
  // ---- Inspection visits (明察暗访): a visit of HOME per reporting cell (a problem is reported once) ----
  visitsCreate: { request: async () => ({ body: visitBody }) },
  visitsList: { target: { department: CALLER, owner: CALLER }, request: async () => ({}) },
  visitsGet: { target: theCase, request: async () => ({ params: { id: await sharedVisit() } }) },
  visitsRectification: {
    target: theCase,
    request: async () => ({ params: { id: await freshVisit(), pid: 'P1' }, body: { actions: '授权矩阵 fixture' } }),
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Expectations, derived from the route table

type Expected =
  | { readonly status: number; readonly via: 'success' }
  | { readonly status: 401 | 403 | 404; readonly via: 'app'; readonly detail?: RegExp };

/** A case (a path with its id) out of the caller's reach answers as a missing one: no oracle of which ids exist. */
const isCaseRoute = (route: RouteSpec) =>
  route.path.startsWith('/v1/applications/{id}') ||
  route.path.startsWith('/v1/grievances/{id}') ||
  route.path.startsWith('/v1/ratings/{id}');

function scopeOf(route: RouteSpec, role: Role): Scope | undefined {
  return 'roles' in route.access && rolesOf(route.access).includes(role) ? route.access.roles[role] : undefined;
}

function expectedFor(route: RouteSpec, caller: Caller, target: Target | undefined): Expected {
  const success = { status: route.success.status, via: 'success' } as const;
  // Public: tokens are optional and an invalid one is ignored (the local server drops its claims).
  if ('public' in route.access) return success;
  if (caller.kind !== 'role') {
    // The middleware verifies the token and says what is wrong with it (functions/common/auth.ts).
    const detail = {
      'unknown-role': /no known role/,
      none: /No token/,
      expired: /expired/,
      'foreign-key': /another key/,
    }[caller.kind];
    return { status: 401, via: 'app', detail };
  }
  const scope = scopeOf(route, caller.role);
  if (!scope) return { status: 403, via: 'app' };
  if (departmentRoles.includes(caller.role) && !caller.department) return { status: 403, via: 'app' };
  if (scope === 'all') return success;
  if (!target) throw new Error(`the fixture of ${route.function} must name its target (a role has ${scope} scope)`);
  const outOfReach = { status: isCaseRoute(route) ? 404 : 403, via: 'app' } as const;
  if (scope === 'own') return target.owner === CALLER || target.owner === caller.sub ? success : outOfReach;
  if (scope === 'officer') return target.officer === CALLER || target.officer === caller.sub ? success : outOfReach;
  if (caller.department === target.department || (target.department === CALLER && caller.department)) return success;
  // A window refers what is not its department's (首问责任制): an answer, not a refusal.
  return route.outsideScope ? { status: route.outsideScope.status, via: 'success' } : outOfReach;
}

/** The caller an expired or foreign-key token impersonates: the first one the route lets through. */
function bestCaller(route: RouteSpec): Extract<Caller, { kind: 'role' }> | undefined {
  const target = fixtures[route.function as Route['function']]?.target;
  return callers
    .filter((c): c is Extract<Caller, { kind: 'role' }> => c.kind === 'role')
    .find((c) => {
      try {
        return expectedFor(route, c, target).via === 'success';
      } catch {
        return false; // a scoped route without a target: the fixture test names the problem
      }
    });
}

interface Cell {
  readonly name: string;
  readonly route: RouteSpec;
  readonly caller: Caller;
  readonly expected: Expected | undefined;
}

const routeName = (route: RouteSpec) => `${route.method} ${route.path}`;
const show = (e: Expected | undefined) => (e ? `${e.status}` : '?');

const cells: Cell[] = table.flatMap((route) =>
  callers.map((caller) => {
    const fixture = fixtures[route.function as Route['function']];
    let expected: Expected | undefined;
    try {
      expected = fixture ? expectedFor(route, caller, fixture.target) : undefined;
    } catch {
      expected = undefined;
    }
    return { name: `${routeName(route)} × ${caller.label} → ${show(expected)}`, route, caller, expected };
  }),
);

// ---------------------------------------------------------------------------------------------------------------
// The runtime

const runtime = new RuntimeProcess();
let nowMs = 0;
const foreignKey = new Uint8Array(randomBytes(32));
const observed = new Map<string, number>();
const failed = new Set<string>();

async function createCase(body: unknown = application): Promise<string> {
  const created = await runtime.call('POST', '/v1/applications', {
    token: await sign({ role: 'applicant', sub: OWNER }),
    body,
  });
  if (created.status !== 201) throw new Error(`fixture case not created: ${created.status} ${created.text}`);
  return created.json.id as string;
}

async function createAsAdmin(path: string, body: unknown): Promise<void> {
  const created = await runtime.call('POST', path, { token: await sign({ role: 'admin', sub: 'authz-admin' }), body });
  if (created.status !== 201) throw new Error(`fixture not created by POST ${path}: ${created.status} ${created.text}`);
}

let shared: Promise<string> | undefined;
let sharedRating: Promise<string> | undefined;

/** A step of a rating's rectification by HOME's staff, as the fixture needs it. */
async function ratingStep(id: string, path: string, role: 'clerk' | 'head', body: unknown): Promise<void> {
  const done = await runtime.call('POST', `/v1/ratings/${id}/${path}`, {
    token: await sign({ role, sub: `authz-rating-${role}`, department: HOME }),
    body,
  });
  if (done.status !== 200) throw new Error(`fixture rating ${path} failed: ${done.status} ${done.text}`);
}
const evaluations = new Map<string, Promise<string>>();
let deemedPool: Promise<string[]> | undefined;
let sharedRecord: Promise<string> | undefined;
let counter = 0;
const context: Context = {
  sharedCase: () => {
    shared ??= createCase();
    return shared;
  },
  freshCase: () => createCase(),
  freshCaseAfter: async (step) => {
    const id = await createCase();
    const reviewer = await sign({ role: 'reviewer', sub: 'authz-fixture-reviewer', department: HOME });
    const done = await runtime.call('POST', `/v1/applications/${id}/${step}`, {
      token: reviewer,
      body:
        step === 'suspend' ? { reason: 'INSPECTION', expectedWorkingDays: 2 } : { workingDays: 3, reason: 'fixture' },
    });
    if (done.status !== 200) throw new Error(`fixture ${step} failed: ${done.status} ${done.text}`);
    return id;
  },
  freshDeemedCase: async () => {
    // Made in one batch (one move of the clock for all of them): the cells of a route run one after another.
    deemedPool ??= (async () => {
      // Enough for every cell of the review and of the four acts on accountability records (each consumes one).
      const ids = await Promise.all(Array.from({ length: callers.length * 5 + 4 }, () => createCase()));
      const supervisor = await sign({ role: 'supervisor', sub: 'authz-supervisor' });
      const first = await runtime.call('GET', `/v1/applications/${ids[0]}`, { token: supervisor });
      await runtime.advance((Date.parse(first.json.deadline) - Date.parse(await runtime.now())) / 1000 + 1);
      return ids;
    })();
    const id = (await deemedPool).pop();
    if (!id) throw new Error('the deemed-approval fixture pool ran dry');
    return id;
  },
  freshReviewCase: async () => {
    const created = await runtime.call('POST', '/v1/applications', {
      token: await sign({ role: 'clerk', sub: 'authz-review-clerk', department: HOME }),
      body: { ...application, review: true },
    });
    if (created.status !== 201) throw new Error(`fixture review case not created: ${created.status} ${created.text}`);
    return created.json.id as string;
  },
  freshIncompleteCase: () => createCase({ ...application, materials: [{ id: 'application-form' }, { id: 'id-card' }] }),
  unique: (prefix) => `${prefix}${++counter}`,
  freshItem: async () => {
    const code = context.unique('AZ-');
    await createAsAdmin('/v1/catalog', { guide: guide(code), reason: '授权矩阵 fixture' });
    return code;
  },
  freshDepartment: async () => {
    const id = context.unique('authz-');
    await createAsAdmin('/v1/departments', { department: department(id), reason: '授权矩阵 fixture' });
    return id;
  },
  freshClosedCase: async () => {
    const id = await createCase();
    const decided = await runtime.call('POST', `/v1/applications/${id}/decision`, {
      token: await sign({ role: 'reviewer', sub: 'authz-fixture-reviewer', department: HOME }),
      body: { outcome: 'APPROVED' },
    });
    if (decided.status !== 200) throw new Error(`fixture decision failed: ${decided.status} ${decided.text}`);
    return id;
  },
  freshRating: async (step) => {
    const caseId = await context.freshClosedCase();
    const rated = await runtime.call('POST', `/v1/applications/${caseId}/rating`, {
      token: await sign({ role: 'applicant', sub: OWNER }),
      body: { level: 1 },
    });
    if (rated.status !== 201) throw new Error(`fixture rating failed: ${rated.status} ${rated.text}`);
    const id = rated.json.id as string;
    if (step === 'appealed') await ratingStep(id, 'appeal', 'head', { reason: 'fixture' });
    if (step === 'contacted' || step === 'rectified') await ratingStep(id, 'contact', 'clerk', {});
    if (step === 'rectified') await ratingStep(id, 'rectification', 'clerk', { actions: 'fixture' });
    return id;
  },
  freshRecord: async (step) => {
    const id = `${await context.freshDeemedCase()}.DEEMED_APPROVAL`;
    const supervisor = await sign({ role: 'supervisor', sub: 'authz-supervisor' });
    const act = async (path: string, body: unknown) => {
      const done = await runtime.call('POST', `/v1/accountability/${id}/${path}`, { token: supervisor, body });
      if (done.status !== 200) throw new Error(`fixture record ${path} failed: ${done.status} ${done.text}`);
    };
    if (step !== 'open') await act('investigate', {});
    if (step === 'decided') await act('decide', { responsibility: 'BOTH', sanction: 'WARNING', findings: 'fixture' });
    return id;
  },
  sharedRecord: () => {
    sharedRecord ??= context.freshRecord('open');
    return sharedRecord;
  },
  sharedRating: () => {
    sharedRating ??= context.freshRating('rated');
    return sharedRating;
  },
  evaluated: (period) => {
    let run = evaluations.get(period);
    if (!run) {
      run = (async () => {
        const done = await runtime.call('POST', `/v1/evaluations/${period}/run`, {
          token: await sign({ role: 'admin', sub: 'authz-admin' }),
        });
        if (done.status !== 200) throw new Error(`fixture evaluation of ${period}: ${done.status} ${done.text}`);
        return period;
      })();
      evaluations.set(period, run);
    }
    return run;
  },
};

let sharedProjectId: Promise<string> | undefined;
let sharedHid: Promise<string> | undefined;

/** A new project of OWNER (HOME's item), taken to `stage`: its officer named, then its joint approval opened (HOME). */
async function freshProject(stage: 'REGISTERED' | 'OFFICER' | 'JOINT'): Promise<string> {
  const created = await runtime.call('POST', '/v1/projects', {
    token: await sign({ role: 'applicant', sub: OWNER }),
    body: projectBody,
  });
  if (created.status !== 201) throw new Error(`fixture project: ${created.status} ${created.text}`);
  const id = created.json.id as string;
  if (stage === 'REGISTERED') return id;
  const admin = await sign({ role: 'admin', sub: 'authz-admin' });
  const named = await runtime.call('POST', `/v1/projects/${id}/officer`, {
    token: admin,
    body: { officer: PROJECT_OFFICER },
  });
  if (named.status !== 200) throw new Error(`fixture project officer: ${named.status} ${named.text}`);
  if (stage === 'OFFICER') return id;
  const opened = await runtime.call('POST', `/v1/projects/${id}/joint-approval`, {
    token: admin,
    body: { departments: [HOME], opinionWorkingDays: 5 },
  });
  if (opened.status !== 201) throw new Error(`fixture joint approval: ${opened.status} ${opened.text}`);
  return id;
}

function sharedProject(): Promise<string> {
  sharedProjectId ??= freshProject('OFFICER');
  return sharedProjectId;
}

// Law-enforcement inspections (issue 16 item 4): each plan of an enterprise of its own, so the yearly limit per
// enterprise never turns a cell's plan into a 400.
let enterprises = 0;
function inspectionBody() {
  enterprises++;
  const first17 = `91210200${String(enterprises).padStart(9, '0')}`;
  return {
    enterprise: { name: '授权矩阵企业', creditCode: `${first17}${creditCodeCheckCharacter(first17)}` },
    purpose: '授权矩阵 fixture',
    legalBasis: '授权矩阵 fixture',
    plannedAt: '2026-11-20',
    inspectors: ['授权矩阵'],
  };
}
let sharedInspectionId: Promise<string> | undefined;
async function freshInspection(stage: 'PENDING' | 'APPROVED' | 'FILED'): Promise<string> {
  const created = await runtime.call('POST', '/v1/enforcement/inspections', {
    token: await sign({ role: 'reviewer', sub: `reviewer-${HOME}`, department: HOME }),
    body: inspectionBody(),
  });
  if (created.status !== 201) throw new Error(`fixture inspection: ${created.status} ${created.text}`);
  const id = created.json.id as string;
  if (stage === 'PENDING') return id;
  const approved = await runtime.call('POST', `/v1/enforcement/inspections/${id}/approve`, {
    token: await sign({ role: 'head', sub: `head-${HOME}`, department: HOME }),
    body: {},
  });
  if (approved.status !== 200) throw new Error(`fixture approval: ${approved.status} ${approved.text}`);
  if (stage === 'APPROVED') return id;
  const filed = await runtime.call('POST', `/v1/enforcement/inspections/${id}/file`, {
    token: await sign({ role: 'supervisor', sub: 'authz-supervisor' }),
    body: {},
  });
  if (filed.status !== 200) throw new Error(`fixture filing: ${filed.status} ${filed.text}`);
  return id;
}
function sharedInspection(): Promise<string> {
  sharedInspectionId ??= freshInspection('PENDING');
  return sharedInspectionId;
}

function sharedHigherApproval(): Promise<string> {
  sharedHid ??= (async () => {
    const tracked = await runtime.call('POST', `/v1/projects/${await sharedProject()}/higher-approvals`, {
      token: await sign({ role: 'clerk', sub: PROJECT_OFFICER, department: HOME }),
      body: { authority: 'fixture', matter: 'fixture', expectedBy: '2026-12-31' },
    });
    if (tracked.status !== 201) throw new Error(`fixture higher approval: ${tracked.status} ${tracked.text}`);
    return tracked.json.higherApprovalId as string;
  })();
  return sharedHid;
}

// ---- Inspection visits (明察暗访) ----
const visitBody = {
  departmentId: HOME,
  kind: 'UNANNOUNCED',
  at: NOW,
  findings: '授权矩阵 fixture',
  problems: [{ description: '授权矩阵 fixture', rectifyWithinWorkingDays: 5 }],
};
let sharedVisitId: Promise<string> | undefined;

/** A new visit of HOME by a supervisor, its one problem (P1) still to be reported. */
async function freshVisit(): Promise<string> {
  const created = await runtime.call('POST', '/v1/inspections/visits', {
    token: await sign({ role: 'supervisor', sub: 'authz-supervisor' }),
    body: visitBody,
  });
  if (created.status !== 201) throw new Error(`fixture visit: ${created.status} ${created.text}`);
  return created.json.id as string;
}

function sharedVisit(): Promise<string> {
  sharedVisitId ??= freshVisit();
  return sharedVisitId;
}

let sharedGrievanceId: Promise<string> | undefined;
let sharedCode: Promise<string> | undefined;

/** A grievance of OWNER about HOME, moved to `stage` by the callers each step admits. */
async function freshGrievance(
  stage: 'RECEIVED' | 'ACCEPTED' | 'EXTENSION' | 'ANSWERED' | 'UNDER_REVIEW',
): Promise<string> {
  const filed = await runtime.call('POST', '/v1/grievances', {
    token: await sign({ role: 'applicant', sub: OWNER }),
    body: { kind: 'COMPLAINT', departmentId: HOME, summary: '授权矩阵 fixture', detail: '授权矩阵 fixture' },
  });
  if (filed.status !== 201) throw new Error(`fixture grievance not filed: ${filed.status} ${filed.text}`);
  const id = filed.json.id as string;
  const step = async (path: string, token: string, body?: unknown) => {
    const done = await runtime.call('POST', `/v1/grievances/${id}/${path}`, { token, ...(body ? { body } : {}) });
    if (done.status !== 200) throw new Error(`fixture grievance ${path}: ${done.status} ${done.text}`);
  };
  if (stage === 'RECEIVED') return id;
  await step('accept', await sign({ role: 'supervisor', sub: 'authz-supervisor' }), { assignTo: HOME });
  if (stage === 'EXTENSION') {
    await step('extension', await sign({ role: 'head', sub: 'authz-head', department: HOME }), {
      days: 10,
      reason: 'fixture',
    });
  }
  if (stage === 'ANSWERED' || stage === 'UNDER_REVIEW') {
    await step('findings', await sign({ role: 'reviewer', sub: 'authz-reviewer', department: HOME }), {
      substantiated: false,
      findings: 'fixture',
      actions: 'fixture',
    });
  }
  if (stage === 'UNDER_REVIEW') {
    await step('review-request', await sign({ role: 'applicant', sub: OWNER }), { reason: 'fixture' });
  }
  return id;
}

function sharedGrievance(): Promise<string> {
  sharedGrievanceId ??= freshGrievance('ACCEPTED');
  return sharedGrievanceId;
}

function sharedGrievanceCode(): Promise<string> {
  sharedCode ??= (async () => {
    const filed = await runtime.call('POST', '/v1/grievances', {
      body: { kind: 'REPORT', anonymous: true, summary: 'fixture', detail: 'fixture' },
    });
    return filed.json.queryCode as string;
  })();
  return sharedCode;
}

/** A token as the runtime's key signs it, issued at the runtime's simulated now. */
function sign(
  claims: { role: string; sub: string; department?: string },
  options: { issuedAt?: number; expiresInSeconds?: number } = {},
): Promise<string> {
  return signLocalToken(
    localKey(runtime.dataDir),
    {
      role: claims.role,
      sub: claims.sub,
      ...(claims.department ? { department: claims.department } : {}),
      expiresInSeconds: options.expiresInSeconds ?? 2 * 366 * 24 * 3600,
    },
    Math.floor((options.issuedAt ?? nowMs) / 1000),
  );
}

async function tokenFor(route: RouteSpec, caller: Caller): Promise<string | undefined> {
  if (caller.kind === 'none') return undefined;
  if (caller.kind === 'unknown-role') return sign({ role: 'janitor', sub: OWNER, department: HOME });
  if (caller.kind === 'role') return sign(caller);
  // Expired or foreign: the claims of a caller the route admits, so only the expiry or the signature is wrong.
  const impersonated = bestCaller(route) ?? { role: 'applicant', sub: OWNER };
  if (caller.kind === 'expired') return sign(impersonated, { issuedAt: nowMs - 2 * 3600_000, expiresInSeconds: 3600 });
  const valid = await sign(impersonated);
  return new SignJWT(decodeJwt(valid)).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(foreignKey);
}

function urlOf(route: RouteSpec, request: Request): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = request.params?.[name];
    if (value === undefined) throw new Error(`the fixture of ${route.function} gives no path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(request.query ?? {}).toString();
  return query ? `${path}?${query}` : path;
}

beforeAll(async () => {
  // The appraisal's window opened from October, so that the rating cells succeed on NOW (2 November).
  await runtime.start({ now: NOW, env: { APPRAISAL_POLICY: JSON.stringify({ opens: '10-01', closes: '01-31' }) } });
  nowMs = Date.parse(await runtime.now());
  expect(nowMs).toBe(Date.parse(NOW));
  // The fixtures' assumptions about the demo data.
  const item = await runtime.call('GET', `/v1/catalog/${ITEM}`);
  expect(item.json.departmentId).toBe(HOME);
  const departments = await runtime.call('GET', '/v1/departments');
  expect(departments.json.departments.map((d: { id: string }) => d.id)).toContain(AWAY);
});

afterAll(async () => {
  await runtime.dispose();
  if (failed.size === 0) return;
  // The matrix as observed: status per route × caller, `got≠expected` where they differ.
  const width = Math.max(...table.map((r) => routeName(r).length));
  const lines = [
    ['route'.padEnd(width), ...callers.map((_, i) => `c${i + 1}`.padStart(9))].join(' '),
    ...table.map((route) =>
      [
        routeName(route).padEnd(width),
        ...callers.map((caller) => {
          const cell = cells.find((c) => c.route === route && c.caller === caller);
          const got = observed.get(cell?.name ?? '');
          const want = cell?.expected?.status;
          // `got≠expected` for a wrong status, `got✗` for the right status with a wrong body or media type.
          const mark =
            !cell || !failed.has(cell.name)
              ? `${got ?? '-'}`
              : got === want
                ? `${got}✗`
                : `${got ?? '-'}≠${want ?? '?'}`;
          return mark.padStart(9);
        }),
      ].join(' '),
    ),
    ...callers.map((caller, i) => `  c${i + 1} = ${caller.label}`),
  ];
  console.log(`authorization matrix (got≠expected: wrong status; got✗: wrong body):\n${lines.join('\n')}`);
});

describe('the authorization matrix', () => {
  it('has a fixture for every route of the table, and a caller each protected route lets through', () => {
    const missing = table.filter((r) => !fixtures[r.function as Route['function']]).map(routeName);
    expect(missing, 'routes without a fixture in test/e2e/authorization.test.ts').toEqual([]);
    for (const route of table) {
      if ('public' in route.access) continue;
      // Throws when a scoped route's fixture names no target.
      for (const caller of callers) expectedFor(route, caller, fixtures[route.function as Route['function']]?.target);
      expect(bestCaller(route), `no caller succeeds on ${routeName(route)}`).toBeDefined();
    }
    const stale = Object.keys(fixtures).filter((f) => !table.some((r) => r.function === f));
    expect(stale, 'fixtures for routes no longer in the table').toEqual([]);
  });

  // A refused request writes nothing (that is what its cell proves), so the refused cells of a route share one
  // request: a fresh case, project or rating per refusal was most of this file's time. A refusal wrongly let through
  // fails its own cell whatever it changes.
  const refusedRequests = new Map<RouteSpec, Promise<Request>>();
  const refusedRequest = (route: RouteSpec, fixture: Fixture): Promise<Request> => {
    const shared = refusedRequests.get(route) ?? fixture.request(context);
    refusedRequests.set(route, shared);
    return shared;
  };

  // One test per cell, named `<route> × <caller> → <expected status>`: the report reads as the matrix.
  for (const { name, route, caller, expected } of cells)
    it(name, async () => {
      failed.add(name);
      const fixture = fixtures[route.function as Route['function']];
      if (!fixture) throw new Error(`no fixture for ${routeName(route)} (${route.function}): add one`);
      // No expectation: re-derive it to throw the reason (a scoped route whose fixture names no target).
      const want = expected ?? expectedFor(route, caller, fixture.target);
      const request = await (want.status >= 400 ? refusedRequest(route, fixture) : fixture.request(context));
      const token = await tokenFor(route, caller);
      const response = await runtime.call(route.method, urlOf(route, request), {
        ...(token ? { token } : {}),
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
      observed.set(name, response.status);
      expect(response.status, `${name}: ${response.text}`).toBe(want.status);
      const contentType = response.headers.get('content-type') ?? '';
      if (want.via === 'app') {
        expect(contentType).toContain('application/problem+json');
        expect(response.json).toMatchObject({
          status: response.status,
          title: expect.stringMatching(/\p{Script=Han}.*[A-Za-z]/u),
          detail: want.detail ?? expect.stringMatching(/\S/),
        });
        if (response.status === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      } else {
        expect(contentType).toContain('application/json');
      }
      failed.delete(name);
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Who may set what: every route × every role it admits × every privileged field it declares (routes.ts
// `privileged`). A role not declared for a field is refused with 403 naming the field and nothing is written; a
// role declared for it gets what the matrix above expects of the same request. A new privileged field without a
// sample here fails the first test, so it cannot go unchecked.

type Body = Record<string, unknown> & { materials?: { id: string }[] };
const privilegedSamples: Record<string, (body: Body, caller: Extract<Caller, { kind: 'role' }>) => Body> = {
  // A clerk names a window of their own department; anyone else names the home department's (the hole: an
  // applicant naming a window decided their own application on the spot).
  receivedBy: (body, caller) => ({ ...body, receivedBy: { departmentId: caller.department ?? HOME } }),
  onTheSpot: (body) => ({ ...body, onTheSpot: { outcome: 'APPROVED' } }),
  review: (body) => ({ ...body, review: true }),
  'materials[].defect': (body) => ({
    ...body,
    materials: (body.materials ?? []).map((m, i) => (i === 0 ? { ...m, defect: '复印件不清晰 illegible copy' } : m)),
  }),
};

interface PrivilegedCell {
  readonly name: string;
  readonly route: RouteSpec;
  readonly caller: Extract<Caller, { kind: 'role' }>;
  readonly field: PrivilegedField;
  readonly allowed: boolean;
}

const privilegedCells: PrivilegedCell[] = table.flatMap((route) =>
  (route.privileged ?? []).flatMap((field) =>
    callers
      .filter((c): c is Extract<Caller, { kind: 'role' }> => c.kind === 'role')
      .filter((c) => scopeOf(route, c.role) !== undefined && (!departmentRoles.includes(c.role) || !!c.department))
      .map((caller) => {
        const allowed = field.roles.includes(caller.role);
        return {
          name: `${routeName(route)} × ${caller.label} sets ${field.field} → ${allowed ? 'as without it' : '403'}`,
          route,
          caller,
          field,
          allowed,
        };
      }),
  ),
);

async function casesStored(): Promise<number> {
  const scan = await runtime
    .documents()
    .send(new ScanCommand({ TableName: 'xiaoneng-local-Cases', Select: 'COUNT', ConsistentRead: true }));
  return scan.Count ?? 0;
}

describe('who may set what (privileged fields, from the route table)', () => {
  it('declares privileged fields that the matrix can exercise', () => {
    const declared = table.flatMap((r) => (r.privileged ?? []).map((p) => p.field));
    expect(declared.length, 'POST /v1/applications declares its clerks-only fields').toBeGreaterThanOrEqual(4);
    const unsampled = declared.filter((f) => !privilegedSamples[f]);
    expect(unsampled, 'privileged fields without a sample value in this test').toEqual([]);
    for (const route of table) {
      for (const p of route.privileged ?? []) {
        const admitted = rolesOf(route.access);
        expect(
          p.roles.every((r) => admitted.includes(r)),
          `${routeName(route)}: ${p.field} names a role the route does not admit`,
        ).toBe(true);
      }
    }
    expect(privilegedCells.some((c) => !c.allowed)).toBe(true);
  });

  for (const { name, route, caller, field, allowed } of privilegedCells)
    it(name, async () => {
      const fixture = fixtures[route.function as Route['function']];
      if (!fixture) throw new Error(`no fixture for ${routeName(route)}`);
      const request = await fixture.request(context);
      const sample = privilegedSamples[field.field];
      if (!sample) throw new Error(`no sample for ${field.field}`);
      const body = sample(request.body as Body, caller);
      const before = await casesStored();
      const response = await runtime.call(route.method, urlOf(route, request), { token: await sign(caller), body });
      if (allowed) {
        // Declared for this role: the field changes nothing about who may call (the matrix's expectation).
        expect(response.status, response.text).toBe(expectedFor(route, caller, fixture.target).status);
        return;
      }
      expect(response.status, response.text).toBe(403);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const pattern = new RegExp(`^body\\.${field.field.replaceAll('.', '\\.').replace('[]', '\\.\\d+')}$`);
      expect(
        (response.json.errors as { field: string }[]).map((e) => e.field),
        'the refusal names the field',
      ).toContainEqual(expect.stringMatching(pattern));
      expect(await casesStored(), 'nothing written').toBe(before);
    });
});

describe('the holes found by trying as an attacker would', () => {
  it('an applicant cannot decide their own application on the spot by naming a window', async () => {
    // Prepare: an immediate item (SC-002, market) and an applicant's own token.
    const applicant = await sign({ role: 'applicant', sub: 'authz-attacker' });
    const before = await casesStored();
    // Act
    const response = await runtime.call('POST', '/v1/applications', {
      token: applicant,
      body: {
        itemCode: 'SC-002',
        applicant: { type: 'ENTERPRISE', name: '自批公司', phone: '0411-1234567' },
        materials: [{ id: 'application-form' }, { id: 'business-licence' }, { id: 'resolution' }],
        receivedBy: { departmentId: HOME },
        onTheSpot: { outcome: 'APPROVED' },
      },
    });
    // Assess
    expect(response.status, response.text).toBe(403);
    expect(response.json.errors.map((e: { field: string }) => e.field)).toEqual(['body.receivedBy', 'body.onTheSpot']);
    expect(await casesStored()).toBe(before);
  });

  it('an applicant cannot file a referral "at" another department\'s window', async () => {
    const response = await runtime.call('POST', '/v1/applications', {
      token: await sign({ role: 'applicant', sub: 'authz-attacker' }),
      body: { ...application, receivedBy: { departmentId: AWAY } },
    });
    expect(response.status, response.text).toBe(403);
    expect(response.json.errors[0].field).toBe('body.receivedBy');
  });

  it('a case out of reach answers exactly as a case that does not exist', async () => {
    const id = await context.sharedCase();
    const missing = id.replace(/.{4}$/, 'ZZZZ');
    for (const token of [
      await sign({ role: 'applicant', sub: OTHER }),
      await sign({ role: 'reviewer', sub: 'authz-away', department: AWAY }),
    ]) {
      const outOfReach = await runtime.call('GET', `/v1/applications/${id}`, { token });
      const absent = await runtime.call('GET', `/v1/applications/${missing}`, { token });
      expect(outOfReach.status).toBe(404);
      expect(absent.status).toBe(404);
      const blank = (text: string, caseId: string) => text.replaceAll(caseId, '<id>');
      expect(blank(outOfReach.text, id)).toBe(blank(absent.text, missing));
      expect(outOfReach.text).not.toContain(HOME);
    }
  });

  it('a token without an expiry is refused, saying so', async () => {
    const valid = await sign({ role: 'supervisor', sub: 'authz-noexp' });
    const { exp: _exp, ...claims } = decodeJwt(valid);
    const noExpiry = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(localKey(runtime.dataDir));
    const response = await runtime.call('GET', '/v1/accountability', { token: noExpiry });
    expect(response.status).toBe(401);
    expect(response.json.detail).toMatch(/no expiry/);
  });
});
