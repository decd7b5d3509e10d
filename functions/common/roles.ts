/**
 * Who can be behind a request. Staff roles carry a department; applicants and the public do not. A `representative`
 * (NPC deputy, CPPCC member, enterprise or citizen representative) rates departments in the year-end appraisal and
 * nothing else; which kind they are is the token's `kind` claim (docs/supervision.md).
 */
export const roles = ['applicant', 'clerk', 'reviewer', 'head', 'supervisor', 'admin', 'representative'] as const;
export type Role = (typeof roles)[number];

/** Roles that belong to a department of the centre (their token must name it). */
export const departmentRoles: readonly Role[] = ['clerk', 'reviewer', 'head'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
