import { type RouteSpec, staffOfDepartment } from '../route-spec.ts';
import {
  HigherApprovalBody,
  HigherApprovalPath,
  JointApprovalBody,
  JointExtensionBody,
  MilestoneBody,
  OfficerBody,
  OpinionBody,
  ProjectBody,
  ProjectFormBody,
  ProjectIdPath,
  ProjectListQuery,
} from '../schemas/projects.ts';

// ---- Green channel: projects and joint approval (issue 15, docs/green-channel.md) ----
export const projectsCreateRoute = {
  method: 'POST',
  path: '/v1/projects',
  function: 'projectsCreate',
  access: { roles: { applicant: 'own', clerk: 'all' } },
  summary:
    'Register a major project with its investment and the items it needs; at or above the threshold it is a green-channel project (an investor, or a clerk for them)',
  request: { body: ProjectBody },
  success: { status: 201, description: 'The project, with greenChannel and the threshold applied', body: 'Project' },
  refusals: [422],
} as const satisfies RouteSpec;

export const projectsListRoute = {
  method: 'GET',
  path: '/v1/projects',
  function: 'projectsList',
  access: { roles: { applicant: 'own', clerk: 'officer', supervisor: 'all', admin: 'all' } },
  summary:
    "Projects newest first: every project (supervisors, administrators), an investor's own, an officer's (the officer's view)",
  request: { query: ProjectListQuery },
  success: { status: 200, description: '{projects: [...], next: string|null}', body: 'ProjectList' },
} as const satisfies RouteSpec;

export const projectsGetRoute = {
  method: 'GET',
  path: '/v1/projects/{id}',
  function: 'projectsGet',
  access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all', admin: 'all' } },
  summary:
    'A project with its officer, one form, joint approval (each department’s deadline and status; the result), higher approvals and tracking log (the investor, staff of a department concerned, its officer, supervisors, administrators)',
  request: { path: ProjectIdPath },
  success: { status: 200, description: 'The project', body: 'Project' },
} as const satisfies RouteSpec;

export const projectsVerifyRoute = {
  method: 'GET',
  path: '/v1/projects/{id}/verify',
  function: 'projectsVerify',
  access: { roles: { supervisor: 'all' } },
  summary: "Verify a project's hash-chained tracking log and the state bound to its head",
  request: { path: ProjectIdPath },
  success: { status: 200, description: '{valid, events, firstBrokenAt, state}', body: 'ProjectVerification' },
} as const satisfies RouteSpec;

export const projectsOfficerRoute = {
  method: 'POST',
  path: '/v1/projects/{id}/officer',
  function: 'projectsOfficer',
  access: { roles: { admin: 'all' } },
  summary:
    "Name the project's dedicated officer (专人负责): the subject of a staff token, who then acts as the officer",
  request: { path: ProjectIdPath, body: OfficerBody },
  success: { status: 200, description: 'The project with its officer', body: 'Project' },
} as const satisfies RouteSpec;

export const projectsFormRoute = {
  method: 'GET',
  path: '/v1/projects/{id}/form',
  function: 'projectsForm',
  access: { roles: { applicant: 'own', ...staffOfDepartment, supervisor: 'all', admin: 'all' } },
  summary: "The one form (一表通): the union of the items' form fields, each once, with the items that ask it",
  request: { path: ProjectIdPath },
  success: { status: 200, description: '{fields: [{name, type, required, items}], answers}', body: 'ProjectForm' },
} as const satisfies RouteSpec;

export const projectsFormFillRoute = {
  method: 'PUT',
  path: '/v1/projects/{id}/form',
  function: 'projectsFormFill',
  access: { roles: { applicant: 'own', clerk: 'officer' } },
  summary: "Fill the one form once (the investor, or the officer for them): each item's application reuses the answers",
  request: { path: ProjectIdPath, body: ProjectFormBody },
  success: { status: 200, description: 'The one form as filled', body: 'ProjectFormFilled' },
} as const satisfies RouteSpec;

export const projectsJointApprovalRoute = {
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
    body: 'Project',
  },
} as const satisfies RouteSpec;

export const projectsJointExtensionRoute = {
  method: 'POST',
  path: '/v1/projects/{id}/joint-approval/extension',
  function: 'projectsJointExtension',
  access: { roles: { admin: 'all' } },
  summary:
    "The government's head (an administrator) extends the joint approval once, by up to 15 working days; the departments still to answer get the same days",
  request: { path: ProjectIdPath, body: JointExtensionBody },
  success: { status: 200, description: 'The project with its extended joint approval', body: 'Project' },
} as const satisfies RouteSpec;

export const projectsOpinionRoute = {
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
    body: 'Project',
  },
} as const satisfies RouteSpec;

export const projectsHigherApprovalRoute = {
  method: 'POST',
  path: '/v1/projects/{id}/higher-approvals',
  function: 'projectsHigherApproval',
  access: { roles: { clerk: 'officer' } },
  summary:
    'Track a matter waiting on a higher authority (上级审批) with its expected date; the officer is reminded when it passes without news',
  request: { path: ProjectIdPath, body: HigherApprovalBody },
  success: { status: 201, description: 'The project, and the higher approval id', body: 'ProjectWithHigherApproval' },
} as const satisfies RouteSpec;

export const projectsMilestoneRoute = {
  method: 'POST',
  path: '/v1/projects/{id}/higher-approvals/{hid}/milestones',
  function: 'projectsMilestone',
  access: { roles: { clerk: 'officer' } },
  summary: 'News of a higher approval: a milestone with its status and, if it moves, the new expected date',
  request: { path: HigherApprovalPath, body: MilestoneBody },
  success: { status: 200, description: 'The project with the milestone', body: 'Project' },
  refusals: [404],
} as const satisfies RouteSpec;

/**
 * The projects area's routes, in the table's order (functions/http/routes.ts joins the areas into the one table). A
 * handler passes its own route to httpHandler: its bundle keeps that route and the schemas it names, and esbuild
 * drops the others (the schema modules build theirs through `built`).
 */
export const projectsRoutes = [
  projectsCreateRoute,
  projectsListRoute,
  projectsGetRoute,
  projectsVerifyRoute,
  projectsOfficerRoute,
  projectsFormRoute,
  projectsFormFillRoute,
  projectsJointApprovalRoute,
  projectsJointExtensionRoute,
  projectsOpinionRoute,
  projectsHigherApprovalRoute,
  projectsMilestoneRoute,
] as const satisfies readonly RouteSpec[];
