import type { Identity } from '../common/identity.ts';
import { problems } from '../common/problem.ts';
import type { CaseRecord } from '../store/cases.ts';

/**
 * Scope on top of the route's roles: applicants see their own cases; department staff their department's;
 * supervisors every case (read-only).
 */
export function assertMayRead(identity: Identity, c: CaseRecord): void {
  if (identity.role === 'supervisor') return;
  if (identity.role === 'applicant') {
    if (c.applicantSub === identity.sub) return;
    throw problems.forbidden('Applicants can read only their own applications.');
  }
  if (identity.department === c.departmentId) return;
  throw problems.forbidden(
    `Case ${c.id} belongs to department ${c.departmentId}, not ${identity.department ?? 'yours'}.`,
  );
}

export function assertMayDecide(identity: Identity, c: CaseRecord): void {
  if (identity.role === 'reviewer' && identity.department === c.departmentId) return;
  throw problems.forbidden(`Only a reviewer of department ${c.departmentId} may decide case ${c.id}.`);
}
