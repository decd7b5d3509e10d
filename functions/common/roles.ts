/** Who can be behind a request. Staff roles carry a department; applicants and the public do not. */
export const roles = ['applicant', 'clerk', 'reviewer', 'head', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Roles that belong to a department of the centre (their token must name it). */
export const departmentRoles: readonly Role[] = ['clerk', 'reviewer', 'head'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
