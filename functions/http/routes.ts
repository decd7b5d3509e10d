import type { Role } from '../common/roles.ts';
import type { FunctionName } from '../manifest.ts';

/**
 * Who may call a route. `public` needs no token. Otherwise the token must carry one of `roles`; `scope` narrows
 * what a role sees inside the handler (applicants: their own cases; department staff: their department's).
 */
export type Access = { readonly public: true } | { readonly roles: readonly Role[] };

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: `{name}` for a path parameter. */
  readonly path: string;
  readonly function: FunctionName;
  readonly access: Access;
  readonly summary: string;
}

/** The one route table: CDK builds the HTTP API from it, the local runtime serves it. */
export const routes: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/v1/calendar/deadline',
    function: 'calendarDeadline',
    access: { public: true },
    summary: 'Compute a working-day deadline',
  },
  {
    method: 'GET',
    path: '/v1/calendar/years/{year}',
    function: 'calendarYearGet',
    access: { public: true },
    summary: 'The working-day calendar of a year',
  },
  {
    method: 'PUT',
    path: '/v1/calendar/years/{year}',
    function: 'calendarYearPut',
    access: { roles: ['admin'] },
    summary: 'Load the holiday notice of a year',
  },
  {
    method: 'GET',
    path: '/v1/catalog',
    function: 'catalogList',
    access: { public: true },
    summary: 'List the approval items',
  },
  {
    method: 'GET',
    path: '/v1/catalog/{code}',
    function: 'catalogGet',
    access: { public: true },
    summary: 'One approval item',
  },
  {
    method: 'GET',
    path: '/v1/departments',
    function: 'departmentsList',
    access: { public: true },
    summary: 'The department directory',
  },
  {
    method: 'POST',
    path: '/v1/applications',
    function: 'applicationsCreate',
    access: { roles: ['applicant', 'clerk'] },
    summary: 'Submit an application',
  },
  {
    method: 'GET',
    path: '/v1/applications/{id}',
    function: 'applicationsGet',
    access: { roles: ['applicant', 'clerk', 'reviewer', 'head', 'supervisor'] },
    summary: 'Read a case',
  },
  {
    method: 'POST',
    path: '/v1/applications/{id}/decision',
    function: 'applicationsDecide',
    access: { roles: ['reviewer'] },
    summary: 'Record the decision on a case',
  },
  {
    method: 'GET',
    path: '/v1/accountability',
    function: 'accountabilityList',
    access: { roles: ['supervisor'] },
    summary: 'Accountability records',
  },
];
